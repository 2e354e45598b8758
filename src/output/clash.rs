//! Collisions between outputs: two sources written to one file, a file where another source needs
//! a folder, and names that differ only in letter case or Unicode normalisation (one file on
//! Windows and macOS). Each is a content error at the source that caused it, naming the other.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::path::{fold_key, OutPath};
use crate::error::Diagnostic;

/// Where an output comes from, for messages about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The site file that makes the output, from the site root; none for tierbook's own files.
    pub file: Option<PathBuf>,
    /// The line and column of the key that chose the output's place (`slug`, `aliases`), or 0.
    pub line: usize,
    pub column: usize,
    /// What the output is, for messages: "the page", "the alias \"/old/\"", "tierbook's sitemap";
    /// empty for a file copied as it is.
    pub what: Cow<'static, str>,
}

impl Origin {
    /// One of tierbook's own files.
    pub fn generated(what: &'static str) -> Origin {
        Origin { file: None, line: 0, column: 0, what: Cow::Borrowed(what) }
    }

    /// A site file copied as it is (`static/x.pdf`, `content/guides/x.png`).
    pub fn copy(file: impl Into<PathBuf>) -> Origin {
        Origin { file: Some(file.into()), line: 0, column: 0, what: Cow::Borrowed("") }
    }

    /// Something a content file makes, at `(line, column)` of the key that placed it, or `(0, 0)`.
    pub fn content(file: impl Into<PathBuf>, at: (usize, usize), what: impl Into<Cow<'static, str>>) -> Origin {
        Origin { file: Some(file.into()), line: at.0, column: at.1, what: what.into() }
    }

    /// For the other side of a message: "the alias \"/old/\" of content/a.md:3:11".
    fn describe(&self) -> String {
        let Some(file) = &self.file else { return self.what.to_string() };
        let mut place = file.display().to_string();
        if self.line > 0 {
            place = format!("{place}:{}:{}", self.line, self.column.max(1));
        }
        if self.what.is_empty() {
            place
        } else {
            format!("{} of {place}", self.what)
        }
    }

    /// For the subject of a message at this origin's own file: "this alias \"/old/\"".
    fn subject(&self) -> String {
        if self.what.is_empty() {
            return "this file".to_string();
        }
        match self.what.strip_prefix("the ") {
            Some(rest) => format!("this {rest}"),
            None => self.what.to_string(),
        }
    }

    /// Which of two origins a message belongs at: a located key, then any site file.
    fn rank(&self) -> u8 {
        match (&self.file, self.line) {
            (Some(_), line) if line > 0 => 2,
            (Some(_), _) => 1,
            (None, _) => 0,
        }
    }
}

#[derive(Clone, Copy)]
enum Clash {
    /// Both are written to one file.
    Same,
    /// The first is written to a file where the second needs a folder.
    FileIsFolder,
    /// The first needs a folder where the second writes a file.
    FolderIsFile,
    /// The names differ only in letter case or normalisation.
    Folded,
}

/// What each folded name was first claimed as.
struct Claimed<'a> {
    exact: &'a str,
    claim: usize,
    is_folder: bool,
}

/// Every clash among `claims` (an output path and where it comes from), as errors.
pub fn clashes<'a>(claims: impl IntoIterator<Item = (&'a OutPath, &'a Origin)>) -> Vec<Diagnostic> {
    let claims: Vec<(&OutPath, &Origin)> = claims.into_iter().collect();
    let mut seen: HashMap<Cow<'a, str>, Claimed<'a>> = HashMap::with_capacity(claims.len() * 2);
    let mut found: Vec<(Clash, usize, &str, usize, &str)> = Vec::new();
    for (i, &(path, _)) in claims.iter().enumerate() {
        // Folders first, outermost first: the outermost difference is the one to report, and
        // one report per claim is enough.
        let mut clash = None;
        for folder in path.folders() {
            match seen.get(&fold_key(folder)) {
                None => {
                    seen.insert(fold_key(folder), Claimed { exact: folder, claim: i, is_folder: true });
                }
                Some(c) if c.is_folder && c.exact == folder => {}
                Some(c) => {
                    let kind = if c.is_folder { Clash::Folded } else { Clash::FolderIsFile };
                    clash = Some((kind, i, folder, c.claim, c.exact));
                    break;
                }
            }
        }
        let file = path.as_str();
        if clash.is_none() {
            clash = match seen.get(&fold_key(file)) {
                None => {
                    seen.insert(fold_key(file), Claimed { exact: file, claim: i, is_folder: false });
                    None
                }
                Some(c) if c.is_folder => Some((Clash::FileIsFolder, i, file, c.claim, c.exact)),
                Some(c) if c.exact == file => Some((Clash::Same, i, file, c.claim, c.exact)),
                Some(c) => Some((Clash::Folded, i, file, c.claim, c.exact)),
            };
        }
        found.extend(clash);
    }
    // A clash of folders shows again for every file below them: report each pair of names once.
    let mut reported = HashSet::new();
    let mut out = Vec::new();
    for (clash, a, name_a, b, name_b) in found {
        let per_claim = matches!(clash, Clash::Same | Clash::FileIsFolder).then_some(a);
        if reported.insert((name_a, name_b, per_claim)) {
            out.push(diagnostic(clash, claims[a], name_a, claims[b], name_b));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The error for one clash between `a` (written to or needing `name_a`) and `b`.
fn diagnostic(clash: Clash, a: (&OutPath, &Origin), name_a: &str, b: (&OutPath, &Origin), name_b: &str) -> Diagnostic {
    // The message goes to the side a person can change, preferring a located key.
    let (here, there, name_here, name_there, clash) = if b.1.rank() > a.1.rank() {
        let flipped = match clash {
            Clash::FileIsFolder => Clash::FolderIsFile,
            Clash::FolderIsFile => Clash::FileIsFolder,
            other => other,
        };
        (b, a, name_b, name_a, flipped)
    } else {
        (a, b, name_a, name_b, clash)
    };
    let subject = here.1.subject();
    let other = there.1.describe();
    let (path_here, path_there) = (here.0.as_str(), there.0.as_str());
    let (message, hint) = match clash {
        Clash::Same => (
            format!("{subject} is written to {path_here}, which {other} also writes"),
            "give one of them another `slug`, alias or file name",
        ),
        Clash::FileIsFolder => (
            format!("{subject} is written to the file {path_here}, but {other} needs a folder there (for {path_there})"),
            "rename one of them: one name cannot be both a file and a folder",
        ),
        Clash::FolderIsFile => (
            format!("{subject} is written to {path_here}, which needs a folder {name_here}/, but {other} writes the file {name_there}"),
            "rename one of them: one name cannot be both a file and a folder",
        ),
        Clash::Folded => (
            format!(
                "{subject} is written to {path_here} and {other} to {path_there}: {name_here} and {name_there} differ only in letter case or Unicode normalisation, so they are one name on Windows and macOS"
            ),
            "rename one of them so the names differ by more than letter case or how an accent is encoded",
        ),
    };
    let file = here.1.file.clone().unwrap_or_else(|| PathBuf::from("tierbook.toml"));
    let hint = if here.1.file.is_none() {
        "tierbook writes both of these itself: please report this as a bug".to_string()
    } else if there.1.file.is_none() {
        format!("tierbook writes {path_there} itself; choose another name")
    } else {
        hint.to_string()
    };
    Diagnostic::error(file, here.1.line, here.1.column, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> OutPath {
        OutPath::new(p).unwrap_or_else(|e| panic!("{e}"))
    }

    fn messages(claims: &[(OutPath, Origin)]) -> Vec<String> {
        clashes(claims.iter().map(|(p, o)| (p, o))).into_iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn distinct_paths_and_shared_folders_are_fine() {
        let claims = [
            (path("guides/index.html"), Origin::content("content/guides/_index.md", (0, 0), "the page")),
            (path("guides/a/index.html"), Origin::content("content/guides/a.md", (0, 0), "the page")),
            (path("guides/a/x.png"), Origin::copy("content/guides/a/x.png")),
        ];
        assert!(messages(&claims).is_empty());
    }

    #[test]
    fn one_file_twice_is_reported_at_the_located_side() {
        let claims = [
            (path("a/index.html"), Origin::content("content/a.md", (0, 0), "the page")),
            (path("a/index.html"), Origin::content("content/b.md", (4, 1), "the page")),
        ];
        assert_eq!(
            messages(&claims),
            ["content/b.md:4:1: error: this page is written to a/index.html, which the page of content/a.md also writes\n  hint: give one of them another `slug`, alias or file name"]
        );
    }

    #[test]
    fn a_file_where_a_folder_goes_either_way_round() {
        let page = (path("sitemap.xml/index.html"), Origin::content("content/sitemap.xml.md", (0, 0), "the page"));
        let sitemap = (path("sitemap.xml"), Origin::generated("tierbook's sitemap"));
        for claims in [[page.clone(), sitemap.clone()], [sitemap, page]] {
            let found = messages(&claims);
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(found[0].starts_with("content/sitemap.xml.md: error: this page is written to sitemap.xml/index.html, which needs a folder sitemap.xml/, but tierbook's sitemap writes the file sitemap.xml"), "{}", found[0]);
            assert!(found[0].contains("tierbook writes sitemap.xml itself"));
        }
    }

    #[test]
    fn case_and_normalisation_clashes_are_reported_once_per_pair() {
        let claims = [
            (path("Guides/a/index.html"), Origin::content("content/Guides/a.md", (0, 0), "the page")),
            (path("guides/b/index.html"), Origin::content("content/guides/b.md", (0, 0), "the page")),
            (path("guides/c/index.html"), Origin::content("content/guides/c.md", (0, 0), "the page")),
            (path("caf\u{e9}/index.html"), Origin::content("content/caf\u{e9}.md", (0, 0), "the page")),
            (path("cafe\u{301}/index.html"), Origin::content("content/cafe\u{301}.md", (0, 0), "the page")),
        ];
        let found = messages(&claims);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|m| m.contains("differ only in letter case")));
    }
}
