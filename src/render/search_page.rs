//! The `/search/` page: where the header's search form goes. With JavaScript, `js/search.js`
//! shows results there for `?q=`; without it, the page lists every page of the site by kind (and
//! guides by area), with descriptions, so the browser's own find (Ctrl+F) works as a search.

use serde::Serialize;

use super::view::Common;

use super::templates::Theme;
use super::view::{self, SiteView};
use crate::content::{Kind, Site};
use crate::error::Result;
use crate::output::{Origin, Output};

#[derive(Serialize)]
struct SearchContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// Every page, grouped for the no-JavaScript listing.
    index: Listing,
}

/// One listed page.
#[derive(Serialize)]
struct Entry {
    title: String,
    url: String,
    description: String,
}

/// A named group of pages: an area's guides, or a module's lessons (`url`: the module's page).
#[derive(Serialize)]
struct Group {
    title: String,
    url: Option<String>,
    pages: Vec<Entry>,
}

#[derive(Serialize, Default)]
struct Listing {
    /// Guides by area, in the order of `[taxonomies] areas`; a guide with several areas is under each.
    guide_areas: Vec<Group>,
    /// Guides with no area.
    other_guides: Vec<Entry>,
    /// Each module with its lessons.
    trainings: Vec<Group>,
    case_studies: Vec<Entry>,
    /// Sections and plain pages (deployment notes, references, the calculator, ...).
    pages: Vec<Entry>,
}

fn entry(site: &Site, index: usize) -> Entry {
    let page = &site.pages[index];
    Entry {
        title: page.meta.title.clone(),
        url: view::url(site, &page.url),
        description: page.meta.description.clone(),
    }
}

/// The site's pages in reading order: each section, then its pages, then its subsections.
fn in_order(site: &Site, section: usize, into: &mut Vec<usize>) {
    into.push(section);
    let page = &site.pages[section];
    into.extend(page.pages.iter().copied().filter(|&i| !site.pages[i].is_section));
    for &sub in &page.subsections {
        in_order(site, sub, into);
    }
}

fn listing(site: &Site) -> Listing {
    let mut order = Vec::new();
    in_order(site, 0, &mut order);
    let mut out = Listing::default();
    let lang = super::strings::ViewLanguage::of(site);
    let guides: Vec<usize> = order.iter().copied().filter(|&i| site.pages[i].kind == Kind::Guide).collect();
    for area in &site.config.areas {
        let pages: Vec<Entry> =
            guides.iter().filter(|&&g| site.pages[g].meta.areas.contains(area)).map(|&g| entry(site, g)).collect();
        if !pages.is_empty() {
            out.guide_areas.push(Group { title: lang.area(area), url: None, pages });
        }
    }
    out.other_guides =
        guides.iter().filter(|&&g| site.pages[g].meta.areas.is_empty()).map(|&g| entry(site, g)).collect();
    for &i in &order[1..] {
        let page = &site.pages[i];
        match page.kind {
            Kind::Module => {
                let lessons = order
                    .iter()
                    .filter(|&&l| site.pages[l].kind == Kind::Lesson && site.pages[l].module == Some(i))
                    .map(|&l| entry(site, l))
                    .collect();
                let module = entry(site, i);
                out.trainings.push(Group { title: module.title, url: Some(module.url), pages: lessons });
            }
            Kind::CaseStudy => out.case_studies.push(entry(site, i)),
            Kind::Page => out.pages.push(entry(site, i)),
            Kind::Guide | Kind::Lesson => {}
        }
    }
    out
}

pub(super) fn output(site: &Site, theme: &Theme, site_view: &SiteView<'_>, asset_version: &str) -> Result<Output> {
    let context = SearchContext {
        common: Common { site: site_view, base: &site.config.base_path, asset_version },
        index: listing(site),
    };
    let html = theme.render("search-page.html", &context)?.into_bytes();
    // Each language's at its own /<code>/search/, listing that language's pages.
    let origin = Origin::generated("tierbook's search page");
    let path = super::templates::output_path(&super::strings::ViewLanguage::of(site).path("/search/"), &origin)?;
    Ok(Output::new(path, html).with_origin(origin))
}
