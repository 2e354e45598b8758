//! The files of a site that come from no page of its own: the 404 page, robots.txt, the feed,
//! alias redirects and the sitemap.

use serde::Serialize;

use super::view::Common;

use super::files::Record;
use super::templates::{output_path, Theme};
use super::view::{self, LinkView, SiteView};
use crate::content::{Kind, Site};
use crate::error::Result;
use crate::output::{fixed_path, Origin, OutPath, Output};

#[derive(Serialize)]
struct SpecialContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
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
    /// The page in each language it is written in (hreflang code, permalink), itself included;
    /// empty when it is in one language only.
    alternates: Vec<(String, String)>,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    description: String,
    permalink: String,
    updated: String,
    kind: Kind,
}

/// The 404 page, robots.txt, the Atom feed of modules and guides, and one redirect page per alias.
/// In another language's view of the site: its own 404 page and feed under /<code>/ (the feed
/// lists only its translated pages: the others are the default language's feed's).
pub(super) fn outputs(site: &Site, theme: &Theme, site_view: &SiteView<'_>) -> Result<Vec<Output>> {
    let base = site.config.base_path.as_str();
    let lang = super::strings::ViewLanguage::of(site);
    let at = |path: &str, what: &'static str| -> Result<(OutPath, Origin)> {
        let origin = Origin::generated(what);
        Ok((crate::output::located(OutPath::new(&lang.path(path)[1..]), &origin)?, origin))
    };
    let mut special = SpecialContext {
        common: Common { site: site_view, base, asset_version: &theme.asset_version },
        pages: Vec::new(),
        target: None,
        updated: String::new(),
        entries: Vec::new(),
    };
    let mut outputs = Vec::new();
    let (path, origin) = at("/404.html", "tierbook's 404 page")?;
    outputs.push(Output::new(path, theme.render("404.html", &special)?.into_bytes()).with_origin(origin));
    if lang.is_default() {
        outputs.push(
            Output::new(fixed_path!("robots.txt"), theme.render("robots.txt", &special)?.into_bytes())
                .with_origin(Origin::generated("tierbook's robots.txt")),
        );
    }

    let mut entries: Vec<(crate::content::front_matter::Date, FeedEntry)> = site
        .pages
        .iter()
        .filter(|p| matches!(p.kind, Kind::Module | Kind::Guide))
        .filter(|p| p.lang.as_ref().is_none_or(|l| l.translated))
        .filter_map(|p| {
            // A translation is new on the day it was translated, if that is later.
            let date = p.meta.updated.or(p.meta.date);
            let translated = p.lang.as_ref().and_then(|l| l.translated_on);
            let date = date.max(translated)?;
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
    let (path, origin) = at("/atom.xml", "tierbook's feed")?;
    outputs.push(Output::new(path, theme.render("atom.xml", &special)?.into_bytes()).with_origin(origin));
    special.entries.clear();
    if !lang.is_default() {
        return Ok(outputs);
    }

    for (index, page) in site.pages.iter().enumerate() {
        for (n, alias) in page.meta.aliases.iter().enumerate() {
            special.target = Some(view::link(site, index));
            let origin = page.alias_origin(n);
            let path = output_path(alias, &origin)?;
            let html = theme.render("alias.html", &special).map_err(|err| err.while_rendering(&page.file))?;
            outputs.push(Output::new(path, html.into_bytes()).with_origin(origin));
        }
    }

    Ok(outputs)
}

/// The sitemap of the files of `records` (sorted by path).
pub(super) fn sitemap(
    site: &Site,
    theme: &Theme,
    site_view: &SiteView<'_>,
    records: &[Record],
    languages: &[&Site],
) -> Result<Output> {
    let special = SpecialContext {
        common: Common { site: site_view, base: site.config.base_path.as_str(), asset_version: &theme.asset_version },
        pages: sitemap_entries(site, records, languages),
        target: None,
        updated: String::new(),
        entries: Vec::new(),
    };
    Ok(Output::new(fixed_path!("sitemap.xml"), theme.render("sitemap.xml", &special)?.into_bytes())
        .with_origin(Origin::generated("tierbook's sitemap")))
}

/// Every HTML page of the build that search engines may index (not 404, aliases, certificates
/// or other `noindex` pages, nor a language's pages that are not translated yet, whose canonical
/// page is the default language's), with its date where the page has one and its translations.
fn sitemap_entries(site: &Site, records: &[Record], languages: &[&Site]) -> Vec<SitemapEntry> {
    let mut dates: std::collections::HashMap<OutPath, String> = std::collections::HashMap::new();
    let mut alternates: std::collections::HashMap<OutPath, Vec<(String, String)>> = std::collections::HashMap::new();
    let mut untranslated = std::collections::HashSet::new();
    let permalink = |url: &str| format!("{}{}", site.config.base_url, &url[1..]);
    for (index, page) in site.pages.iter().enumerate() {
        let Ok(path) = OutPath::for_url(&page.url) else { continue };
        let mut versions = vec![(site.config.language.clone(), path.clone(), permalink(&page.url))];
        for view in languages {
            let p = &view.pages[index];
            let Ok(view_path) = OutPath::for_url(&p.url) else { continue };
            match &p.lang {
                Some(l) if l.translated => versions.push((l.code.clone(), view_path, permalink(&p.url))),
                _ => {
                    untranslated.insert(view_path);
                }
            }
        }
        for (_, path, _) in &versions {
            if let Some(date) = page.meta.updated.or(page.meta.date) {
                dates.insert(path.clone(), date.to_string());
            }
        }
        if versions.len() > 1 {
            let links: Vec<(String, String)> =
                versions.iter().map(|(code, _, url)| (code.clone(), url.clone())).collect();
            for (_, path, _) in versions {
                alternates.insert(path, links.clone());
            }
        }
    }
    records
        .iter()
        .filter(|o| o.path.ends_with("index.html") && !untranslated.contains(&o.path) && !o.noindex)
        .map(|o| SitemapEntry {
            permalink: format!("{}{}", site.config.base_url, o.path.trim_end_matches("index.html")),
            lastmod: dates.get(&o.path).cloned(),
            alternates: alternates.get(&o.path).cloned().unwrap_or_default(),
        })
        .collect()
}
