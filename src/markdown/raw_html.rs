//! Raw HTML in a page's markdown, checked by [`crate::sanitize::html`]. pulldown-cmark hands it
//! over in pieces: one event per line of an HTML block, one per inline tag, and two blocks with
//! nothing between them in the output when a blank line splits a block. Pieces that are written
//! out next to each other are checked as one fragment, so a tag split over pieces is read whole,
//! as the browser reads it.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::error::Diagnostic;
use crate::sanitize::html;

type Events<'a> = Vec<(Event<'a>, Range<usize>)>;
type Position<'p> = dyn Fn(usize) -> (usize, usize) + 'p;

/// Raw HTML written out without anything between, and where each piece came from.
#[derive(Default)]
struct Fragment {
    html: String,
    /// (offset in `html`, offset in the body, whether the piece is the body's text as is).
    pieces: Vec<(usize, usize, bool)>,
}

impl Fragment {
    /// The body offset of a fragment offset.
    fn source(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|(start, _, _)| *start <= offset).saturating_sub(1);
        match self.pieces.get(index) {
            Some(&(start, source, true)) => source + (offset - start),
            Some(&(_, source, false)) => source,
            None => 0,
        }
    }
}

/// Reports everything in the page's raw HTML that cannot be kept, at its line and column.
pub(super) fn raw_html(
    events: &Events<'_>,
    body: &str,
    file: &Path,
    position: &Position<'_>,
    report: &mut dyn FnMut(Diagnostic),
) {
    let mut fragments: Vec<Fragment> = Vec::new();
    let mut open: Option<Fragment> = None;
    for (event, range) in events {
        match event {
            Event::Html(text) | Event::InlineHtml(text) => {
                let fragment = open.get_or_insert_with(Fragment::default);
                let verbatim = body.get(range.start..range.start + text.len()) == Some(text.as_ref());
                fragment.pieces.push((fragment.html.len(), range.start, verbatim));
                fragment.html.push_str(text);
            }
            // These write nothing, so the HTML on both sides of them is written side by side.
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            _ => fragments.extend(open.take()),
        }
    }
    fragments.extend(open);

    let mut reported = false;
    for fragment in &fragments {
        for finding in html::check(&fragment.html) {
            let (line, column) = position(fragment.source(finding.offset));
            report(
                Diagnostic::error(file, line, column, format!("raw HTML with {}: {}", finding.what, finding.why))
                    .with_hint(finding.hint),
            );
            reported = true;
        }
    }
    if reported {
        return;
    }
    // The second opinion reads the page's raw HTML together, as one document would.
    let joined: Vec<&str> = fragments.iter().map(|f| f.html.as_str()).collect();
    if let (Some(first), Some(removed)) = (fragments.first(), html::second_opinion(&joined.join("\n"))) {
        let (line, column) = position(first.source(0));
        report(
            Diagnostic::error(file, line, column, format!("raw HTML that the sanitizer would change, at `{removed}`"))
                .with_hint("write it in markdown, or use the HTML listed in docs/authoring.md"),
        );
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::Parser;

    use super::*;

    fn errors(markdown: &str) -> Vec<String> {
        let events: Events<'_> = Parser::new_ext(markdown, super::super::options()).into_offset_iter().collect();
        let mut out = Vec::new();
        let position = |offset: usize| crate::blocks::line_col(markdown, offset);
        raw_html(&events, markdown, Path::new("content/x.md"), &position, &mut |d| out.push(d.to_string()));
        out
    }

    fn located(markdown: &str) -> Vec<String> {
        let mut located: Vec<String> =
            errors(markdown).iter().map(|e| e.split(": error: ").next().unwrap_or_default().to_string()).collect();
        located.sort();
        located
    }

    #[test]
    fn pieces_of_one_tag_are_read_together() {
        // Block split by a blank line, block in a quote, tag over two lines of a paragraph.
        assert_eq!(
            located("<div>\n<img src=x\n\n<b onerror=alert(1)>\n</div>\n"),
            ["content/x.md:4:1", "content/x.md:4:4"]
        );
        assert_eq!(located("> <div>\n> <img src=x\n> onerror=alert(1)>\n> </div>\n"), ["content/x.md:3:3"]);
        assert_eq!(located("- a\n\n  <div>\n  <img\n  onclick=x>\n  </div>\n"), ["content/x.md:5:3"]);
        assert_eq!(located("Text <img src=x\nonerror=alert(1)> more.\n"), ["content/x.md:2:1"]);
        assert_eq!(located("| a |\n|---|\n| <b onclick=x>b</b> |\n"), ["content/x.md:3:6"]);
    }

    #[test]
    fn markdown_and_code_are_not_raw_html() {
        assert!(
            errors("`<script>`\n\n    <img onerror=x>\n\n```html\n<iframe>\n```\n\n&lt;script&gt; a < b\n").is_empty()
        );
    }

    #[test]
    fn every_error_names_what_why_and_a_hint() {
        let e = errors("<p style=\"x\" onclick=\"y\">a</p>\n");
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].starts_with("content/x.md:1:14: error: raw HTML with an event-handler attribute `onclick`: pages run no script from content\n  hint: "), "{}", e[0]);
        assert!(e[1].starts_with("content/x.md:1:4: error: raw HTML with an inline `style` attribute"), "{}", e[1]);
    }

    #[test]
    fn allowed_html_gets_no_error() {
        assert!(errors(
            "<details>\n<summary>Why</summary>\n\nBecause.\n\n</details>\n\nH<sub>2</sub>O, <kbd>Ctrl</kbd>.\n"
        )
        .is_empty());
    }
}
