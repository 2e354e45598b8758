//! Blocks: fenced code blocks whose info string names a block (`quiz`, `checklist`, `calculator`,
//! `chart`, `figure`, `letters`). Each block's body is TOML; a block module parses and validates it and returns the
//! HTML to put in its place. Errors carry a line and column *inside the block body* (1-based); the
//! markdown pass turns them into file positions. An error about a file the block reads (a chart's
//! CSV) names that file and its own line and column instead.

use crate::content::AssetIndex;
use std::path::PathBuf;

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
    /// The site's other files (content/ and static/), by the paths pages use for them.
    pub assets: &'a AssetIndex<'a>,
    /// The report from the site's `data/*.csv`, if it has any.
    pub report: Option<&'a crate::report::Report>,
    /// The theme's strings in the page's language, for the words blocks write themselves.
    pub words: crate::content::strings::Words<'a>,
    /// The district's name (`[district] name`, else the site's title), for printed sheets.
    pub district: &'a str,
}

impl BlockContext<'_> {
    /// A prefix for the HTML ids of one block: `quiz_` plus a short stable hash of the body, and
    /// the repeat count when a page holds the same block twice. Heading ids never contain `_`
    /// (slugify turns it into `-`), so these cannot collide with them.
    pub(crate) fn dom_prefix(&self, kind: &str, body: &str) -> String {
        let mut fnv = crate::hash::Fnv::default();
        fnv.write(body.as_bytes());
        let hash = fnv.0;
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

pub(crate) use crate::text::{escape, line_col};

/// A context for unit tests: base path `/`, no presets, a page at `a.md`, no other files.
#[cfg(test)]
pub(crate) fn test_context() -> BlockContext<'static> {
    static NO_ASSETS: std::sync::LazyLock<AssetIndex<'static>> = std::sync::LazyLock::new(AssetIndex::default);
    static NO_STRINGS: std::sync::LazyLock<crate::content::strings::Strings> =
        std::sync::LazyLock::new(Default::default);
    BlockContext {
        base_path: "/",
        pass_score: Some(80),
        presets: &[],
        repeat: 0,
        first: true,
        page_rel: "a.md",
        assets: &NO_ASSETS,
        report: None,
        words: crate::content::strings::Words { strings: &NO_STRINGS, lang: "en" },
        district: "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The English the blocks carry for a page built without strings is the theme's English
    /// file, word for word: the two cannot drift apart.
    #[test]
    fn the_blocks_english_words_are_the_theme_english_file() {
        let en: std::collections::BTreeMap<String, String> =
            toml::from_str(include_str!("../../themes/default/i18n/en.toml")).expect("en.toml parses");
        let words = chart::words::ALL
            .iter()
            .chain(&letters::WORDS)
            .chain(&letters::SENTENCES)
            .chain(&report::WORDS)
            .chain(&report::SCHOOL_WORDS);
        let mut count = 0;
        for (key, english) in words {
            assert_eq!(en.get(*key).map(String::as_str), Some(*english), "{key}");
            count += 1;
        }
        assert!(count > 130, "{count} words");
        let convention = &letters::set().expect("strokes").convention;
        assert_eq!(en.get("letters_convention"), Some(convention), "letters_convention is the strokes file's");
    }

    #[test]
    fn repeated_blocks_get_distinct_prefixes() {
        let ctx = |repeat| BlockContext { repeat, ..test_context() };
        assert_eq!(ctx(0).dom_prefix("quiz", "x"), ctx(0).dom_prefix("quiz", "x"));
        assert_ne!(ctx(0).dom_prefix("quiz", "x"), ctx(1).dom_prefix("quiz", "x"));
        assert_ne!(ctx(0).dom_prefix("quiz", "x"), ctx(0).dom_prefix("quiz", "y"));
    }
}
