//! Files under `content/` that a browser would run on the site's origin if they were copied as
//! they are: HTML documents, scripts, WebAssembly and XSLT. Pages are written in markdown, and
//! whatever they show goes through [`super::html`]; a script copied from `content/` could read
//! every learner's saved progress, so such files are refused, not copied. The site's own
//! `static/` folder is the place for a district's scripts: it is the theme's layer, edited by
//! whoever runs the site, not by every author.

use std::path::Path;

use crate::content::Site;
use crate::error::Diagnostic;

/// Extensions a browser runs or renders as an active document (lower case).
const ACTIVE: &[&str] =
    &["htm", "html", "shtml", "xhtml", "xht", "js", "mjs", "cjs", "wasm", "xsl", "xslt", "svgz", "swf"];

/// Every file under `content/` whose kind the site refuses to publish from there.
pub(crate) fn check_content_assets(site: &Site) -> Vec<Diagnostic> {
    site.assets
        .iter()
        .filter(|asset| is_active(&asset.rel))
        .map(|asset| {
            Diagnostic::error(
                Path::new("content").join(&asset.rel),
                0,
                0,
                "a file that browsers run (HTML, script, WebAssembly or XSLT) cannot be published from content/",
            )
            .with_hint(
                "write the page in markdown; a script the whole site needs belongs in static/, which the site's maintainers control",
            )
        })
        .collect()
}

fn is_active(rel: &str) -> bool {
    rel.rsplit_once('.').is_some_and(|(_, ext)| ACTIVE.iter().any(|a| a.eq_ignore_ascii_case(ext)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_scripts_are_active_pictures_and_data_are_not() {
        for active in ["x.html", "guides/a/b.HTM", "s.js", "m.mjs", "w.wasm", "t.xsl", "d.xhtml", "p.svgz"] {
            assert!(is_active(active), "{active}");
        }
        for passive in ["x.png", "x.svg", "data.csv", "notes.pdf", "html", "x.html.png", "style.css", "x.json"] {
            assert!(!is_active(passive), "{passive}");
        }
    }
}
