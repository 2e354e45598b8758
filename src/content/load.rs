//! Walking `content/` and turning files into [`Site`]: read, split, parse and validate front
//! matter, work out kinds and URLs, link the tree and order it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::front_matter::{self, Date};
use super::meta::{self, Kind, Meta};
use super::{Asset, Page, Site};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::output::{Origin, OutPath};
use crate::text::Spans;

/// What to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// Content files read by the last load, kept by `serve` so that a rebuild reads and parses
/// only what changed: a file is read again when its size or modification time differ, or when
/// the watcher named it ([`LoadCache::forget`]), which also catches a save within the file
/// system's time resolution that kept the size.
#[derive(Default)]
pub struct LoadCache {
    enabled: bool,
    /// Markdown files by path: the size and time they had, and what they parsed into.
    parsed: HashMap<PathBuf, (Stamp, Parsed)>,
    /// Every other file under content/ and static/, by path.
    assets: HashMap<PathBuf, Asset>,
}

/// A file's size and modification time (nanoseconds since 1970).
type Stamp = (u64, u128);

/// A markdown file parsed (or its problems), with its [`Stamp`] when it could be read.
type Read = (Option<Stamp>, Result<Parsed, Vec<Diagnostic>>);

impl LoadCache {
    /// A cache that keeps each load's files for the next (what `serve` uses).
    pub fn enabled() -> LoadCache {
        LoadCache { enabled: true, ..LoadCache::default() }
    }

    /// Drops what is kept of `changed` files, and of everything under a changed folder.
    pub fn forget(&mut self, changed: &[PathBuf]) {
        // A long batch (a checkout, say) would cost more to match than to read again.
        if changed.len() > 64 {
            self.parsed.clear();
            self.assets.clear();
            return;
        }
        let stale = |path: &Path| changed.iter().any(|c| path.starts_with(c));
        self.parsed.retain(|path, _| !stale(path));
        self.assets.retain(|path, _| !stale(path));
    }
}

pub(crate) fn modified_nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos())
}

/// A file read and parsed, before the tree is linked.
#[derive(Clone)]
struct Parsed {
    file: PathBuf,
    rel: String,
    is_section: bool,
    raw: meta::RawMeta,
    /// Where each front-matter key is written, in lines of the file.
    spans: Spans,
    front_matter_line: usize,
    body: std::sync::Arc<str>,
    body_line: usize,
    /// FNV-1a of the file's bytes (see [`super::translations::source_hash`]).
    hash: u64,
}

/// Loads the site. Content problems are collected in `Site::diagnostics`; only I/O failures and a
/// missing `content/` folder stop loading.
pub fn load(config: Config, options: LoadOptions) -> Result<Site> {
    load_reusing(config, options, &mut LoadCache::default())
}

/// [`load`], reusing what `cache` kept of files that did not change since the last load, and
/// keeping this load's files in it when it is enabled.
pub fn load_reusing(config: Config, options: LoadOptions, cache: &mut LoadCache) -> Result<Site> {
    let kept = std::mem::take(cache);
    let enabled = kept.enabled;
    // Still on after a load that fails (an I/O error), with nothing kept.
    cache.enabled = enabled;
    let reader = Reader { root: &config.root, kept: &kept };
    let content_dir = config.root.join("content");
    if !content_dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} has no content/ folder; is it a tierbook site? (run `tierbook init DIR` to make one)",
            config.root.display()
        )));
    }
    let (markdown, assets, mut diagnostics) = walk(&reader, &content_dir)?;
    // Translations (`x.es.md`) are told apart from the pages; misnamed ones are errors.
    let sorted = super::translations::sort_out(&config, markdown);
    diagnostics.extend(sorted.problems);
    let markdown = sorted.pages;
    let english: std::collections::HashSet<String> = markdown.iter().map(|(_, rel)| rel.clone()).collect();
    let candidates = sorted.translations;
    let translated: Vec<Read> =
        candidates.par_iter().map(|c| reader.parse(&c.path, &c.rel)).collect::<Result<Vec<_>>>()?;

    let results: Vec<Read> =
        markdown.par_iter().map(|(path, rel)| reader.parse(path, rel)).collect::<Result<Vec<_>>>()?;
    // The theme reports what walking static/ meets (links that lead outside); here only the files.
    let statics = files_under(&config.root, &config.root.join("static"))?.files;
    let static_files: Vec<Asset> =
        statics.into_par_iter().map(|(rel, source)| Asset::read("static", rel, source, Some(&kept.assets))).collect();
    drop(kept);
    let mut keep = |path: &Path, stamp: Option<Stamp>, parsed: &Parsed| {
        if let (true, Some(stamp)) = (enabled, stamp) {
            cache.parsed.insert(path.to_path_buf(), (stamp, parsed.clone()));
        }
    };
    let mut parsed = Vec::new();
    for ((path, _), (stamp, result)) in markdown.iter().zip(results) {
        match result {
            Ok(p) => {
                keep(path, stamp, &p);
                parsed.push(p);
            }
            Err(mut d) => diagnostics.append(&mut d),
        }
    }
    let mut site = link(config, parsed, assets, options, &mut diagnostics);
    site.static_files = static_files;
    let mut files = Vec::new();
    for (candidate, (stamp, result)) in candidates.into_iter().zip(translated) {
        match result {
            Ok(p) => {
                keep(&candidate.path, stamp, &p);
                files.push((candidate, p.into_translation_file()));
            }
            Err(mut d) => diagnostics.append(&mut d),
        }
    }
    site.translations = super::translations::attach(&site, files, &english, &mut diagnostics);
    let (strings, problems) = super::strings::Strings::load(&site.config)?;
    diagnostics.extend(problems);
    site.strings = std::sync::Arc::new(strings);
    for t in &site.translations {
        site.pages[t.page].translated_into.push(t.lang.clone());
    }
    diagnostics.sort();
    site.diagnostics = diagnostics;
    if enabled {
        cache.assets = site.assets.iter().chain(&site.static_files).map(|a| (a.source.clone(), a.clone())).collect();
    }
    Ok(site)
}

/// Every file under `content/`, sorted: markdown files and other files (assets), and problems
/// met on the way.
#[allow(clippy::type_complexity)]
fn walk(reader: &Reader<'_>, content_dir: &Path) -> Result<(Vec<(PathBuf, String)>, Vec<Asset>, Vec<Diagnostic>)> {
    let walked = files_under(reader.root, content_dir)?;
    let (markdown, assets): (Vec<_>, Vec<_>) = walked.files.into_iter().partition(|(rel, _)| rel.ends_with(".md"));
    let kept = Some(&reader.kept.assets);
    Ok((
        markdown.into_iter().map(|(rel, path)| (path, rel)).collect(),
        assets.into_par_iter().map(|(rel, source)| Asset::read("content", rel, source, kept)).collect(),
        walked.problems,
    ))
}

/// The files found under a folder of the site, and what was skipped with a word.
pub(crate) struct Walked {
    /// (path relative to the folder with `/` separators, full path), in a stable order.
    pub files: Vec<(String, PathBuf)>,
    /// Links that lead outside the site or nowhere (warnings), names that are not UTF-8 (errors).
    pub problems: Vec<Diagnostic>,
}

/// Every file under `dir` (none if it does not exist), in a stable order. Hidden files and
/// folders and editor leftovers are skipped. Symbolic links are followed when what they point to
/// is inside the site folder `root`; others are skipped with a warning naming them, so a link
/// can never publish a file from elsewhere on the machine.
pub(crate) fn files_under(root: &Path, dir: &Path) -> Result<Walked> {
    let mut walked = Walked { files: Vec::new(), problems: Vec::new() };
    if !dir.is_dir() {
        return Ok(walked);
    }
    let canonical_root = root.canonicalize().map_err(|err| Error::io(root, err))?;
    let shown = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let mut outside = Vec::new();
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        if e.depth() == 0 {
            return true;
        }
        if is_ignored(e.file_name().to_string_lossy().as_ref()) {
            return false;
        }
        let inside = !e.path_is_symlink() || e.path().canonicalize().is_ok_and(|t| t.starts_with(&canonical_root));
        if !inside {
            outside.push(e.path().to_path_buf());
        }
        inside
    });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
                let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                if err.loop_ancestor().is_some() || is_link {
                    let why = if err.loop_ancestor().is_some() {
                        "leads back into a folder above it"
                    } else {
                        "points to nothing"
                    };
                    walked.problems.push(
                        Diagnostic::warning(shown(&path), 0, 0, format!("skipped: this link {why}"))
                            .with_hint("remove the link, or point it at a file inside the site folder"),
                    );
                    continue;
                }
                return Err(Error::io(
                    path,
                    err.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop")),
                ));
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel_path = entry.path().strip_prefix(dir).expect("walkdir yields paths under its root");
        if rel_path.to_str().is_none() {
            // A lossy name could clash with another file's, or name a file that is not there.
            walked.problems.push(
                Diagnostic::error(shown(entry.path()), 0, 0, "this file's name is not UTF-8 text")
                    .with_hint("rename it with letters, digits and -"),
            );
            continue;
        }
        let rel = rel_path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        walked.files.push((rel, entry.path().to_path_buf()));
    }
    for link in outside {
        walked.problems.push(
            Diagnostic::warning(shown(&link), 0, 0, "skipped: this link points outside the site folder").with_hint(
                "copy the file into the site instead: tierbook publishes only what is inside the site folder",
            ),
        );
    }
    Ok(walked)
}

/// Editor temp files, hidden files and folders.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

/// Reads content files, or takes them from the last load where they did not change.
struct Reader<'a> {
    root: &'a Path,
    kept: &'a LoadCache,
}

impl Reader<'_> {
    /// A markdown file read and parsed, with the size and time it had when read (`None` if
    /// they could not be read: then it is not kept).
    fn parse(&self, path: &Path, rel: &str) -> Result<Read> {
        let stamp = std::fs::metadata(path).ok().map(|m| (m.len(), modified_nanos(&m)));
        if let Some((_, parsed)) = self.kept.parsed.get(path).filter(|(s, p)| Some(*s) == stamp && p.rel == rel) {
            return Ok((stamp, Ok(parsed.clone())));
        }
        read_and_parse(self.root, path, rel).map(|parsed| (stamp, parsed))
    }
}

fn read_and_parse(root: &Path, path: &Path, rel: &str) -> Result<Result<Parsed, Vec<Diagnostic>>> {
    let file = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = std::fs::read(path).map_err(|err| Error::io(path, err))?;
    let hash = super::translations::source_hash(&bytes);
    Ok(utf8_text(bytes, &file)
        .map_err(|d| vec![d])
        .and_then(|text| parse_text(file, rel, &text))
        .map(|p| Parsed { hash, ..p }))
}

impl Parsed {
    fn into_translation_file(self) -> super::translations::File {
        super::translations::File {
            file: self.file,
            raw: self.raw,
            spans: self.spans,
            front_matter_line: self.front_matter_line,
            body: self.body,
            body_line: self.body_line,
        }
    }
}

/// One content file's text, split and its front matter parsed.
fn parse_text(file: PathBuf, rel: &str, text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(err) => return Err(vec![Diagnostic::error(&file, err.line, 1, err.message).with_hint(err.hint)]),
    };
    let (raw, spans) = match meta::parse(split.front_matter, split.format, split.front_matter_line) {
        Ok(parsed) => parsed,
        Err(err) => {
            let mut d = Diagnostic::error(&file, err.line, err.column, err.message);
            if let Some(hint) = err.hint {
                d = d.with_hint(hint);
            }
            return Err(vec![d]);
        }
    };
    let name = rel.rsplit('/').next().unwrap_or(rel);
    Ok(Parsed {
        is_section: name == "_index.md",
        file,
        rel: rel.to_string(),
        raw,
        spans,
        front_matter_line: split.front_matter_line,
        body: split.body.into(),
        body_line: split.body_line,
        hash: 0,
    })
}

/// A file's bytes as text; if they are not UTF-8, an error at the line and column of the first
/// byte that is not.
pub(crate) fn utf8_text(bytes: Vec<u8>, file: &Path) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|err| {
        let bytes = err.as_bytes();
        let valid = &bytes[..err.utf8_error().valid_up_to()];
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        // Columns count characters; the valid part of the line is UTF-8.
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        Diagnostic::error(
            file,
            line,
            column,
            "the file is not UTF-8 text: the byte here is not part of a UTF-8 character",
        )
        .with_hint("save the file as UTF-8 (most editors have it under \"Save with encoding\")")
    })
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
    let (sections, pages) = sections_and_pages(&config, parsed);
    let (mut site_pages, raws) = place(sections, pages, options);
    let kinds = kinds_of(&site_pages, &raws);
    let valid = validate_all(&mut site_pages, raws, kinds, &config, diagnostics);
    diagnostics.extend(output_diagnostics(&site_pages, &valid, &assets));
    build_tree(&mut site_pages);

    Site::new(config, site_pages, assets)
}

/// A page's front matter as parsed, waiting for its kind: the raw keys, where they are written,
/// and the file line the front matter starts on.
type RawFront = (meta::RawMeta, Spans, usize);

/// Sections by folder, so each page can find its nearest section, and the other pages. A site
/// without `content/_index.md` gets a home page titled after the site.
fn sections_and_pages(config: &Config, parsed: Vec<Parsed>) -> (HashMap<String, Parsed>, Vec<Parsed>) {
    let mut sections: HashMap<String, Parsed> = HashMap::new();
    let mut pages: Vec<Parsed> = Vec::new();
    for p in parsed {
        if p.is_section {
            sections.insert(folder_of(&p.rel).to_string(), p);
        } else {
            pages.push(p);
        }
    }
    sections.entry(String::new()).or_insert_with(|| Parsed {
        file: PathBuf::from("content/_index.md"),
        rel: "_index.md".into(),
        is_section: true,
        raw: meta::RawMeta { title: Some(config.title.clone()), ..Default::default() },
        spans: Spans::default(),
        front_matter_line: 2,
        body: "".into(),
        body_line: 1,
        hash: 0,
    });
    (sections, pages)
}

/// The pages of the site in their final order of indices (sections by folder, then pages), each
/// with its URL and parent section; drafts left out unless asked for (a draft section hides
/// everything below it). Returns each page's front matter alongside.
fn place(sections: HashMap<String, Parsed>, pages: Vec<Parsed>, options: LoadOptions) -> (Vec<Page>, Vec<RawFront>) {
    let mut sections = sections;
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
    let mut raws: Vec<RawFront> = Vec::new();
    for folder in &folders {
        let p = sections.remove(folder).expect("folder listed from the map");
        if hidden(&p) && !folder.is_empty() {
            continue;
        }
        let parent = if folder.is_empty() { None } else { nearest_section(folder_of(folder), &section_index) };
        let url = url_for_section(folder, p.raw.slug.as_deref());
        section_index.insert(folder.clone(), site_pages.len());
        site_pages.push(new_page(&p, url, true, parent));
        raws.push((p.raw, p.spans, p.front_matter_line));
    }
    for p in pages.into_iter().filter(|p| !hidden(p)) {
        let folder = folder_of(&p.rel);
        let is_bundle = p.rel.ends_with("/index.md") || p.rel == "index.md";
        let section_folder = if is_bundle { folder_of(folder) } else { folder };
        let parent = nearest_section(section_folder, &section_index);
        let url = url_for_page(&p.rel, p.raw.slug.as_deref());
        site_pages.push(new_page(&p, url, false, parent));
        raws.push((p.raw, p.spans, p.front_matter_line));
    }
    (site_pages, raws)
}

/// The section whose folder is `folder` or the nearest above it.
fn nearest_section(folder: &str, section_index: &HashMap<String, usize>) -> Option<usize> {
    let mut f = folder;
    loop {
        if let Some(&i) = section_index.get(f) {
            return Some(i);
        }
        if f.is_empty() {
            return None;
        }
        f = f.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
}

/// Kinds: a page's own `kind`, else its section's `page_kind`, else a lesson inside a module.
fn kinds_of(site_pages: &[Page], raws: &[RawFront]) -> Vec<Kind> {
    (0..site_pages.len())
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
        .collect()
}

/// Checks every page's front matter against its kind and gives each page its kind and meta
/// (a placeholder for an invalid one, whose errors go to `diagnostics`). Returns which were valid.
fn validate_all(
    site_pages: &mut [Page],
    raws: Vec<RawFront>,
    kinds: Vec<Kind>,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    let mut valid = Vec::with_capacity(site_pages.len());
    for ((page, (raw, spans, fm_line)), kind) in site_pages.iter_mut().zip(raws).zip(kinds) {
        // A missing key is reported at the front matter's opening line.
        let fence = (fm_line.saturating_sub(1), 1);
        page.kind = kind;
        match raw.validate(kind, page.is_section, &config.areas, &config.taxonomies, &spans, fence) {
            Ok(mut meta) => {
                if meta.slug.is_some() {
                    meta.slug_at = spans.key("slug").unwrap_or(fence);
                }
                let aliases_key = spans.key("aliases").unwrap_or(fence);
                meta.aliases_at = (0..meta.aliases.len())
                    .map(|n| spans.value(&format!("aliases.{n}")).unwrap_or(aliases_key))
                    .collect();
                meta.spans = spans;
                page.meta = meta;
                valid.push(true);
            }
            Err(errors) => {
                for e in errors {
                    let mut d = Diagnostic::error(&page.file, e.line, e.column, e.message);
                    if let Some(hint) = e.hint {
                        d = d.with_hint(hint);
                    }
                    diagnostics.push(d);
                }
                page.meta = Meta { title: page.rel.clone(), ..Meta::default() };
                valid.push(false);
            }
        }
    }
    valid
}

/// Each section's pages and subsections, in order, and each lesson's module.
fn build_tree(site_pages: &mut [Page]) {
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
    for page in site_pages.iter_mut() {
        page.pages.sort_by(|a, b| order_keys[*a].cmp(&order_keys[*b]));
        page.subsections.sort_by(|a, b| order_keys[*a].cmp(&order_keys[*b]));
    }
    for i in 0..site_pages.len() {
        if site_pages[i].kind == Kind::Lesson {
            site_pages[i].module = site_pages[i].parent.filter(|&p| site_pages[p].kind == Kind::Module);
        }
    }
}

/// The output files of pages, aliases and files under content/: each must be a safe path
/// ([`OutPath`]), and no two may clash (see [`crate::output::clashes`]). Pages whose front matter
/// failed to validate are left out: their errors are reported already. Render checks these again
/// with every other output.
fn output_diagnostics(pages: &[Page], valid: &[bool], assets: &[Asset]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut claims: Vec<(OutPath, Origin)> = Vec::new();
    for (page, _) in pages.iter().zip(valid).filter(|(_, &valid)| valid) {
        let origin = page.output_origin();
        match OutPath::for_url(&page.url) {
            Ok(path) => claims.push((path, origin)),
            Err(err) => {
                let (message, hint) = match &page.meta.slug {
                    Some(slug) => (
                        format!("slug {slug:?} cannot be used: {}", err.problem.describe()),
                        "use letters, digits and -",
                    ),
                    None => (
                        format!("this page's URL {:?} cannot be used: {}", page.url, err.problem.describe()),
                        "rename the file with letters, digits and -",
                    ),
                };
                diagnostics.push(Diagnostic::error(&page.file, origin.line, origin.column, message).with_hint(hint));
            }
        }
        for (n, alias) in page.meta.aliases.iter().enumerate() {
            let origin = page.alias_origin(n);
            match OutPath::for_url(alias) {
                Ok(path) => claims.push((path, origin)),
                Err(err) => diagnostics.push(
                    Diagnostic::error(
                        &page.file,
                        origin.line,
                        origin.column,
                        format!("alias {alias:?} cannot be used: {}", err.problem.describe()),
                    )
                    .with_hint("write it as a path from the site root, like \"/old/path/\""),
                ),
            }
        }
    }
    for asset in assets {
        let file = Path::new("content").join(&asset.rel);
        match OutPath::new(&asset.rel) {
            Ok(path) => claims.push((path, Origin::copy(file))),
            Err(err) => diagnostics.push(
                Diagnostic::error(
                    file,
                    0,
                    0,
                    format!("this file cannot be copied to the site: its path {}", err.problem.describe()),
                )
                .with_hint("rename it with letters, digits and -"),
            ),
        }
    }
    diagnostics.extend(crate::output::clashes(claims.iter().map(|(p, o)| (p, o))));
    diagnostics
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
        has_calculator: Page::body_has_calculator(&p.body),
        body_line: p.body_line,
        source_hash: p.hash,
        lang: None,
        translated_into: Vec::new(),
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

    /// Links one page with this front matter (and a home page), as `load` does after reading.
    fn link_one(front_matter: &str) -> (Site, Vec<Diagnostic>) {
        let config = crate::config::parse("title = \"T\"", "t.toml".as_ref(), "/nonexistent".as_ref(), None)
            .unwrap_or_else(|e| panic!("{e}"));
        let text = format!("+++\n{front_matter}\n+++\nText.\n");
        let mut diagnostics = Vec::new();
        let parsed = match parse_text(PathBuf::from("content/x.md"), "x.md", &text) {
            Ok(parsed) => vec![parsed],
            Err(mut errors) => {
                diagnostics.append(&mut errors);
                Vec::new()
            }
        };
        let site = link(config, parsed, Vec::new(), LoadOptions::default(), &mut diagnostics);
        (site, diagnostics)
    }

    proptest::proptest! {
        // Whatever a slug or alias says, the page's output files are safe paths, or there is
        // an error located at a line of the file.
        #[test]
        fn any_slug_or_alias_is_a_safe_path_or_a_located_error(
            slug in "(\\PC|[/\\\\.:\0\n]|\\.\\.){0,30}",
            alias in "/?(\\PC|[/\\\\.:\0\n]|\\.\\.){0,30}",
        ) {
            let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
            let (site, diagnostics) = link_one(&format!("title = \"T\"\nslug = {}\naliases = [{}]", quote(&slug), quote(&alias)));
            let located = diagnostics.iter().any(|d| d.is_error() && d.path == Path::new("content/x.md") && d.line > 0);
            let page = site.pages.iter().find(|p| p.rel == "x.md");
            let safe = page.is_some_and(|p| {
                OutPath::for_url(&p.url).is_ok()
                    && p.meta.aliases.iter().all(|a| OutPath::for_url(a).is_ok())
                    && p.meta.aliases.len() == 1
            });
            proptest::prop_assert!(located || safe, "neither safe nor located: {slug:?} {alias:?}: {diagnostics:?}");
            proptest::prop_assert!(diagnostics.iter().filter(|d| d.is_error()).all(|d| d.line > 0), "{diagnostics:?}");
        }
    }

    #[test]
    fn slug_and_alias_errors_point_at_their_lines() {
        let (_, diagnostics) =
            link_one("title = \"T\"\nslug = \"a\\u0000b\"\naliases = [\"/x/\",\n  \"//tmp/x/\", \"/\"]");
        let found: Vec<(usize, usize)> = diagnostics.iter().map(|d| (d.line, d.column)).collect();
        // The slug; `//tmp/x/` on the next line; `/` (the home page's URL) at its own quotes.
        assert_eq!(found, [(3, 1), (5, 4), (5, 16)], "{diagnostics:?}");
    }

    #[test]
    fn ignored_names() {
        assert!(is_ignored(".git"));
        assert!(is_ignored("x.md~"));
        assert!(is_ignored(".x.md.swp"));
        assert!(!is_ignored("guide.md"));
    }
}
