//! Small passes over a page's events. Each takes the event list (with byte ranges into the body)
//! and rewrites, checks or reads one thing.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::{AnchorLink, Context, Heading};
use crate::blocks::{self, escape, BlockContext, BLOCK_NAMES};
use crate::error::Diagnostic;
use crate::readability::{self, Counts};

type Events<'a> = Vec<(Event<'a>, Range<usize>)>;
type Position<'p> = dyn Fn(usize) -> (usize, usize) + 'p;

/// Fenced blocks named in `BLOCK_NAMES` become their HTML; a name close to one of those is an error
/// rather than an ordinary code block.
pub(super) fn blocks(
    events: &mut Events<'_>,
    ctx: &Context<'_>,
    body: &str,
    position: &Position<'_>,
    used: &mut Vec<&'static str>,
    report: &mut dyn FnMut(Diagnostic),
) {
    let page = &ctx.site.pages[ctx.page];
    // Bodies of the blocks seen so far, so a repeated block gets ids of its own.
    let mut bodies: Vec<String> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))), range) = &events[i] else {
            i += 1;
            continue;
        };
        let name = info.split_whitespace().next().unwrap_or("").to_string();
        let fence_start = range.start;
        let Some(&known) = BLOCK_NAMES.iter().find(|b| **b == name) else {
            if let Some(near) = near_block_name(&name) {
                let (line, column) = position(fence_start);
                report(
                    Diagnostic::error(&page.file, line, column, format!("unknown block `{name}`"))
                        .with_hint(format!("did you mean `{near}`? The blocks are {}", block_list())),
                );
            }
            i += 1;
            continue;
        };
        let end = (i + 1..events.len())
            .find(|&j| matches!(events[j].0, Event::End(TagEnd::CodeBlock)))
            .unwrap_or(events.len() - 1);
        let text: String = events[i + 1..end]
            .iter()
            .filter_map(|(e, _)| if let Event::Text(t) = e { Some(t.as_ref()) } else { None })
            .collect();
        // The body starts on the line after the opening fence.
        let (fence_line, _) = position(fence_start);
        let fence_indent = body[..fence_start].rsplit('\n').next().map_or(0, |s| s.chars().count());
        let block_ctx = BlockContext {
            base_path: &ctx.site.config.base_path,
            pass_score: ctx.pass_score,
            presets: ctx.presets,
            repeat: bodies.iter().filter(|b| **b == text).count(),
            first: !used.contains(&known),
            page_rel: &page.rel,
            assets: ctx.assets,
            report: ctx.report,
            // The language of the page's text: a page not translated yet keeps its blocks'
            // words in the default language, as its lang="en" says.
            words: crate::content::strings::Words {
                strings: &ctx.site.strings,
                lang: page.lang.as_ref().map_or(ctx.site.config.language.as_str(), |l| l.text.as_str()),
            },
            district: match ctx.site.config.district.name.as_str() {
                "" => &ctx.site.config.title,
                name => name,
            },
        };
        bodies.push(text.clone());
        let result = match known {
            "quiz" => blocks::quiz::render(&text, &block_ctx),
            "checklist" => blocks::checklist::render(&text, &block_ctx),
            "chart" => blocks::chart::render(&text, &block_ctx),
            "report" => blocks::report::render(&text, &block_ctx),
            "letters" => blocks::letters::render(&text, &block_ctx),
            "figure" => blocks::figure::render(&text, &block_ctx),
            _ => blocks::calculator::render(&text, &block_ctx),
        };
        let html = match result {
            Ok(html) => html,
            Err(errors) => {
                for e in errors {
                    let mut d = match &e.file {
                        // A position in a file the block reads (a chart's CSV), not in the block.
                        Some(file) => Diagnostic::error(file, e.line, e.column, format!("{known} data: {}", e.message)),
                        None => Diagnostic::error(
                            &page.file,
                            fence_line + e.line,
                            e.column + fence_indent,
                            format!("{known} block: {}", e.message),
                        ),
                    };
                    if let Some(hint) = e.hint {
                        d = d.with_hint(hint);
                    }
                    report(d);
                }
                String::new()
            }
        };
        if !used.contains(&known) {
            used.push(known);
        }
        let range = events[i].1.clone();
        events.splice(i..=end, [(Event::Html(CowStr::from(html)), range)]);
        i += 1;
    }
}

/// "quiz, checklist, calculator and chart": the block names for hints.
fn block_list() -> String {
    let (last, init) = BLOCK_NAMES.split_last().unwrap_or((&"", &[]));
    format!("{} and {last}", init.join(", "))
}

/// A fence name that looks like a misspelt block name (and is not a common language).
fn near_block_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return None;
    }
    let lower = name.to_lowercase();
    if let Some(exact) = BLOCK_NAMES.iter().find(|b| **b == lower) {
        return Some(exact);
    }
    BLOCK_NAMES
        .iter()
        .map(|b| (strsim::jaro_winkler(&lower, b), *b))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, b)| b)
}

/// Gives every heading an id (its own `{#id}` or one made from its text, made unique) and turns
/// its text into a link to itself. Returns the headings in order.
pub(super) fn headings(events: &mut Events<'_>) -> Vec<(usize, Heading)> {
    let mut headings = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, classes, .. }) = &events[i].0 else {
            i += 1;
            continue;
        };
        let level = *level as u8;
        let explicit = id.as_ref().map(|s| s.to_string());
        let classes: Vec<String> = classes.iter().map(|c| c.to_string()).collect();
        let end = (i + 1..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Heading(_)))).unwrap_or(i);
        let mut title = String::new();
        let mut has_link = false;
        for (e, _) in &events[i + 1..end] {
            match e {
                Event::Text(t) | Event::Code(t) => title.push_str(t),
                Event::Start(Tag::Link { .. }) => has_link = true,
                _ => {}
            }
        }
        let base = explicit.unwrap_or_else(|| super::slugify(&title));
        let id = match seen.get_mut(&base) {
            Some(n) => {
                *n += 1;
                format!("{base}-{n}")
            }
            None => {
                seen.insert(base.clone(), 0);
                base
            }
        };
        let class_attr =
            if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", escape(&classes.join(" "))) };
        let (open, close) = if has_link {
            (format!("<h{level} id=\"{}\"{class_attr}>", escape(&id)), format!("</h{level}>\n"))
        } else {
            (
                format!(
                    "<h{level} id=\"{}\"{class_attr}><a class=\"heading-link\" href=\"#{}\">",
                    escape(&id),
                    escape(&id)
                ),
                format!("</a></h{level}>\n"),
            )
        };
        events[i].0 = Event::Html(open.into());
        events[end].0 = Event::Html(close.into());
        headings.push((events[i].1.start, Heading { level, id, title: title.trim().to_string() }));
        i = end + 1;
    }
    headings
}

/// Links to `.md` files become site URLs and are checked; links to other local files must exist.
pub(super) fn links(
    events: &mut Events<'_>,
    ctx: &Context<'_>,
    position: &Position<'_>,
    anchors: &mut Vec<AnchorLink>,
    report: &mut dyn FnMut(Diagnostic),
) {
    let site = ctx.site;
    let page = &site.pages[ctx.page];
    let base = &site.config.base_path;
    for (event, range) in events.iter_mut() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else { continue };
        let dest = dest_url.to_string();
        if let Some((why, hint)) = crate::sanitize::refused_link(&dest) {
            let (line, column) = position(range.start);
            let shown = dest.chars().take(60).collect::<String>();
            report(Diagnostic::error(&page.file, line, column, format!("link to `{shown}`: {why}")).with_hint(hint));
            continue;
        }
        if is_external(&dest) || dest.is_empty() {
            continue;
        }
        let (line, column) = position(range.start);
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest.as_str(), None),
        };
        if path.is_empty() {
            if let Some(anchor) = anchor {
                anchors.push(AnchorLink { target: ctx.page, anchor: anchor.to_string(), line, column });
            }
            continue;
        }
        let Some(resolved) = resolve(&page.rel, path) else {
            report(
                Diagnostic::error(&page.file, line, column, format!("link `{dest}` leaves the content folder"))
                    .with_hint("link to a page inside content/"),
            );
            continue;
        };
        let fragment = anchor.map(|a| format!("#{a}")).unwrap_or_default();
        if resolved.ends_with(".md") {
            match site.find(&resolved) {
                Some(target) => {
                    *dest_url = format!("{}{}{fragment}", base, &site.pages[target].url[1..]).into();
                    if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                        anchors.push(AnchorLink { target, anchor: anchor.to_string(), line, column });
                    }
                }
                None => report(
                    Diagnostic::error(
                        &page.file,
                        line,
                        column,
                        format!("link to a page that does not exist: `{path}`"),
                    )
                    .with_hint(
                        nearest(&resolved, site.by_rel.keys().map(String::as_str)).map_or_else(
                            || "link to the .md file of a page, e.g. ../guides/movement-breaks.md".to_string(),
                            |near| format!("did you mean `{near}`?"),
                        ),
                    ),
                ),
            }
        } else if let Some((_, out)) = ctx.assets.find(&page.rel, path) {
            *dest_url = format!("{base}{out}{fragment}").into();
        } else if let Some(target) = site.find_url(&format!("/{}/", resolved.trim_end_matches('/')).replace("//", "/"))
        {
            *dest_url = format!("{base}{}{fragment}", &site.pages[target].url[1..]).into();
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                anchors.push(AnchorLink { target, anchor: anchor.to_string(), line, column });
            }
        } else {
            report(
                Diagnostic::error(&page.file, line, column, format!("link to a file that does not exist: `{path}`"))
                    .with_hint("link to a page's .md file, or put the file in content/ next to the page (or in static/, linked from the site root: /files/x.pdf)"),
            );
        }
    }
}

fn is_external(dest: &str) -> bool {
    let lower = dest.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:", "//"].iter().any(|p| lower.starts_with(p))
}

use crate::text::resolve_path as resolve;

fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Images: alt text required, local files only, width and height read from the file, lazy loading.
pub(super) fn images(
    events: &mut Events<'_>,
    ctx: &Context<'_>,
    position: &Position<'_>,
    report: &mut dyn FnMut(Diagnostic),
) {
    let site = ctx.site;
    let page = &site.pages[ctx.page];
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Image { dest_url, title, .. }) = &events[i].0 else {
            i += 1;
            continue;
        };
        let (dest, title) = (dest_url.to_string(), title.to_string());
        let (line, column) = position(events[i].1.start);
        let end = (i + 1..events.len()).find(|&j| matches!(events[j].0, Event::End(TagEnd::Image))).unwrap_or(i);
        let alt: String = events[i + 1..end]
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        if alt.trim().is_empty() {
            report(
                Diagnostic::error(&page.file, line, column, format!("image `{dest}` has no alt text"))
                    .with_hint("describe the image in the brackets: ![A student's pencil grip](grip.jpg); use ![decorative]... only if it adds nothing"),
            );
        }
        let mut attrs = String::new();
        let src = if is_external(&dest) {
            report(
                Diagnostic::error(&page.file, line, column, format!("image `{dest}` is on another site")).with_hint(
                    "pages load nothing from other origins: save the image next to the page and link it by file name",
                ),
            );
            dest.clone()
        } else {
            match ctx.assets.find(&page.rel, &dest) {
                Some((asset, rel)) => {
                    let size =
                        asset.picture_size.or_else(|| asset.text().and_then(|t| crate::blocks::figure::svg_size(&t)));
                    match size {
                        Some((width, height)) => attrs = format!(" width=\"{width}\" height=\"{height}\""),
                        None => report(
                            Diagnostic::warning(
                                &page.file,
                                line,
                                column,
                                format!("could not read the size of image `{dest}`"),
                            )
                            .with_hint("use a PNG, JPEG, GIF or WebP file so the page does not jump while it loads"),
                        ),
                    }
                    format!("{}{rel}", site.config.base_path)
                }
                None => {
                    report(
                        Diagnostic::error(&page.file, line, column, format!("image `{dest}` does not exist"))
                            .with_hint(
                                "put the image in content/, next to the page (a page bundle), or in static/ and write its path from the site root (/images/x.png); check the file name",
                            ),
                    );
                    dest.clone()
                }
            }
        };
        let title_attr = if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape(&title)) };
        let html = format!(
            "<img src=\"{}\" alt=\"{}\"{attrs}{title_attr} loading=\"lazy\" decoding=\"async\">",
            escape(&src),
            escape(alt.trim())
        );
        let range = events[i].1.clone();
        events.splice(i..=end, [(Event::Html(html.into()), range)]);
        i += 1;
    }
}

/// GitHub alerts (`> [!NOTE]`) become labelled boxes.
pub(super) fn alerts(events: &mut Events<'_>) {
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = alert_name(*kind);
                *event = Event::Html(
                    format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{label}</p>\n")
                        .into(),
                );
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => *event = Event::Html("</div>\n".into()),
            _ => {}
        }
    }
}

/// Tables become their HTML here rather than in pulldown-cmark's writer, for two reasons: each sits
/// in a labelled, focusable region that scrolls sideways on a phone (a keyboard user can reach and
/// scroll it: WCAG 2.1.1), and column alignment is a class, since the pages' CSP forbids the
/// `style` attributes the writer would emit. Cell contents stay events for the writer.
pub(super) fn tables(events: &mut Events<'_>, headings: &[(usize, Heading)]) {
    let mut aligns: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0;
    let mut count = 0;
    for (event, range) in events.iter_mut() {
        let html = match event {
            Event::Start(Tag::Table(a)) => {
                aligns = std::mem::take(a);
                count += 1;
                // Named after the section it sits in, so a screen reader's list of regions reads well.
                let label = match headings.iter().rev().find(|(start, _)| *start < range.start) {
                    Some((_, h)) => format!("Table {count}: {}", h.title),
                    None => format!("Table {count}"),
                };
                format!(
                    "<div class=\"tb-table\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table>\n",
                    escape(&label)
                )
            }
            Event::End(TagEnd::Table) => "</tbody>\n</table>\n</div>\n".to_string(),
            Event::Start(Tag::TableHead) => {
                in_head = true;
                column = 0;
                "<thead><tr>".to_string()
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                "</tr></thead>\n<tbody>\n".to_string()
            }
            Event::Start(Tag::TableRow) => {
                column = 0;
                "<tr>".to_string()
            }
            Event::End(TagEnd::TableRow) => "</tr>\n".to_string(),
            Event::Start(Tag::TableCell) => {
                let cell = if in_head { "th scope=\"col\"" } else { "td" };
                let class = match aligns.get(column) {
                    Some(Alignment::Left) => " class=\"tb-left\"",
                    Some(Alignment::Center) => " class=\"tb-center\"",
                    Some(Alignment::Right) => " class=\"tb-right\"",
                    _ => "",
                };
                column += 1;
                format!("<{cell}{class}>")
            }
            Event::End(TagEnd::TableCell) => if in_head { "</th>" } else { "</td>" }.to_string(),
            _ => continue,
        };
        *event = Event::Html(html.into());
    }
}

fn alert_name(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Reads the page's text: the reading-level counts of its prose (paragraphs and list items,
/// outside headings, tables and code) when `reading` asks for them, and all its text for search.
pub(super) fn text(events: &Events<'_>, reading_counts: bool) -> (Counts, String) {
    let mut reading = Counts::default();
    let mut plain = String::new();
    let mut unit = String::new();
    let mut skip_depth = 0usize;
    let flush = |unit: &mut String, reading: &mut Counts| {
        if reading_counts {
            *reading += readability::count(unit.trim());
        }
        unit.clear();
    };
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::Table(_) | Tag::CodeBlock(_)) => skip_depth += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::Table | TagEnd::CodeBlock) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            Event::Start(Tag::Item) | Event::End(TagEnd::Paragraph | TagEnd::Item) => flush(&mut unit, &mut reading),
            Event::Text(t) | Event::Code(t) => {
                plain.push_str(t);
                if skip_depth == 0 && reading_counts {
                    unit.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                plain.push(' ');
                if reading_counts {
                    unit.push(' ');
                }
            }
            _ => {}
        }
        if let Event::End(_) = event {
            if !plain.ends_with(' ') {
                plain.push(' ');
            }
        }
    }
    flush(&mut unit, &mut reading);
    (reading, plain.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_block_names() {
        assert_eq!(near_block_name("quizz"), Some("quiz"));
        assert_eq!(near_block_name("Checklist"), Some("checklist"));
        assert_eq!(near_block_name("calculater"), Some("calculator"));
        assert_eq!(near_block_name("rust"), None);
        assert_eq!(near_block_name("toml"), None);
        assert_eq!(near_block_name(""), None);
    }
}
