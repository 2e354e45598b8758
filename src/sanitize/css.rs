//! References to other files inside CSS: SVG `<style>` elements, `style` attributes and
//! presentation attributes such as `fill="url(...)"`. Local references (`url(#gradient)`, a file
//! of the site) are fine; anything that would load from elsewhere, `@import`, and backslash
//! escapes (which can spell `url` or `@import` so that a search does not see them) are not.

use super::url::{self, Problem, Use};

/// (byte offset, what) for each reference that cannot be kept.
pub(super) fn check(css: &str) -> Vec<(usize, String)> {
    let lower = css.to_ascii_lowercase();
    let bytes = css.as_bytes();
    let mut found = Vec::new();
    if let Some(at) = css.find('\\') {
        found.push((at, "a backslash escape in CSS".to_string()));
    }
    let mut i = 0;
    while i < bytes.len() {
        let rest = &lower[i..];
        if rest.starts_with("/*") {
            i = rest.find("*/").map_or(bytes.len(), |n| i + n + 2);
        } else if rest.starts_with("@import") {
            found.push((i, "a CSS @import".to_string()));
            i += "@import".len();
        } else if rest.starts_with("url(") {
            let (target, end) = argument(css, i + "url(".len());
            if url::problem(Use::Resource, target).is_some() {
                found.push((i, format!("a CSS url({})", super::shorten(target))));
            }
            i = end;
        } else if matches!(bytes[i], b'"' | b'\'') {
            let quote = char::from(bytes[i]);
            let end = css[i + 1..].find(quote).map_or(bytes.len(), |n| i + 1 + n);
            let text = &css[i + 1..end];
            // Strings are also font names and generated text: only what reads as a URL to
            // another place counts.
            if matches!(url::problem(Use::Resource, text), Some(Problem::OtherOrigin | Problem::Data | Problem::Script))
            {
                found.push((i, format!("a CSS reference to {}", super::shorten(text))));
            }
            i = (end + 1).min(bytes.len());
        } else {
            i += css[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

/// The argument of `url(` starting at `start`, quoted or not, and where the call ends.
fn argument(css: &str, start: usize) -> (&str, usize) {
    let rest = &css[start..];
    let trimmed = rest.trim_start();
    let skipped = rest.len() - trimmed.len();
    let (target, len) = match trimmed.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let end = trimmed[1..].find(quote).map_or(trimmed.len(), |n| n + 1);
            (&trimmed[1..end], trimmed[end..].find(')').map_or(trimmed.len(), |n| end + n + 1))
        }
        _ => {
            let end = trimmed.find(')').unwrap_or(trimmed.len());
            (trimmed[..end].trim_end(), (end + 1).min(trimmed.len()))
        }
    };
    (target, start + skipped + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_references_pass() {
        for css in [
            ".a { fill: url(#g); stroke: url( '#h' ) }",
            "fill: url(pattern.svg#p)",
            "font-family: \"Open Sans\", serif",
            "/* see https://x.test/ */ fill: red",
        ] {
            assert!(check(css).is_empty(), "{css}");
        }
    }

    #[test]
    fn references_to_elsewhere_are_found_where_they_are() {
        let found = |css: &str| check(css);
        assert_eq!(
            found("@import url(https://x.test/a.css);"),
            [(0, "a CSS @import".to_string()), (8, "a CSS url(https://x.test/a.css)".to_string())]
        );
        assert_eq!(found("fill: URL(\"//x.test/p#a\")"), [(6, "a CSS url(//x.test/p#a)".to_string())]);
        assert_eq!(
            found("a { background: url(data:image/svg+xml,x) }"),
            [(16, "a CSS url(data:image/svg+xml,x)".to_string())]
        );
        assert_eq!(
            found("src: image-set(\"https://x.test/a.png\" 1x)"),
            [(15, "a CSS reference to https://x.test/a.png".to_string())]
        );
        assert_eq!(found("fill: \\75 rl(x)")[0], (6, "a backslash escape in CSS".to_string()));
    }
}
