//! The template contract: what every template can see. These types are separate from the domain
//! types so the contract is written down in one place and changes on purpose.
//!
//! Every page template gets `site` ([`SiteView`]), `page` ([`PageView`]) and `base` (the base
//! path, e.g. `/` or `/pd/`, so `{{ base }}css/style.css` works under any base path), plus
//! `asset_version` (a hash of the theme's static files, for cache busting), and `section_pages`
//! ([`LinkView`]s): for a page that is not a section, every page of its parent section in order,
//! itself included (for a sidebar); empty for sections. It sits at the top level, not under
//! `page`, because pages of one section share it: it is built once for them, not once per page.

use serde::Serialize;

use crate::config::District;
use crate::content::front_matter::Date;
use crate::content::{Audience, Evidence, Kind, Site};
use crate::markdown::Heading;

/// What every template sees besides its own part: `site`, `base` and `asset_version`. Each
/// template context is this, flattened, plus the fields of its kind of page (`page`, `book`,
/// `certificate`, `taxonomy`, `terms`, `section_pages`, ...).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Common<'a> {
    pub site: &'a SiteView<'a>,
    /// The base path, e.g. `/` or `/pd/`.
    pub base: &'a str,
    /// A hash of the theme's static files, for cache busting.
    pub asset_version: &'a str,
}

/// Site-wide values.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// Always ends in `/`.
    pub base_url: &'a str,
    /// The language of this view of the site: the default language's code, or e.g. `es` for the
    /// pages under `/es/`.
    pub language: &'a str,
    /// The default language's code (`en`).
    pub default_language: &'a str,
    /// Where this language's pages start, with the base path: `base` in the default language,
    /// `/pd/es/` in Spanish (`{{ site.root }}search/` is this language's search page).
    pub root: String,
    /// The same as a full URL: `https://example.org/pd/es/`.
    pub root_url: String,
    pub district: &'a District,
    /// The top navigation: the home page's sections and pages, in order.
    pub nav: Vec<LinkView>,
    /// Taxonomy terms for guides' `areas`.
    pub areas: &'a [String],
    /// The areas' names in this language (`[languages.es] areas`), by area; empty in the default
    /// language, whose templates write an area as its slug with spaces.
    pub area_names: &'a std::collections::BTreeMap<String, String>,
    pub extra: &'a toml::Table,
    /// Every language of the site (the default first), for the language switcher.
    pub languages: &'a [crate::config::Language],
    /// The URLs (with the base path) of this view's pages that are shown in the default language
    /// because they have no translation yet, so navigation can mark them
    /// (`{% if item.url in site.untranslated %}`). Empty in the default language.
    pub untranslated: Vec<String>,
    /// `scorm12` or `scorm2004` when the pages are rendered for an LMS package (`tierbook
    /// export`), which leaves out what only the site can serve: search, the service worker, the
    /// web app manifest and the feed. Unset for the site.
    pub lms: Option<&'a str>,
}

/// A link to a page with the little a listing needs.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    /// The page URL with the base path (`/pd/guides/x/`).
    pub url: String,
}

/// An evidence label with its plain meaning.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    /// `limited`, `not-supported`, ...
    pub key: Evidence,
    pub label: &'static str,
    pub meaning: &'static str,
}

impl From<Evidence> for EvidenceView {
    fn from(key: Evidence) -> Self {
        EvidenceView { key, label: key.label(), meaning: key.meaning() }
    }
}

/// A page as shown in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    /// The URL path without the base path (`/guides/x/`): a stable key for scripts.
    pub path: &'a str,
    pub kind: Kind,
    pub is_section: bool,
    pub date: Option<Date>,
    pub minutes: Option<u32>,
    pub audience: &'a [Audience],
    pub tier: Option<u8>,
    pub areas: &'a [String],
    pub grades: Option<&'a str>,
    pub evidence: Option<EvidenceView>,
    pub pd_hours: Option<f64>,
    /// For modules: how many lessons.
    pub lesson_count: usize,
    /// For guides: the grade bands (`PreK`, `K-2`, `3-5`, `6-8`, `9-12`) its `grades` overlap,
    /// for filtering.
    pub grade_bands: Vec<&'static str>,
    /// The symbol of the theme's icon sprite for this kind of page (`module`, `guide`, ...).
    pub icon: &'static str,
    /// For modules, sections and guides: the name of the theme's cover illustration
    /// (`img/covers/<name>.svg`).
    pub cover: Option<&'static str>,
}

/// The grade bands guides are filtered by, with their first and last grade (PreK = -1, K = 0).
pub const GRADE_BANDS: [(&str, i8, i8); 5] =
    [("PreK", -1, -1), ("K-2", 0, 2), ("3-5", 3, 5), ("6-8", 6, 8), ("9-12", 9, 12)];

/// The bands of [`GRADE_BANDS`] that a `grades` value such as `K-8` overlaps.
pub(crate) fn grade_bands(grades: Option<&str>) -> Vec<&'static str> {
    let Some((lo, hi)) = grades.and_then(crate::content::meta::grade_band) else { return Vec::new() };
    GRADE_BANDS.iter().filter(|(_, b_lo, b_hi)| lo <= *b_hi && hi >= *b_lo).map(|(name, _, _)| *name).collect()
}

/// A lesson in a module's outline.
#[derive(Debug, Clone, Serialize)]
pub struct LessonView<'a> {
    pub title: &'a str,
    pub url: String,
    pub minutes: Option<u32>,
    /// 1-based position in the module.
    pub number: usize,
    /// The lesson holds the module's knowledge check (a quiz).
    pub is_check: bool,
}

/// The module a module page or lesson belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct ModuleView<'a> {
    pub title: &'a str,
    pub url: String,
    /// The module in the default language, where its certificate and print book are.
    pub default_url: String,
    /// A stable key for saved progress (the default language's URL path without the base), so
    /// progress is shared by the module's pages in every language.
    pub key: &'a str,
    pub objectives: &'a [String],
    pub minutes: Option<u32>,
    pub audience: &'a [Audience],
    pub pd_hours: Option<f64>,
    pub pass_score: Option<u8>,
    pub version: Option<&'a str>,
    pub lessons: Vec<LessonView<'a>>,
}

/// A heading in the table of contents, with the sub-headings under it.
#[derive(Debug, Serialize)]
pub struct TocEntry<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub children: Vec<TocEntry<'a>>,
}

/// Nests level-3 headings under the level-2 heading before them (a level 3 before any level 2
/// becomes an entry of its own).
pub(crate) fn toc(headings: &[Heading]) -> Vec<TocEntry<'_>> {
    let mut entries: Vec<TocEntry<'_>> = Vec::new();
    let mut under_level_two = false;
    for h in headings.iter().filter(|h| h.level == 2 || h.level == 3) {
        let entry = TocEntry { id: &h.id, title: &h.title, children: Vec::new() };
        match entries.last_mut() {
            Some(parent) if h.level == 3 && under_level_two => parent.children.push(entry),
            _ => {
                under_level_two = h.level == 2;
                entries.push(entry);
            }
        }
    }
    entries
}

/// The page being rendered.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// URL path with the base path.
    pub url: String,
    /// Absolute URL (base_url + path).
    pub permalink: String,
    /// The page's URL path without the base (`/guides/x/`): a stable key for scripts.
    pub path: &'a str,
    pub kind: Kind,
    pub is_section: bool,
    pub is_home: bool,
    /// The rendered body (HTML; print with `| safe`).
    pub content: &'a str,
    /// The table of contents: level-2 headings, each with the level-3 headings under it.
    pub toc: Vec<TocEntry<'a>>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub review_by: Option<Date>,
    pub extra: &'a toml::Table,
    /// From the home page down to the parent section.
    pub breadcrumbs: Vec<LinkView>,
    /// Neighbours among the parent section's pages (for lessons: within the module).
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    /// For sections: the pages and subsections below, in order.
    pub pages: Vec<SummaryView<'a>>,
    pub subsections: Vec<SummaryView<'a>>,
    /// For modules and lessons.
    pub module: Option<ModuleView<'a>>,
    /// For lessons: 1-based position in the module.
    pub lesson_number: Option<usize>,
    pub objectives: &'a [String],
    pub minutes: Option<u32>,
    pub audience: &'a [Audience],
    pub tier: Option<u8>,
    pub areas: &'a [String],
    pub grades: Option<&'a str>,
    pub materials: &'a [String],
    pub evidence: Option<EvidenceView>,
    /// Interactive blocks used on the page (`quiz`, `checklist`, `calculator`).
    pub blocks: &'a [&'static str],
    /// The page's taxonomy terms (`tags` first), each linking to its term page.
    pub terms: Vec<PageTermsView>,
    /// The left sidebar: the module's lessons, or the section's pages (none on the home page).
    pub sidebar: Option<super::layout::SidebarView>,
    /// As for [`SummaryView::icon`] and [`SummaryView::cover`].
    pub icon: &'static str,
    pub cover: Option<&'static str>,
    /// For the home page: the path cards for teachers, paraprofessionals and districts.
    pub home_paths: Vec<super::layout::HomePathView>,
    /// The language of the page's text, for `<html lang>`: the view's language, or the default
    /// language's on a page not translated yet.
    pub lang: String,
    /// In a language other than the default: whether the page is translated, when, and the
    /// English page. `None` in the default language.
    pub translation: Option<TranslationView>,
    /// The page in each language of the site (the default first), for the switcher and hreflang;
    /// empty when the site has one language.
    pub languages: Vec<AlternateView>,
}

/// How a page in another language than the default stands.
#[derive(Debug, Clone, Serialize)]
pub struct TranslationView {
    pub translated: bool,
    /// `translated_on` of the translation.
    pub translated_on: Option<Date>,
    /// The default language's page, with the base path.
    pub default_url: String,
    /// The name of the view's language (`Español`).
    pub language_name: String,
}

/// The same page in one language of the site.
#[derive(Debug, Clone, Serialize)]
pub struct AlternateView {
    pub code: String,
    /// Its name in itself (`Español`).
    pub name: String,
    /// With the base path.
    pub url: String,
    pub permalink: String,
    /// Whether the page is written in this language (always for the default language); a page
    /// that is not is still there, in the default language with a notice.
    pub translated: bool,
    /// The language of the page being rendered.
    pub current: bool,
}

/// Page `index` in every language of the site, as [`PageView::languages`] lists it.
pub(crate) fn alternates(site: &Site, index: usize) -> Vec<AlternateView> {
    let config = &site.config;
    if config.languages.len() < 2 {
        return Vec::new();
    }
    let page = &site.pages[index];
    let default_path = page.lang.as_ref().map_or(page.url.as_str(), |l| l.default_path.as_str());
    let current = page.lang.as_ref().map_or(config.language.as_str(), |l| l.code.as_str());
    config
        .languages
        .iter()
        .map(|l| {
            let is_default = l.code == config.language;
            let path = if is_default { default_path.to_string() } else { format!("/{}{default_path}", l.code) };
            AlternateView {
                code: l.code.clone(),
                name: l.name.clone(),
                url: url(site, &path),
                permalink: format!("{}{}", config.base_url, &path[1..]),
                translated: is_default || page.translated_into.contains(&l.code),
                current: l.code == current,
            }
        })
        .collect()
}

/// One taxonomy's terms on a page: `{ name: "tags", title: "Tags", terms: [links] }`.
#[derive(Debug, Clone, Serialize)]
pub struct PageTermsView {
    pub name: String,
    /// The taxonomy's name for display: `Tags`, `Topics`.
    pub title: String,
    pub terms: Vec<LinkView>,
}

/// The URL path of a taxonomy term's page: `/tags/fine-motor/`.
pub(crate) fn term_path(taxonomy: &str, term: &str) -> String {
    format!("/{taxonomy}/{}/", crate::text::slug(term))
}

/// A taxonomy's name for display: `tags` -> `Tags`, `school-years` -> `School years`.
pub(crate) fn taxonomy_title(name: &str) -> String {
    let spaced = name.replace('-', " ");
    let mut chars = spaced.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// The terms of page `index`, in the order of the site's taxonomies.
pub(crate) fn page_terms(site: &Site, index: usize) -> Vec<PageTermsView> {
    let meta = &site.pages[index].meta;
    // The term pages of this page's language (docs/i18n.md).
    let lang = super::strings::ViewLanguage::of(site);
    site.config
        .taxonomies
        .iter()
        .filter_map(|t| {
            let terms = meta.taxonomies.get(&t.name)?;
            Some(PageTermsView {
                name: t.name.clone(),
                title: lang.word(&format!("taxonomy_{}", t.name), &taxonomy_title(&t.name), &[]),
                terms: terms
                    .iter()
                    .map(|term| LinkView { title: term.clone(), url: url(site, &lang.path(&term_path(&t.name, term))) })
                    .collect(),
            })
        })
        .collect()
}

static NO_EXTRA: std::sync::LazyLock<toml::Table> = std::sync::LazyLock::new(toml::Table::new);

/// The view of a page tierbook makes itself, with no markdown file (taxonomy and term pages): a
/// section with this title, path and listing, and no body.
pub(crate) fn generated<'a>(
    home: PageView<'a>,
    site: &Site,
    path: &'a str,
    title: &'a str,
    description: &'a str,
    breadcrumbs: Vec<LinkView>,
    pages: Vec<SummaryView<'a>>,
) -> PageView<'a> {
    PageView {
        title,
        description,
        url: url(site, path),
        permalink: format!("{}{}", site.config.base_url, &path[1..]),
        path,
        kind: Kind::Page,
        is_section: true,
        is_home: false,
        content: "",
        toc: Vec::new(),
        date: None,
        updated: None,
        review_by: None,
        extra: &NO_EXTRA,
        breadcrumbs,
        prev: None,
        next: None,
        pages,
        subsections: Vec::new(),
        module: None,
        lesson_number: None,
        blocks: &[],
        terms: Vec::new(),
        translation: None,
        languages: Vec::new(),
        sidebar: None,
        icon: "section",
        cover: None,
        home_paths: Vec::new(),
        ..home
    }
}

pub(crate) fn link(site: &Site, index: usize) -> LinkView {
    let page = &site.pages[index];
    LinkView { title: page.meta.title.clone(), url: url(site, &page.url) }
}

/// A site URL path with the base path in front.
pub(crate) fn url(site: &Site, path: &str) -> String {
    site.url(path)
}

pub(crate) fn summary(site: &Site, index: usize) -> SummaryView<'_> {
    let page = &site.pages[index];
    let m = &page.meta;
    SummaryView {
        title: &m.title,
        description: &m.description,
        url: url(site, &page.url),
        path: &page.url,
        kind: page.kind,
        is_section: page.is_section,
        date: m.date,
        minutes: m.minutes,
        audience: &m.audience,
        tier: m.tier,
        areas: &m.areas,
        grades: m.grades.as_deref(),
        evidence: m.evidence.map(EvidenceView::from),
        pd_hours: m.pd_hours,
        lesson_count: if page.kind == Kind::Module { page.pages.len() } else { 0 },
        grade_bands: grade_bands(m.grades.as_deref()),
        icon: super::layout::icon(site, index),
        cover: super::layout::cover(site, index),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading { level, id: id.into(), title: id.into() }
    }

    #[test]
    fn toc_nests_level_three_under_level_two() {
        let headings = [h(3, "orphan"), h(2, "a"), h(3, "a1"), h(4, "deep"), h(3, "a2"), h(2, "b")];
        let toc = toc(&headings);
        let shape: Vec<(&str, Vec<&str>)> =
            toc.iter().map(|e| (e.id, e.children.iter().map(|c| c.id).collect())).collect();
        assert_eq!(shape, [("orphan", vec![]), ("a", vec!["a1", "a2"]), ("b", vec![])]);
    }
}
