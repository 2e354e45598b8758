//! The page loop: every markdown page through its template, in runs of pages that share their
//! context, reusing the HTML of pages whose inputs did not change (see [`super::RenderCache`]).

use rayon::prelude::*;
use serde::Serialize;

use super::view::Common;

use super::files::Kept;
use super::page_view;
use super::templates::{output_path, Fnv, Theme};
use super::view::{self, LinkView, SiteView};
use crate::content::{Kind, Site};
use crate::error::{Error, Result};
use crate::markdown::Rendered;
use crate::output::Output;

fn template_for(site: &Site, index: usize) -> String {
    let page = &site.pages[index];
    if let Some(template) = &page.meta.template {
        return template.clone();
    }
    match (index, page.is_section, page.kind) {
        (0, _, _) => "home.html",
        (_, _, Kind::Module) => "module.html",
        (_, true, _) => "section.html",
        (_, false, Kind::Lesson) => "lesson.html",
        (_, false, Kind::Guide) => "guide.html",
        (_, false, Kind::CaseStudy) => "case-study.html",
        (_, false, _) => "page.html",
    }
    .to_string()
}

/// What every page of a run sees besides `page` (see [`view`] for the contract).
#[derive(Serialize)]
struct RunContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    section_pages: Vec<LinkView>,
}

/// At most this many pages share a context, so that one big section still spreads over every
/// thread.
const RUN_LEN: usize = 64;

/// Runs of consecutive pages with the same `section_pages` (sections have none), at most
/// [`RUN_LEN`] long.
fn runs(site: &Site) -> Vec<std::ops::Range<usize>> {
    let key = |index: usize| Some(&site.pages[index]).filter(|p| !p.is_section).and_then(|p| p.parent);
    let mut runs = Vec::new();
    let mut start = 0;
    for index in 1..=site.pages.len() {
        if index == site.pages.len() || index - start == RUN_LEN || key(index) != key(start) {
            runs.push(start..index);
            start = index;
        }
    }
    runs
}

/// For a page (not a section): every page of its parent section, in order.
fn section_pages(site: &Site, index: usize) -> Vec<LinkView> {
    let page = &site.pages[index];
    match page.parent {
        Some(parent) if !page.is_section => site.pages[parent].pages.iter().map(|&i| view::link(site, i)).collect(),
        _ => Vec::new(),
    }
}

/// Every page of the site rendered with its template.
pub(super) fn outputs(
    site: &Site,
    theme: &Theme,
    rendered: &[Rendered],
    site_view: &SiteView<'_>,
    cache: &mut super::RenderCache,
    files: &super::files::Files<'_>,
) -> Result<()> {
    let base = site.config.base_path.as_str();
    // Consecutive pages of one section share all of their context but `page`, so each run of
    // them renders with one `tera::Context`: `site` and `section_pages` are serialized once per
    // run. Per page, a sidebar's list of the section made a 10,000-page build quadratic.
    let previous = &cache.pages;
    // The page cache's keys cost a serialization of every page: only `serve` reads them.
    let keyed = cache.is_enabled();
    let parts = super::parts::Parts::new(theme, &site_view.nav, cache.parts_enabled());
    let group = files.group();
    let sidebars = super::layout::Sidebars::new(site);
    // Each page goes to `files` as it is rendered; `serve` keeps it for its next build.
    let reused = std::sync::atomic::AtomicUsize::new(0);
    let kept: Vec<(String, u64, Kept)> = runs(site)
        .into_par_iter()
        .map(|run| {
            let shared = RunContext {
                common: Common { site: site_view, base, asset_version: &theme.asset_version },
                section_pages: section_pages(site, run.start),
            };
            // A page's HTML is a function of what its template sees: this run's shared context,
            // the page's own view, the template's name and every template's source.
            let mut run_key = Fnv(theme.templates_hash);
            if keyed {
                serde_json::to_writer(&mut run_key, &shared).map_err(|err| Error::template("context", &err.into()))?;
            }
            let mut context = tera::Context::from_serialize(shared).map_err(|err| Error::template("context", &err))?;
            run.map(|index| {
                let name = template_for(site, index);
                if theme.tera.get_template(&name).is_err() {
                    return Err(missing_template(site, theme, index, &name));
                }
                let mut view = page_view(site, index, rendered, &sidebars);
                let file = &site.pages[index].file;
                let origin = site.pages[index].output_origin();
                let path = output_path(&site.pages[index].url, &origin)?;
                let order = group + index as u64;
                let key = if keyed { Some(page_key(run_key, &name, &mut view, &rendered[index])?) } else { None };
                if let Some((cached_key, page)) =
                    key.and_then(|key| previous.get(path.as_str()).filter(|(k, _)| *k == key))
                {
                    reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let path_text = path.to_string();
                    files.put_kept(order, path, origin, page)?;
                    return Ok(Some((path_text, *cached_key, page.clone())));
                }
                context.try_insert("page", &view).map_err(|err| Error::template(&name, &err))?;
                parts
                    .insert(&mut context, &view.url, view.sidebar.as_ref())
                    .map_err(|err| Error::template(&name, &err).while_rendering(file))?;
                let html = theme
                    .tera
                    .render(&name, &context)
                    .map_err(|err| Error::template(&name, &err).while_rendering(file))?;
                let output = Output::new(path, html.into_bytes()).with_origin(origin);
                match key {
                    Some(key) => {
                        let path_text = output.path.to_string();
                        Ok(Some((path_text, key, files.put_page_kept(order, output)?)))
                    }
                    None => files.put_page(order, output).map(|()| None),
                }
            })
            .collect::<Result<Vec<_>>>()
        })
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .flatten()
        .collect();
    if keyed && !previous.is_empty() {
        crate::timing::note(format_args!("{} of {} pages from the last build", reused.into_inner(), site.pages.len()));
    }
    cache.fresh_pages.extend(kept.into_iter().map(|(path, key, bytes)| (path, (key, bytes))));
    Ok(())
}

/// The key of everything a page's template reads: the run's key, the template's name and the
/// page's view. The page's own rendered markdown goes in by its key, which stands for all of it,
/// and the sidebar by [`super::layout::SidebarView::write_key`]: serializing them again would
/// cost more than the rest of the view.
fn page_key(run_key: Fnv, name: &str, view: &mut view::PageView<'_>, rendered: &Rendered) -> Result<u64> {
    let mut key = run_key;
    key.write(name.as_bytes());
    key.write(&rendered.key.to_le_bytes());
    match &view.sidebar {
        Some(sidebar) => {
            key.write(&[1]);
            sidebar.write_key(&mut key);
        }
        None => key.write(&[0]),
    }
    let content = std::mem::take(&mut view.content);
    let toc = std::mem::take(&mut view.toc);
    let sidebar = view.sidebar.take();
    let written = serde_json::to_writer(&mut key, &*view);
    (view.content, view.toc, view.sidebar) = (content, toc, sidebar);
    written.map_err(|err| Error::template(name, &err.into()))?;
    Ok(key.0)
}

/// A page whose template does not exist: a content error at the page.
fn missing_template(site: &Site, theme: &Theme, index: usize, name: &str) -> Error {
    Error::Content(vec![crate::error::Diagnostic::error(
        &site.pages[index].file,
        0,
        0,
        format!("template `{name}` does not exist"),
    )
    .with_hint(format!("add templates/{name}, or use one of: {}", theme.template_names().join(", ")))])
}
