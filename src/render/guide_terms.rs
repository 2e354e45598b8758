//! The guides' own taxonomy pages (`/areas/`, `/areas/<term>/`, `/tiers/`, `/tiers/<n>/`), which
//! let readers without JavaScript filter the guides.

use serde::Serialize;

use super::view::Common;

use super::templates::{output_path, Theme};
use super::view::{self, LinkView, PageView, SiteView, SummaryView};
use crate::content::{Kind, Site};
use crate::error::Result;
use crate::markdown::Rendered;
use crate::output::{Origin, Output};

/// The tiers guides may belong to.
const TIERS: [u8; 2] = [1, 2];

#[derive(Serialize)]
struct TaxonomyContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: PageView<'a>,
    taxonomy: TaxonomyView,
}

/// A taxonomy page: the index of a taxonomy (`term` is none) or one term's guides.
#[derive(Debug, Serialize)]
pub struct TaxonomyView {
    /// `areas` or `tiers`.
    pub name: &'static str,
    /// `Areas` or `Tiers` (in the view's language).
    pub title: String,
    /// The taxonomy index URL (with the base path).
    pub url: String,
    /// The term of this page (`handwriting`, `1`), none on the index.
    pub term: Option<String>,
    /// Every term of the taxonomy with its guide count.
    pub terms: Vec<TermView>,
    /// The guides index, if the site has one.
    pub guides: Option<LinkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub name: String,
    /// For display: `Fine motor`, `Tier 1`.
    pub label: String,
    pub url: String,
    pub count: usize,
}

/// One taxonomy page before it becomes a view: owned strings the view borrows.
struct TaxPage {
    path: String,
    title: String,
    description: String,
    taxonomy: TaxonomyView,
    guides: Vec<usize>,
    /// Breadcrumbs below the home page.
    crumbs: Vec<LinkView>,
}

/// The areas and tiers pages, when the site has guides.
pub(super) fn outputs(
    site: &Site,
    theme: &Theme,
    rendered: &[Rendered],
    site_view: &SiteView<'_>,
    asset_version: &str,
) -> Result<Vec<Output>> {
    let mut guides: Vec<usize> =
        (0..site.pages.len()).filter(|&i| site.pages[i].kind == Kind::Guide && !site.pages[i].is_section).collect();
    if guides.is_empty() {
        return Ok(Vec::new());
    }
    let lang = super::strings::ViewLanguage::of(site);
    guides.sort_by(|&a, &b| site.pages[a].meta.title.cmp(&site.pages[b].meta.title).then(a.cmp(&b)));
    let guides_index =
        guides.iter().filter_map(|&g| site.pages[g].parent).find(|&p| p != 0).map(|p| view::link(site, p));

    let areas: Vec<(String, String, Vec<usize>)> = site
        .config
        .areas
        .iter()
        .map(|a| {
            let members = guides.iter().copied().filter(|&g| site.pages[g].meta.areas.contains(a)).collect();
            (a.clone(), lang.area(a), members)
        })
        .collect();
    let tiers: Vec<(String, String, Vec<usize>)> = TIERS
        .iter()
        .map(|t| {
            let members = guides.iter().copied().filter(|&g| site.pages[g].meta.tier == Some(*t)).collect();
            (t.to_string(), lang.word("tier", "Tier {tier}", &[("tier", &t.to_string())]), members)
        })
        .collect();

    let pages = taxonomy_pages(site, &lang, &guides_index, &areas, &tiers);

    let base = site.config.base_path.as_str();
    let mut outputs = Vec::new();
    for tax in pages {
        let home = super::page_view(site, 0, rendered, &super::layout::Sidebars::default());
        let mut breadcrumbs = vec![view::link(site, 0)];
        breadcrumbs.extend(tax.crumbs.iter().cloned());
        let summaries: Vec<SummaryView<'_>> = tax.guides.iter().map(|&g| view::summary(site, g)).collect();
        let path = lang.path(&tax.path);
        let page = view::generated(home, site, &path, &tax.title, &tax.description, breadcrumbs, summaries);
        let page = lang.own(page, &tax.path);
        let context =
            TaxonomyContext { common: Common { site: site_view, base, asset_version }, page, taxonomy: tax.taxonomy };
        let html = theme.render("taxonomy.html", &context)?;
        let origin = Origin::generated("tierbook's guides-by-area and guides-by-tier pages");
        outputs.push(Output::new(output_path(&path, &origin)?, html.into_bytes()).with_origin(origin));
    }
    Ok(outputs)
}

/// The areas and tiers index pages and one page per term, each with its guides and
/// breadcrumbs, in the language of `lang`.
fn taxonomy_pages(
    site: &Site,
    lang: &super::strings::ViewLanguage<'_>,
    guides_index: &Option<LinkView>,
    areas: &[(String, String, Vec<usize>)],
    tiers: &[(String, String, Vec<usize>)],
) -> Vec<TaxPage> {
    let mut pages = Vec::new();
    let taxonomies = [
        ("areas", lang.word("taxonomy_areas", "Areas", &[]), areas, "area"),
        ("tiers", lang.word("taxonomy_tiers", "Tiers", &[]), tiers, "tier"),
    ];
    for (name, title, terms, noun) in taxonomies {
        let index_path = format!("/{name}/");
        let by = lang.word(&format!("guides_by_{noun}"), &format!("Guides by {noun}"), &[]);
        let index_link = LinkView { title: by, url: view::url(site, &lang.path(&index_path)) };
        let term_views: Vec<TermView> = terms
            .iter()
            .map(|(term, label, members)| TermView {
                name: term.clone(),
                label: label.clone(),
                url: view::url(site, &lang.path(&format!("/{name}/{term}/"))),
                count: members.len(),
            })
            .collect();
        let taxonomy = |term: Option<String>| TaxonomyView {
            name,
            title: title.clone(),
            url: index_link.url.clone(),
            term,
            terms: term_views.clone(),
            guides: guides_index.clone(),
        };
        let mut crumbs: Vec<LinkView> = guides_index.iter().cloned().collect();
        pages.push(TaxPage {
            path: index_path.clone(),
            title: index_link.title.clone(),
            description: lang.word(
                &format!("guides_by_{noun}_description"),
                &format!("Classroom support guides sorted by {noun}."),
                &[],
            ),
            taxonomy: taxonomy(None),
            guides: Vec::new(),
            crumbs: crumbs.clone(),
        });
        crumbs.push(index_link.clone());
        for (term, label, members) in terms {
            let title = if name == "tiers" {
                lang.word("tier_guides", "{tier} guides", &[("tier", label)])
            } else {
                lang.word("area_guides", "Guides for {area}", &[("area", &label.to_lowercase())])
            };
            pages.push(TaxPage {
                path: format!("/{name}/{term}/"),
                description: lang.word(
                    "term_guides_description",
                    "Every classroom support guide filed under {term}.",
                    &[("term", &label.to_lowercase())],
                ),
                title,
                taxonomy: taxonomy(Some(term.clone())),
                guides: members.clone(),
                crumbs: crumbs.clone(),
            });
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_labels_read_well() {
        assert_eq!(view::taxonomy_title("fine-motor"), "Fine motor");
        assert_eq!(view::taxonomy_title("handwriting"), "Handwriting");
        assert_eq!(view::taxonomy_title(""), "");
    }

    #[test]
    fn grade_bands_overlap() {
        assert_eq!(view::grade_bands(Some("K-8")), ["K-2", "3-5", "6-8"]);
        assert_eq!(view::grade_bands(Some("PreK-1")), ["PreK", "K-2"]);
        assert_eq!(view::grade_bands(Some("4")), ["3-5"]);
        assert!(view::grade_bands(None).is_empty());
    }

    #[test]
    fn the_taxonomy_template_is_embedded() {
        let theme = Theme::load(std::path::Path::new("/nonexistent-site-root")).expect("embedded theme loads");
        assert!(theme.template_names().contains(&"taxonomy.html"));
    }
}
