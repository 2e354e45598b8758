//! SVG files of a site (under content/, static/, and a site's own templates/). A browser that
//! opens one at its own address runs it as a document of the site's origin: its scripts could
//! read every learner's saved progress. So each is parsed as XML (roxmltree, as browsers parse
//! SVG files) and anything active or external is an error at its line and column: script,
//! `foreignObject` and HTML elements, event handlers, animations that rewrite links, references
//! to other origins (`href`, `xlink:href`, `xml:base`, CSS `url()` and `@import`), entity
//! declarations and `xml-stylesheet` instructions.

use std::path::{Path, PathBuf};

use roxmltree::{Document, Node, NodeType, ParsingOptions};

use super::url::{self, Use};
use super::Finding;
use crate::content::Site;
use crate::error::Diagnostic;

const XHTML: &str = "http://www.w3.org/1999/xhtml";
const XML: &str = "http://www.w3.org/XML/1998/namespace";
const XLINK: &str = "http://www.w3.org/1999/xlink";
const ACTIVE: &str = "an SVG file runs as a page of the site when opened, so it must hold no script";
const ACTIVE_HINT: &str = "remove it, or export the drawing again as plain SVG (no script or interactivity)";
const EXTERNAL: &str = "an SVG file may use only files of this site";
const EXTERNAL_HINT: &str =
    "save what it refers to next to the SVG and refer to it by file name, or remove the reference";

/// Every SVG file the site would publish or include, checked.
pub(crate) fn check_site(site: &Site) -> Vec<Diagnostic> {
    let root = &site.config.root;
    // Loading has read the SVG files of content/ and static/; templates/ is read here.
    let mut files: Vec<(PathBuf, Vec<u8>)> = site
        .assets
        .iter()
        .chain(&site.static_files)
        .filter(|a| is_svg(&a.rel))
        // A file that cannot be read fails the build where it is copied.
        .filter_map(|a| Some((a.shown(), a.bytes.clone()?)))
        .collect();
    // Unreadable folders fail the build where the theme loads them.
    for (rel, path) in crate::content::files_under(root, &root.join("templates")).map(|w| w.files).unwrap_or_default() {
        if let (true, Ok(bytes)) = (is_svg(&rel), std::fs::read(&path)) {
            files.push((Path::new("templates").join(rel), bytes));
        }
    }
    let mut diagnostics = Vec::new();
    for (shown, bytes) in files {
        let text = String::from_utf8_lossy(&bytes);
        for (line, column, finding) in check(&text) {
            diagnostics.push(
                Diagnostic::error(&shown, line, column, format!("SVG with {}: {}", finding.what, finding.why))
                    .with_hint(finding.hint),
            );
        }
    }
    diagnostics
}

fn is_svg(rel: &str) -> bool {
    rel.rsplit_once('.').is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("svg"))
}

/// The findings of one SVG document, with 1-based line and column.
pub(crate) fn check(text: &str) -> Vec<(usize, usize, Finding)> {
    let position = |offset: usize| crate::text::line_col(text, offset);
    let mut findings: Vec<Finding> = text
        .match_indices("<!ENTITY")
        .map(|(at, _)| {
            Finding::new(
                at,
                "an entity declaration",
                "entities can hide markup that the browser expands",
                "remove the DOCTYPE's [...] part; drawing programs do not need it",
            )
        })
        .collect();
    let options = ParsingOptions { allow_dtd: true, ..ParsingOptions::default() };
    match Document::parse_with_options(text, options) {
        Ok(document) => walk(&document, &mut findings),
        Err(err) => {
            let pos = err.pos();
            let mut located: Vec<(usize, usize, Finding)> =
                findings.into_iter().map(|f| (position(f.offset).0, position(f.offset).1, f)).collect();
            located.push((
                pos.row as usize,
                pos.col as usize,
                Finding::new(
                    0,
                    format!("XML that does not parse ({err})"),
                    "a file that cannot be read cannot be checked",
                    "open it in a drawing program and save it again as plain SVG",
                ),
            ));
            return located;
        }
    }
    findings.sort_by_key(|f| f.offset);
    findings
        .into_iter()
        .map(|f| {
            let (line, column) = position(f.offset);
            (line, column, f)
        })
        .collect()
}

/// Checks every node, not descending into elements already refused whole.
fn walk(document: &Document<'_>, findings: &mut Vec<Finding>) {
    let mut stack = vec![document.root()];
    while let Some(node) = stack.pop() {
        match node.node_type() {
            NodeType::PI if node.pi().is_some_and(|pi| pi.target == "xml-stylesheet") => {
                findings.push(Finding::new(
                    node.range().start,
                    "an xml-stylesheet instruction",
                    "it loads a style sheet or transform that can add script",
                    "remove the <?xml-stylesheet ...?> line",
                ));
            }
            NodeType::Element => {
                if refused_element(node, findings) {
                    continue;
                }
                attributes(node, findings);
                if node.tag_name().name() == "style" {
                    style_text(node, findings);
                }
            }
            _ => {}
        }
        stack.extend(node.children().rev());
    }
}

/// Reports an element that cannot be kept at all; true if it was one.
fn refused_element(node: Node<'_, '_>, findings: &mut Vec<Finding>) -> bool {
    let name = node.tag_name().name();
    let at = node.range().start;
    let (what, why, hint) = if name.eq_ignore_ascii_case("script") {
        ("a <script> element".to_string(), ACTIVE, ACTIVE_HINT)
    } else if name.eq_ignore_ascii_case("foreignObject") {
        ("a <foreignObject> element".to_string(), "it holds HTML, which can run script", ACTIVE_HINT)
    } else if node.tag_name().namespace() == Some(XHTML) {
        (
            format!("an HTML <{name}> element"),
            "HTML inside an SVG file can run script and load other sites",
            ACTIVE_HINT,
        )
    } else if ["iframe", "embed", "object"].iter().any(|n| name.eq_ignore_ascii_case(n)) {
        (format!("an embedded <{name}>"), EXTERNAL, EXTERNAL_HINT)
    } else {
        return false;
    };
    findings.push(Finding::new(at, what, why, hint));
    true
}

fn attributes(node: Node<'_, '_>, findings: &mut Vec<Finding>) {
    let element = node.tag_name().name();
    let text = node.document().input_text();
    let is_animation = matches!(element, "set" | "animate" | "animateMotion" | "animateTransform" | "animateColor");
    for attribute in node.attributes() {
        let local = attribute.name();
        let at = attribute.range_qname().start;
        let qname = &text[attribute.range_qname()];
        let value = attribute.value();
        if local.len() > 2 && local[..2].eq_ignore_ascii_case("on") {
            findings.push(Finding::new(at, format!("an event-handler attribute `{qname}`"), ACTIVE, ACTIVE_HINT));
        } else if attribute.namespace() == Some(XML) && local == "base" {
            findings.push(Finding::new(
                at,
                "an `xml:base` attribute",
                "it points every reference of the file elsewhere",
                "remove it",
            ));
        } else if local == "href" && matches!(attribute.namespace(), None | Some(XLINK)) {
            let use_ = if element == "a" { Use::Link } else { Use::Resource };
            if let Some(problem) = url::problem(use_, value) {
                let why = if use_ == Use::Link { problem.why(use_) } else { EXTERNAL };
                let mut finding = problem.finding(use_, at, qname, value, element);
                finding.why = why;
                findings.push(finding);
            }
        } else if is_animation && local == "attributeName" {
            let target = value.trim().trim_start_matches("xlink:");
            if target == "href" || target.to_ascii_lowercase().starts_with("on") {
                findings.push(Finding::new(
                    node.range().start,
                    format!("an animation of `{target}`"),
                    "an animation can turn a link into a script",
                    "animate shapes and colours only",
                ));
            }
        } else if local == "style" || value.to_ascii_lowercase().contains("url(") {
            for (_, what) in super::css::check(value) {
                findings.push(Finding::new(at, what, EXTERNAL, EXTERNAL_HINT));
            }
        }
    }
}

/// The CSS of a `<style>` element, located exactly where its text is written as is.
fn style_text(node: Node<'_, '_>, findings: &mut Vec<Finding>) {
    let text = node.document().input_text();
    for child in node.children().filter(|c| c.is_text()) {
        let Some(css) = child.text() else { continue };
        let range = child.range();
        // Where the CSS itself starts: after `<![CDATA[` if it is written in one.
        let start = text.get(range.clone()).and_then(|raw| raw.find(css)).map(|i| range.start + i);
        for (offset, what) in super::css::check(css) {
            let at = start.map_or(range.start, |s| s + offset);
            findings.push(Finding::new(at, what, EXTERNAL, EXTERNAL_HINT));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(svg: &str) -> Vec<String> {
        check(svg).into_iter().map(|(l, c, f)| format!("{l}:{c} {}", f.what)).collect()
    }

    #[test]
    fn a_plain_drawing_passes() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><defs><path id=\"p\" d=\"M0 0h1\"/></defs><use xlink:href=\"#p\" fill=\"url(#g)\"/><a href=\"https://x.test/\"><text>x</text></a></svg>";
        assert_eq!(found(svg), Vec::<String>::new());
    }

    #[test]
    fn active_and_external_parts_are_found() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:x=\"http://www.w3.org/1999/xlink\">\n<script>x()</script><g onload=\"x()\"/>\n<image x:href=\"https://x.test/a.png\"/><style><![CDATA[@import 'x.css';]]></style>\n</svg>";
        assert_eq!(
            found(svg),
            [
                "2:1 a <script> element",
                "2:24 an event-handler attribute `onload`",
                "3:8 x:href=\"https://x.test/a.png\" on <image>",
                "3:55 a CSS @import"
            ]
        );
    }

    #[test]
    fn broken_xml_is_an_error_with_its_position() {
        assert_eq!(found("<svg>\n<g>\n</svg>").len(), 1);
        assert!(found("<svg>\n<g>\n</svg>")[0].starts_with("3:"), "{:?}", found("<svg>\n<g>\n</svg>"));
    }
}
