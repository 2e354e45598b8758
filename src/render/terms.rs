//! Term pages of the taxonomies any page may use (`tags`, and each other taxonomy named in
//! `[taxonomies]` of tierbook.toml): `/tags/` lists the terms with their counts, `/tags/<term>/`
//! lists the pages filed under a term, as in Hugo and Zola. A taxonomy no page uses gets no pages.

use std::collections::BTreeMap;

use serde::Serialize;

use super::view::Common;

use super::guide_terms::TermView;
use super::templates::{output_path, Theme};
use super::view::{self, SiteView, SummaryView};
use crate::content::Site;
use crate::error::Result;
use crate::markdown::Rendered;
use crate::output::{Origin, Output};

#[derive(Serialize)]
struct TermsContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: view::PageView<'a>,
    terms: TermsView,
}

/// A taxonomy's index page (`term` is none) or one term's page.
#[derive(Debug, Serialize)]
pub struct TermsView {
    /// `tags`.
    pub name: String,
    /// `Tags`.
    pub title: String,
    /// The taxonomy index URL (with the base path).
    pub url: String,
    /// This page's term as first written, none on the index.
    pub term: Option<String>,
    /// Every term with its page count, in alphabetical order.
    pub terms: Vec<TermView>,
}

/// One term: its label (the first spelling met, in page order) and its pages, by title.
struct Term {
    label: String,
    pages: Vec<usize>,
}

/// The pages filed under each term of `taxonomy`, by the term's URL slug, so `Fine motor` and
/// `fine-motor` are one term.
fn terms_of(site: &Site, taxonomy: &str) -> BTreeMap<String, Term> {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    for (index, page) in site.pages.iter().enumerate() {
        for term in page.meta.taxonomies.get(taxonomy).into_iter().flatten() {
            let entry =
                terms.entry(crate::text::slug(term)).or_insert_with(|| Term { label: term.clone(), pages: Vec::new() });
            if !entry.pages.contains(&index) {
                entry.pages.push(index);
            }
        }
    }
    for term in terms.values_mut() {
        term.pages.sort_by(|&a, &b| site.pages[a].meta.title.cmp(&site.pages[b].meta.title).then(a.cmp(&b)));
    }
    terms
}

pub(super) fn render(
    site: &Site,
    theme: &Theme,
    rendered: &[Rendered],
    site_view: &SiteView<'_>,
    asset_version: &str,
) -> Result<Vec<Output>> {
    let base = site.config.base_path.as_str();
    let lang = super::strings::ViewLanguage::of(site);
    let mut outputs = Vec::new();
    for taxonomy in &site.config.taxonomies {
        let terms = terms_of(site, &taxonomy.name);
        if terms.is_empty() {
            continue;
        }
        let name = taxonomy.name.as_str();
        let title = lang.word(&format!("taxonomy_{name}"), &view::taxonomy_title(name), &[]);
        let own_index_path = format!("/{name}/");
        let index_path = lang.path(&own_index_path);
        let index_url = view::url(site, &index_path);
        let term_views: Vec<TermView> = terms
            .iter()
            .map(|(slug, term)| TermView {
                name: slug.clone(),
                label: term.label.clone(),
                url: view::url(site, &lang.path(&format!("/{name}/{slug}/"))),
                count: term.pages.len(),
            })
            .collect();
        let origin = Origin::generated("tierbook's taxonomy term pages (tags and [taxonomies])");
        let home_link = view::link(site, 0);
        let index_link = view::LinkView { title: title.clone(), url: index_url.clone() };

        let description = lang.word(
            "terms_description",
            "Every {taxonomy} used on this site, with its pages.",
            &[("taxonomy", &title.to_lowercase())],
        );
        let page = view::generated(
            super::page_view(site, 0, rendered, &super::layout::Sidebars::default()),
            site,
            &index_path,
            &title,
            &description,
            vec![home_link.clone()],
            Vec::new(),
        );
        let page = lang.own(page, &own_index_path);
        let terms_view = TermsView {
            name: name.into(),
            title: title.clone(),
            url: index_url.clone(),
            term: None,
            terms: term_views,
        };
        let context = TermsContext { common: Common { site: site_view, base, asset_version }, page, terms: terms_view };
        let html = theme.render("terms.html", &context)?;
        outputs.push(Output::new(output_path(&index_path, &origin)?, html.into_bytes()).with_origin(origin.clone()));

        for (slug, term) in &terms {
            let own_path = format!("/{name}/{slug}/");
            let path = lang.path(&own_path);
            let page_title = format!("{title}: {}", term.label);
            let description = lang.word(
                "term_pages_description",
                "The pages filed under {term}.",
                &[("term", &format!("{:?}", term.label))],
            );
            let summaries: Vec<SummaryView<'_>> = term.pages.iter().map(|&p| view::summary(site, p)).collect();
            let page = view::generated(
                super::page_view(site, 0, rendered, &super::layout::Sidebars::default()),
                site,
                &path,
                &page_title,
                &description,
                vec![home_link.clone(), index_link.clone()],
                summaries,
            );
            let page = lang.own(page, &own_path);
            let terms_view = TermsView {
                name: name.into(),
                title: title.clone(),
                url: index_url.clone(),
                term: Some(term.label.clone()),
                terms: Vec::new(),
            };
            let context =
                TermsContext { common: Common { site: site_view, base, asset_version }, page, terms: terms_view };
            let html = theme.render("terms.html", &context)?;
            outputs.push(Output::new(output_path(&path, &origin)?, html.into_bytes()).with_origin(origin.clone()));
        }
    }
    Ok(outputs)
}
