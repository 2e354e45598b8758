//! The theme: the default templates and static files embedded in the binary, with a site's own
//! `templates/` and `static/` overriding them file by file, and the one place Tera is set up.
//!
//! Templates come from whoever can edit the site's repository, and `build` runs them in CI. So the
//! Tera they get cannot read the environment (`get_env`), `range` is capped, and before anything
//! renders, [`template_check`](super::template_check) refuses what would overflow the stack:
//! include, extends and import cycles, recursive macros and too-deep nesting.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{include_dir, Dir};
use serde::Serialize;

use super::template_check;
use super::templates::Fnv;
use crate::error::{Diagnostic, Error, Result};

static THEME_TEMPLATES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default/templates");
static THEME_STATIC: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default/static");

/// Loaded templates, plus the static files of theme and site merged.
#[derive(Clone)]
pub struct Theme {
    pub(super) tera: tera::Tera,
    /// Output path (relative) -> bytes. The site's `static/` wins over the theme's.
    pub(super) statics: BTreeMap<String, Arc<Vec<u8>>>,
    /// The site's static files as read, by source path, for the next load (`serve`): a file
    /// whose size and time did not change is not read or hashed again.
    kept_statics: HashMap<PathBuf, KeptStatic>,
    /// A short hash of the static files, appended to asset URLs so browsers fetch new versions.
    pub(super) asset_version: String,
    /// A hash of every template's name and source, for the page cache's keys.
    pub(super) templates_hash: u64,
    /// The static files that come from the site's `static/`, not the theme (for messages).
    pub(super) site_statics: BTreeSet<String>,
    /// The templates that come from the site's `templates/`, not the theme: the output cache of
    /// template parts ([`super::parts`]) reuses only the theme's own partials, whose reads it knows.
    pub(super) site_templates: BTreeSet<String>,
    /// What reading the site's `templates/` and `static/` found: links that lead outside the
    /// site, text that is not UTF-8. Reported with the build's other problems.
    pub(crate) problems: Vec<Diagnostic>,
}

/// A file of the site's `static/` as the last load read it.
#[derive(Clone)]
struct KeptStatic {
    stamp: (u64, u128),
    bytes: Arc<Vec<u8>>,
    /// [`crate::hash::wide_parts`] of the bytes, for the asset version.
    hash: u64,
}

impl Theme {
    /// Forgets what it kept of `changed` files (and of everything under a changed folder), as
    /// the watcher reports them: a same-size save within the file system's time resolution is
    /// read again.
    pub(crate) fn forget(&mut self, changed: &[PathBuf]) {
        self.kept_statics.retain(|path, _| !changed.iter().any(|c| path.starts_with(c)));
    }

    /// Loads the embedded theme and the site's overrides from `root/templates` and `root/static`.
    pub fn load(root: &Path) -> Result<Theme> {
        Theme::load_reusing(root, None)
    }

    /// [`Theme::load`], reusing `previous`'s parsed templates when no template source changed.
    pub fn load_reusing(root: &Path, previous: Option<Theme>) -> Result<Theme> {
        let mut sources: BTreeMap<String, String> = BTreeMap::new();
        collect_embedded(&THEME_TEMPLATES, &mut |path, bytes| {
            sources.insert(path.to_string(), String::from_utf8_lossy(bytes).into_owned());
        });
        let overrides = root.join("templates");
        let mut on_disk = Vec::new();
        let walked = crate::content::files_under(root, &overrides)?;
        let mut problems = walked.problems;
        for (rel, path) in walked.files {
            let bytes = std::fs::read(&path).map_err(|err| Error::io(&path, err))?;
            match crate::content::utf8_text(bytes, path.strip_prefix(root).unwrap_or(&path)) {
                Ok(text) => {
                    sources.insert(rel.clone(), text);
                    on_disk.push(rel);
                }
                Err(problem) => problems.push(problem),
            }
        }
        let mut templates_hash = Fnv::default();
        for (name, text) in &sources {
            templates_hash.write(name.as_bytes());
            templates_hash.write(text.as_bytes());
        }
        let templates_hash = templates_hash.0;
        let (previous_tera, previous_kept) = match previous {
            Some(previous) => (Some((previous.templates_hash, previous.tera)), Some(previous.kept_statics)),
            None => (None, None),
        };
        let tera = match previous_tera {
            Some((hash, tera)) if hash == templates_hash => tera,
            _ => {
                let files = TemplateFiles { root, overrides: &overrides, on_disk: &on_disk };
                load_tera(&sources, &files)?
            }
        };

        let mut statics = BTreeMap::new();
        let mut hashes = BTreeMap::new();
        for (path, bytes, hash) in embedded_statics() {
            hashes.insert(path.clone(), *hash);
            statics.insert(path.clone(), Arc::clone(bytes));
        }
        let walked = crate::content::files_under(root, &root.join("static"))?;
        problems.extend(walked.problems);
        let mut site_statics = BTreeSet::new();
        let previous_statics = previous_kept.unwrap_or_default();
        let mut kept_statics = HashMap::new();
        for (rel, path) in walked.files {
            let file = read_static(&path, previous_statics.get(&path))?;
            site_statics.insert(rel.clone());
            hashes.insert(rel.clone(), file.hash);
            statics.insert(rel, Arc::clone(&file.bytes));
            kept_statics.insert(path, file);
        }
        // Of each file's path and hash: a site's big pictures are hashed once, not each build.
        let mut listing = Vec::new();
        for (path, hash) in &hashes {
            listing.extend_from_slice(path.as_bytes());
            listing.push(0);
            listing.extend_from_slice(&hash.to_le_bytes());
        }
        let version = crate::hash::wide_parts([listing.as_slice()]);
        Ok(Theme {
            tera,
            statics,
            kept_statics,
            asset_version: format!("{:08x}", version as u32),
            templates_hash,
            site_statics,
            site_templates: on_disk.into_iter().collect(),
            problems,
        })
    }

    /// This theme with `t(key=...)` giving the strings of language `code` (see
    /// [`super::strings`]); the page cache's keys change with the strings.
    pub(super) fn speaking(&self, strings: &std::sync::Arc<super::strings::Strings>, code: &str) -> Theme {
        let mut theme = self.clone();
        theme
            .tera
            .register_function("t", super::strings::Translate { strings: strings.clone(), lang: code.to_string() });
        theme.tera.register_function("js_words", super::js_words::JsWords::new(strings.clone()));
        let mut hash = Fnv(self.templates_hash);
        hash.write(code.as_bytes());
        hash.write(&strings.hash().to_le_bytes());
        theme.templates_hash = hash.0;
        theme
    }

    /// The names of all templates (embedded and overridden).
    pub fn template_names(&self) -> Vec<&str> {
        self.tera.get_template_names().collect()
    }

    pub(super) fn render<T: Serialize>(&self, name: &str, context: &T) -> Result<String> {
        let context = tera::Context::from_serialize(context).map_err(|err| Error::template(name, &err))?;
        self.tera.render(name, &context).map_err(|err| Error::template(name, &err))
    }
}

/// Where each template's file is, for messages.
pub(super) struct TemplateFiles<'a> {
    root: &'a Path,
    overrides: &'a Path,
    /// Names of the templates that come from the site's `templates/` folder.
    on_disk: &'a [String],
}

impl TemplateFiles<'_> {
    /// The file a template comes from, relative to the site: `templates/x.html` for the site's
    /// own, `themes/default/templates/x.html` for the embedded theme's.
    pub(super) fn file_of(&self, name: &str) -> String {
        if self.is_on_disk(name) {
            let on_disk = self.overrides.join(name);
            on_disk.strip_prefix(self.root).unwrap_or(&on_disk).display().to_string()
        } else {
            format!("themes/default/templates/{name}")
        }
    }

    pub(super) fn is_on_disk(&self, name: &str) -> bool {
        self.on_disk.iter().any(|n| n == name)
    }
}

/// Checks and parses every template into a Tera that is safe to run on untrusted templates.
fn load_tera(sources: &BTreeMap<String, String>, files: &TemplateFiles<'_>) -> Result<tera::Tera> {
    // Before parsing: Tera's parser recurses on nesting, and overflows the stack long before a
    // template is too big to read.
    template_check::check_nesting(sources, files)?;
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default escaper also rewrites `/` as `&#x2F;`, which bloats every URL.
    tera.set_escape_fn(escape_html);
    tera.register_function("get_env", get_env_refused);
    tera.register_function("range", capped_range);
    match tera.add_raw_templates(sources.iter().map(|(name, text)| (name.as_str(), text.as_str()))) {
        Ok(()) => {
            let parsed: HashMap<&str, &tera::Template> =
                tera.get_template_names().filter_map(|n| Some((n, tera.get_template(n).ok()?))).collect();
            template_check::check_graph(&parsed, sources, files)?;
        }
        Err(err) => {
            // Tera refuses an extends cycle with a message of its own; parse the templates one by
            // one to report it, like every other cycle, with its chain and its line.
            let parsed: HashMap<&str, tera::Template> = sources
                .iter()
                .filter_map(|(name, text)| Some((name.as_str(), tera::Template::new(name, None, text).ok()?)))
                .collect();
            let parsed: HashMap<&str, &tera::Template> = parsed.iter().map(|(n, t)| (*n, t)).collect();
            template_check::check_graph(&parsed, sources, files)?;
            return Err(Error::template(&files.file_of(&name_in_error(&err)), &err));
        }
    }
    Ok(tera)
}

fn escape_html(text: &str) -> String {
    crate::blocks::escape(text)
}

/// Replaces Tera's `get_env`: in CI the environment holds secrets, and a template could publish
/// them on a page.
fn get_env_refused(_: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    Err(tera::Error::msg(
        "`get_env` is turned off: templates may not read environment variables (in CI they hold secrets, \
         which would be published); put the value in tierbook.toml under [extra] and use `site.extra`",
    ))
}

/// The most items `range` makes: far more than any page lists, far less than a build can hold.
pub(super) const RANGE_MAX: usize = 10_000;

/// Tera's `range(start, end, step_by)`, refusing a zero step (which loops for ever) and more than
/// [`RANGE_MAX`] items (Tera's builds the whole list first, however long).
fn capped_range(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let number = |key: &str, default: Option<usize>| -> tera::Result<usize> {
        match args.get(key) {
            Some(value) => value.as_u64().and_then(|n| usize::try_from(n).ok()).ok_or_else(|| {
                tera::Error::msg(format!("`range` got {key}={value}, but {key} must be a whole number from 0"))
            }),
            None => default.ok_or_else(|| tera::Error::msg(format!("`range` needs an `{key}` argument"))),
        }
    };
    let (start, end, step) = (number("start", Some(0))?, number("end", None)?, number("step_by", Some(1))?);
    if let Some(key) = args.keys().find(|k| !["start", "end", "step_by"].contains(&k.as_str())) {
        return Err(tera::Error::msg(format!("`range` has no argument `{key}`; it takes start, end and step_by")));
    }
    if step == 0 {
        return Err(tera::Error::msg("`range` got step_by=0, which never reaches the end; use 1 or more"));
    }
    if start > end {
        return Err(tera::Error::msg(format!("`range` got start={start} after end={end}")));
    }
    let count = (end - start).div_ceil(step);
    if count > RANGE_MAX {
        return Err(tera::Error::msg(format!(
            "`range` would make {count} items; templates may make at most {RANGE_MAX}"
        )));
    }
    Ok(tera::Value::from((start..end).step_by(step).collect::<Vec<usize>>()))
}

fn name_in_error(err: &tera::Error) -> String {
    // Tera's parse errors read "Failed to parse 'name'".
    let text = err.to_string();
    text.split('\'').nth(1).unwrap_or("").to_string()
}

/// A file of the site's `static/`, from `kept` (the last load's) when its size and modification
/// time are the same.
fn read_static(path: &Path, kept: Option<&KeptStatic>) -> Result<KeptStatic> {
    let meta = std::fs::metadata(path).map_err(|err| Error::io(path, err))?;
    let stamp = (meta.len(), crate::content::modified_nanos(&meta));
    if let Some(kept) = kept.filter(|k| k.stamp == stamp) {
        return Ok(kept.clone());
    }
    let bytes = std::fs::read(path).map_err(|err| Error::io(path, err))?;
    Ok(KeptStatic { stamp, hash: crate::hash::wide_parts([bytes.as_slice()]), bytes: Arc::new(bytes) })
}

/// One of the theme's own static files: its path, bytes and hash.
type Embedded = (String, Arc<Vec<u8>>, u64);

/// The theme's own static files with their hashes, made once per process (`serve` builds many
/// times).
fn embedded_statics() -> &'static [Embedded] {
    static STATICS: std::sync::OnceLock<Vec<Embedded>> = std::sync::OnceLock::new();
    STATICS.get_or_init(|| {
        let mut statics = Vec::new();
        collect_embedded(&THEME_STATIC, &mut |path, bytes| {
            statics.push((path.to_string(), Arc::new(bytes.to_vec()), crate::hash::wide_parts([bytes])));
        });
        statics
    })
}

fn collect_embedded(dir: &Dir<'_>, add: &mut dyn FnMut(&str, &[u8])) {
    for file in dir.files() {
        if let Some(path) = file.path().to_str() {
            add(&path.replace('\\', "/"), file.contents());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, add);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_template_parses() {
        let theme = Theme::load(Path::new("/nonexistent-site-root")).expect("embedded theme loads");
        for name in [
            "base.html",
            "home.html",
            "section.html",
            "page.html",
            "module.html",
            "lesson.html",
            "guide.html",
            "case-study.html",
            "404.html",
            "alias.html",
            "sitemap.xml",
            "atom.xml",
            "robots.txt",
            "print-book.html",
            "search-page.html",
            "partials/search.html",
            "partials/head-extra.html",
        ] {
            assert!(theme.template_names().contains(&name), "missing {name}");
        }
    }

    fn range(args: &[(&str, u64)]) -> tera::Result<tera::Value> {
        capped_range(&args.iter().map(|(k, v)| (k.to_string(), tera::Value::from(*v))).collect())
    }

    #[test]
    fn range_works_like_teras_under_the_cap() {
        assert_eq!(range(&[("end", 3)]).ok(), Some(tera::Value::from(vec![0, 1, 2])));
        assert_eq!(range(&[("start", 2), ("end", 9), ("step_by", 3)]).ok(), Some(tera::Value::from(vec![2, 5, 8])));
        assert_eq!(range(&[("start", 4), ("end", 4)]).ok(), Some(tera::Value::from(Vec::<usize>::new())));
        assert!(range(&[("end", RANGE_MAX as u64)]).is_ok());
        assert!(range(&[("end", 1_000_000_000), ("step_by", 100_000)]).is_ok(), "few items from a wide span");
    }

    #[test]
    fn range_refuses_what_would_not_end_or_fit() {
        let message = |args: &[(&str, u64)]| range(args).map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(message(&[("end", RANGE_MAX as u64 + 1)]).contains("at most 10000"));
        assert!(message(&[("end", 200_000_000)]).contains("200000000 items"));
        assert!(message(&[("end", 10), ("step_by", 0)]).contains("step_by=0"));
        assert!(message(&[("start", 5), ("end", 1)]).contains("after end"));
        assert!(message(&[]).contains("needs an `end`"));
        assert!(message(&[("end", 3), ("stop", 1)]).contains("no argument `stop`"));
        let negative = capped_range(&[("end".to_string(), tera::Value::from(-1))].into_iter().collect());
        assert!(negative.is_err());
    }

    #[test]
    fn get_env_is_refused_with_the_reason() {
        let args = [("name".to_string(), tera::Value::from("HOME"))].into_iter().collect();
        let message = get_env_refused(&args).map_err(|e| e.to_string()).err().unwrap_or_default();
        assert!(message.contains("environment variables"), "{message}");
    }
}
