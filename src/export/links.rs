//! A built page made to work inside a package: every link to the site becomes relative to the
//! page's place in the zip (with `index.html` spelled out, since an LMS's file server may not
//! serve a folder's index), a link to a page the package does not hold goes to the published
//! site in a new tab, and every file a page or its scripts and styles use is collected so it can
//! go in the zip too. Pure: bytes in, bytes out.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use html5ever::tendril::TendrilSink;
use html5ever::{local_name, ns, Attribute, LocalName, QualName};
use markup5ever_rcdom::{Handle, NodeData, RcDom, SerializableHandle};

/// Attributes whose value is a URL the browser loads or follows (`data-lesson` is read by the
/// training scripts as a link; `data-base` is the site root, kept as a folder).
const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "poster", "data-lesson", "data-base", "data-lms-start"];

/// What a page links to, sorted out by [`rewrite_page`].
#[derive(Debug, Default)]
pub struct PageLinks {
    /// Site files (zip paths) the page loads or links to inside the package.
    pub files: BTreeSet<String>,
    /// Site URLs the page loads (not just links to) that no output of the build is: a package
    /// cannot hold them.
    pub missing: BTreeSet<String>,
}

/// The site around a page being rewritten.
pub struct Site<'a> {
    /// The base path of the site, `/` or `/pd/`.
    pub base_path: &'a str,
    /// The published address, e.g. `https://district.example/pd/`, or just the base path when
    /// tierbook.toml gives no host.
    pub base_url: &'a str,
    /// Every output file of the build, by path.
    pub outputs: &'a HashMap<&'a str, &'a [u8]>,
    /// The pages the package holds (zip paths of their `index.html`).
    pub pages: &'a BTreeSet<String>,
}

/// `page` (its zip path, e.g. `trainings/m/lesson/index.html`) rewritten for the package.
pub fn rewrite_page(site: &Site<'_>, page: &str, html: &[u8]) -> (Vec<u8>, PageLinks) {
    let text = String::from_utf8_lossy(html);
    // Parsed as with scripting off, so the links inside <noscript> are elements to rewrite too.
    let options = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts { scripting_enabled: false, ..Default::default() },
        ..Default::default()
    };
    let dom = html5ever::parse_document(RcDom::default(), options).one(text.as_ref());
    let links = RefCell::new(PageLinks::default());
    walk(&dom.document, &mut |node| rewrite_element(site, page, node, &mut links.borrow_mut()));
    let document: SerializableHandle = dom.document.clone().into();
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = html5ever::serialize(
        &mut out,
        &document,
        html5ever::serialize::SerializeOpts {
            traversal_scope: html5ever::serialize::TraversalScope::ChildrenOnly(None),
            ..Default::default()
        },
    );
    (out, links.into_inner())
}

fn walk(node: &Handle, visit: &mut dyn FnMut(&Handle)) {
    visit(node);
    // <template> contents live in a separate fragment.
    if let NodeData::Element { template_contents, .. } = &node.data {
        if let Some(contents) = template_contents.borrow().as_ref() {
            walk(contents, visit);
        }
    }
    for child in node.children.borrow().iter() {
        walk(child, visit);
    }
}

fn rewrite_element(site: &Site<'_>, page: &str, node: &Handle, links: &mut PageLinks) {
    let NodeData::Element { name, attrs, .. } = &node.data else { return };
    let mut attrs = attrs.borrow_mut();
    let is_link = name.local == local_name!("a") || name.local == local_name!("area");
    let rel = attrs.iter().find(|a| &*a.name.local == "rel").map(|a| a.value.to_string()).unwrap_or_default();
    let names_page = name.local == local_name!("link") && is_reference(&rel);
    let mut leaves = false;
    let mut unlink = false;
    for attr in attrs.iter_mut() {
        let key = &*attr.name.local;
        if key == "srcset" {
            let rewritten: Vec<String> = attr
                .value
                .split(',')
                .map(|candidate| {
                    let candidate = candidate.trim();
                    let (url, size) = candidate.split_once(' ').unwrap_or((candidate, ""));
                    match target(site, page, url) {
                        Target::Inside { zip, suffix } => {
                            links.files.insert(zip.clone());
                            format!("{}{suffix} {size}", relative(page, &zip)).trim_end().to_string()
                        }
                        _ => candidate.to_string(),
                    }
                })
                .collect();
            attr.value = rewritten.join(", ").into();
            continue;
        }
        if !URL_ATTRIBUTES.contains(&key) {
            continue;
        }
        if key == "data-base" {
            attr.value = relative_folder(page, "").into();
            continue;
        }
        // Only links and forms lead somewhere; every other URL is something the page loads.
        let follows = is_link || key == "action" || names_page;
        match target(site, page, &attr.value) {
            Target::Inside { zip, suffix } => {
                attr.value = format!("{}{suffix}", relative(page, &zip)).into();
                links.files.insert(zip);
            }
            // Without a host in base_url there is no address to send the reader to.
            Target::OtherPage { .. } if follows && site.base_url.starts_with('/') => unlink = true,
            Target::OtherPage { site_path } if follows => {
                attr.value = format!("{}{site_path}", site.base_url).into();
                leaves = is_link;
            }
            Target::OtherPage { site_path } => {
                links.missing.insert(format!("{}{site_path}", site.base_path));
            }
            Target::Elsewhere => {}
        }
    }
    if unlink {
        attrs.retain(|a| !matches!(&*a.name.local, "href" | "action"));
    }
    if leaves {
        // The package plays in the LMS's frame: a page of the site opens beside it, not in place
        // of the course (which would end the LMS session).
        set_attribute(&mut attrs, "target", "_blank");
        set_attribute(&mut attrs, "rel", "noopener");
    }
}

/// `<link rel>` values that name a page rather than a file to load.
fn is_reference(rel: &str) -> bool {
    rel.split_ascii_whitespace()
        .any(|r| matches!(r, "canonical" | "alternate" | "prev" | "next" | "help" | "author" | "license"))
}

fn set_attribute(attrs: &mut Vec<Attribute>, key: &str, value: &str) {
    if let Some(attr) = attrs.iter_mut().find(|a| &*a.name.local == key) {
        attr.value = value.into();
    } else {
        attrs.push(Attribute { name: QualName::new(None, ns!(), LocalName::from(key)), value: value.into() });
    }
}

/// Where a URL on a page goes.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A file of the build that the package holds or will hold: its zip path, and the query and
    /// fragment to keep.
    Inside { zip: String, suffix: String },
    /// A page (or file) of the site that the package does not hold: its path under the base.
    OtherPage { site_path: String },
    /// Another site, a fragment of this page, `mailto:` and the like: left as it is.
    Elsewhere,
}

fn target(site: &Site<'_>, page: &str, url: &str) -> Target {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") || has_scheme(url) {
        return Target::Elsewhere;
    }
    let split = url.find(['?', '#']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(split);
    let site_path = if let Some(rest) = path.strip_prefix(site.base_path) {
        rest.to_string()
    } else if path.starts_with('/') {
        // Under the host but outside the site's base path: not ours.
        return Target::Elsewhere;
    } else {
        match join(page, path) {
            Some(joined) => joined,
            None => return Target::Elsewhere,
        }
    };
    let file = if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.clone()
    };
    let is_page = file.ends_with(".html");
    if (is_page && site.pages.contains(&file)) || (!is_page && site.outputs.contains_key(file.as_str())) {
        Target::Inside { zip: file, suffix: suffix.to_string() }
    } else {
        Target::OtherPage { site_path: format!("{site_path}{suffix}") }
    }
}

fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && !scheme.contains('/')
    })
}

/// `path` (relative) read from the folder of the zip path `from`; `None` when it climbs out.
pub fn join(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// The relative URL from the zip path `from` (a file) to the zip path `to`.
pub fn relative(from: &str, to: &str) -> String {
    let (folder, name) = to.rsplit_once('/').unwrap_or(("", to));
    format!("{}{name}", relative_folder(from, folder))
}

/// The relative URL from the zip path `from` (a file) to the folder `to` (`""` is the root),
/// ending in `/`, or `./` for the file's own folder.
fn relative_folder(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').collect();
    let from = &from[..from.len() - 1];
    let to: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from.len() - common);
    for part in &to[common..] {
        out.push_str(part);
        out.push('/');
    }
    if out.is_empty() {
        "./".to_string()
    } else {
        out
    }
}

/// Files a stylesheet or script at zip path `file` loads by a relative name: CSS `url()` and
/// `@import`, and quoted `./x.js`-style names in scripts (ES module imports, `new URL(...,
/// import.meta.url)`). Only names that are outputs of the build count, so prose in comments is
/// ignored.
pub fn references(file: &str, bytes: &[u8], outputs: &HashMap<&str, &[u8]>) -> BTreeSet<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut found = BTreeSet::new();
    let mut consider = |raw: &str| {
        let raw = raw.trim().trim_matches(['"', '\'']);
        let path = raw.split(['?', '#']).next().unwrap_or("");
        if path.is_empty() || path.starts_with('/') || has_scheme(path) {
            return;
        }
        if let Some(joined) = join(file, path) {
            if outputs.contains_key(joined.as_str()) {
                found.insert(joined);
            }
        }
    };
    if file.ends_with(".css") {
        for piece in text.split("url(").skip(1) {
            consider(piece.split(')').next().unwrap_or(""));
        }
        for piece in text.split("@import").skip(1) {
            consider(piece.trim_start().split([';', ' ']).next().unwrap_or(""));
        }
    } else if file.ends_with(".js") || file.ends_with(".mjs") {
        for quote in ['"', '\''] {
            for (n, piece) in text.split(quote).enumerate() {
                if n % 2 == 1 && piece.len() < 200 && !piece.contains(char::is_whitespace) && piece.contains('.') {
                    consider(piece);
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn relative_urls_between_zip_paths() {
        assert_eq!(relative("t/m/index.html", "t/m/a/index.html"), "a/index.html");
        assert_eq!(relative("t/m/a/index.html", "t/m/b/index.html"), "../b/index.html");
        assert_eq!(relative("t/m/a/index.html", "css/style.css"), "../../../css/style.css");
        assert_eq!(relative("index.html", "css/style.css"), "css/style.css");
        assert_eq!(relative_folder("t/m/a/index.html", ""), "../../../");
        assert_eq!(relative_folder("index.html", ""), "./");
        assert_eq!(join("js/training.js", "./quiz.js").as_deref(), Some("js/quiz.js"));
        assert_eq!(join("js/training.js", "../../x.js"), None);
    }

    #[test]
    fn links_inside_become_relative_and_others_go_to_the_site() {
        let css = b"a{}".as_slice();
        let outputs: HashMap<&str, &[u8]> = [("css/style.css", css), ("guides/x/index.html", css)].into();
        let pages: BTreeSet<String> = ["pd/m/index.html".to_string(), "pd/m/a/index.html".to_string()].into();
        let pages = BTreeSet::from_iter(pages.iter().map(|p| p.trim_start_matches("pd/").to_string()));
        let site = Site { base_path: "/pd/", base_url: "https://d.example/pd/", outputs: &outputs, pages: &pages };
        let html = br#"<!DOCTYPE html><html><head><link rel="stylesheet" href="/pd/css/style.css?v=1"></head><body data-base="/pd/"><a href="/pd/m/a/#top">A</a> <a href="/pd/guides/x/">G</a> <a href="https://e.example/">E</a> <img src="/pd/gone.png" alt=""></body></html>"#;
        let (out, links) = rewrite_page(&site, "m/index.html", html);
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(r#"href="../css/style.css?v=1""#), "{out}");
        assert!(out.contains(r#"data-base="../""#), "{out}");
        assert!(out.contains(r#"href="a/index.html#top""#), "{out}");
        assert!(out.contains(r#"href="https://d.example/pd/guides/x/" target="_blank" rel="noopener""#), "{out}");
        assert!(out.contains(r#"href="https://e.example/">"#), "{out}");
        assert_eq!(links.files, BTreeSet::from(["css/style.css".to_string(), "m/a/index.html".to_string()]));
        assert_eq!(links.missing, BTreeSet::from(["/pd/gone.png".to_string()]));
    }

    #[test]
    fn scripts_and_styles_name_their_files() {
        let b = b"".as_slice();
        let outputs: HashMap<&str, &[u8]> = [("js/quiz.js", b), ("js/store.js", b), ("img/x.svg", b)].into();
        let js = br#"import { a } from "./quiz.js"; import './store.js'; // see "the docs.""#;
        assert_eq!(
            references("js/training.js", js, &outputs),
            BTreeSet::from(["js/quiz.js".into(), "js/store.js".into()])
        );
        let css = b"a{background:url(../img/x.svg)} b{background:url('data:image/png;base64,AA')}";
        assert_eq!(references("css/s.css", css, &outputs), BTreeSet::from(["img/x.svg".to_string()]));
    }
}
