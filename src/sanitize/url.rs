//! Which URLs content may use, by what the URL is for. Values are taken as a browser takes them:
//! entities already decoded by the parser, tabs and newlines removed, surrounding spaces and
//! control characters trimmed, and `\` counted as `/` (so `/\host` is another origin).

use super::Finding;

/// What a URL attribute does with its URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Use {
    /// Followed when a reader clicks (`<a href>`, `cite`): any web or mail address is fine.
    Link,
    /// Loaded with the page (`<img src>`, `<video poster>`, SVG `<image href>`): this site only.
    Resource,
    /// Where a form sends what was typed: this site only.
    Form,
}

/// Why a URL cannot be kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Problem {
    Script,
    Data,
    OtherOrigin,
    Scheme,
}

impl Problem {
    pub(super) fn why(self, use_: Use) -> &'static str {
        match (self, use_) {
            (Problem::Script, _) => "pages run no script from content",
            (Problem::Data, _) => "a data: URL can hide a whole document or script inside the page",
            (Problem::OtherOrigin, Use::Form) => "what readers type must not be sent to another site",
            (Problem::OtherOrigin, _) => "pages load nothing from other sites",
            (Problem::Scheme, _) => "only http, https, mailto and tel addresses and paths on this site are allowed",
        }
    }

    pub(super) fn hint(self, use_: Use) -> &'static str {
        match (self, use_) {
            (_, Use::Form) => "keep readers' answers in the browser: use a quiz or checklist block instead of a form",
            (Problem::Script | Problem::Scheme, Use::Link) => {
                "link to a page of the site (a path) or to an https:// address"
            }
            _ => "save the file next to the page and refer to it by its file name",
        }
    }

    /// A finding about `attribute="value"` on `<element>`.
    pub(super) fn finding(self, use_: Use, offset: usize, attribute: &str, value: &str, element: &str) -> Finding {
        let what = format!("{attribute}=\"{}\" on <{element}>", super::shorten(&normalize(value)));
        Finding::new(offset, what, self.why(use_), self.hint(use_))
    }
}

/// The URL as a browser reads it from an attribute.
pub(super) fn normalize(value: &str) -> String {
    value.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect()
}

/// The scheme of a URL (lower case), if it has one.
fn scheme(url: &str) -> Option<String> {
    let end = url.find(':')?;
    let name = &url[..end];
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| name.to_ascii_lowercase())
}

/// `//host/...`, or the same written with backslashes, which browsers read as slashes.
fn is_protocol_relative(url: &str) -> bool {
    let mut chars = url.chars();
    matches!((chars.next(), chars.next()), (Some('/' | '\\'), Some('/' | '\\')))
}

/// What is wrong with using `value` for `use_`, if anything.
pub(super) fn problem(use_: Use, value: &str) -> Option<Problem> {
    let url = normalize(value);
    let scheme = scheme(&url);
    match scheme.as_deref() {
        Some("javascript" | "vbscript") => return Some(Problem::Script),
        Some("data") => return Some(Problem::Data),
        _ => {}
    }
    let web = matches!(scheme.as_deref(), Some("http" | "https"));
    match use_ {
        Use::Link if web || scheme.is_none() || matches!(scheme.as_deref(), Some("mailto" | "tel")) => None,
        Use::Link => Some(Problem::Scheme),
        Use::Resource | Use::Form if scheme.is_none() && !is_protocol_relative(&url) => None,
        Use::Resource | Use::Form if web || scheme.is_none() => Some(Problem::OtherOrigin),
        Use::Resource | Use::Form => Some(Problem::Scheme),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_may_go_anywhere_on_the_web_but_run_nothing() {
        for ok in
            ["https://example.org/", "http://x.test", "mailto:a@b.test", "tel:+1", "../a/", "#steps", "//x.test/", ""]
        {
            assert_eq!(problem(Use::Link, ok), None, "{ok}");
        }
        for (bad, expected) in [
            ("javascript:alert(1)", Problem::Script),
            (" JavaScript:alert(1)", Problem::Script),
            ("java\tscript:alert(1)", Problem::Script),
            ("\u{1}javascript:x", Problem::Script),
            ("vbscript:x", Problem::Script),
            ("data:text/html,<script>", Problem::Data),
            ("file:///etc/passwd", Problem::Scheme),
            ("blob:x", Problem::Scheme),
        ] {
            assert_eq!(problem(Use::Link, bad), Some(expected), "{bad:?}");
        }
    }

    #[test]
    fn resources_and_forms_stay_on_the_site() {
        for ok in ["grip.png", "./a/b.png", "/static/x.png", "../x.png?v=1", "#g", "photos/grip%20a.png"] {
            assert_eq!(problem(Use::Resource, ok), None, "{ok}");
            assert_eq!(problem(Use::Form, ok), None, "{ok}");
        }
        for bad in
            ["https://cdn.test/x.png", "http://x", "//cdn.test/x.png", "/\\cdn.test/x.png", "\\\\cdn.test/x", " //x"]
        {
            assert_eq!(problem(Use::Resource, bad), Some(Problem::OtherOrigin), "{bad:?}");
            assert_eq!(problem(Use::Form, bad), Some(Problem::OtherOrigin), "{bad:?}");
        }
        assert_eq!(problem(Use::Resource, "data:image/png;base64,AAAA"), Some(Problem::Data));
        assert_eq!(problem(Use::Resource, "mailto:a@b"), Some(Problem::Scheme));
    }
}
