//! The site's content: sections and pages loaded from `content/`, in a deterministic order.

pub mod front_matter;
mod load;
pub mod meta;
pub mod strings;
pub mod translations;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub(crate) use load::modified_nanos;
pub(crate) use load::{files_under, is_ignored, utf8_text};
pub use load::{load, load_reusing, LoadCache, LoadOptions};
pub use meta::{Audience, Evidence, Kind, Meta};

use crate::config::Config;
use crate::error::Diagnostic;
use crate::output::Origin;

/// One content file: a section (`_index.md`) or a page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root, for messages (`content/guides/x.md`).
    pub file: PathBuf,
    /// Path relative to `content/`, with `/` separators (`guides/x.md`).
    pub rel: String,
    /// URL path relative to the base path, starting and ending with `/` (`/guides/x/`).
    pub url: String,
    pub is_section: bool,
    pub kind: Kind,
    pub meta: Meta,
    /// Shared with `serve`'s copy of the file (see [`LoadCache`]) and with the page in other
    /// languages' views.
    pub body: std::sync::Arc<str>,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// Whether `body` holds a calculator block, which gives the page its icon (found once here:
    /// every sidebar and card showing the page asks).
    pub has_calculator: bool,
    /// FNV-1a of the file's bytes: what a translation's `translated_from` names.
    pub source_hash: u64,
    /// In a language's view of the site ([`Site::for_language`]): how this page stands in it.
    /// `None` in the default language.
    pub lang: Option<translations::PageLanguage>,
    /// The languages this page has a translation into (codes, in the site's order).
    pub translated_into: Vec<String>,
    /// The section this page or section sits in (none for the home page).
    pub parent: Option<usize>,
    /// For sections: the pages directly below, then the subsections, each in order.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    /// For lessons: the module they belong to.
    pub module: Option<usize>,
}

impl Page {
    /// Whether a page body holds a calculator block ([`Page::has_calculator`]).
    pub(crate) fn body_has_calculator(body: &str) -> bool {
        body.contains("```calculator")
    }

    pub fn slug(&self) -> &str {
        self.url.trim_end_matches('/').rsplit('/').next().unwrap_or("")
    }

    /// Where the page's output file comes from: this file, at its `slug` if it has one.
    pub fn output_origin(&self) -> Origin {
        Origin::content(&self.file, self.meta.slug_at, "the page")
    }

    /// Where the redirect page of the `n`th alias comes from: the alias in this file.
    pub fn alias_origin(&self, n: usize) -> Origin {
        let alias = self.meta.aliases.get(n).map_or("", String::as_str);
        let at = self.meta.aliases_at.get(n).copied().unwrap_or((0, 0));
        Origin::content(&self.file, at, format!("the alias {alias:?}"))
    }
}

/// A file of the site that is not a page: under `content/` (copied to the same place in the
/// output) or under `static/` (copied to the output's root). Loading reads what rendering needs to
/// know of it, so rendering reads no files.
#[derive(Debug, Clone, Default)]
pub struct Asset {
    /// `content` or `static`: the folder of the site it is in.
    pub folder: &'static str,
    pub source: PathBuf,
    /// Path relative to `content/` (or `static/`) with `/` separators.
    pub rel: String,
    /// Size in bytes and modification time (nanoseconds since 1970), for cache keys.
    pub len: u64,
    pub modified: u128,
    /// Width and height in pixels of a PNG, JPEG, GIF or WebP picture, from its header.
    pub picture_size: Option<(u64, u64)>,
    /// The bytes of the files the build reads as well as copies: CSV data and SVG drawings.
    pub bytes: Option<Vec<u8>>,
}

impl Asset {
    /// Reads what the build needs to know of the file at `source`. A file that cannot be read
    /// fails the build later, where it is copied, with its I/O error.
    /// What `kept` (the last load's assets, by source) knows of a file whose size and
    /// modification time did not change is taken instead.
    pub(crate) fn read(
        folder: &'static str,
        rel: String,
        source: PathBuf,
        kept: Option<&std::collections::HashMap<PathBuf, Asset>>,
    ) -> Asset {
        let meta = std::fs::metadata(&source).ok();
        let modified = meta.as_ref().map_or(0, load::modified_nanos);
        let same = |a: &&Asset| a.folder == folder && a.rel == rel && Some(a.len) == meta.as_ref().map(|m| m.len());
        if let Some(asset) = kept.and_then(|k| k.get(&source)).filter(same).filter(|a| a.modified == modified) {
            return asset.clone();
        }
        let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        let picture_size = match ext.as_str() {
            "png" | "jpg" | "jpeg" | "gif" | "webp" => {
                imagesize::size(&source).ok().map(|s| (s.width as u64, s.height as u64))
            }
            _ => None,
        };
        let bytes = matches!(ext.as_str(), "csv" | "svg").then(|| std::fs::read(&source).ok()).flatten();
        Asset { folder, len: meta.map_or(0, |m| m.len()), modified, picture_size, bytes, source, rel }
    }

    /// Its text, for the files whose bytes are kept (lossy if not UTF-8).
    pub fn text(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.bytes.as_deref().map(String::from_utf8_lossy)
    }

    /// Its path from the site folder, for messages: `content/guides/x.csv`.
    pub fn shown(&self) -> PathBuf {
        Path::new(self.folder).join(&self.rel)
    }
}

/// The site's files by the paths pages use for them: a path is looked up among the files of
/// `content/` first and, when written from the site root (`/images/x.png`), then of `static/`.
#[derive(Debug, Default)]
pub(crate) struct AssetIndex<'a> {
    content: HashMap<&'a str, &'a Asset>,
    statics: HashMap<&'a str, &'a Asset>,
}

impl<'a> AssetIndex<'a> {
    pub(crate) fn new(site: &'a Site) -> Self {
        AssetIndex {
            content: site.assets.iter().map(|a| (a.rel.as_str(), a)).collect(),
            statics: site.static_files.iter().map(|a| (a.rel.as_str(), a)).collect(),
        }
    }

    /// The file that `dest`, written on the page at `page_rel`, names, and its path in the
    /// output (relative to the site root).
    pub(crate) fn find(&self, page_rel: &str, dest: &str) -> Option<(&'a Asset, String)> {
        let rel = crate::text::resolve_path(page_rel, dest)?;
        let found = self.content.get(rel.as_str()).or_else(|| {
            if dest.starts_with('/') {
                self.statics.get(rel.as_str())
            } else {
                None
            }
        });
        found.map(|asset| (*asset, rel))
    }
}

/// Everything loaded from the site folder.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Sections and pages. Index 0 is the home page.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// The files under `static/`, which pages may use by their path from the site root.
    pub static_files: Vec<Asset>,
    /// `rel` -> index into `pages`.
    pub by_rel: HashMap<String, usize>,
    /// URL path -> index into `pages`.
    pub by_url: HashMap<String, usize>,
    /// Problems found while loading (errors and warnings).
    pub diagnostics: Vec<Diagnostic>,
    /// The translations of pages (`x.es.md`), by language then file.
    pub translations: Vec<translations::Translation>,
    /// The theme's strings in every language, with the site's `i18n/` overrides.
    pub strings: std::sync::Arc<strings::Strings>,
}

impl Site {
    /// A site of these pages (index 0 the home page), indexed by file and by URL; where two pages
    /// share a URL the first is found by it (the second is an error reported by loading).
    pub fn new(config: Config, pages: Vec<Page>, assets: Vec<Asset>) -> Site {
        let mut by_url: HashMap<String, usize> = HashMap::new();
        for (i, page) in pages.iter().enumerate() {
            by_url.entry(page.url.clone()).or_insert(i);
        }
        let by_rel = pages.iter().enumerate().map(|(i, p)| (p.rel.clone(), i)).collect();
        Site {
            config,
            pages,
            assets,
            static_files: Vec::new(),
            by_rel,
            by_url,
            diagnostics: Vec::new(),
            translations: Vec::new(),
            strings: Default::default(),
        }
    }

    pub fn home(&self) -> &Page {
        &self.pages[0]
    }

    /// Sections from the home page down to `index`'s parent.
    pub fn ancestors(&self, index: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = self.pages[index].parent;
        while let Some(i) = current {
            chain.push(i);
            current = self.pages[i].parent;
        }
        chain.reverse();
        chain
    }

    /// The lessons of a module, in order.
    pub fn lessons(&self, module: usize) -> &[usize] {
        &self.pages[module].pages
    }

    /// The page for a `.md` path relative to `content/` (`guides/x.md`, `guides/_index.md`,
    /// `guides/bundle/index.md`).
    pub fn find(&self, rel: &str) -> Option<usize> {
        self.by_rel.get(rel).copied()
    }

    /// A site URL path (`/guides/x/`) with the base path in front, for links.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.base_path, path.strip_prefix('/').unwrap_or(path))
    }

    /// The language this view of the site is in: the default's code, or e.g. `es` for the view
    /// [`Site::for_language`] makes.
    pub fn view_language(&self) -> &str {
        self.pages.first().and_then(|p| p.lang.as_ref()).map_or(self.config.language.as_str(), |l| l.code.as_str())
    }

    /// The page at a URL path (`/guides/x/`, without the base path).
    pub fn find_url(&self, url: &str) -> Option<usize> {
        self.by_url.get(url).copied()
    }
}
