//! Print outputs: a "print this module" page per module (every lesson in order, at
//! `<module>/print/`) and a guide-card booklet per section that holds guides (at
//! `<section>/print/`). Lesson and guide bodies are reused as rendered, with their ids prefixed so
//! one page can hold them all and their headings moved one level down under the item's heading.
//! Data forms print one per page from their own pages (see the print rules in style.css).

use serde::Serialize;

use super::view::Common;

use super::templates::Theme;
use super::view::{self, SiteView, SummaryView};
use crate::content::{Kind, Site};
use crate::error::Result;
use crate::markdown::Rendered;
use crate::output::{Origin, Output};

#[derive(Serialize)]
struct PrintContext<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    book: Book<'a>,
}

/// A printable collection: a module with its lessons, or a section's guides.
#[derive(Serialize)]
struct Book<'a> {
    /// `module` or `guides`.
    kind: &'static str,
    title: String,
    description: &'a str,
    /// The online page this book prints.
    source_title: &'a str,
    source_url: String,
    /// The module's or section's own text, before the items.
    intro: String,
    objectives: &'a [String],
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    number: usize,
    title: &'a str,
    /// The id of the item's heading in the book.
    anchor: String,
    url: String,
    permalink: String,
    content: String,
    summary: SummaryView<'a>,
    materials: &'a [String],
    objectives: &'a [String],
}

/// Every print page of the site.
pub(super) fn outputs(
    site: &Site,
    theme: &Theme,
    rendered: &[Rendered],
    site_view: &SiteView<'_>,
    asset_version: &str,
) -> Result<Vec<Output>> {
    let mut out = Vec::new();
    for (index, page) in site.pages.iter().enumerate() {
        let book = if page.kind == Kind::Module && page.is_section {
            module_book(site, rendered, index)
        } else if page.is_section && page.pages.iter().any(|&i| site.pages[i].kind == Kind::Guide) {
            guide_book(site, rendered, index)
        } else {
            continue;
        };
        let context =
            PrintContext { common: Common { site: site_view, base: &site.config.base_path, asset_version }, book };
        let html = theme.render("print-book.html", &context).map_err(|err| err.while_rendering(&page.file))?;
        let origin = Origin::content(&page.file, (0, 0), "the print page");
        let path = super::templates::output_path(&format!("{}print/", page.url), &origin)?;
        out.push(Output::new(path, html.into_bytes()).with_origin(origin));
    }
    Ok(out)
}

fn module_book<'a>(site: &'a Site, rendered: &[Rendered], index: usize) -> Book<'a> {
    let module = &site.pages[index];
    let items = module
        .pages
        .iter()
        .enumerate()
        .map(|(n, &li)| item(site, rendered, li, n + 1, &format!("lesson-{}", n + 1)))
        .collect();
    Book {
        kind: "module",
        title: format!("{} (all lessons)", module.meta.title),
        description: &module.meta.description,
        source_title: &module.meta.title,
        source_url: view::url(site, &module.url),
        intro: prefix_ids(&rendered[index].html, "intro-"),
        objectives: &module.meta.objectives,
        items,
    }
}

fn guide_book<'a>(site: &'a Site, rendered: &[Rendered], index: usize) -> Book<'a> {
    let section = &site.pages[index];
    let items = section
        .pages
        .iter()
        .filter(|&&i| site.pages[i].kind == Kind::Guide)
        .enumerate()
        .map(|(n, &gi)| item(site, rendered, gi, n + 1, &format!("guide-{}", site.pages[gi].slug())))
        .collect();
    Book {
        kind: "guides",
        title: format!("{}: printable guide cards", section.meta.title),
        description: &section.meta.description,
        source_title: &section.meta.title,
        source_url: view::url(site, &section.url),
        intro: String::new(),
        objectives: &[],
        items,
    }
}

fn item<'a>(site: &'a Site, rendered: &[Rendered], index: usize, number: usize, anchor: &str) -> Item<'a> {
    let page = &site.pages[index];
    Item {
        number,
        title: &page.meta.title,
        anchor: anchor.to_string(),
        url: view::url(site, &page.url),
        permalink: format!("{}{}", site.config.base_url, &page.url[1..]),
        content: demote_headings(&prefix_ids(&rendered[index].html, &format!("{anchor}-"))),
        summary: view::summary(site, index),
        materials: &page.meta.materials,
        objectives: &page.meta.objectives,
    }
}

/// Attributes that hold ids (or, for `href`, a `#` reference to one).
const ID_ATTRIBUTES: &[&str] =
    &[" id=\"", " for=\"", " aria-labelledby=\"", " aria-describedby=\"", " aria-controls=\"", " href=\"#"];

/// Puts `prefix` in front of every id in `html` and every reference to one, so several pages'
/// bodies can share one document.
fn prefix_ids(html: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 20);
    let mut rest = html;
    loop {
        let next = ID_ATTRIBUTES.iter().filter_map(|a| rest.find(a).map(|at| (at, *a))).min();
        let Some((at, attribute)) = next else { break };
        let value_start = at + attribute.len();
        out.push_str(&rest[..value_start]);
        let value_end = rest[value_start..].find('"').map_or(rest.len(), |e| value_start + e);
        let value = &rest[value_start..value_end];
        let prefixed: Vec<String> = if attribute.starts_with(" href") {
            if value.is_empty() {
                Vec::new()
            } else {
                vec![format!("{prefix}{value}")]
            }
        } else {
            value.split_whitespace().map(|id| format!("{prefix}{id}")).collect()
        };
        out.push_str(&prefixed.join(" "));
        rest = &rest[value_end..];
    }
    out.push_str(rest);
    out
}

/// `<h2>` becomes `<h3>` and so on (`<h6>` stays), so a body sits under its item's heading.
fn demote_headings(html: &str) -> String {
    let mut out = html.to_string();
    for level in (1..=5).rev() {
        for (from, to) in [
            (format!("<h{level}>"), format!("<h{}>", level + 1)),
            (format!("<h{level} "), format!("<h{} ", level + 1)),
            (format!("</h{level}>"), format!("</h{}>", level + 1)),
        ] {
            out = out.replace(&from, &to);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_references_get_the_prefix() {
        let html = r##"<h2 id="steps"><a class="heading-link" href="#steps">Steps</a></h2><label for="q1">Q</label><input id="q1" aria-describedby="q1-hint q1-fb"><a href="/guides/x/#y">x</a><a href="#">top</a>"##;
        assert_eq!(
            prefix_ids(html, "l2-"),
            r##"<h2 id="l2-steps"><a class="heading-link" href="#l2-steps">Steps</a></h2><label for="l2-q1">Q</label><input id="l2-q1" aria-describedby="l2-q1-hint l2-q1-fb"><a href="/guides/x/#y">x</a><a href="#">top</a>"##
        );
    }

    #[test]
    fn headings_move_down_one_level() {
        assert_eq!(
            demote_headings("<h2 id=\"a\">A</h2><h3>B</h3><h6>C</h6><hr>"),
            "<h3 id=\"a\">A</h3><h4>B</h4><h6>C</h6><hr>"
        );
    }
}
