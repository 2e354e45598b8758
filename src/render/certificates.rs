//! A certificate page per module (`<module>/certificate/`): the module's facts, filled in by the
//! browser from the progress saved there.

use serde::Serialize;

use super::templates::{output_path, Theme};
use super::view::{self, PageView, SiteView};
use crate::content::{Kind, Site};
use crate::error::Result;
use crate::markdown::Rendered;
use crate::output::{Origin, Output};

#[derive(Serialize)]
struct CertificateContext<'a> {
    site: &'a SiteView<'a>,
    page: PageView<'a>,
    base: &'a str,
    asset_version: &'a str,
    certificate: CertificateView<'a>,
}

/// What the certificate template and script need beyond the module.
#[derive(Debug, Serialize)]
pub struct CertificateView<'a> {
    /// The module's saved-progress key (its URL path without the base).
    pub module_key: &'a str,
    /// The lessons' saved-progress keys (their slugs), in order.
    pub lessons: Vec<&'a str>,
    /// The slug of the lesson holding the knowledge check, if the module has one.
    pub check: Option<&'a str>,
    /// Who the certificate names as its issuer: the district, or else the site.
    pub issuer: &'a str,
}

/// Every module's certificate page.
pub(super) fn outputs(
    site: &Site,
    theme: &Theme,
    rendered: &[Rendered],
    site_view: &SiteView<'_>,
    asset_version: &str,
) -> Result<Vec<Output>> {
    let base = site.config.base_path.as_str();
    let modules: Vec<usize> = (0..site.pages.len()).filter(|&i| site.pages[i].kind == Kind::Module).collect();
    let paths: Vec<String> = modules.iter().map(|&i| format!("{}certificate/", site.pages[i].url)).collect();
    let issuer = if site.config.district.name.is_empty() {
        site.config.title.as_str()
    } else {
        site.config.district.name.as_str()
    };
    let mut outputs = Vec::new();
    for (&index, path) in modules.iter().zip(&paths) {
        let module = &site.pages[index];
        let lessons = site.lessons(index);
        let module_view = super::page_view(site, index, rendered);
        let mut breadcrumbs = module_view.breadcrumbs.clone();
        breadcrumbs.push(view::link(site, index));
        let page = PageView {
            url: view::url(site, path),
            permalink: format!("{}{}", site.config.base_url, &path[1..]),
            path,
            kind: Kind::Page,
            is_section: false,
            content: "",
            toc: Vec::new(),
            breadcrumbs,
            prev: None,
            next: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            ..module_view
        };
        let certificate = CertificateView {
            module_key: &module.url,
            lessons: lessons.iter().map(|&l| site.pages[l].slug()).collect(),
            check: lessons.iter().rev().find(|&&l| rendered[l].blocks.contains(&"quiz")).map(|&l| site.pages[l].slug()),
            issuer,
        };
        let context = CertificateContext { site: site_view, page, base, asset_version, certificate };
        let html = theme.render("certificate.html", &context).map_err(|err| err.while_rendering(&module.file))?;
        let origin = Origin::content(&module.file, (0, 0), "the certificate page");
        outputs.push(Output::new(output_path(path, &origin)?, html.into_bytes()).with_origin(origin));
    }
    Ok(outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_certificate_template_is_embedded() {
        let theme = Theme::load(std::path::Path::new("/nonexistent-site-root")).expect("embedded theme loads");
        assert!(theme.template_names().contains(&"certificate.html"));
    }
}
