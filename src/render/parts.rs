//! An output cache of template parts: the theme's navigation partials, rendered once per value
//! of what they read and reused on every page that reads the same.
//!
//! The header navigation (`partials/site-nav.html`) lists every top-level section on every page,
//! "More" menu included: at 200 sections it was most of a page's template time. It reads `site`
//! and, of the page, only whether `page.url` starts with and equals each item's URL, so its key
//! is the list of items the page's URL starts with, each with whether it is equal. The sidebar's
//! items (`partials/sidebar-item.html`) read only the item and whether the sidebar is a module's;
//! the page's own item (the one marked `aria-current`) is rendered for the page itself.
//!
//! The templates take the HTML as `parts.site_nav` and `parts.sidebar_items` and include the
//! partials themselves when those are missing, so the output is the same bytes either way (the
//! cache is off with `TIERBOOK_NO_PART_CACHE=1` or [`super::RenderCache::without_parts`], and
//! tests/build.rs compares every file of a build both ways). A site that overrides one of these
//! partials gets it rendered on every page: what a site's own partial reads is not known.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use super::layout::{SidebarItem, SidebarView, SIDEBAR_MAX};
use super::theme::Theme;
use super::view::LinkView;

const SITE_NAV: &str = "partials/site-nav.html";
const SIDEBAR_ITEM: &str = "partials/sidebar-item.html";

/// What the page templates get as `parts`.
#[derive(Serialize)]
struct PartsView<'a> {
    site_nav: Option<&'a str>,
    sidebar_items: Option<String>,
}

/// What `partials/sidebar-item.html` reads of the sidebar.
#[derive(Serialize)]
struct ItemSidebar<'a> {
    module_key: Option<&'a str>,
}

#[derive(Serialize)]
struct ItemContext<'a> {
    sb: ItemSidebar<'a>,
    i: &'a SidebarItem,
}

/// What the header navigation reads of a page: (item index, the page is the item's own URL) for
/// every item its URL starts with.
type NavKey = Vec<(u32, bool)>;

/// The parts of one language's pages, shared by the threads that render them.
pub(super) struct Parts<'a> {
    theme: &'a Theme,
    nav: &'a [LinkView],
    /// Off, or the site overrides the partial.
    cache_nav: bool,
    cache_items: bool,
    /// Nav key -> HTML.
    navs: Mutex<HashMap<NavKey, Arc<str>>>,
    /// (in a module's sidebar, the item's path) -> HTML of the item, not the current page.
    items: Mutex<HashMap<(bool, String), Arc<str>>>,
}

impl<'a> Parts<'a> {
    pub(super) fn new(theme: &'a Theme, nav: &'a [LinkView], enabled: bool) -> Parts<'a> {
        let ours = |name: &str| enabled && !theme.site_templates.contains(name);
        Parts {
            theme,
            nav,
            cache_nav: ours(SITE_NAV),
            cache_items: ours(SIDEBAR_ITEM),
            navs: Mutex::default(),
            items: Mutex::default(),
        }
    }

    /// Puts this page's parts into `context` as `parts` (which holds `page` already); nothing
    /// when the cache is off.
    pub(super) fn insert(
        &self,
        context: &mut tera::Context,
        url: &str,
        sidebar: Option<&SidebarView>,
    ) -> std::result::Result<(), tera::Error> {
        if !self.cache_nav && !self.cache_items {
            return Ok(());
        }
        let nav = if self.cache_nav { Some(self.site_nav(context, url)?) } else { None };
        let sidebar_items = match sidebar {
            Some(sb) if self.cache_items => Some(self.sidebar_items(sb)?),
            _ => None,
        };
        context.try_insert("parts", &PartsView { site_nav: nav.as_deref(), sidebar_items })
    }

    /// The header navigation of a page at `url` (with the base path), rendered with the page's
    /// own `context` the first time its key comes up.
    fn site_nav(&self, context: &tera::Context, url: &str) -> std::result::Result<Arc<str>, tera::Error> {
        let key = nav_key(self.nav, url);
        if let Some(html) = lock(&self.navs).get(&key) {
            return Ok(html.clone());
        }
        let html: Arc<str> = self.theme.tera.render(SITE_NAV, context)?.into();
        lock(&self.navs).insert(key, html.clone());
        Ok(html)
    }

    /// The sidebar's `<li>` items, as the partial's loop writes them.
    fn sidebar_items(&self, sb: &SidebarView) -> std::result::Result<String, tera::Error> {
        let module = sb.module_key.is_some();
        let render = |item: &SidebarItem| -> std::result::Result<Arc<str>, tera::Error> {
            let context = tera::Context::from_serialize(ItemContext {
                sb: ItemSidebar { module_key: sb.module_key.as_deref() },
                i: item,
            })?;
            Ok(self.theme.tera.render(SIDEBAR_ITEM, &context)?.into())
        };
        let mut pieces = Vec::with_capacity(SIDEBAR_MAX);
        for item in sb.items() {
            if item.current {
                pieces.push(render(&item)?);
                continue;
            }
            let key = (module, item.path.clone());
            let cached = lock(&self.items).get(&key).cloned();
            let html = match cached {
                Some(html) => html,
                None => {
                    let html = render(&item)?;
                    lock(&self.items).insert(key, html.clone());
                    html
                }
            };
            pieces.push(html);
        }
        Ok(pieces.concat())
    }
}

/// What the header navigation reads of a page: the items its URL starts with, and whether it is
/// each one's own URL.
fn nav_key(nav: &[LinkView], url: &str) -> NavKey {
    nav.iter()
        .enumerate()
        .filter(|(_, item)| url.starts_with(item.url.as_str()))
        .map(|(i, item)| (i as u32, url == item.url))
        .collect()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A thread that panicked while holding it left a whole entry or none: the map is still good.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str) -> LinkView {
        LinkView { title: url.to_string(), url: url.to_string() }
    }

    #[test]
    fn the_nav_key_is_what_the_partial_tests_of_the_url() {
        let nav = [link("/pd/a/"), link("/pd/b/"), link("/pd/a/x/")];
        assert_eq!(nav_key(&nav, "/pd/"), vec![]);
        assert_eq!(nav_key(&nav, "/pd/a/"), vec![(0, true)]);
        assert_eq!(nav_key(&nav, "/pd/a/y/"), vec![(0, false)]);
        assert_eq!(nav_key(&nav, "/pd/a/x/"), vec![(0, false), (2, true)]);
        assert_eq!(nav_key(&nav, "/pd/bb/"), vec![], "a prefix of the name is not the folder");
    }
}
