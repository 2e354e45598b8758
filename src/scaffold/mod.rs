//! `tierbook init` (a new working site) and `tierbook new` (a content file with the front matter
//! its kind needs). Starter files are real files under src/scaffold/, embedded in the binary.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use crate::content::front_matter::Date;
use crate::error::{Error, Result};

static SITE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/scaffold/site");

/// The kinds of file `tierbook new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    Module,
    Lesson,
    Guide,
    CaseStudy,
}

/// Where `tierbook init` writes a CI recipe for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ci {
    /// GitHub Actions, publishing to GitHub Pages.
    Github,
    /// GitLab CI, publishing to GitLab Pages.
    Gitlab,
    /// No recipe.
    None,
}

impl Ci {
    /// The recipe's path in the site folder and its text, pinned to this release's archive name.
    fn recipe(self) -> Option<(&'static str, String)> {
        let (path, text) = match self {
            Ci::Github => (".github/workflows/tierbook.yml", include_str!("ci/github.yml")),
            Ci::Gitlab => (".gitlab-ci.yml", include_str!("ci/gitlab.yml")),
            Ci::None => return None,
        };
        Some((path, text.replace("{version}", env!("CARGO_PKG_VERSION"))))
    }
}

/// Writes a new site into `dir`, which must not exist or be empty, with the CI recipe `ci`.
/// Returns the files written.
pub fn init(dir: &Path, ci: Ci) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|err| Error::io(dir, err))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "{} is not empty; `tierbook init` only writes into a new or empty folder",
                dir.display()
            )));
        }
    }
    let mut written = Vec::new();
    write_dir(&SITE, dir, &mut written)?;
    for empty in ["templates", "static"] {
        let path = dir.join(empty);
        std::fs::create_dir_all(&path).map_err(|err| Error::io(&path, err))?;
    }
    if let Some((rel, text)) = ci.recipe() {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
        }
        std::fs::write(&path, text).map_err(|err| Error::io(&path, err))?;
        written.push(path);
    }
    Ok(written)
}

fn write_dir(source: &Dir<'_>, target: &Path, written: &mut Vec<PathBuf>) -> Result<()> {
    for file in source.files() {
        let path = target.join(file.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
        }
        std::fs::write(&path, file.contents()).map_err(|err| Error::io(&path, err))?;
        written.push(path);
    }
    for sub in source.dirs() {
        write_dir(sub, target, written)?;
    }
    Ok(())
}

/// Writes a new content file of `kind` at `path` (relative to `content/`, with or without
/// `content/` and `.md`) in the site at `root`. Refuses to overwrite. Returns the file written.
pub fn new(root: &Path, kind: NewKind, path: &str, today: Date) -> Result<PathBuf> {
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Error::Usage(format!(
            "{} has no tierbook.toml; run `tierbook new` in a site folder or pass --root DIR",
            root.display()
        )));
    }
    let clean = content_path(root, path)?;
    let clean = clean.as_str();
    let rel = match kind {
        NewKind::Module => format!("{clean}/_index.md"),
        _ => format!("{clean}.md"),
    };
    let file = root.join("content").join(&rel);
    if file.exists() {
        return Err(Error::Usage(format!("{} already exists; tierbook new never overwrites", file.display())));
    }
    let template = match kind {
        NewKind::Module => include_str!("new/module.md"),
        NewKind::Lesson => include_str!("new/lesson.md"),
        NewKind::Guide => include_str!("new/guide.md"),
        NewKind::CaseStudy => include_str!("new/case-study.md"),
    };
    let name = clean.rsplit('/').next().unwrap_or(clean);
    let review_by = Date { year: today.year + 1, ..today };
    let review_by = if review_by.month == 2 && review_by.day == 29 { Date { day: 28, ..review_by } } else { review_by };
    let text = template
        .replace("{title}", &title_from_slug(name).replace('"', "\\\""))
        .replace("{review_by}", &review_by.to_string())
        .replace("{dir}", clean);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
    }
    std::fs::write(&file, text).map_err(|err| Error::io(&file, err))?;
    Ok(file)
}

/// The path of a new file inside `content/`, with `/` separators and no `.md`: `path` is relative
/// to `content/` (with or without a leading `content/`), or absolute under the site's `content/`.
/// Anything else is refused rather than quietly created somewhere the author did not mean.
fn content_path(root: &Path, path: &str) -> Result<String> {
    let content = std::path::absolute(root.join("content")).map_err(|err| Error::io(root, err))?;
    let refuse = |why: &str| {
        Error::Usage(format!(
            "`{path}` {why}; write a path inside content/, like guides/hand-warm-ups, or an absolute path under {}",
            content.display()
        ))
    };
    let rel = if Path::new(path).is_absolute() {
        // The site folder may be reached through a symlink; compare both spellings.
        let real = content.canonicalize().unwrap_or_else(|_| content.clone());
        let inside = Path::new(path).strip_prefix(&content).or_else(|_| Path::new(path).strip_prefix(&real));
        let rel = inside.map_err(|_| refuse("is outside the site's content/ folder"))?;
        rel.to_str().ok_or_else(|| refuse("is not valid UTF-8"))?.to_string()
    } else {
        let rel = path.strip_prefix("./").unwrap_or(path);
        rel.strip_prefix("content/").unwrap_or(rel).to_string()
    };
    let clean = rel.strip_suffix(".md").unwrap_or(&rel).trim_end_matches('/');
    if clean.contains(['\\', '\0']) {
        return Err(refuse("holds a backslash or NUL"));
    }
    if clean.is_empty() || clean.split('/').any(|part| part.is_empty() || part == "." || part == "..") {
        return Err(refuse("is not a path inside content/"));
    }
    Ok(clean.to_string())
}

/// `hand-warm-ups` -> `Hand warm ups`.
fn title_from_slug(slug: &str) -> String {
    let words = slug.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-').replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => slug.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_takes_paths_inside_content_only() {
        let root = tempfile::tempdir().expect("temp dir");
        let root = root.path();
        let content = std::path::absolute(root.join("content")).expect("absolute");
        let ok = |p: &str| content_path(root, p).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert_eq!(ok("guides/warm-ups"), "guides/warm-ups");
        assert_eq!(ok("./content/guides/warm-ups.md"), "guides/warm-ups");
        assert_eq!(ok(&format!("{}/guides/warm-ups.md", content.display())), "guides/warm-ups");
        for bad in ["/tmp/a/b.md", "../outside", "guides/../../x", "", "content/", "a//b", "a\\b"] {
            let err = content_path(root, bad).expect_err(bad).to_string();
            assert!(err.contains("inside content/"), "{bad}: {err}");
        }
        // Nothing was created for the refused paths.
        assert!(!root.join("content").exists());
    }

    #[test]
    fn titles_from_slugs() {
        assert_eq!(title_from_slug("hand-warm-ups"), "Hand warm ups");
        assert_eq!(title_from_slug("02-second_lesson"), "Second lesson");
    }
}
