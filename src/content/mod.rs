//! The site's content: sections and pages loaded from `content/`, in a deterministic order.

pub mod front_matter;
mod load;
pub mod meta;

use std::collections::HashMap;
use std::path::PathBuf;

pub(crate) use load::{files_under, is_ignored, utf8_text};
pub use load::{load, LoadOptions};
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
    pub body: String,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
    /// The section this page or section sits in (none for the home page).
    pub parent: Option<usize>,
    /// For sections: the pages directly below, then the subsections, each in order.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    /// For lessons: the module they belong to.
    pub module: Option<usize>,
}

impl Page {
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

/// A non-markdown file under `content/`, copied to the same place in the output.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Path relative to `content/` with `/` separators.
    pub rel: String,
}

/// Everything loaded from the site folder.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Sections and pages. Index 0 is the home page.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// `rel` -> index into `pages`.
    pub by_rel: HashMap<String, usize>,
    /// URL path -> index into `pages`.
    pub by_url: HashMap<String, usize>,
    /// Problems found while loading (errors and warnings).
    pub diagnostics: Vec<Diagnostic>,
}

impl Site {
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

    /// The page at a URL path (`/guides/x/`, without the base path).
    pub fn find_url(&self, url: &str) -> Option<usize> {
        self.by_url.get(url).copied()
    }
}
