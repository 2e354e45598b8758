//! Rendering a loaded [`Site`] into in-memory outputs: markdown for every page (in parallel), then
//! link and anchor checks across pages, then templates, then the site-wide files (sitemap, feed,
//! robots, 404, aliases) and static files. Pure: nothing here touches the output folder.

mod assets;
mod certificates;
pub(crate) mod csp;
mod files;
mod guide_terms;
mod js_words;
pub mod layout;
mod offline;
mod pages;
mod parts;
mod print;
mod search_page;
mod site_files;
pub mod strings;
mod template_check;
mod templates;
mod terms;
mod theme;
pub mod view;

use std::collections::HashMap;

use rayon::prelude::*;

use crate::blocks::Preset;
use crate::content::{Kind, Site};
use crate::error::{Diagnostic, Error, Result};
use crate::markdown::{self, Rendered};
use crate::output::Output;
pub use certificates::{certificate_code, CodeFields};
pub use theme::Theme;
use view::{LessonView, LinkView, ModuleView, PageView, SiteView};

/// What rendering produced besides the files: per-page text for reports, and warnings.
#[derive(Debug)]
pub struct Built {
    /// Every file of the site, sorted by path; empty when they went to another sink (see
    /// [`render_into`]).
    pub outputs: Vec<Output>,
    /// How many files the site has.
    pub files: usize,
    /// Warnings (errors fail the render instead).
    pub warnings: Vec<Diagnostic>,
    /// Per page, in `Site::pages` order: the reading-level counts of its prose (zero unless the
    /// cache was [`RenderCache::for_check`]).
    pub reading: Vec<crate::readability::Counts>,
    /// Per page, in `Site::pages` order: the interactive blocks it holds (`quiz`, `checklist`, ...).
    pub blocks: Vec<Vec<&'static str>>,
    /// Per language other than the default: the reading-level counts of its translated pages.
    pub translated_reading: Vec<LanguageReading>,
}

/// Work kept between builds of the same site by `serve`: each page's rendered markdown, with
/// the key of everything that rendering read. A page is rendered again when any of it changed,
/// so a cached build gives exactly what a fresh one gives (tests/serve.rs and the unit test below
/// compare them).
#[derive(Default)]
pub struct RenderCache {
    /// Off (the default) for one-off builds, which gain nothing from keeping copies.
    enabled: bool,
    /// Page URL -> (key of its inputs, rendered markdown), every language's.
    markdown: HashMap<String, (u64, Rendered)>,
    /// Output path -> (key of the template's inputs, the page).
    pages: HashMap<String, (u64, files::Kept)>,
    /// This build's pages, filled language by language, then moved into `pages`.
    fresh_pages: HashMap<String, (u64, files::Kept)>,
    search: crate::search::SearchCache,
    /// Each other language's search index work, by language code.
    search_views: HashMap<String, crate::search::SearchCache>,
    /// The parsed templates of the last build.
    pub(crate) theme: Option<Theme>,
    /// The content files of the last build.
    pub(crate) content: crate::content::LoadCache,
    /// Turns off the output cache of template parts ([`parts`]), to compare a build without it.
    no_parts: bool,
    /// Count every page's prose for reading levels ([`Built::reading`]): only `check` reports
    /// them, and counting was 18% of a 1,000-page build.
    reading: bool,
}

impl RenderCache {
    /// A cache that keeps each build's work for the next (what `serve` uses).
    pub fn enabled() -> RenderCache {
        RenderCache { enabled: true, content: crate::content::LoadCache::enabled(), ..RenderCache::default() }
    }

    /// Forgets what it kept of files the watcher saw change (see [`crate::content::LoadCache::forget`]).
    pub fn forget(&mut self, changed: &[std::path::PathBuf]) {
        self.content.forget(changed);
        if let Some(theme) = &mut self.theme {
            theme.forget(changed);
        }
    }

    pub(crate) fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// A one-off build's cache without the output cache of template parts (the navigation
    /// rendered once per section and reused): the same bytes, more slowly. For tests that
    /// compare the two; `TIERBOOK_NO_PART_CACHE=1` does the same for any build.
    pub fn without_parts() -> RenderCache {
        RenderCache { no_parts: true, ..RenderCache::default() }
    }

    /// A one-off build that also counts every page's prose for reading levels (`check`).
    pub fn for_check() -> RenderCache {
        RenderCache { reading: true, ..RenderCache::default() }
    }

    /// Keeps a build's markdown of `site`'s pages for the next build (when enabled).
    fn keep_markdown(&mut self, site: &Site, rendered: Vec<Rendered>) {
        if self.enabled {
            self.markdown.extend(site.pages.iter().zip(rendered).map(|(page, r)| (page.url.clone(), (r.key, r))));
        }
    }

    pub(crate) fn parts_enabled(&self) -> bool {
        !self.no_parts && std::env::var_os("TIERBOOK_NO_PART_CACHE").is_none_or(|v| v == "0")
    }
}

/// Renders the whole site. All content errors (from loading and from rendering) are returned
/// together.
pub fn render(site: &Site, theme: &Theme) -> Result<Built> {
    render_with(site, theme, &mut RenderCache::default(), false)
}

/// [`render`], reusing the work of pages whose inputs did not change since the build that
/// filled `cache`; `preview` leaves out the service worker (see `BuildOptions::preview`).
pub fn render_with(site: &Site, theme: &Theme, cache: &mut RenderCache, preview: bool) -> Result<Built> {
    let memory = crate::output::Memory::default();
    let built = render_into(site, theme, cache, preview, &memory)?;
    Ok(Built { outputs: memory.into_sorted(), ..built })
}

/// [`render_with`], handing each file to `sink` as it is made (for `build`: straight into the
/// staging folder) instead of keeping them in [`Built::outputs`].
pub fn render_into(
    site: &Site,
    theme: &Theme,
    cache: &mut RenderCache,
    preview: bool,
    sink: &dyn crate::output::Sink,
) -> Result<Built> {
    let assets = crate::content::AssetIndex::new(site);
    let presets = presets(site);
    let mut diagnostics = site.diagnostics.clone();
    diagnostics.extend(theme.problems.iter().cloned());
    // The district's numbers (data/*.csv): their problems are content errors like any page's.
    let report = match crate::report::site_report(&site.config) {
        Ok(report) => report,
        Err(Error::Content(errors)) => {
            diagnostics.extend(errors);
            None
        }
        Err(err) => return Err(err),
    };

    let mut phases = crate::timing::Phases::start();
    let strings = site.strings.clone();
    let mut previous = std::mem::take(&mut cache.markdown);
    let parts = MarkdownParts { presets: &presets, assets: &assets, report: report.as_ref(), reading: cache.reading };
    let mut rendered = render_markdown(site, &parts, &mut previous);
    diagnostics.extend(anchor_diagnostics(site, &rendered));
    // Each other language: the whole site again under /<code>/, translated pages with their own
    // text and the others in the default language (content::Site::for_language).
    let mut languages = Vec::new();
    for language in site.config.other_languages() {
        let view = site.for_language(&language.code);
        let view_assets = crate::content::AssetIndex::new(&view);
        let view_parts = MarkdownParts { assets: &view_assets, ..parts };
        let view_rendered = render_markdown(&view, &view_parts, &mut previous);
        diagnostics.extend(anchor_diagnostics(&view, &view_rendered));
        drop(view_assets);
        languages.push((view, view_rendered));
    }
    drop(previous);
    diagnostics.extend(figure_diagnostics(site));
    diagnostics.extend(crate::sanitize::svg::check_site(site));
    diagnostics.extend(crate::sanitize::files::check_content_assets(site));
    diagnostics.extend(check_order_diagnostics(site, &rendered));
    diagnostics.sort();
    diagnostics.dedup();
    phases.mark("markdown and checks");
    if diagnostics.iter().any(Diagnostic::is_error) {
        // Kept, so that the build after the fix renders only what changed.
        cache.keep_markdown(site, rendered);
        for (view, view_rendered) in languages {
            cache.keep_markdown(&view, view_rendered);
        }
        return Err(Error::Content(diagnostics));
    }

    let reading = rendered.iter().map(|r| r.reading).collect();
    let downloads = report.as_ref().map(report_downloads).unwrap_or_default();
    let blocks = rendered.iter().map(|r| r.blocks.clone()).collect();
    let translated_reading = languages
        .iter()
        .map(|(view, rendered)| LanguageReading {
            code: view.pages[0].lang.as_ref().map_or_else(String::new, |l| l.code.clone()),
            pages: view
                .pages
                .iter()
                .zip(rendered)
                .enumerate()
                .filter(|(_, (p, _))| p.lang.as_ref().is_some_and(|l| l.translated))
                .map(|(i, (p, r))| (i, p.file.clone(), r.reading))
                .collect(),
        })
        .collect();
    let speaking = theme.speaking(&strings, &site.config.language);
    let mut languages: Vec<_> = languages
        .into_iter()
        .map(|(view, rendered)| {
            let code = view.pages[0].lang.as_ref().map_or_else(String::new, |l| l.code.clone());
            (view, theme.speaking(&strings, &code), rendered)
        })
        .collect();
    let files = files::Files::new(sink);
    let files = templates::render_all(site, &speaking, &mut rendered, cache, preview, downloads, &mut languages, files);
    // Kept for the next build even when this one failed: a fix then renders only what changed.
    cache.keep_markdown(site, rendered);
    for (view, _, view_rendered) in languages {
        cache.keep_markdown(&view, view_rendered);
    }
    let files = files?;
    Ok(Built { outputs: Vec::new(), files, warnings: diagnostics, reading, blocks, translated_reading })
}

/// What rendering one page's markdown reads besides the site and the page.
#[derive(Clone, Copy)]
struct MarkdownParts<'a> {
    presets: &'a [Preset],
    assets: &'a crate::content::AssetIndex<'a>,
    report: Option<&'a crate::report::Report>,
    /// Count the prose for reading levels ([`RenderCache::for_check`]).
    reading: bool,
}

/// Every page's markdown, in parallel, taking from `previous` (the last build's, by page URL)
/// each rendering whose inputs did not change.
fn render_markdown(
    site: &Site,
    parts: &MarkdownParts<'_>,
    previous: &mut HashMap<String, (u64, Rendered)>,
) -> Vec<Rendered> {
    let site_key = markdown_site_key(site, parts.presets, parts.report, parts.reading);
    let keys: Vec<(u64, Option<u8>)> = (0..site.pages.len())
        .into_par_iter()
        .map(|index| {
            let page = &site.pages[index];
            let module = page.module.or((page.kind == Kind::Module).then_some(index));
            let pass_score = module.and_then(|m| site.pages[m].meta.pass_score);
            (markdown_page_key(site_key, page, pass_score), pass_score)
        })
        .collect();
    // Moved out, not copied: the build hands them back with `RenderCache::keep_markdown`.
    let reused: Vec<Option<Rendered>> = site
        .pages
        .iter()
        .zip(&keys)
        .map(|(page, (key, _))| previous.remove(&page.url).filter(|(k, _)| k == key).map(|(_, r)| r))
        .collect();
    if !previous.is_empty() || reused.iter().any(Option::is_some) {
        let count = reused.iter().filter(|r| r.is_some()).count();
        crate::timing::note(format_args!("{count} of {} pages' markdown from the last build", site.pages.len()));
    }
    reused
        .into_par_iter()
        .zip(keys)
        .enumerate()
        .map(|(index, (reused, (key, pass_score)))| {
            reused.unwrap_or_else(|| {
                let ctx = markdown::Context {
                    site,
                    page: index,
                    presets: parts.presets,
                    pass_score,
                    assets: parts.assets,
                    report: parts.report,
                    reading: parts.reading,
                };
                Rendered { key, ..markdown::render(&ctx) }
            })
        })
        .collect()
}

/// Links to a heading that the page linked to does not have.
fn anchor_diagnostics(site: &Site, rendered: &[Rendered]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // The hint listing a page's headings, made once per page: per broken link, it made a page
    // of many broken links to a page of many headings quadratic.
    let mut heading_hints: HashMap<usize, String> = HashMap::new();
    for (source, r) in site.pages.iter().zip(rendered) {
        diagnostics.extend(r.diagnostics.iter().cloned());
        for link in &r.anchor_links {
            if !rendered[link.target].ids.contains(&link.anchor) {
                let target = &site.pages[link.target];
                let hint = heading_hints.entry(link.target).or_insert_with(|| {
                    let known: Vec<&str> = rendered[link.target].headings.iter().map(|h| h.id.as_str()).collect();
                    if known.is_empty() {
                        "that page has no headings to link to".to_string()
                    } else {
                        format!("its headings are: #{}", known.join(", #"))
                    }
                });
                diagnostics.push(
                    Diagnostic::error(
                        &source.file,
                        link.line,
                        link.column,
                        format!("`#{}` is not a heading of {}", link.anchor, target.file.display()),
                    )
                    .with_hint(hint.clone()),
                );
            }
        }
    }
    diagnostics
}

/// The reading-level counts of one language's translated pages: (page index, file, counts).
#[derive(Debug)]
pub struct LanguageReading {
    pub code: String,
    pub pages: Vec<(usize, std::path::PathBuf, crate::readability::Counts)>,
}

/// The CSV download of each report table, at the path the report block links to. Suppressed
/// cells are the word "suppressed" here too.
fn report_downloads(report: &crate::report::Report) -> Vec<crate::output::Output> {
    let tables =
        [Some(&report.trends), Some(&report.changes), report.schools.as_ref(), report.projection.table.as_ref()];
    tables
        .into_iter()
        .flatten()
        .filter_map(|t| {
            let path = crate::output::OutPath::new(&crate::blocks::report::csv_path(t)).ok()?;
            Some(
                crate::output::Output::new(path, t.to_csv().into_bytes())
                    .with_origin(crate::output::Origin::generated("a report table's CSV download (data/*.csv)")),
            )
        })
        .collect()
}

/// What every page's markdown rendering reads from the rest of the site: the base path, every
/// page's source path and URL (links), every file under content/ with its size and time (links
/// and image sizes), the calculator presets and the district report (report blocks).
fn markdown_site_key(site: &Site, presets: &[Preset], report: Option<&crate::report::Report>, reading: bool) -> u64 {
    let mut hash = templates::Fnv::default();
    hash.write(&[u8::from(reading)]);
    hash.write(site.config.base_path.as_bytes());
    hash.write(site.config.root.as_os_str().as_encoded_bytes());
    for page in &site.pages {
        hash.write(page.rel.as_bytes());
        hash.write(page.url.as_bytes());
    }
    for (folder, assets) in [("content", &site.assets), ("static", &site.static_files)] {
        hash.write(folder.as_bytes());
        for asset in assets {
            hash.write(asset.rel.as_bytes());
            hash.write(&asset.len.to_le_bytes());
            hash.write(&asset.modified.to_le_bytes());
        }
    }
    hash.write(format!("{presets:?}").as_bytes());
    hash.write(format!("{report:?}").as_bytes());
    hash.0
}

/// Everything one page's markdown rendering reads of the page itself, on top of the site key.
fn markdown_page_key(site_key: u64, page: &crate::content::Page, pass_score: Option<u8>) -> u64 {
    let mut hash = templates::Fnv(site_key);
    hash.write(page.file.as_os_str().as_encoded_bytes());
    hash.write(page.body.as_bytes());
    hash.write(&page.body_line.to_le_bytes());
    hash.write(&[pass_score.map_or(255, |s| s)]);
    hash.0
}

/// A module's knowledge check (the lesson holding a quiz) should come last, after the lessons
/// it checks.
fn check_order_diagnostics(site: &Site, rendered: &[Rendered]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for module in site.pages.iter().filter(|p| p.kind == Kind::Module) {
        let Some((&last, lessons)) = module.pages.split_last() else { continue };
        for &lesson in lessons.iter().filter(|&&l| rendered[l].blocks.contains(&"quiz")) {
            out.push(
                Diagnostic::warning(
                    &site.pages[lesson].file,
                    0,
                    0,
                    "this knowledge check is not the last lesson of its module",
                )
                .with_hint(format!(
                    "give it a higher `weight` than {} so learners meet it after the lessons",
                    site.pages[last].file.display()
                )),
            );
        }
    }
    out
}

/// A case study's `[figures]` must match what the calculator computes from them.
fn figure_diagnostics(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for page in site.pages.iter().filter(|p| p.kind == Kind::CaseStudy) {
        let Some(figures) = &page.meta.figures else { continue };
        let spans = &page.meta.spans;
        for problem in crate::case_study::check_figures(figures) {
            let (line, column) =
                spans.key(&format!("figures.{}", problem.key)).or_else(|| spans.key("figures")).unwrap_or((0, 0));
            let mut d = Diagnostic::error(&page.file, line, column, problem.message);
            if let Some(hint) = problem.hint {
                d = d.with_hint(hint);
            }
            out.push(d);
        }
    }
    out
}

/// Case studies with cost figures become calculator presets.
fn presets(site: &Site) -> Vec<Preset> {
    site.pages
        .iter()
        .filter(|p| p.kind == Kind::CaseStudy)
        .filter_map(|p| {
            let figures = p.meta.figures.as_ref()?;
            crate::case_study::preset(p.slug(), &p.meta.title, &view::url(site, &p.url), figures)
        })
        .collect()
}

/// The view of one page for its template.
/// The view of page `index`; `sidebars` keeps the sidebar groups of the build's page loop (see
/// [`layout::Sidebars`]).
fn page_view<'a>(site: &'a Site, index: usize, rendered: &'a [Rendered], sidebars: &layout::Sidebars) -> PageView<'a> {
    let page = &site.pages[index];
    let m = &page.meta;
    let r = &rendered[index];
    let module_index = page.module.or((page.kind == Kind::Module).then_some(index));
    let module = module_index.map(|mi| {
        let mp = &site.pages[mi];
        // A module is one module in every language: its progress, certificate and print book
        // are the default language's.
        let default_path = mp.lang.as_ref().map_or(mp.url.as_str(), |l| l.default_path.as_str());
        ModuleView {
            title: &mp.meta.title,
            url: view::url(site, &mp.url),
            default_url: view::url(site, default_path),
            key: default_path,
            objectives: &mp.meta.objectives,
            minutes: mp.meta.minutes,
            audience: &mp.meta.audience,
            pd_hours: mp.meta.pd_hours,
            pass_score: mp.meta.pass_score,
            version: mp.meta.version.as_deref(),
            lessons: mp
                .pages
                .iter()
                .enumerate()
                .map(|(n, &li)| LessonView {
                    title: &site.pages[li].meta.title,
                    url: view::url(site, &site.pages[li].url),
                    minutes: site.pages[li].meta.minutes,
                    number: n + 1,
                    is_check: rendered[li].blocks.contains(&"quiz"),
                })
                .collect(),
        }
    });
    let siblings: &[usize] = match page.parent {
        Some(parent) if !page.is_section => &site.pages[parent].pages,
        _ => &[],
    };
    let position = siblings.iter().position(|&i| i == index);
    let prev = position.and_then(|p| p.checked_sub(1)).map(|p| view::link(site, siblings[p]));
    let next = position.and_then(|p| siblings.get(p + 1)).map(|&n| view::link(site, n));
    PageView {
        title: &m.title,
        description: &m.description,
        url: view::url(site, &page.url),
        // A page not translated yet is the default language's page: that one is canonical.
        permalink: match &page.lang {
            Some(l) if !l.translated => format!("{}{}", site.config.base_url, &l.default_path[1..]),
            _ => format!("{}{}", site.config.base_url, &page.url[1..]),
        },
        path: &page.url,
        kind: page.kind,
        is_section: page.is_section,
        is_home: index == 0,
        content: &r.html,
        toc: view::toc(&r.headings),
        date: m.date,
        updated: m.updated,
        review_by: m.review_by,
        extra: &m.extra,
        breadcrumbs: site.ancestors(index).into_iter().map(|i| view::link(site, i)).collect(),
        prev,
        next,
        pages: page.pages.iter().map(|&i| view::summary(site, i)).collect(),
        subsections: page.subsections.iter().map(|&i| view::summary(site, i)).collect(),
        module,
        lesson_number: (page.kind == Kind::Lesson).then_some(position.map(|p| p + 1)).flatten(),
        objectives: &m.objectives,
        minutes: m.minutes,
        audience: &m.audience,
        tier: m.tier,
        areas: &m.areas,
        grades: m.grades.as_deref(),
        materials: &m.materials,
        evidence: m.evidence.map(Into::into),
        blocks: &r.blocks,
        terms: view::page_terms(site, index),
        lang: page.lang.as_ref().map_or_else(|| site.config.language.clone(), |l| l.text.clone()),
        translation: page.lang.as_ref().map(|l| view::TranslationView {
            translated: l.translated,
            translated_on: l.translated_on,
            default_url: view::url(site, &l.default_path),
            language_name: site.config.language_of(&l.code).map_or_else(|| l.code.clone(), |l| l.name.clone()),
        }),
        languages: view::alternates(site, index),
        sidebar: layout::sidebar(site, index, rendered, sidebars),
        icon: layout::icon(site, index),
        cover: layout::cover(site, index),
        home_paths: if index == 0 { layout::home_paths(site) } else { Vec::new() },
    }
}

static NO_AREA_NAMES: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();

fn site_view(site: &Site) -> SiteView<'_> {
    let home = site.home();
    let nav: Vec<LinkView> = home.subsections.iter().chain(&home.pages).map(|&i| view::link(site, i)).collect();
    SiteView {
        title: &site.config.title,
        description: &site.config.description,
        base_url: &site.config.base_url,
        language: site.pages[0].lang.as_ref().map_or(site.config.language.as_str(), |l| l.code.as_str()),
        default_language: &site.config.language,
        root: site.url(&format!("{}/", strings::ViewLanguage::of(site).prefix)),
        root_url: format!("{}{}", site.config.base_url, &format!("{}/", strings::ViewLanguage::of(site).prefix)[1..]),
        languages: &site.config.languages,
        untranslated: site
            .pages
            .iter()
            .filter(|p| p.lang.as_ref().is_some_and(|l| !l.translated))
            .map(|p| view::url(site, &p.url))
            .collect(),
        district: &site.config.district,
        nav,
        areas: &site.config.areas,
        area_names: site.config.language_of(site.view_language()).map_or(&NO_AREA_NAMES, |l| &l.areas),
        extra: &site.config.extra,
        lms: site.config.lms,
    }
}
