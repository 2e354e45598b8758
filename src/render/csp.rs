//! The Content-Security-Policy every page carries in its own `<head>`, so that a host that sends
//! no header (GitHub Pages, a plain file server, an LMS) still enforces it. `serve` sends the same
//! policy as a header. What a policy in a `<meta>` cannot do (frame-ancestors, reporting,
//! sandbox) is in docs/deploy.md.

use crate::output::Output;

/// DESIGN.md's policy, plus what a page can also forbid for itself: plug-ins, a `<base>` that
/// moves every link, and forms that send to another site.
pub const POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// [`POLICY`] as the theme's templates write it, first in `<head>` after the charset.
pub(crate) const META: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; form-action 'self'\">";

/// Gives every page rendered from a template the policy: the theme's templates have it; a
/// site's own template that does not gets it as the first thing of its `<head>`. Files copied
/// from static/ and content/ are left as they are.
pub(crate) fn ensure_meta(output: &mut Output) {
    if output.path.ends_with(".html") {
        if let Some(bytes) = with_meta(&output.bytes) {
            output.bytes = std::sync::Arc::new(bytes);
        }
    }
}

/// The page with the meta added, or `None` if its head already has it.
fn with_meta(html: &[u8]) -> Option<Vec<u8>> {
    // The theme writes it in the first lines: look there before reading the whole page.
    let prefix = &html[..html.len().min(4096)];
    let early = find(prefix, META.as_bytes(), 0)
        .is_some_and(|at| find(&prefix[..at].to_ascii_lowercase(), b"<body", 0).is_none());
    if early {
        return None;
    }
    let lower = html.to_ascii_lowercase();
    let head_end = find(&lower, b"<body", 0).unwrap_or(lower.len());
    if find(&html[..head_end], META.as_bytes(), 0).is_some() {
        return None;
    }
    // Just inside <head>; without one, where the parser opens it: after <html> or the doctype.
    let after = [b"<head".as_slice(), b"<html", b"<!doctype"].iter().find_map(|tag| {
        let start = tag_start(&lower[..head_end], tag)?;
        find(&lower, b">", start).map(|end| end + 1)
    });
    let at = after.unwrap_or(0);
    let mut out = Vec::with_capacity(html.len() + META.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(META.as_bytes());
    out.extend_from_slice(&html[at..]);
    Some(out)
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| from + i)
}

/// The first `tag` that is that tag, not a longer name (`<head` but not `<header`).
fn tag_start(lower: &[u8], tag: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = find(lower, tag, from) {
        match lower.get(at + tag.len()) {
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'/') => return Some(at),
            _ => from = at + 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meta_states_the_policy() {
        assert_eq!(META, format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">"));
        assert!(
            POLICY.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"),
            "DESIGN.md's policy first"
        );
    }

    #[test]
    fn the_theme_templates_that_write_a_head_carry_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        for entry in walkdir::WalkDir::new(&dir).into_iter().filter_map(Result::ok) {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            if text.contains("<head") {
                let charset = text.find("<meta charset=\"utf-8\">\n").map(|i| i + 23);
                assert_eq!(
                    text.find(META),
                    charset,
                    "{}: the CSP meta right after the charset",
                    entry.path().display()
                );
            }
        }
    }

    #[test]
    fn pages_without_it_get_it_first_in_their_head() {
        let meta = META;
        let cases = [
            (
                "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>",
                format!("<!DOCTYPE html><html><head>{meta}<title>x</title></head><body></body></html>"),
            ),
            ("<html><HEAD lang=en>x", format!("<html><HEAD lang=en>{meta}x")),
            ("<!doctype html><header>x</header>", format!("<!doctype html>{meta}<header>x</header>")),
            ("<html><body><head>", format!("<html>{meta}<body><head>")),
            ("just text", format!("{meta}just text")),
        ];
        for (page, expected) in cases {
            assert_eq!(with_meta(page.as_bytes()).map(String::from_utf8), Some(Ok(expected)), "{page}");
        }
        let done = format!("<html><head>{meta}</head><body>{meta}</body>");
        assert_eq!(with_meta(done.as_bytes()), None);
        assert!(with_meta(format!("<body>{meta}").as_bytes()).is_some(), "a meta in the body counts for nothing");
    }
}
