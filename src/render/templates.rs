//! The rendering of every output file with the theme's templates (loaded in [`super::theme`]).

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

pub(crate) use super::theme::Theme;
use super::view::{self, LinkView, SiteView};
use super::{page_view, site_view};
use crate::content::{Kind, Site};
use crate::error::{Error, Result};
use crate::markdown::Rendered;
use crate::output::{fixed_path, Origin, OutPath, Output};

/// FNV-1a, 64 bit: a stable hash (the standard library's may change between releases).
#[derive(Clone, Copy)]
pub(crate) struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

/// FNV as the hasher of maps keyed by short strings (search terms), where SipHash's
/// resistance to chosen keys buys nothing and costs time.
impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        Fnv::write(self, bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FnvBuildHasher = std::hash::BuildHasherDefault<Fnv>;

/// Hashing a serialization as it is written, without keeping it.
impl std::io::Write for Fnv {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        Fnv::write(self, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Fnv {
    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn template_for(site: &Site, index: usize) -> String {
    let page = &site.pages[index];
    if let Some(template) = &page.meta.template {
        return template.clone();
    }
    match (index, page.is_section, page.kind) {
        (0, _, _) => "home.html",
        (_, _, Kind::Module) => "module.html",
        (_, true, _) => "section.html",
        (_, false, Kind::Lesson) => "lesson.html",
        (_, false, Kind::Guide) => "guide.html",
        (_, false, Kind::CaseStudy) => "case-study.html",
        (_, false, _) => "page.html",
    }
    .to_string()
}

/// The output file of a site URL (`/a/b/` -> `a/b/index.html`) that `origin` makes: a URL that
/// cannot be a file is a content error there (loading has already reported those of pages and
/// aliases, at their lines).
pub(crate) fn output_path(url: &str, origin: &Origin) -> Result<OutPath> {
    crate::output::located(OutPath::for_url(url), origin)
}

#[derive(Serialize)]
struct SpecialContext<'a> {
    site: &'a SiteView<'a>,
    base: &'a str,
    asset_version: &'a str,
    pages: Vec<SitemapEntry>,
    /// For alias pages: where to go.
    target: Option<LinkView>,
    /// For the feed: its newest entry's date, or 1970-01-01.
    updated: String,
    entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
struct SitemapEntry {
    permalink: String,
    lastmod: Option<String>,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    description: String,
    permalink: String,
    updated: String,
    kind: Kind,
}

/// What every page of a run sees besides `page` (see [`view`] for the contract).
#[derive(Serialize)]
struct RunContext<'a> {
    site: &'a SiteView<'a>,
    base: &'a str,
    asset_version: &'a str,
    section_pages: Vec<LinkView>,
}

/// At most this many pages share a context, so that one big section still spreads over every
/// thread.
const RUN_LEN: usize = 64;

/// Runs of consecutive pages with the same `section_pages` (sections have none), at most
/// [`RUN_LEN`] long.
fn runs(site: &Site) -> Vec<std::ops::Range<usize>> {
    let key = |index: usize| Some(&site.pages[index]).filter(|p| !p.is_section).and_then(|p| p.parent);
    let mut runs = Vec::new();
    let mut start = 0;
    for index in 1..=site.pages.len() {
        if index == site.pages.len() || index - start == RUN_LEN || key(index) != key(start) {
            runs.push(start..index);
            start = index;
        }
    }
    runs
}

/// For a page (not a section): every page of its parent section, in order.
fn section_pages(site: &Site, index: usize) -> Vec<LinkView> {
    let page = &site.pages[index];
    match page.parent {
        Some(parent) if !page.is_section => site.pages[parent].pages.iter().map(|&i| view::link(site, i)).collect(),
        _ => Vec::new(),
    }
}

pub(super) fn render_all(
    site: &Site,
    theme: &Theme,
    mut rendered: Vec<Rendered>,
    cache: &mut super::RenderCache,
    preview: bool,
) -> Result<Vec<Output>> {
    let mut phases = crate::timing::Phases::start();
    let site_view = site_view(site);
    let base = site.config.base_path.as_str();
    // Consecutive pages of one section share all of their context but `page`, so each run of
    // them renders with one `tera::Context`: `site` and `section_pages` are serialized once per
    // run. Per page, a sidebar's list of the section made a 10,000-page build quadratic.
    let previous = &cache.pages;
    let pages: Vec<(u64, Output)> = runs(site)
        .into_par_iter()
        .map(|run| {
            let shared = RunContext {
                site: &site_view,
                base,
                asset_version: &theme.asset_version,
                section_pages: section_pages(site, run.start),
            };
            // A page's HTML is a function of what its template sees: this run's shared context,
            // the page's own view, the template's name and every template's source.
            let mut run_key = Fnv(theme.templates_hash);
            serde_json::to_writer(&mut run_key, &shared).map_err(|err| Error::template("context", &err.into()))?;
            let mut context = tera::Context::from_serialize(shared).map_err(|err| Error::template("context", &err))?;
            run.map(|index| {
                let name = template_for(site, index);
                if theme.tera.get_template(&name).is_err() {
                    let page = &site.pages[index];
                    return Err(Error::Content(vec![crate::error::Diagnostic::error(
                        &page.file,
                        0,
                        0,
                        format!("template `{name}` does not exist"),
                    )
                    .with_hint(format!(
                        "add templates/{name}, or use one of: {}",
                        theme.template_names().join(", ")
                    ))]));
                }
                let view = page_view(site, index, &rendered);
                let origin = site.pages[index].output_origin();
                let path = output_path(&site.pages[index].url, &origin)?;
                let mut key = run_key;
                key.write(name.as_bytes());
                serde_json::to_writer(&mut key, &view).map_err(|err| Error::template(&name, &err.into()))?;
                if let Some((cached_key, bytes)) = previous.get(path.as_str()) {
                    if *cached_key == key.0 {
                        return Ok((key.0, Output::new(path, bytes.clone()).with_origin(origin)));
                    }
                }
                context.try_insert("page", &view).map_err(|err| Error::template(&name, &err))?;
                let mut html = theme
                    .tera
                    .render(&name, &context)
                    .map_err(|err| Error::template(&name, &err).while_rendering(&site.pages[index].file))?;
                // Tera's buffer grows by doubling; every page is held until the write, so give the
                // slack back (a quarter of the pages' memory on the benchmark corpus).
                html.shrink_to_fit();
                Ok((key.0, Output::new(path, html.into_bytes()).with_origin(origin)))
            })
            .collect::<Result<Vec<_>>>()
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    if cache.is_enabled() {
        cache.pages = pages.iter().map(|(key, o)| (o.path.to_string(), (*key, o.bytes.clone()))).collect();
    }
    let pages: Vec<Output> = pages.into_iter().map(|(_, o)| o).collect();

    let mut special = SpecialContext {
        site: &site_view,
        base,
        asset_version: &theme.asset_version,
        pages: Vec::new(),
        target: None,
        updated: String::new(),
        entries: Vec::new(),
    };
    let mut outputs = pages;
    phases.mark("page templates");
    outputs.push(
        Output::new(fixed_path!("404.html"), theme.render("404.html", &special)?.into_bytes())
            .with_origin(Origin::generated("tierbook's 404 page")),
    );
    outputs.push(
        Output::new(fixed_path!("robots.txt"), theme.render("robots.txt", &special)?.into_bytes())
            .with_origin(Origin::generated("tierbook's robots.txt")),
    );

    let mut entries: Vec<(crate::content::front_matter::Date, FeedEntry)> = site
        .pages
        .iter()
        .filter(|p| matches!(p.kind, Kind::Module | Kind::Guide))
        .filter_map(|p| {
            let date = p.meta.updated.or(p.meta.date)?;
            Some((
                date,
                FeedEntry {
                    title: p.meta.title.clone(),
                    description: p.meta.description.clone(),
                    permalink: format!("{}{}", site.config.base_url, &p.url[1..]),
                    updated: format!("{date}T00:00:00Z"),
                    kind: p.kind,
                },
            ))
        })
        .collect();
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.permalink.cmp(&b.1.permalink)));
    special.updated = entries.first().map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |(_, e)| e.updated.clone());
    special.entries = entries.into_iter().map(|(_, e)| e).collect();
    outputs.push(
        Output::new(fixed_path!("atom.xml"), theme.render("atom.xml", &special)?.into_bytes())
            .with_origin(Origin::generated("tierbook's feed")),
    );
    special.entries.clear();

    for (index, page) in site.pages.iter().enumerate() {
        for (n, alias) in page.meta.aliases.iter().enumerate() {
            special.target = Some(view::link(site, index));
            let origin = page.alias_origin(n);
            let path = output_path(alias, &origin)?;
            let html = theme.render("alias.html", &special).map_err(|err| err.while_rendering(&page.file))?;
            outputs.push(Output::new(path, html.into_bytes()).with_origin(origin));
        }
    }

    phases.mark("feed, 404, aliases");
    outputs.extend(super::training::render(site, theme, &rendered, &site_view, &theme.asset_version)?);
    outputs.extend(super::terms::render(site, theme, &rendered, &site_view, &theme.asset_version)?);
    phases.mark("certificates, taxonomies");
    outputs.extend(super::print::outputs(site, theme, &rendered, &site_view, &theme.asset_version)?);
    // Every template that shows a page's HTML has run: free it before the search index, the
    // step that needs the most memory besides the outputs.
    for r in &mut rendered {
        r.html = String::new();
    }
    phases.mark("print books");
    outputs.push(super::search_page::output(site, theme, &site_view, &theme.asset_version)?);
    // Every page from a template is in: each gets the policy, whatever template wrote it.
    super::csp::ensure_meta(&mut outputs);
    let keep = cache.is_enabled();
    outputs.extend(crate::search::outputs(site, &rendered, &mut cache.search, keep)?);
    drop(rendered);
    phases.mark("search index");
    outputs.extend(super::offline::manifest(site));
    for (path, bytes) in &theme.statics {
        let bytes = if path.ends_with(".js") {
            version_imports(&String::from_utf8_lossy(bytes), &theme.asset_version).into_bytes()
        } else {
            bytes.clone()
        };
        let origin = if theme.site_statics.contains(path) {
            Origin::copy(Path::new("static").join(path))
        } else {
            Origin::generated("a file of the default theme")
        };
        let path = crate::output::located(OutPath::new(path), &origin)?;
        outputs.push(Output::new(path, bytes).with_origin(origin));
    }
    let brand = brand_css(&site.config.district.primary_color).into_bytes();
    outputs.push(
        Output::new(fixed_path!("css/brand.css"), brand).with_origin(Origin::generated("tierbook's brand colours")),
    );
    outputs.extend(crate::calc::assets());
    for asset in &site.assets {
        let bytes = std::fs::read(&asset.source).map_err(|err| Error::io(&asset.source, err))?;
        let origin = Origin::copy(Path::new("content").join(&asset.rel));
        let path = crate::output::located(OutPath::new(&asset.rel), &origin)?;
        outputs.push(Output::new(path, bytes).with_origin(origin));
    }

    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    // The sitemap lists every indexable page, generated ones included; then the service worker
    // lists every other output.
    phases.mark("static files");
    special.pages = sitemap_entries(site, &outputs);
    let sitemap = Output::new(fixed_path!("sitemap.xml"), theme.render("sitemap.xml", &special)?.into_bytes())
        .with_origin(Origin::generated("tierbook's sitemap"));
    insert_sorted(&mut outputs, sitemap);
    phases.mark("sitemap");
    if !preview {
        let worker = super::offline::worker(&outputs);
        insert_sorted(&mut outputs, worker);
    }
    phases.mark("service worker");
    // Every source of output files together: pages, aliases, taxonomy and print pages, static
    // and content files, and tierbook's own files; the preview claims `sw.js` too, which it
    // answers itself, so that it refuses what `build` refuses.
    let worker = (fixed_path!("sw.js"), Origin::generated("tierbook's service worker"));
    let preview_claims = preview.then_some((&worker.0, &worker.1));
    let clashes = crate::output::clashes(outputs.iter().map(|o| (&o.path, &o.origin)).chain(preview_claims));
    if !clashes.is_empty() {
        return Err(Error::Content(clashes));
    }
    Ok(outputs)
}

fn insert_sorted(outputs: &mut Vec<Output>, output: Output) {
    let at = outputs.partition_point(|o| o.path < output.path);
    outputs.insert(at, output);
}

/// Every HTML page of the build that search engines may index (not 404, aliases, certificates
/// or other `noindex` pages), with its date where the page has one.
fn sitemap_entries(site: &Site, outputs: &[Output]) -> Vec<SitemapEntry> {
    let dates: std::collections::HashMap<OutPath, String> = site
        .pages
        .iter()
        .filter_map(|p| Some((OutPath::for_url(&p.url).ok()?, p.meta.updated.or(p.meta.date)?.to_string())))
        .collect();
    outputs
        .iter()
        .filter(|o| o.path.ends_with("index.html"))
        .filter(|o| {
            // The robots meta is in <head>, near the top: look only there.
            let text = std::str::from_utf8(&o.bytes).unwrap_or("");
            !text[..text.floor_char_boundary(4096)].contains(NOINDEX)
        })
        .map(|o| SitemapEntry {
            permalink: format!("{}{}", site.config.base_url, o.path.trim_end_matches("index.html")),
            lastmod: dates.get(&o.path).cloned(),
        })
        .collect()
}

const NOINDEX: &str = "<meta name=\"robots\" content=\"noindex\">";

/// Adds `?v=<version>` to relative module imports (`from "./store.js"`), so a browser never
/// combines a new page script with an old cached module after a deploy.
fn version_imports(js: &str, version: &str) -> String {
    let mut out = String::with_capacity(js.len() + 64);
    let mut i = 0;
    let bytes = js.as_bytes();
    while i < bytes.len() {
        let rest = &js[i..];
        // Comments and template literals are copied as they are: quotes in them are not strings.
        // (opening, closing) of the spans to copy unchanged; the closing text is kept.
        let span = [("//", "\n"), ("/*", "*/"), ("`", "`")].into_iter().find(|(open, _)| rest.starts_with(open));
        let skip_to = span.map(|(open, close)| {
            let keep_close = if close == "\n" { 0 } else { close.len() };
            rest[open.len()..].find(close).map_or(js.len(), |n| i + open.len() + n + keep_close)
        });
        if let Some(end) = skip_to {
            out.push_str(&js[i..end]);
            i = end;
            continue;
        }
        let c = bytes[i];
        if c != b'"' && c != b'\'' {
            let len = rest.chars().next().map_or(1, char::len_utf8);
            out.push_str(&js[i..i + len]);
            i += len;
            continue;
        }
        let Some(end) = rest[1..].find(c as char).map(|n| i + 1 + n) else {
            out.push_str(rest);
            break;
        };
        let spec = &js[i + 1..end];
        let prefix = js[..i].trim_end();
        let is_import = prefix.ends_with("from") || prefix.ends_with("import") || prefix.ends_with("import(");
        out.push_str(&js[i..end]);
        if is_import && (spec.starts_with("./") || spec.starts_with("../")) && spec.ends_with(".js") {
            out.push_str("?v=");
            out.push_str(version);
        }
        out.push(c as char);
        i = end + 1;
    }
    out
}

/// The district's color as CSS custom properties: as given on light backgrounds, and lightened
/// until it has 4.5:1 contrast on the dark theme's background.
fn brand_css(primary: &str) -> String {
    let hex = primary.trim_start_matches('#');
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    let rgb = (channel(0), channel(2), channel(4));
    let dark_bg = (0x12, 0x14, 0x18);
    let lighten = |c: u8, f: f64| (f64::from(c) + (255.0 - f64::from(c)) * f).round() as u8;
    let dark = (0..=100)
        .map(|s| f64::from(s) / 100.0)
        .map(|f| (lighten(rgb.0, f), lighten(rgb.1, f), lighten(rgb.2, f)))
        // Links and buttons also sit on the dark surface (header, footer, contents) and note colors.
        .find(|&c| {
            [dark_bg, (0x1c, 0x20, 0x27), (0x1b, 0x28, 0x36)]
                .iter()
                .all(|&bg| crate::config::contrast_ratio(c, bg) >= 4.5)
        })
        .unwrap_or((255, 255, 255));
    format!(
        ":root {{ --tb-primary: {primary}; }}\n@media (prefers-color-scheme: dark) {{ :root {{ --tb-primary: #{:02x}{:02x}{:02x}; }} }}\n",
        dark.0, dark.1, dark.2
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_imports_get_the_asset_version() {
        let js = "import { a } from \"./store.js\";\nimport \"../x.js\";\nconst m = await import('./lazy.js');\nconst s = \"./not-an-import.js\";\nimport init from \"../calculator/calculator.js\";";
        let out = version_imports(js, "abc");
        assert!(out.contains("from \"./store.js?v=abc\""));
        assert!(out.contains("import \"../x.js?v=abc\""));
        assert!(out.contains("import('./lazy.js?v=abc')"));
        assert!(out.contains("\"./not-an-import.js\""), "plain strings are left alone");
        assert!(out.contains("from \"../calculator/calculator.js?v=abc\""));
        assert_eq!(version_imports("a = 'unterminated", "v"), "a = 'unterminated");
        let commented = "// the checklist's id\n/* don't */ const t = `it's`;\nimport { x } from \"./store.js\";";
        assert!(
            version_imports(commented, "v").ends_with("from \"./store.js?v=v\";"),
            "quotes in comments are not strings"
        );
    }

    #[test]
    fn output_paths_are_pretty_and_located() {
        let origin = Origin::content("content/a.md", (3, 1), "the page");
        let path = |url| output_path(url, &origin).map(|p| p.to_string()).map_err(|e| e.to_string());
        assert_eq!(path("/"), Ok("index.html".to_string()));
        assert_eq!(path("/guides/x/"), Ok("guides/x/index.html".to_string()));
        assert_eq!(path("//tmp/x/"), Err("1 content error found".to_string()));
    }

    #[test]
    fn brand_css_lightens_for_dark_mode() {
        let css = brand_css("#1f5c8b");
        assert!(css.starts_with(":root { --tb-primary: #1f5c8b; }"));
        let dark = css.split("--tb-primary: #").nth(2).expect("dark value");
        let rgb = (
            u8::from_str_radix(&dark[0..2], 16).unwrap_or(0),
            u8::from_str_radix(&dark[2..4], 16).unwrap_or(0),
            u8::from_str_radix(&dark[4..6], 16).unwrap_or(0),
        );
        assert!(crate::config::contrast_ratio(rgb, (0x12, 0x14, 0x18)) >= 4.5);
    }
}
