//! Blocks: fenced code blocks whose info string names a block (`quiz`, `checklist`, `calculator`,
//! `chart`, `figure`, `letters`). Each block's body is TOML; a block module parses and validates it and returns the
//! HTML to put in its place. Errors carry a line and column *inside the block body* (1-based); the
//! markdown pass turns them into file positions. An error about a file the block reads (a chart's
//! CSV) names that file and its own line and column instead.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub(crate) mod calculator;
pub(crate) mod chart;
pub(crate) mod checklist;
pub(crate) mod figure;
pub(crate) mod letters;
pub(crate) mod quiz;
pub(crate) mod report;

/// The names of the blocks tierbook knows.
pub(crate) const BLOCK_NAMES: [&str; 7] = ["quiz", "checklist", "calculator", "chart", "figure", "letters", "report"];

/// What a block renderer may know about the page it sits on.
pub(crate) struct BlockContext<'a> {
    /// The site's base path, always starting and ending with `/` (e.g. `/` or `/pd/`).
    pub base_path: &'a str,
    /// The pass mark of the module this page belongs to, in percent, if any.
    pub pass_score: Option<u8>,
    /// Case studies with cost figures, usable as calculator presets.
    pub presets: &'a [Preset],
    /// How many blocks with this very body came earlier on the page (normally 0).
    pub repeat: usize,
    /// Whether this is the first block of its name on the page (it links its stylesheet).
    pub first: bool,
    /// The page's path relative to `content/`, for files the block reads (`guides/x.md`).
    pub page_rel: &'a str,
    /// The site's `content/` folder on disk.
    pub content_dir: &'a Path,
    /// Every non-markdown file under `content/`, by path relative to it.
    pub assets: &'a HashSet<String>,
    /// The report from the site's `data/*.csv`, if it has any.
    pub report: Option<&'a crate::report::Report>,
}

impl BlockContext<'_> {
    /// A prefix for the HTML ids of one block: `quiz_` plus a short stable hash of the body, and
    /// the repeat count when a page holds the same block twice. Heading ids never contain `_`
    /// (slugify turns it into `-`), so these cannot collide with them.
    pub(crate) fn dom_prefix(&self, kind: &str, body: &str) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in body.bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        match self.repeat {
            0 => format!("{kind}_{:06x}", hash as u32 & 0xff_ffff),
            n => format!("{kind}_{:06x}_{n}", hash as u32 & 0xff_ffff),
        }
    }
}

/// A case study's stated cost figures, offered as a calculator preset.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Preset {
    /// The case study's slug, e.g. `montgomery-county`.
    pub slug: String,
    pub title: String,
    /// Site URL path of the case study page.
    pub url: String,
    pub students: u32,
    /// Dollars per student.
    pub cost_before: f64,
    pub cost_after: f64,
}

/// A problem inside a block body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlockError {
    /// 1-based line inside the block body.
    pub line: usize,
    /// 1-based column (in characters) on that line.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// Set when the position is in another file the block reads (relative to the site root),
    /// not in the block body.
    pub file: Option<PathBuf>,
}

impl BlockError {
    pub(crate) fn new(line: usize, column: usize, message: impl Into<String>) -> Self {
        BlockError { line, column, message: message.into(), hint: None, file: None }
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Converts a `toml` parse or deserialize error into a block error at its span.
    pub(crate) fn from_toml(body: &str, err: &toml::de::Error) -> Self {
        let (line, column) = err.span().map_or((1, 1), |span| line_col(body, span.start));
        BlockError::new(line, column, err.message().trim().to_string())
    }
}

/// 1-based line and column of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Finds the line and column where `key = ` is first written in a TOML body, for errors about a
/// value that parsed but is wrong.
pub(crate) fn key_position(body: &str, key: &str) -> Option<(usize, usize)> {
    // A table key is written as a header: `[figures]` or `[[questions]]`.
    let header = body.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let name = trimmed.trim_start_matches('[').split([']', '.']).next()?;
        (trimmed.starts_with('[') && name.trim() == key).then(|| (i + 1, line.len() - trimmed.len() + 1))
    });
    header.or_else(|| {
        body.lines().enumerate().find_map(|(i, line)| {
            let start = line.find(key)?;
            let rest = line[start + key.len()..].trim_start();
            let boundary_ok =
                start == 0 || !line[..start].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-');
            (boundary_ok && rest.starts_with('=')).then(|| (i + 1, line[..start].chars().count() + 1))
        })
    })
}

/// Escapes text for HTML element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A context for unit tests: base path `/`, no presets, a page at `a.md`, no other files.
#[cfg(test)]
pub(crate) fn test_context() -> BlockContext<'static> {
    static NO_ASSETS: std::sync::LazyLock<HashSet<String>> = std::sync::LazyLock::new(HashSet::new);
    BlockContext {
        base_path: "/",
        pass_score: Some(80),
        presets: &[],
        repeat: 0,
        first: true,
        page_rel: "a.md",
        content_dir: Path::new("/nonexistent/content"),
        assets: &NO_ASSETS,
        report: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("a = 1\nbb = x", 0), (1, 1));
        assert_eq!(line_col("a = 1\nbb = x", 11), (2, 6));
    }

    #[test]
    fn key_position_skips_longer_keys() {
        let body = "answer_text = 1\n  answer = \"b\"\n";
        assert_eq!(key_position(body, "answer"), Some((2, 3)));
        assert_eq!(key_position(body, "missing"), None);
        assert_eq!(key_position("a = 1\n[figures]\nx = 2\n", "figures"), Some((2, 1)));
        assert_eq!(key_position("[[questions]]\nid = 1\n", "questions"), Some((1, 1)));
    }

    proptest::proptest! {
        // Block bodies are author input: any text gives HTML or errors, never a panic, and every
        // error points inside the body.
        #[test]
        fn block_renderers_never_panic(body in "(\\PC|\n|\\[|\\]|=|\"){0,200}") {
            let presets = [Preset { slug: "p".into(), title: "P".into(), url: "/p/".into(), students: 10, cost_before: 2000.0, cost_after: 1500.0 }];
            let ctx = BlockContext { presets: &presets, ..test_context() };
            let lines = body.lines().count().max(1);
            let results = [
                quiz::render(&body, &ctx),
                checklist::render(&body, &ctx),
                calculator::render(&body, &ctx),
                chart::render(&body, &ctx),
                letters::render(&body, &ctx),
                figure::render(&body, &ctx),
                report::render(&body, &ctx),
            ];
            for result in results {
                if let Err(errors) = result {
                    proptest::prop_assert!(!errors.is_empty());
                    for e in errors {
                        proptest::prop_assert!(e.line >= 1 && e.line <= lines + 1, "{:?} for {:?}", e, body);
                    }
                }
            }
        }
    }

    #[test]
    fn repeated_blocks_get_distinct_prefixes() {
        let ctx = |repeat| BlockContext { repeat, ..test_context() };
        assert_eq!(ctx(0).dom_prefix("quiz", "x"), ctx(0).dom_prefix("quiz", "x"));
        assert_ne!(ctx(0).dom_prefix("quiz", "x"), ctx(1).dom_prefix("quiz", "x"));
        assert_ne!(ctx(0).dom_prefix("quiz", "x"), ctx(0).dom_prefix("quiz", "y"));
    }

    #[test]
    fn escape_covers_attribute_quotes() {
        assert_eq!(escape(r#"<a href="x">'"#), "&lt;a href=&quot;x&quot;&gt;&#39;");
    }
}
