//! The rendering of every output file with the theme's templates (loaded in [`super::theme`]).

use super::files::Files;
use super::site_view;
pub(crate) use super::theme::Theme;
use crate::content::Site;
use crate::error::{Error, Result};
use crate::markdown::Rendered;
use crate::output::{fixed_path, Origin, OutPath, Output};

pub(crate) use crate::hash::Fnv;

/// The output file of a site URL (`/a/b/` -> `a/b/index.html`) that `origin` makes: a URL that
/// cannot be a file is a content error there (loading has already reported those of pages and
/// aliases, at their lines).
pub(crate) fn output_path(url: &str, origin: &Origin) -> Result<OutPath> {
    crate::output::located(OutPath::for_url(url), origin)
}

/// Renders every file of the site into `files`; returns how many there are.
#[allow(clippy::too_many_arguments)]
pub(super) fn render_all(
    site: &Site,
    theme: &Theme,
    rendered: &mut Vec<Rendered>,
    cache: &mut super::RenderCache,
    preview: bool,
    extra: Vec<Output>,
    languages: &mut [(Site, Theme, Vec<Rendered>)],
    files: Files<'_>,
) -> Result<usize> {
    let mut phases = crate::timing::Phases::start();
    let site_view = site_view(site);
    super::pages::outputs(site, theme, rendered, &site_view, cache, &files)?;
    // Every other language's pages, and its own search index, under /<code>/.
    for (view, view_theme, view_rendered) in languages.iter() {
        let view_site = super::site_view(view);
        super::pages::outputs(view, view_theme, view_rendered, &view_site, cache, &files)?;
        // Its own generated pages in its words (docs/i18n.md); print books and certificates are
        // the default language's.
        let version = &view_theme.asset_version;
        files.put_pages(super::site_files::outputs(view, view_theme, &view_site)?)?;
        files.put_pages(super::guide_terms::outputs(view, view_theme, view_rendered, &view_site, version)?)?;
        files.put_pages(super::terms::render(view, view_theme, view_rendered, &view_site, version)?)?;
        files.put_pages(vec![super::search_page::output(view, view_theme, &view_site, version)?])?;
    }
    cache.pages = std::mem::take(&mut cache.fresh_pages);
    phases.mark("page templates");
    // Every page from a template gets the policy, whatever template wrote it (`put_pages`).
    files.put_pages(super::site_files::outputs(site, theme, &site_view)?)?;
    phases.mark("feed, 404, aliases");
    files.put_pages(super::certificates::outputs(site, theme, rendered, &site_view, &theme.asset_version)?)?;
    files.put_pages(super::guide_terms::outputs(site, theme, rendered, &site_view, &theme.asset_version)?)?;
    files.put_pages(super::terms::render(site, theme, rendered, &site_view, &theme.asset_version)?)?;
    phases.mark("certificates, taxonomies");
    files.put_pages(super::print::outputs(site, theme, rendered, &site_view, &theme.asset_version)?)?;
    // Every template that shows a page's HTML has run: a one-off build frees it before the
    // search index, the step that needs the most memory besides the outputs (`serve` keeps it).
    let keep = cache.is_enabled();
    if !keep {
        for r in rendered.iter_mut() {
            r.html = String::new();
        }
    }
    phases.mark("print books");
    // The search page: the theme's listing of every page for readers without JavaScript (a page
    // template, timed on its own: at 10,000 pages it is a 1.5 MB page).
    files.put_pages(vec![super::search_page::output(site, theme, &site_view, &theme.asset_version)?])?;
    phases.mark("search page");
    files.put_all(crate::search::outputs(site, rendered, &mut cache.search, keep)?)?;
    for (view, _, view_rendered) in languages.iter_mut() {
        let code = view.pages[0].lang.as_ref().map_or_else(String::new, |l| l.code.clone());
        let view_cache = cache.search_views.entry(code).or_default();
        files.put_all(crate::search::outputs(view, view_rendered, view_cache, keep)?)?;
    }
    if !keep {
        *rendered = Vec::new();
    }
    phases.mark("search index");
    files.put_all(super::offline::manifest(site))?;
    files.put_all(super::assets::outputs(site, theme)?)?;
    // Files made from the site's data: the report tables' CSV downloads.
    files.put_all(extra)?;
    let mut records = files.group_records();
    // The sitemap lists every indexable page, generated ones included; then the service worker
    // lists every other output.
    phases.mark("static files");
    let views: Vec<&Site> = languages.iter().map(|(view, _, _)| view).collect();
    let sitemap = super::site_files::sitemap(site, theme, &site_view, &records, &views)?;
    files.put_last(&mut records, sitemap)?;
    phases.mark("sitemap");
    if !preview {
        let worker = super::offline::worker(&records);
        files.put_last(&mut records, worker)?;
    }
    phases.mark("service worker");
    // Every source of output files together: pages, aliases, taxonomy and print pages, static
    // and content files, and tierbook's own files; the preview claims `sw.js` too, which it
    // answers itself, so that it refuses what `build` refuses.
    let worker = (fixed_path!("sw.js"), Origin::generated("tierbook's service worker"));
    let preview_claims = preview.then_some((&worker.0, &worker.1));
    let clashes = crate::output::clashes(records.iter().map(|o| (&o.path, &o.origin)).chain(preview_claims));
    if !clashes.is_empty() {
        return Err(Error::Content(clashes));
    }
    Ok(records.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_are_pretty_and_located() {
        let origin = Origin::content("content/a.md", (3, 1), "the page");
        let path = |url| output_path(url, &origin).map(|p| p.to_string()).map_err(|e| e.to_string());
        assert_eq!(path("/"), Ok("index.html".to_string()));
        assert_eq!(path("/guides/x/"), Ok("guides/x/index.html".to_string()));
        assert_eq!(path("//tmp/x/"), Err("1 content error found".to_string()));
    }
}
