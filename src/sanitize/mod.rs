//! What content may put on the site's pages besides markdown: raw HTML (through html5ever and an
//! allowlist, [`html`]) and SVG files (through an XML parser, [`svg`]). Nothing an author wrote
//! is dropped in silence: whatever cannot be kept (script, handlers, embedded documents, loads
//! from other origins, `javascript:` and `data:` URLs, inline styles) is a content error at the
//! place it was written, with a hint. The allowlist is one table ([`policy`]) shared by the
//! located checks and by ammonia, which checks the same fragment again as a second opinion.

mod css;
pub(crate) mod files;
pub(crate) mod html;
mod policy;
pub(crate) mod svg;
mod url;

/// One thing that cannot be kept, at a byte offset of the text that was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub offset: usize,
    /// What was found, as it reads after "raw HTML with" or "SVG with".
    pub what: String,
    /// Why it cannot be kept.
    pub why: &'static str,
    pub hint: &'static str,
}

impl Finding {
    fn new(offset: usize, what: impl Into<String>, why: &'static str, hint: &'static str) -> Self {
        Finding { offset, what: what.into(), why, hint }
    }
}

/// Why a markdown link's destination cannot be kept, with a hint: `javascript:` and `data:` URLs
/// (markdown links to other places are checked by the links pass).
pub(crate) fn refused_link(dest: &str) -> Option<(&'static str, &'static str)> {
    use url::{Problem, Use};
    match url::problem(Use::Link, dest)? {
        problem @ (Problem::Script | Problem::Data) => Some((problem.why(Use::Link), problem.hint(Use::Link))),
        _ => None,
    }
}

/// A value for a message: at most 60 characters, so a long `data:` URL does not fill the screen.
fn shorten(value: &str) -> String {
    match value.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_string(),
    }
}
