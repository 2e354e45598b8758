//! Accessibility lint over a page's events, before any rewriting: skipped heading levels, empty
//! or vague link text, and tables without a header row. Warnings, each at its `file:line:col`
//! (a missing image description is an error, reported by the images pass).

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::error::Diagnostic;

type Events<'a> = Vec<(Event<'a>, Range<usize>)>;
type Position<'p> = dyn Fn(usize) -> (usize, usize) + 'p;

/// Link text that says nothing about where the link goes (compared lower-case, without
/// surrounding punctuation).
const VAGUE_LINK_TEXT: &[&str] = &[
    "click",
    "click here",
    "go",
    "here",
    "learn more",
    "link",
    "more",
    "more info",
    "read more",
    "this",
    "this link",
    "this page",
];

pub(super) fn lint(events: &Events<'_>, file: &Path, position: &Position<'_>, report: &mut dyn FnMut(Diagnostic)) {
    // The page template's title is the h1, so the body starts below it.
    let mut previous_level = 1u8;
    let mut link: Option<(usize, String, bool)> = None;
    let mut table: Option<(usize, bool)> = None;
    let mut in_head = false;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level as u8;
                if level > previous_level + 1 {
                    let (line, column) = position(range.start);
                    report(
                        Diagnostic::warning(
                            file,
                            line,
                            column,
                            format!("heading level skipped: h{level} follows h{previous_level}"),
                        )
                        .with_hint(format!(
                            "use {} so screen-reader users can follow the outline (the page title is the h1)",
                            "#".repeat(usize::from(previous_level) + 1)
                        )),
                    );
                }
                previous_level = level;
            }
            Event::Start(Tag::Link { .. }) => link = Some((range.start, String::new(), false)),
            Event::Start(Tag::Image { .. }) => {
                if let Some(l) = &mut link {
                    l.2 = true;
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(l) = &mut link {
                    l.1.push_str(text);
                }
                if in_head && !text.trim().is_empty() {
                    if let Some(t) = &mut table {
                        t.1 = true;
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((start, text, has_image)) = link.take() {
                    check_link_text(&text, has_image, file, position(start), report);
                }
            }
            Event::Start(Tag::Table(_)) => table = Some((range.start, false)),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::End(TagEnd::Table) => {
                if let Some((start, false)) = table.take() {
                    let (line, column) = position(start);
                    report(
                        Diagnostic::warning(file, line, column, "table has an empty header row")
                            .with_hint("name each column in the first row, so screen readers can say what a cell is"),
                    );
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let lower = html.to_lowercase();
                if lower.contains("<table") && !lower.contains("<th") {
                    let (line, column) = position(range.start);
                    report(
                        Diagnostic::warning(file, line, column, "HTML table without header cells (<th>)")
                            .with_hint("mark the header row with <th> cells, or write the table in markdown"),
                    );
                }
            }
            _ => {}
        }
    }
}

/// Hugo and Zola shortcodes (`{{< figure src="a.png" >}}`, `{{ youtube(id="x") }}`): tierbook has
/// none, and a page would show them as text, so each is an error with what to write instead.
/// Code (fenced, indented or inline) is left alone: that is where a page shows the syntax.
pub(super) fn shortcodes(
    events: &Events<'_>,
    body: &str,
    file: &Path,
    position: &Position<'_>,
    report: &mut dyn FnMut(Diagnostic),
) {
    // Code spans and blocks, by their byte ranges in the body (a block's start event spans it).
    let code: Vec<Range<usize>> = events
        .iter()
        .filter(|(e, _)| matches!(e, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)))
        .map(|(_, r)| r.clone())
        .collect();
    for (at, name) in find_shortcodes(body) {
        if code.iter().any(|r| r.contains(&at)) {
            continue;
        }
        let (line, column) = position(at);
        report(
            Diagnostic::error(
                file,
                line,
                column,
                format!("shortcode `{name}`: tierbook has no shortcodes, so the page would show it as text"),
            )
            .with_hint(shortcode_hint(&name)),
        );
    }
}

/// Where shortcodes start in `text`, with their names.
fn find_shortcodes(text: &str) -> Vec<(usize, String)> {
    let ident =
        |rest: &str| -> String { rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-').collect() };
    let mut found = Vec::new();
    for (at, _) in text.match_indices('{') {
        let rest = &text[at..];
        // Hugo: `{{< name ... >}}` and `{{% name ... %}}`.
        if let Some(inner) = rest.strip_prefix("{{<").or_else(|| rest.strip_prefix("{{%")) {
            let name = ident(inner.trim_start().trim_start_matches('/').trim_start());
            if !name.is_empty() {
                found.push((at, name));
            }
            continue;
        }
        // Zola: `{{ name(...) }}` and `{% name(...) %}`.
        if let Some(inner) = rest.strip_prefix("{{").or_else(|| rest.strip_prefix("{%")) {
            let inner = inner.trim_start();
            let name = ident(inner);
            if !name.is_empty() && inner[name.len()..].starts_with('(') {
                found.push((at, name));
            }
        }
    }
    found
}

fn shortcode_hint(name: &str) -> String {
    match name {
        "figure" | "img" | "image" | "resize_image" => {
            "show a picture with ![what it shows](file.png), or a ```figure block for a captioned one".into()
        }
        "youtube" | "vimeo" | "video" | "tweet" | "x" | "instagram" | "gist" => {
            "pages embed nothing from other sites: link to it instead, e.g. [Watch the video](https://...)".into()
        }
        "ref" | "relref" => "link to the page's .md file: [the guide](../guides/movement-breaks.md)".into(),
        "highlight" => "use a fenced code block: ```toml ... ```".into(),
        "details" => "use a <details><summary>...</summary>...</details> element".into(),
        _ => "write it as markdown, or remove it; docs/migrating.md lists what each common shortcode becomes".into(),
    }
}

fn check_link_text(
    text: &str,
    has_image: bool,
    file: &Path,
    (line, column): (usize, usize),
    report: &mut dyn FnMut(Diagnostic),
) {
    let words = text.trim().trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.is_empty() && !has_image {
        report(
            Diagnostic::warning(file, line, column, "link has no text")
                .with_hint("write where the link goes between the brackets: [Movement breaks guide](...)"),
        );
    } else if VAGUE_LINK_TEXT.contains(&words.as_str()) {
        report(
            Diagnostic::warning(
                file,
                line,
                column,
                format!("link text \"{}\" does not say where it goes", text.trim()),
            )
            .with_hint("name the destination, e.g. [the movement breaks guide](...) instead of [click here](...)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    use super::*;

    #[test]
    fn hugo_and_zola_shortcodes_are_found_with_their_names() {
        let found = |t: &str| find_shortcodes(t).into_iter().map(|(at, n)| format!("{at}:{n}")).collect::<Vec<_>>();
        assert_eq!(found("a {{< figure src=\"x.png\" >}} b"), ["2:figure"]);
        assert_eq!(found("{{% notice tip %}}x{{% /notice %}}"), ["0:notice", "19:notice"]);
        assert_eq!(found("{{ youtube(id=\"x\") }} and {% quote(author=\"a\") %}"), ["0:youtube", "26:quote"]);
        // Braces in prose, and template-looking text without a call, are not shortcodes.
        assert!(found("a set {1, 2} and {{ page.title }} and {%raw%}").is_empty());
    }

    fn warnings(markdown: &str) -> Vec<String> {
        let events: Events<'_> = Parser::new_ext(markdown, super::super::options()).into_offset_iter().collect();
        let mut out = Vec::new();
        let position = |offset: usize| crate::blocks::line_col(markdown, offset);
        lint(&events, Path::new("content/x.md"), &position, &mut |d| out.push(d.to_string()));
        out
    }

    #[test]
    fn skipped_heading_levels() {
        let w = warnings("## Steps\n\n#### Detail\n\n## Next\n\n### Fine\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("content/x.md:3:1: warning: heading level skipped: h4 follows h2"), "{}", w[0]);
        assert_eq!(warnings("### Too deep first\n").len(), 1);
    }

    #[test]
    fn vague_and_empty_link_text() {
        let w = warnings("See [click here](a.md), [Here.](b.md) and [the guide](c.md).\n\n[](d.md) [![Grip photo](g.png)](e.md) [Read more…](f.md)\n");
        assert_eq!(w.len(), 4, "{w:?}");
        assert!(w[0].starts_with("content/x.md:1:5: warning: link text \"click here\""), "{}", w[0]);
        assert!(w[1].contains("\"Here.\""));
        assert!(w[2].starts_with("content/x.md:3:1: warning: link has no text"), "{}", w[2]);
        assert!(w[3].contains("Read more"));
    }

    #[test]
    fn tables_need_a_header_row() {
        assert!(warnings("| a | b |\n|---|---|\n| 1 | 2 |\n").is_empty());
        let w = warnings("Text\n\n|   |   |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("content/x.md:3:1: warning: table has an empty header row"), "{}", w[0]);
        assert_eq!(warnings("<table><tr><td>1</td></tr></table>\n").len(), 1);
    }
}
