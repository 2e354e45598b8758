//! What the default theme's layout needs besides the page itself: the left sidebar (the pages of
//! the group a page belongs to), the icon of each kind of page and the cover illustration of
//! modules, sections and guides. Small per-page values, computed here so templates stay loops
//! over short lists (a sidebar never lists more than [`SIDEBAR_MAX`] pages, however big the
//! section: the cost of a page does not grow with its section).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::ser::SerializeStruct;
use serde::Serialize;

use super::view;
use crate::content::{Kind, Site};
use crate::markdown::Rendered;

/// The most pages a sidebar lists; a bigger group shows the pages around the current one and
/// says how many more there are.
pub const SIDEBAR_MAX: usize = 30;

/// The left sidebar of a page: its module's lessons, its section's pages, or (for a section) the
/// section's own pages. Templates see `title`, `url`, `current`, `module_key`, `items` (the
/// pages shown, the current one marked) and `more`.
#[derive(Debug, Clone)]
pub struct SidebarView {
    /// The group's title and link: the module, the section, or the home page.
    pub title: String,
    pub url: String,
    /// The page is the group's own page (the module or section overview).
    pub current: bool,
    /// For a module: its key for saved progress (the module's URL path without the base), so a
    /// script can draw each lesson's state.
    pub module_key: Option<String>,
    /// How many pages of the group the list leaves out (it shows at most [`SIDEBAR_MAX`]).
    pub more: usize,
    /// Every page of the group, none marked: made once per group and build and shared by its
    /// pages, so a page's sidebar costs the same in a section of 10 or of 500.
    group: Arc<SidebarGroup>,
    /// The part of the group shown, and the current page's place in the group.
    shown: Range<usize>,
    at: Option<usize>,
}

#[derive(Debug)]
struct SidebarGroup {
    items: Vec<SidebarItem>,
    /// A hash of the items, for `serve`'s page keys ([`SidebarView::write_key`]).
    key: u64,
}

impl SidebarView {
    /// The pages shown, the current one marked.
    pub fn items(&self) -> impl Iterator<Item = Cow<'_, SidebarItem>> {
        self.group.items[self.shown.clone()].iter().enumerate().map(|(n, item)| {
            if Some(self.shown.start + n) == self.at {
                Cow::Owned(SidebarItem { current: true, ..item.clone() })
            } else {
                Cow::Borrowed(item)
            }
        })
    }

    /// Writes all that the sidebar shows into a page's key, the items by their group's hash:
    /// cheaper than serializing them, and as exact.
    pub(crate) fn write_key(&self, hash: &mut crate::hash::Fnv) {
        for text in [self.title.as_str(), &self.url, self.module_key.as_deref().unwrap_or("\0")] {
            hash.write(&text.len().to_le_bytes());
            hash.write(text.as_bytes());
        }
        let at = self.at.map_or(u64::MAX, |at| at as u64);
        for number in [
            u64::from(self.current),
            self.more as u64,
            self.group.key,
            self.shown.start as u64,
            self.shown.end as u64,
            at,
        ] {
            hash.write(&number.to_le_bytes());
        }
    }
}

impl Serialize for SidebarView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Items<'a>(&'a SidebarView);
        impl Serialize for Items<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq(self.0.items())
            }
        }
        let mut s = serializer.serialize_struct("SidebarView", 6)?;
        s.serialize_field("title", &self.title)?;
        s.serialize_field("url", &self.url)?;
        s.serialize_field("current", &self.current)?;
        s.serialize_field("module_key", &self.module_key)?;
        s.serialize_field("items", &Items(self))?;
        s.serialize_field("more", &self.more)?;
        s.end()
    }
}

/// The sidebar groups of one build of one language's site, each made once, by the index of the
/// group's page; [`Sidebars::default`] keeps none (for the few pages rendered outside the page
/// loop).
#[derive(Default)]
pub(crate) struct Sidebars {
    groups: Vec<OnceLock<Arc<SidebarGroup>>>,
}

impl Sidebars {
    pub(crate) fn new(site: &Site) -> Sidebars {
        Sidebars { groups: site.pages.iter().map(|_| OnceLock::new()).collect() }
    }

    fn group(&self, site: &Site, group: usize, members: &[usize], rendered: &[Rendered]) -> Arc<SidebarGroup> {
        let make = || {
            let items: Vec<SidebarItem> = members.iter().map(|&m| sidebar_item(site, m, rendered)).collect();
            let mut key = crate::hash::Fnv::default();
            // Writing to a hash cannot fail; a view that cannot serialize fails the page later.
            let _ = serde_json::to_writer(&mut key, &items);
            Arc::new(SidebarGroup { items, key: key.0 })
        };
        match self.groups.get(group) {
            Some(slot) => Arc::clone(slot.get_or_init(make)),
            None => make(),
        }
    }
}

/// A page as an item of a sidebar, not marked current.
fn sidebar_item(site: &Site, m: usize, rendered: &[Rendered]) -> SidebarItem {
    let p = &site.pages[m];
    SidebarItem {
        title: p.meta.title.clone(),
        url: view::url(site, &p.url),
        path: p.url.clone(),
        icon: icon(site, m),
        current: false,
        is_check: p.kind == Kind::Lesson && rendered.get(m).is_some_and(|r| r.blocks.contains(&"quiz")),
    }
}

/// One page in a sidebar.
#[derive(Debug, Clone, Serialize)]
pub struct SidebarItem {
    pub title: String,
    pub url: String,
    /// The URL path without the base (`/guides/x/`): the key scripts use.
    pub path: String,
    /// The icon's symbol in the theme's sprite: `module`, `lesson`, `guide`, ...
    pub icon: &'static str,
    /// This is the page being shown.
    pub current: bool,
    /// For lessons: it holds the module's knowledge check.
    pub is_check: bool,
}

/// The icons of the theme's sprite (partials/icons.html), one per kind of page, plus `page` and
/// `section` for the rest. A page may choose one with `[extra] icon = "form"`; a section's
/// choice applies to the pages below it.
pub const ICONS: [&str; 8] = ["module", "lesson", "guide", "form", "case-study", "calculator", "section", "page"];

/// The icon of page `index`.
pub(crate) fn icon(site: &Site, index: usize) -> &'static str {
    let page = &site.pages[index];
    match page.kind {
        Kind::Module => return "module",
        Kind::Lesson => return "lesson",
        Kind::Guide => return "guide",
        Kind::CaseStudy => return "case-study",
        Kind::Page => {}
    }
    let chosen = |i: usize| {
        let name = site.pages[i].meta.extra.get("icon").and_then(toml::Value::as_str)?;
        ICONS.iter().copied().find(|&known| known == name)
    };
    if let Some(icon) = chosen(index) {
        return icon;
    }
    if page.has_calculator {
        return "calculator";
    }
    if page.is_section {
        return "section";
    }
    page.parent.filter(|&p| p != 0).and_then(chosen).unwrap_or("page")
}

/// The cover illustrations the theme ships (static/img/covers/<name>.svg), with the words in a
/// page's slug or title that pick each one.
const COVERS: [(&str, &[&str]); 8] = [
    ("handwriting", &["handwriting", "letter", "writing", "pencil"]),
    ("fine-motor", &["fine-motor", "motor", "grasp", "scissor"]),
    ("self-regulation", &["regulation", "calm", "movement", "fidget"]),
    ("sensory", &["sensory", "noise", "headphone", "sound"]),
    ("tiers", &["mtss", "tier", "related-services", "law"]),
    ("data", &["data", "referral", "graph", "toolkit"]),
    ("team", &["paraprofessional", "team", "famil", "facilitat"]),
    ("budget", &["cost", "calculator", "budget", "case-stud", "district"]),
];

/// The cover of a module, a section or a guide: `[extra] cover = "<name>"` when it names one of
/// the theme's covers, else the first whose words appear in the page's URL (for a guide: its first
/// area first), else one picked by the URL, so the same page always gets the same cover.
pub(crate) fn cover(site: &Site, index: usize) -> Option<&'static str> {
    let page = &site.pages[index];
    if !(page.is_section || page.kind == Kind::Guide) || index == 0 {
        return None;
    }
    let names = || COVERS.iter().map(|(name, _)| *name);
    if let Some(chosen) = page.meta.extra.get("cover").and_then(toml::Value::as_str) {
        if let Some(name) = names().find(|&n| n == chosen) {
            return Some(name);
        }
    }
    let area = page.meta.areas.first().map(String::as_str).unwrap_or("");
    let by_words = |text: &str| COVERS.iter().find(|(_, words)| words.iter().any(|w| text.contains(w))).map(|c| c.0);
    by_words(area).or_else(|| by_words(&page.url)).or_else(|| {
        let hash = page.url.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
        names().nth(hash as usize % COVERS.len())
    })
}

/// The names of the theme's covers (for the test that every one is shipped).
pub fn cover_names() -> impl Iterator<Item = &'static str> {
    COVERS.iter().map(|(name, _)| *name)
}

/// The sidebar of page `index`; `None` for the home page and for a section with nothing below.
pub(crate) fn sidebar(site: &Site, index: usize, rendered: &[Rendered], sidebars: &Sidebars) -> Option<SidebarView> {
    let page = &site.pages[index];
    if index == 0 {
        return None;
    }
    // The group: a lesson's module, a section itself, a page's section.
    let group = match (page.kind, page.is_section) {
        (Kind::Lesson, _) => page.module.or(page.parent)?,
        (_, true) => index,
        _ => page.parent?,
    };
    let g = &site.pages[group];
    let members: Vec<usize> = if group == 0 {
        g.subsections.iter().chain(&g.pages).copied().collect()
    } else {
        g.pages.iter().chain(&g.subsections).copied().collect()
    };
    if members.is_empty() {
        return None;
    }
    let at = members.iter().position(|&m| m == index);
    let start = at.unwrap_or(0).saturating_sub(SIDEBAR_MAX / 2).min(members.len().saturating_sub(SIDEBAR_MAX));
    let shown = start..members.len().min(start + SIDEBAR_MAX);
    Some(SidebarView {
        title: g.meta.title.clone(),
        url: view::url(site, &g.url),
        current: group == index,
        module_key: (g.kind == Kind::Module).then(|| g.url.clone()),
        more: members.len() - shown.len(),
        group: sidebars.group(site, group, &members, rendered),
        shown,
        at,
    })
}

/// A path card on the home page: where one group of readers starts.
#[derive(Debug, Clone, Serialize)]
pub struct HomePathView {
    /// `teacher`, `paraprofessional` or `district`: the icon's name too.
    pub icon: &'static str,
    /// The card's words, in the language of the view (`home_path_<icon>_title`, `_text`).
    pub title: String,
    pub text: String,
    /// Where the card leads, and that page's title.
    pub url: String,
    pub start: String,
    /// The language of that title when it is not the view's (a page not translated yet), else
    /// empty.
    pub start_lang: String,
}

/// The English titles of the home page's paths (their texts are in [`home_paths`]); the theme's
/// strings `home_path_<icon>_title` and `_text` say them in each language.
const HOME_PATH_TITLES: [(&str, &str); 3] = [
    ("home_path_teacher", "Teachers"),
    ("home_path_para", "Paraprofessionals"),
    ("home_path_district", "District staff"),
];

/// The home page's three paths, each to the first page made for that group: for teachers and
/// paraprofessionals the first module whose `audience` names them (paraprofessionals: else the
/// first section of guides); for districts the first page with a calculator, else the first case
/// study. A path with nowhere to go is left out.
pub(crate) fn home_paths(site: &Site) -> Vec<HomePathView> {
    use crate::content::Audience;
    // In the order readers meet pages: each section, then its subsections, then its pages.
    let mut order = Vec::with_capacity(site.pages.len());
    let mut stack = vec![0];
    while let Some(i) = stack.pop() {
        order.push(i);
        let p = &site.pages[i];
        stack.extend(p.subsections.iter().chain(&p.pages).rev());
    }
    let first =
        |wanted: &dyn Fn(&crate::content::Page) -> bool| order.iter().copied().find(|&i| wanted(&site.pages[i]));
    // A module made first for the group (its `audience` names it first), else one that names it.
    let module_for = |a: Audience| {
        first(&|p| p.kind == Kind::Module && p.meta.audience.first() == Some(&a))
            .or_else(|| first(&|p| p.kind == Kind::Module && p.meta.audience.contains(&a)))
    };
    let guides = || first(&|p| p.is_section && p.pages.iter().any(|&g| site.pages[g].kind == Kind::Guide));
    let calculator =
        || first(&|p| p.kind == Kind::Page && p.has_calculator).or_else(|| first(&|p| p.kind == Kind::CaseStudy));
    let words = crate::content::strings::Words { strings: &site.strings, lang: site.view_language() };
    let paths: [(&str, &str, &str, Option<usize>); 3] = [
        (
            "teacher",
            "home_path_teacher",
            "Short self-paced modules on supports and strong referrals, each with a knowledge check and a certificate.",
            module_for(Audience::Teacher).or_else(|| first(&|p| p.kind == Kind::Module)),
        ),
        (
            "para",
            "home_path_para",
            "One-page classroom guides with the steps, what to track and when to talk to the teacher.",
            module_for(Audience::Paraprofessional).or_else(guides),
        ),
        (
            "district",
            "home_path_district",
            "Compare the cost of services, read a case study and run this site with your own name.",
            calculator(),
        ),
    ];
    paths
        .into_iter()
        .filter_map(|(icon, key, text, target)| {
            let page = &site.pages[target?];
            let title = HOME_PATH_TITLES.iter().find(|(k, _)| *k == key).map_or("", |(_, t)| t);
            let text_lang = page.lang.as_ref().map_or(site.config.language.as_str(), |l| l.text.as_str());
            Some(HomePathView {
                icon,
                title: words.get(&format!("{key}_title"), title).to_string(),
                text: words.get(&format!("{key}_text"), text).to_string(),
                url: view::url(site, &page.url),
                start: page.meta.title.clone(),
                start_lang: if text_lang == site.view_language() { String::new() } else { text_lang.to_string() },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cover_is_shipped_with_the_theme() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/img/covers");
        for name in cover_names() {
            let svg = std::fs::read_to_string(dir.join(format!("{name}.svg"))).unwrap_or_default();
            assert!(svg.starts_with("<svg"), "img/covers/{name}.svg is an SVG");
            assert!(svg.contains("aria-hidden=\"true\""), "{name}: covers are decorative");
        }
    }

    #[test]
    fn every_icon_is_in_the_sprite() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/partials/icons.html");
        let sprite = std::fs::read_to_string(path).unwrap_or_default();
        for name in ICONS {
            assert!(sprite.contains(&format!("<symbol id=\"i-{name}\"")), "the sprite has i-{name}");
        }
    }
}
