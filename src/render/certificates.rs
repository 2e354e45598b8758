//! A certificate page per module (`<module>/certificate/`): the module's facts, filled in by the
//! browser from the progress saved there; and `/certificates/verify/`, where a printed
//! certificate's fields are typed in to recompute its code ([`certificate_code`]).

use serde::Serialize;

use super::view::Common;

use super::templates::{output_path, Theme};
use super::view::{self, PageView, SiteView};
use crate::content::{Kind, Site};
use crate::error::Result;
use crate::markdown::Rendered;
use crate::output::{fixed_path, Origin, Output};

#[derive(Serialize)]
struct CertificateContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    page: PageView<'a>,
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
        let module_view = super::page_view(site, index, rendered, &super::layout::Sidebars::default());
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
        let context = CertificateContext { common: Common { site: site_view, base, asset_version }, page, certificate };
        let html = theme.render("certificate.html", &context).map_err(|err| err.while_rendering(&module.file))?;
        let origin = Origin::content(&module.file, (0, 0), "the certificate page");
        outputs.push(Output::new(output_path(path, &origin)?, html.into_bytes()).with_origin(origin));
    }
    if !modules.is_empty() {
        outputs.push(verify_page(site, theme, &modules, site_view, asset_version)?);
    }
    Ok(outputs)
}

#[derive(Serialize)]
struct VerifyContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    modules: Vec<VerifyModule<'a>>,
    /// A worked example, computed here, so a reader can try the form on known values.
    example: VerifyExample<'a>,
}

#[derive(Serialize)]
struct VerifyModule<'a> {
    title: &'a str,
    /// The module's saved-progress key, part of the code.
    key: &'a str,
    /// As the certificate prints them ("" for none).
    hours: String,
}

#[derive(Serialize)]
struct VerifyExample<'a> {
    name: &'static str,
    module: &'a str,
    hours: String,
    date: &'static str,
    code: String,
}

/// `/certificates/verify/`: the form that recomputes a certificate code from its printed fields.
fn verify_page(
    site: &Site,
    theme: &Theme,
    modules: &[usize],
    site_view: &SiteView<'_>,
    asset_version: &str,
) -> Result<Output> {
    let list: Vec<VerifyModule<'_>> = modules
        .iter()
        .map(|&i| {
            let page = &site.pages[i];
            let hours = page.meta.pd_hours.map(|h| h.to_string()).unwrap_or_default();
            VerifyModule { title: &page.meta.title, key: &page.url, hours }
        })
        .collect();
    let first = &list[0];
    let (name, date) = ("Jordan Sample", "2026-01-15");
    let code = certificate_code(&CodeFields {
        site: &site.config.base_url,
        module: first.key,
        name,
        hours: &first.hours,
        date,
    });
    let example = VerifyExample { name, module: first.title, hours: first.hours.clone(), date, code };
    let context = VerifyContext {
        common: Common { site: site_view, base: &site.config.base_path, asset_version },
        modules: list,
        example,
    };
    let html = theme.render("certificate-verify.html", &context)?.into_bytes();
    Ok(Output::new(fixed_path!("certificates/verify/index.html"), html)
        .with_origin(Origin::generated("the certificate code check page")))
}

/// The printed fields of a certificate and the site it came from: what its code sums up.
#[derive(Debug, Clone, Copy)]
pub struct CodeFields<'a> {
    /// The site's base URL, e.g. `https://district.example/pd/`.
    pub site: &'a str,
    /// The module's key, its URL path without the base: `/trainings/basics/`.
    pub module: &'a str,
    pub name: &'a str,
    /// PD hours as printed (`1.25`), or empty.
    pub hours: &'a str,
    /// `YYYY-MM-DD`.
    pub date: &'a str,
}

/// A certificate's code, e.g. `K7QM-2XHD`: a checksum of its normalised fields that catches
/// typing mistakes, not forgery (anyone can compute it). The same algorithm as
/// `js/certificate-code.js`, which the certificate and verify pages run; a browser test checks
/// that the two agree. Version 1: the fields joined by newlines after `certificate-code-v1`,
/// FNV-1a 64 of the UTF-8 bytes, MurmurHash3's 64-bit finaliser, the top 40 bits as 8 Crockford
/// base32 characters in two groups of four.
pub fn certificate_code(fields: &CodeFields<'_>) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let site = fields.site.trim().to_lowercase();
    let site = if site.ends_with('/') { site } else { format!("{site}/") };
    let nfc = icu_normalizer::ComposingNormalizerBorrowed::new_nfc();
    let name = nfc.normalize(fields.name).split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let hours = normalise_hours(fields.hours);
    let text = ["certificate-code-v1", &site, fields.module.trim(), &name, &hours, fields.date.trim()].join("\n");
    let mut fnv = crate::hash::Fnv::default();
    fnv.write(text.as_bytes());
    let mut h = fnv.0;
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    let top = h >> 24;
    let code: String = (0..8).rev().map(|i| char::from(ALPHABET[((top >> (5 * i)) & 31) as usize])).collect();
    format!("{}-{}", &code[..4], &code[4..])
}

/// "1.50" and "1,5" are "1.5", as JavaScript's `String(Number(x))` writes them.
fn normalise_hours(hours: &str) -> String {
    let text = hours.trim().replacen(',', ".", 1);
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() && !text.is_empty() => n.to_string(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(name: &str, hours: &str, date: &str) -> String {
        certificate_code(&CodeFields {
            site: "https://district.example/pd/",
            module: "/trainings/basics/",
            name,
            hours,
            date,
        })
    }

    #[test]
    fn codes_ignore_case_spacing_and_hour_spelling_but_not_the_fields() {
        let base = code("Ada Lovelace", "1.5", "2026-12-03");
        assert_eq!(base.len(), 9);
        assert_eq!(&base[4..5], "-");
        assert!(base.chars().filter(|&c| c != '-').all(|c| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)));
        assert_eq!(code("  ada   LOVELACE ", "1,50", "2026-12-03"), base);
        assert_ne!(code("Ada Lovelace", "1.5", "2026-12-04"), base);
        assert_ne!(code("Ada Lovelance", "1.5", "2026-12-03"), base);
        assert_ne!(code("Ada Lovelace", "1.25", "2026-12-03"), base);
        // NFC: a precomposed and a combining accent are one name.
        assert_eq!(code("Jos\u{e9}", "", "2026-12-03"), code("Jose\u{301}", "", "2026-12-03"));
    }

    #[test]
    fn the_certificate_template_is_embedded() {
        let theme = Theme::load(std::path::Path::new("/nonexistent-site-root")).expect("embedded theme loads");
        assert!(theme.template_names().contains(&"certificate.html"));
    }
}
