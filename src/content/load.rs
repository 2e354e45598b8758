//! Walking `content/` and turning files into [`Site`]: read, split, parse and validate front
//! matter, work out kinds and URLs, link the tree and order it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::front_matter::{self, Date};
use super::meta::{self, Kind, Meta};
use super::{Asset, Page, Site};
use crate::blocks::key_position;
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};

/// What to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// A file read and parsed, before the tree is linked.
struct Parsed {
    file: PathBuf,
    rel: String,
    is_section: bool,
    raw: meta::RawMeta,
    front_matter: String,
    front_matter_line: usize,
    body: String,
    body_line: usize,
}

/// Loads the site. Content problems are collected in `Site::diagnostics`; only I/O failures and a
/// missing `content/` folder stop loading.
pub fn load(config: Config, options: LoadOptions) -> Result<Site> {
    let content_dir = config.root.join("content");
    if !content_dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} has no content/ folder; is it a tierbook site? (run `tierbook init DIR` to make one)",
            config.root.display()
        )));
    }
    let (markdown, assets) = walk(&content_dir)?;

    let results: Vec<Result<Parsed, Vec<Diagnostic>>> =
        markdown.par_iter().map(|(path, rel)| read_and_parse(&config.root, path, rel)).collect::<Result<Vec<_>>>()?;
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    for result in results {
        match result {
            Ok(p) => parsed.push(p),
            Err(mut d) => diagnostics.append(&mut d),
        }
    }
    let mut site = link(config, parsed, assets, options, &mut diagnostics);
    diagnostics.sort();
    site.diagnostics = diagnostics;
    Ok(site)
}

/// Every file under `content/`, sorted: markdown files and other files (assets).
#[allow(clippy::type_complexity)]
fn walk(content_dir: &Path) -> Result<(Vec<(PathBuf, String)>, Vec<Asset>)> {
    let (markdown, assets): (Vec<_>, Vec<_>) =
        files_under(content_dir)?.into_iter().partition(|(rel, _)| rel.ends_with(".md"));
    Ok((
        markdown.into_iter().map(|(rel, path)| (path, rel)).collect(),
        assets.into_iter().map(|(rel, source)| Asset { source, rel }).collect(),
    ))
}

/// Every file under `dir` (none if it does not exist), in a stable order, as (path relative to
/// `dir` with `/` separators, full path). Hidden files and folders and editor leftovers are
/// skipped.
pub(crate) fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    let mut files = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|err| {
            let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
            Error::io(path, err.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop")))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir yields paths under its root")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push((rel, entry.path().to_path_buf()));
    }
    Ok(files)
}

/// Editor temp files, hidden files and folders.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

fn read_and_parse(root: &Path, path: &Path, rel: &str) -> Result<Result<Parsed, Vec<Diagnostic>>> {
    let file = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = std::fs::read(path).map_err(|err| Error::io(path, err))?;
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(Err(vec![
            Diagnostic::error(&file, 0, 0, "the file is not UTF-8 text").with_hint("save it as UTF-8")
        ]));
    };
    let split = match front_matter::split(&text) {
        Ok(split) => split,
        Err(err) => return Ok(Err(vec![Diagnostic::error(&file, err.line, 1, err.message).with_hint(err.hint)])),
    };
    let raw = match meta::parse(split.front_matter, split.format, split.front_matter_line) {
        Ok(raw) => raw,
        Err(err) => {
            let mut d = Diagnostic::error(&file, err.line, err.column, err.message);
            if let Some(hint) = err.hint {
                d = d.with_hint(hint);
            }
            return Ok(Err(vec![d]));
        }
    };
    let name = rel.rsplit('/').next().unwrap_or(rel);
    Ok(Ok(Parsed {
        is_section: name == "_index.md",
        file,
        rel: rel.to_string(),
        raw,
        front_matter: split.front_matter.to_string(),
        front_matter_line: split.front_matter_line,
        body: split.body.to_string(),
        body_line: split.body_line,
    }))
}

/// The folder (relative to content/, no trailing slash) a file's section lives in; for a section
/// itself, its own folder.
fn folder_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn link(
    config: Config,
    parsed: Vec<Parsed>,
    assets: Vec<Asset>,
    options: LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Site {
    // Sections first, by folder, so each page can find its nearest section.
    let mut sections: HashMap<String, Parsed> = HashMap::new();
    let mut pages: Vec<Parsed> = Vec::new();
    for p in parsed {
        if p.is_section {
            sections.insert(folder_of(&p.rel).to_string(), p);
        } else {
            pages.push(p);
        }
    }
    if !sections.contains_key("") {
        sections.insert(
            String::new(),
            Parsed {
                file: PathBuf::from("content/_index.md"),
                rel: "_index.md".into(),
                is_section: true,
                raw: meta::RawMeta { title: Some(config.title.clone()), ..Default::default() },
                front_matter: String::new(),
                front_matter_line: 2,
                body: String::new(),
                body_line: 1,
            },
        );
    }

    // Drafts: a draft section hides everything below it.
    let draft_folders: Vec<String> = sections
        .iter()
        .filter(|(folder, p)| !folder.is_empty() && p.raw.draft == Some(true))
        .map(|(folder, _)| format!("{folder}/"))
        .collect();
    let hidden = |p: &Parsed| {
        !options.drafts && (p.raw.draft == Some(true) || draft_folders.iter().any(|d| p.rel.starts_with(d.as_str())))
    };

    let mut folders: Vec<String> = sections.keys().cloned().collect();
    folders.sort();
    let mut site_pages: Vec<Page> = Vec::new();
    let mut section_index: HashMap<String, usize> = HashMap::new();
    let mut raws: Vec<(meta::RawMeta, String, usize)> = Vec::new();

    let nearest_section = |folder: &str, section_index: &HashMap<String, usize>| -> Option<usize> {
        let mut f = folder.to_string();
        loop {
            if let Some(&i) = section_index.get(&f) {
                return Some(i);
            }
            if f.is_empty() {
                return None;
            }
            f = f.rsplit_once('/').map_or(String::new(), |(parent, _)| parent.to_string());
        }
    };

    for folder in &folders {
        let p = sections.remove(folder).expect("folder listed from the map");
        if hidden(&p) && !folder.is_empty() {
            continue;
        }
        let parent = if folder.is_empty() { None } else { nearest_section(folder_of(folder), &section_index) };
        let url = url_for_section(folder, p.raw.slug.as_deref());
        section_index.insert(folder.clone(), site_pages.len());
        site_pages.push(new_page(&p, url, true, parent));
        raws.push((p.raw, p.front_matter, p.front_matter_line));
    }
    for p in pages {
        if hidden(&p) {
            continue;
        }
        let folder = folder_of(&p.rel);
        let is_bundle = p.rel.ends_with("/index.md") || p.rel == "index.md";
        let section_folder = if is_bundle { folder_of(folder) } else { folder };
        let parent = nearest_section(section_folder, &section_index);
        let url = url_for_page(&p.rel, p.raw.slug.as_deref());
        site_pages.push(new_page(&p, url, false, parent));
        raws.push((p.raw, p.front_matter, p.front_matter_line));
    }

    // Kinds: own `kind`, else the parent section's `page_kind`, else lesson inside a module.
    let kinds: Vec<Kind> = (0..site_pages.len())
        .map(|i| {
            let own = raws[i].0.kind;
            let parent = site_pages[i].parent.map(|p| (raws[p].0.kind, raws[p].0.page_kind));
            own.unwrap_or(match parent {
                _ if site_pages[i].is_section => Kind::Page,
                Some((_, Some(page_kind))) => page_kind,
                Some((Some(Kind::Module), None)) => Kind::Lesson,
                _ => Kind::Page,
            })
        })
        .collect();

    // Validate front matter against kinds.
    let mut metas: Vec<Option<Meta>> = Vec::with_capacity(site_pages.len());
    for (i, (raw, fm, fm_line)) in raws.into_iter().enumerate() {
        let file = site_pages[i].file.clone();
        let position =
            |key: &str| key_position(&fm, key).map_or((fm_line.saturating_sub(1), 1), |(l, c)| (l + fm_line - 1, c));
        match raw.validate(kinds[i], site_pages[i].is_section, &config.areas, &position) {
            Ok(meta) => metas.push(Some(meta)),
            Err(errors) => {
                for e in errors {
                    let mut d = Diagnostic::error(&file, e.line, e.column, e.message);
                    if let Some(hint) = e.hint {
                        d = d.with_hint(hint);
                    }
                    diagnostics.push(d);
                }
                metas.push(None);
            }
        }
    }
    for (page, (meta, kind)) in site_pages.iter_mut().zip(metas.into_iter().zip(kinds)) {
        page.kind = kind;
        page.meta = meta.unwrap_or_else(|| Meta { title: page.rel.clone(), ..Meta::default() });
    }

    // Children, then order.
    for i in 0..site_pages.len() {
        if let Some(parent) = site_pages[i].parent {
            if site_pages[i].is_section {
                site_pages[parent].subsections.push(i);
            } else {
                site_pages[parent].pages.push(i);
            }
        }
    }
    let order_keys: Vec<OrderKey> = site_pages.iter().map(OrderKey::of).collect();
    for page in &mut site_pages {
        page.pages.sort_by(|a, b| order_keys[*a].cmp(&order_keys[*b]));
        page.subsections.sort_by(|a, b| order_keys[*a].cmp(&order_keys[*b]));
    }
    for i in 0..site_pages.len() {
        if site_pages[i].kind == Kind::Lesson {
            site_pages[i].module = site_pages[i].parent.filter(|&p| site_pages[p].kind == Kind::Module);
        }
    }

    // URL collisions, and aliases that collide with pages.
    let mut by_url: HashMap<&str, usize> = HashMap::new();
    for (i, page) in site_pages.iter().enumerate() {
        if let Some(&other) = by_url.get(page.url.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    &page.file,
                    0,
                    0,
                    format!("this page has the URL {} already used by {}", page.url, site_pages[other].file.display()),
                )
                .with_hint("change one of the two `slug`s or file names"),
            );
        } else {
            by_url.insert(&page.url, i);
        }
    }
    for page in &site_pages {
        for alias in &page.meta.aliases {
            let normalized =
                if alias.ends_with('/') || alias.ends_with(".html") { alias.clone() } else { format!("{alias}/") };
            if let Some(&other) = by_url.get(normalized.as_str()) {
                diagnostics.push(
                    Diagnostic::error(
                        &page.file,
                        0,
                        0,
                        format!("alias {alias} is the URL of {}", site_pages[other].file.display()),
                    )
                    .with_hint("an alias must be an old URL that no page uses now"),
                );
            }
        }
    }

    let by_rel = site_pages.iter().enumerate().map(|(i, p)| (p.rel.clone(), i)).collect();
    let by_url = by_url.into_iter().map(|(url, i)| (url.to_string(), i)).collect();
    Site { config, pages: site_pages, assets, by_rel, by_url, diagnostics: Vec::new() }
}

fn new_page(p: &Parsed, url: String, is_section: bool, parent: Option<usize>) -> Page {
    Page {
        file: p.file.clone(),
        rel: p.rel.clone(),
        url,
        is_section,
        kind: Kind::Page,
        meta: Meta::default(),
        body: p.body.clone(),
        body_line: p.body_line,
        parent,
        pages: Vec::new(),
        subsections: Vec::new(),
        module: None,
    }
}

fn url_for_section(folder: &str, slug: Option<&str>) -> String {
    if folder.is_empty() {
        return "/".to_string();
    }
    with_slug(folder, slug)
}

fn url_for_page(rel: &str, slug: Option<&str>) -> String {
    let path = rel.strip_suffix("/index.md").or_else(|| rel.strip_suffix(".md")).unwrap_or(rel);
    if path == "index" {
        return "/".to_string();
    }
    with_slug(path, slug)
}

fn with_slug(path: &str, slug: Option<&str>) -> String {
    let path = match (slug, path.rsplit_once('/')) {
        (Some(slug), Some((dir, _))) => format!("{dir}/{slug}"),
        (Some(slug), None) => slug.to_string(),
        (None, _) => path.to_string(),
    };
    format!("/{path}/")
}

/// Weight (lowest first, none last), then date (newest first), then title, then file.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct OrderKey {
    no_weight: bool,
    weight: i64,
    date: std::cmp::Reverse<Option<Date>>,
    title: String,
    rel: String,
}

impl OrderKey {
    fn of(page: &Page) -> Self {
        OrderKey {
            no_weight: page.meta.weight.is_none(),
            weight: page.meta.weight.unwrap_or(0),
            date: std::cmp::Reverse(page.meta.date),
            title: page.meta.title.to_lowercase(),
            rel: page.rel.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(url_for_page("guides/x.md", None), "/guides/x/");
        assert_eq!(url_for_page("guides/b/index.md", None), "/guides/b/");
        assert_eq!(url_for_page("guides/x.md", Some("y")), "/guides/y/");
        assert_eq!(url_for_page("top.md", Some("z")), "/z/");
        assert_eq!(url_for_section("", None), "/");
        assert_eq!(url_for_section("trainings/m1", Some("intro")), "/trainings/intro/");
    }

    #[test]
    fn ignored_names() {
        assert!(is_ignored(".git"));
        assert!(is_ignored("x.md~"));
        assert!(is_ignored(".x.md.swp"));
        assert!(!is_ignored("guide.md"));
    }
}
