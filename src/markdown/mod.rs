//! Markdown to HTML. This module owns the pulldown-cmark options; each rewrite (blocks, headings,
//! links, images, alerts) is a small pass in [`passes`] over the page's event list.

mod lint;
mod passes;
mod position;
mod raw_html;

use std::collections::HashSet;

use pulldown_cmark::{Event, Options, Parser};

use crate::blocks::Preset;
use crate::content::{AssetIndex, Site};
use crate::error::Diagnostic;

/// The one place the markdown dialect is decided.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A heading of the page, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link to an anchor on some page, checked once every page has been rendered.
#[derive(Debug, Clone)]
pub(crate) struct AnchorLink {
    pub target: usize,
    pub anchor: String,
    pub line: usize,
    pub column: usize,
}

/// One page's markdown, rendered.
#[derive(Debug, Default, Clone)]
pub(crate) struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Every id a link may point at: headings and explicit ids.
    pub ids: HashSet<String>,
    pub anchor_links: Vec<AnchorLink>,
    pub diagnostics: Vec<Diagnostic>,
    /// Reading-level counts of the page's prose (paragraphs and list items); zero unless
    /// [`Context::reading`] asked for them.
    pub reading: crate::readability::Counts,
    /// All text of the page, for search.
    pub plain: String,
    /// A hash of everything this rendering read (set by the renderer, 0 when not computed):
    /// equal keys mean equal renderings, so later steps can key their own caches on it.
    pub key: u64,
    /// Which interactive blocks the page uses.
    pub blocks: Vec<&'static str>,
}

/// What rendering a page needs to know beyond its own text.
pub(crate) struct Context<'a> {
    pub site: &'a Site,
    pub page: usize,
    pub presets: &'a [Preset],
    /// The report from the site's data/*.csv, for report blocks.
    pub report: Option<&'a crate::report::Report>,
    /// The module's pass mark, for quizzes.
    pub pass_score: Option<u8>,
    /// The site's other files (content/ and static/), by the paths pages use for them.
    pub assets: &'a AssetIndex<'a>,
    /// Whether to count the prose for reading levels ([`Rendered::reading`]): only `check`
    /// reports them, so `build` and `serve` leave the counts at zero.
    pub reading: bool,
}

/// Renders one page's body.
pub(crate) fn render(ctx: &Context<'_>) -> Rendered {
    render_at(ctx, &position::Positions::new(&ctx.site.pages[ctx.page].body))
}

/// [`render`], with `positions` over the page's body answering where things are.
fn render_at(ctx: &Context<'_>, positions: &position::Positions<'_>) -> Rendered {
    let page = &ctx.site.pages[ctx.page];
    let body = &*page.body;
    let mut events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(body, options()).into_offset_iter().collect();
    let mut out = Rendered::default();
    let position = |offset: usize| {
        let (line, column) = positions.line_col(offset);
        (line + page.body_line - 1, column)
    };
    let mut report = |d: Diagnostic| out.diagnostics.push(d);
    let file = &page.file;

    raw_html::raw_html(&events, body, file, &position, &mut report);
    lint::lint(&events, file, &position, &mut report);
    lint::shortcodes(&events, body, file, &position, &mut report);
    passes::blocks(&mut events, ctx, body, &position, &mut out.blocks, &mut report);
    let headings = passes::headings(&mut events);
    passes::links(&mut events, ctx, &position, &mut out.anchor_links, &mut report);
    passes::images(&mut events, ctx, &position, &mut report);
    passes::alerts(&mut events);
    let (reading, plain) = passes::text(&events, ctx.reading);
    out.reading = reading;
    out.plain = plain;
    passes::tables(&mut events, &headings);
    out.headings = headings.into_iter().map(|(_, h)| h).collect();

    out.ids = out.headings.iter().map(|h| h.id.clone()).collect();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    out.html = html;
    out
}

pub use crate::text::slug as slugify;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Kind, Meta, Page};

    fn site_with_body(body: &str) -> Site {
        let config =
            crate::config::parse("title = \"T\"", "t.toml".as_ref(), "/nonexistent".as_ref(), None).expect("config");
        let page = |rel: &str, url: &str, body: &str| Page {
            file: format!("content/{rel}").into(),
            rel: rel.into(),
            url: url.into(),
            is_section: rel.ends_with("_index.md"),
            kind: Kind::Page,
            meta: Meta { title: "T".into(), ..Meta::default() },
            body: body.into(),
            body_line: 4,
            has_calculator: false,
            source_hash: 0,
            lang: None,
            translated_into: Vec::new(),
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            module: None,
        };
        let pages = vec![page("_index.md", "/", ""), page("a.md", "/a/", body)];
        Site::new(config, pages, Vec::new())
    }

    proptest::proptest! {
        // Any body renders or reports errors with positions inside the file; nothing panics.
        #[test]
        fn any_markdown_renders_without_panic(body in "(\\PC|\n|[#>*`\\[\\]()!|~^{}-]){0,300}") {
            let site = site_with_body(&body);
            let assets = AssetIndex::default();
            let out = render(&Context { site: &site, page: 1, presets: &[], pass_score: None, assets: &assets, report: None, reading: true });
            let last_line = 4 + body.matches('\n').count();
            for d in &out.diagnostics {
                proptest::prop_assert!(d.line >= 4 && d.line <= last_line + 1, "{d} for {body:?}");
            }
        }
    }

    /// The work of locating everything on a page of `links` links, half on one line and half on
    /// lines of their own, with one broken link and one broken anchor at the end of each half.
    fn link_page_work(links: usize) -> (usize, usize, Vec<Diagnostic>) {
        let one_line: String = (0..links / 2).map(|i| format!("[é{i}](#a) ")).collect();
        let own_lines: String = (0..links / 2).map(|i| format!("[l{i}](#a)\n")).collect();
        let body = format!("## A\n\n{one_line}[x](missing.md)\n\n{own_lines}[y](#nowhere)\n");
        let site = site_with_body(&body);
        let assets = AssetIndex::default();
        let ctx = Context {
            site: &site,
            page: 1,
            presets: &[],
            pass_score: None,
            assets: &assets,
            report: None,
            reading: true,
        };
        let positions = position::Positions::new(&site.pages[1].body);
        let out = render_at(&ctx, &positions);
        (positions.work(), body.len(), out.diagnostics)
    }

    #[test]
    fn locating_links_is_linear_in_the_page() {
        for links in [2_000, 20_000] {
            let (work, len, diagnostics) = link_page_work(links);
            // Each pass that reports walks the body at most once; a few passes report.
            assert!(work <= 8 * len, "{links} links: work {work} for a body of {len} bytes");
            let broken = diagnostics.iter().find(|d| d.message.contains("missing.md")).expect("the broken link");
            let column = (0..links / 2).map(|i| 8 + i.to_string().len()).sum::<usize>() + 1;
            assert_eq!((broken.line, broken.column), (6, column));
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Tier 2: small groups"), "tier-2-small-groups");
        assert_eq!(slugify("  What it is?  "), "what-it-is");
        assert_eq!(slugify("Look–cover–write–check"), "lookcoverwritecheck");
        assert_eq!(slugify("Don't wait"), "dont-wait");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn tables_scroll_in_a_named_focusable_region_and_align_by_class() {
        let body = "| a | b |\n|---|--:|\n| x |\n\n## Costs\n\n| Item | Cost |\n|:-:|---|\n| OT | $5 |\n";
        let site = site_with_body(body);
        let assets = AssetIndex::default();
        let out = render(&Context {
            site: &site,
            page: 1,
            presets: &[],
            pass_score: None,
            assets: &assets,
            report: None,
            reading: true,
        });
        let html = &out.html;
        assert_eq!(html.matches("<div class=\"tb-table\" role=\"region\" tabindex=\"0\"").count(), 2, "{html}");
        assert!(html.contains("aria-label=\"Table 1\">"), "{html}");
        assert!(html.contains("aria-label=\"Table 2: Costs\">"), "{html}");
        assert!(html.contains("<th scope=\"col\" class=\"tb-right\">b</th>"), "{html}");
        assert!(html.contains("<td class=\"tb-center\">OT</td><td>$5</td>"), "{html}");
        // A short row is padded by the parser; no inline style survives for the CSP to block.
        assert!(!html.contains("style="), "{html}");
        assert_eq!(html.matches("<tr>").count(), html.matches("</tr>").count(), "{html}");
        // Table text is searchable but is not prose for the reading level.
        assert!(out.plain.contains("OT $5"), "{}", out.plain);
    }
}
