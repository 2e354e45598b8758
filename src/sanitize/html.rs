//! Raw HTML, checked as a browser reads it. html5ever's tokenizer (the HTML standard's state
//! machine) decides what is a tag, a comment or text; the text is fed to it in pieces that end at
//! each `<` and `>`, so every tag it emits is known to end at the piece just fed, and its start and
//! attribute offsets are found by walking that one tag's source (see [`tag_at`]). Each start tag
//! is then held against the allowlist ([`super::policy`]).
//!
//! A fragment is checked on its own, starting as the browser does between two markdown blocks (in
//! text, outside any tag); one that ends inside a tag or comment is an error, because the markdown
//! after it would be read as part of that tag. No allowed element changes how what follows it is
//! tokenized (those that do, like `<textarea>` or `<svg>`, are refused), so checking each fragment
//! from a clean start is checking what the browser sees.

use std::cell::{Cell, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

use super::{policy, url, Finding};

const NO_SCRIPT: &str = "pages run no script from content";
const NO_SCRIPT_HINT: &str =
    "remove it; for something readers do on the page, use a quiz, checklist or calculator block";
const NOT_LISTED: &str = "it is not on the list of HTML that content may use";
const NOT_LISTED_HINT: &str = "write it in markdown, or use the HTML listed in docs/authoring.md";

/// A start tag as the tokenizer emitted it, with the piece of input that completed it.
struct StartTag {
    piece: usize,
    name: String,
    attributes: Vec<(String, String)>,
}

/// Collects what the tokenizer emits; which piece was being fed is set before each feed.
#[derive(Default)]
struct Sink {
    piece: Cell<usize>,
    /// Every token but parse errors: (piece, start tag if it was one, emitted at the end).
    tokens: RefCell<Vec<(usize, Option<StartTag>, bool)>>,
    /// Inside an element whose content is not HTML (`<script>`, `<textarea>`...).
    raw: Cell<bool>,
    ending: Cell<bool>,
    /// A parse error at the end of input: the input stopped inside a tag or comment.
    unfinished: Cell<bool>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let piece = self.piece.get();
        match token {
            Token::ParseError(_) => {
                if self.ending.get() {
                    self.unfinished.set(true);
                }
                TokenSinkResult::Continue
            }
            Token::EOFToken => TokenSinkResult::Continue,
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let name = tag.name.to_string();
                // What the tree builder would tell the tokenizer: these elements' content is text.
                let result = match name.as_str() {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                        TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                    "plaintext" => TokenSinkResult::Plaintext,
                    _ => TokenSinkResult::Continue,
                };
                self.raw.set(result != TokenSinkResult::Continue);
                let attributes = tag.attrs.iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect();
                self.tokens.borrow_mut().push((piece, Some(StartTag { piece, name, attributes }), self.ending.get()));
                result
            }
            Token::TagToken(_) => {
                self.raw.set(false);
                self.tokens.borrow_mut().push((piece, None, self.ending.get()));
                TokenSinkResult::Continue
            }
            _ => {
                self.tokens.borrow_mut().push((piece, None, self.ending.get()));
                TokenSinkResult::Continue
            }
        }
    }
}

/// Checks one fragment of raw HTML; offsets in the findings are byte offsets into `html`.
pub(crate) fn check(html: &str) -> Vec<Finding> {
    let pieces = pieces(html);
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let queue = BufferQueue::default();
    for (index, piece) in pieces.iter().enumerate() {
        tokenizer.sink.piece.set(index);
        queue.push_back(StrTendril::from_slice(&html[piece.clone()]));
        let _ = tokenizer.feed(&queue);
    }
    tokenizer.sink.ending.set(true);
    tokenizer.end();

    let mut findings = Vec::new();
    // Where the last emitted token ended: the next tag starts at a `<` at or after it.
    let mut boundary = 0;
    for (piece, tag, at_end) in tokenizer.sink.tokens.take() {
        // What the end of input flushes (an unclosed comment) is the unfinished part itself.
        if at_end {
            break;
        }
        let end = pieces[piece].end;
        if let Some(tag) = tag {
            let (start, attributes) = tag_at(html, boundary, pieces[tag.piece].end);
            check_start_tag(&tag, start, &attributes, &mut findings);
        }
        // A piece ending in `<` emitted the text before it; the `<` may open the next tag.
        boundary = if html.as_bytes()[end - 1] == b'<' { end - 1 } else { end };
    }
    if tokenizer.sink.unfinished.get() && !tokenizer.sink.raw.get() {
        if let Some(at) = html[boundary..].find('<').map(|i| boundary + i) {
            let what = if html[at..].starts_with("<!--") {
                "a comment that is not closed before the markdown after it"
            } else {
                "a tag that is not closed before the markdown after it"
            };
            findings.push(Finding::new(
                at,
                what,
                "the markdown that follows would be read as part of it",
                "end the tag with `>` (or the comment with `-->`) before the next blank line",
            ));
        }
    }
    findings
}

/// `html` cut after every `<` and `>`.
fn pieces(html: &str) -> Vec<std::ops::Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, _) in html.match_indices(['<', '>']) {
        pieces.push(start..at + 1);
        start = at + 1;
    }
    if start < html.len() {
        pieces.push(start..html.len());
    }
    pieces
}

/// The start of the tag that ends at `end` (just after its `>`), searched from `from`, and where
/// each of its attributes starts (lower-case name, offset). Falls back to `from` and no
/// attributes if the source does not read as that tag, so a finding is never lost, only placed
/// less precisely.
fn tag_at(html: &str, from: usize, end: usize) -> (usize, Vec<(String, usize)>) {
    let mut at = from;
    // Bounded, so a pathological run of `<` inside one attribute cannot make this quadratic.
    for _ in 0..64 {
        let Some(start) = html.get(at..end).and_then(|s| s.find('<')).map(|i| at + i) else { break };
        if let Some((tag_end, attributes)) = scan_tag(html, start) {
            if tag_end == end {
                return (start, attributes);
            }
        }
        at = start + 1;
    }
    (from, Vec::new())
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | b' ')
}

/// Reads the tag starting at `start` as the HTML tokenizer does: returns where it ends (after
/// `>`) and its attributes, or `None` if no tag starts there or it does not end.
fn scan_tag(html: &str, start: usize) -> Option<(usize, Vec<(String, usize)>)> {
    let b = html.as_bytes();
    let mut i = start + 1;
    if b.get(i) == Some(&b'/') {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let mut attributes = Vec::new();
    loop {
        // Before an attribute name: spaces, and a `/` not followed by `>`, separate attributes.
        while i < b.len() && (is_space(b[i]) || (b[i] == b'/' && b.get(i + 1) != Some(&b'>'))) {
            i += 1;
        }
        match b.get(i)? {
            b'>' => return Some((i + 1, attributes)),
            b'/' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        // The name; its first character may be `=`.
        let name_start = i;
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        attributes.push((html[name_start..i].to_ascii_lowercase(), name_start));
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match *b.get(i)? {
            quote @ (b'"' | b'\'') => i += 1 + html[i + 1..].find(char::from(quote))? + 1,
            b'>' => {}
            _ => {
                while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                    i += 1;
                }
            }
        }
    }
}

/// Holds one start tag against the allowlist.
fn check_start_tag(tag: &StartTag, start: usize, offsets: &[(String, usize)], out: &mut Vec<Finding>) {
    let at = |attribute: &str| offsets.iter().find(|(name, _)| name == attribute).map_or(start, |(_, o)| *o);
    let name = tag.name.as_str();
    // Handlers are reported on every element, refused or not: they are the payload.
    for (attribute, _) in tag.attributes.iter().filter(|(a, _)| a.starts_with("on")) {
        out.push(Finding::new(
            at(attribute),
            format!("an event-handler attribute `{attribute}`"),
            NO_SCRIPT,
            NO_SCRIPT_HINT,
        ));
    }
    if let Some(finding) = refused_element(name, &tag.attributes, start) {
        out.push(finding);
        return;
    }
    for (attribute, value) in tag.attributes.iter().filter(|(a, _)| !a.starts_with("on")) {
        let offset = at(attribute);
        if attribute == "style" {
            out.push(Finding::new(
                offset,
                "an inline `style` attribute",
                "the site's Content-Security-Policy blocks inline styles, so it would not work",
                "give the element a class and put the CSS in a file under static/",
            ));
        } else if !policy::attribute_allowed(name, attribute) {
            out.push(Finding::new(
                offset,
                format!("the attribute `{attribute}` on <{name}>"),
                NOT_LISTED,
                NOT_LISTED_HINT,
            ));
        } else if let Some(use_) = policy::url_use(name, attribute) {
            if let Some(problem) = url::problem(use_, value) {
                out.push(problem.finding(use_, offset, attribute, value, name));
            }
        }
    }
}

/// The finding for an element that is not allowed, if `name` is one.
fn refused_element(name: &str, attributes: &[(String, String)], start: usize) -> Option<Finding> {
    let (what, why, hint) = match name {
        "script" => ("a <script> element".to_string(), NO_SCRIPT, NO_SCRIPT_HINT),
        "style" => (
            "a <style> element".to_string(),
            "the site's Content-Security-Policy blocks inline styles, so it would not work",
            "put the CSS in a file under static/ and load it from a template",
        ),
        "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "portal" | "fencedframe" => (
            element(name),
            "pages embed nothing from other sites and run no plug-ins",
            "link to it instead, e.g. [Watch the video](https://...)",
        ),
        "link" => (
            "a <link> element".to_string(),
            "pages load only the theme's style sheets and files",
            "put CSS in a file under static/ and load it from a template",
        ),
        "base" => (
            "a <base> element".to_string(),
            "it would change where every link and file of the page points",
            "remove it; write links as paths or full https:// addresses",
        ),
        "meta" if attributes.iter().any(|(a, v)| a == "http-equiv" && v.trim().eq_ignore_ascii_case("refresh")) => (
            "a <meta http-equiv=\"refresh\"> redirect".to_string(),
            "it would send readers to another address without asking",
            "to move a page, list its old URL under `aliases` in the front matter of the new page",
        ),
        "meta" => (
            "a <meta> element".to_string(),
            "a page's metadata comes from its front matter",
            "set `title` and `description` in the front matter instead",
        ),
        "svg" | "math" => (
            format!("an inline <{name}>"),
            "inline SVG and MathML are read by other rules and can hide script",
            "save the drawing as an .svg file next to the page and show it with ![description](drawing.svg)",
        ),
        _ if !policy::TAGS.contains(&name) => (element(name), NOT_LISTED, NOT_LISTED_HINT),
        _ => return None,
    };
    Some(Finding::new(start, what, why, hint))
}

/// "a <b> element", "an <iframe> element".
fn element(name: &str) -> String {
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} <{name}> element")
}

/// ammonia's reading of a fragment that passed [`check`]: `None` if it keeps all of it, or the
/// first place where what it keeps differs from what the HTML parser read. Both sides are parsed
/// by html5ever the same way (as the content of a `<div>`) and serialized the same way, so any
/// difference is something ammonia removed.
pub(crate) fn second_opinion(html: &str) -> Option<String> {
    let kept = policy::ammonia().clean(html).to_string();
    let parsed = parse_and_serialize(html);
    if kept == parsed {
        return None;
    }
    let at = kept.bytes().zip(parsed.bytes()).take_while(|(a, b)| a == b).count();
    let at = parsed.floor_char_boundary(at);
    Some(super::shorten(&parsed[at..]))
}

fn parse_and_serialize(html: &str) -> String {
    use html5ever::{local_name, ns, QualName};
    use markup5ever_rcdom::{RcDom, SerializableHandle};
    let context = QualName::new(None, ns!(html), local_name!("div"));
    let dom = html5ever::parse_fragment(RcDom::default(), Default::default(), context, Vec::new(), false).one(html);
    let root: SerializableHandle = dom.document.children.borrow()[0].clone().into();
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = html5ever::serialize(&mut out, &root, Default::default());
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<(usize, String)> {
        check(html).into_iter().map(|f| (f.offset, f.what)).collect()
    }

    #[test]
    fn attributes_are_found_where_the_tokenizer_finds_them() {
        let cases: &[(&str, &[(&str, usize)])] = &[
            ("<img src=\"x\"onerror=\"a()\">", &[("src", 5), ("onerror", 12)]),
            ("<svg/onload=alert(1)>", &[("onload", 5)]),
            ("<a title='a>b' x=1 y>", &[("title", 3), ("x", 15), ("y", 19)]),
            ("<p =x>", &[("=x", 3)]),
            ("<b\n<i onclick=1>", &[("<i", 3), ("onclick", 6)]),
            // In an unquoted value `/` is part of the value.
            ("<img/src=x/onerror=1>", &[("src", 5)]),
        ];
        for (html, expected) in cases {
            let (end, attributes) = scan_tag(html, 0).unwrap_or_else(|| panic!("{html}"));
            assert_eq!(end, html.len(), "{html}");
            let attributes: Vec<(&str, usize)> = attributes.iter().map(|(n, o)| (n.as_str(), *o)).collect();
            assert_eq!(&attributes, expected, "{html}");
        }
        assert_eq!(scan_tag("<img src=\"x", 0), None);
        assert_eq!(scan_tag("< b>", 0), None);
    }

    #[test]
    fn handlers_are_found_in_every_spelling() {
        assert_eq!(
            found("<div>\n<img src=\"x\"onerror=\"a()\">\n</div>\n"),
            [(18, "an event-handler attribute `onerror`".into())]
        );
        assert_eq!(found("<IMG SRC=x OnError=1>"), [(11, "an event-handler attribute `onerror`".into())]);
        // A tag the tokenizer sees inside what a markdown parser took for CDATA.
        assert_eq!(
            found("<![CDATA[ x > <img src=x onerror=1> ]]>"),
            [(25, "an event-handler attribute `onerror`".into())]
        );
        // After an empty end tag, which emits no token.
        assert_eq!(found("</><b onclick=1>"), [(6, "an event-handler attribute `onclick`".into())]);
        // Inside a quoted value a `>` does not end the tag.
        assert_eq!(found("<a title=\"<b>\" onclick=1>x</a>"), [(15, "an event-handler attribute `onclick`".into())]);
    }

    #[test]
    fn what_follows_a_raw_text_element_is_text() {
        // The <img> is inside <textarea>'s text: no handler runs, but the <textarea> is refused.
        assert_eq!(found("<textarea><img src=x onerror=1></textarea>"), [(0, "a <textarea> element".into())]);
        assert_eq!(
            found("<script>\"<b onclick=1>\"</script><i onclick=2>"),
            [(0, "a <script> element".into()), (35, "an event-handler attribute `onclick`".into())]
        );
    }

    #[test]
    fn a_fragment_that_ends_inside_a_tag_is_refused() {
        assert_eq!(
            found("<div>\n<img src=x alt=\"a\n"),
            [(6, "a tag that is not closed before the markdown after it".into())]
        );
        assert_eq!(found("<!-- note\n"), [(0, "a comment that is not closed before the markdown after it".into())]);
        assert!(found("<div>\na < b and c > d\n").is_empty());
        assert!(found("<p>Fish &amp chips &").is_empty());
    }

    #[test]
    fn urls_by_what_they_are_for() {
        assert_eq!(found("<a href=\"javascript:x\">"), [(3, "href=\"javascript:x\" on <a>".into())]);
        assert_eq!(found("<img src=\"https://x.test/a.png\">"), [(5, "src=\"https://x.test/a.png\" on <img>".into())]);
        assert_eq!(found("<form action=\"//x.test/\">"), [(6, "action=\"//x.test/\" on <form>".into())]);
        assert_eq!(found("<q cite=\"data:text/html,x\">"), [(3, "cite=\"data:text/html,x\" on <q>".into())]);
        assert!(found(
            "<a href=\"https://x.test/\">x</a> <img src=\"a.png\" alt=\"\"> <form action=\"/search/\"></form>"
        )
        .is_empty());
    }

    #[test]
    fn ammonia_keeps_what_the_checks_accept_and_removes_the_rest() {
        let accepted = "<details open><summary>Why</summary><p class=\"x\" id=\"y\">A <a href=\"../b/\">b</a> <abbr title=\"t\">T</abbr></p></details><table><tr><th scope=\"col\">A</th></tr></table><!-- note --><img src=\"a.png\" alt=\"\">";
        assert!(check(accepted).is_empty());
        assert_eq!(second_opinion(accepted), None);
        for refused in [
            "<img src=x onerror=1>",
            "<a href=\"javascript:x\">x</a>",
            "<marquee>x</marquee>",
            "<p style=\"x\">y</p>",
            "<img src=\"//x.test/a\">",
        ] {
            assert!(!check(refused).is_empty(), "{refused}");
            assert!(second_opinion(refused).is_some(), "ammonia keeps {refused}");
        }
    }

    proptest::proptest! {
        // Whatever the input, the checker does not panic and its offsets are inside it; and if it
        // accepts a fragment, ammonia keeps all of it.
        #[test]
        fn accepted_fragments_are_kept_whole(html in "(<|>|/|=|\"|'| |\n|a|b|p|i|img|src|on|x|href|:|&|!|-){0,60}") {
            let findings = check(&html);
            for f in &findings {
                proptest::prop_assert!(f.offset <= html.len());
            }
            if findings.is_empty() {
                proptest::prop_assert_eq!(second_opinion(&html), None, "{:?}", html);
            }
        }
    }
}
