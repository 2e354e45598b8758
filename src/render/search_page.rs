//! The `/search/` page: where the header's search form goes. With JavaScript, `js/search.js`
//! shows results there for `?q=`; without it, the page links to the site's sections (the guides
//! index among them) and the sitemap.

use serde::Serialize;

use super::view::Common;

use super::templates::Theme;
use super::view::{self, LinkView, SiteView};
use crate::content::Site;
use crate::error::Result;
use crate::output::{fixed_path, Origin, Output};

#[derive(Serialize)]
struct SearchContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    /// The home page's sections, in order.
    sections: Vec<LinkView>,
}

pub(super) fn output(site: &Site, theme: &Theme, site_view: &SiteView<'_>, asset_version: &str) -> Result<Output> {
    let sections = site.home().subsections.iter().map(|&i| view::link(site, i)).collect();
    let context =
        SearchContext { common: Common { site: site_view, base: &site.config.base_path, asset_version }, sections };
    let html = theme.render("search-page.html", &context)?.into_bytes();
    Ok(Output::new(fixed_path!("search/index.html"), html).with_origin(Origin::generated("tierbook's search page")))
}
