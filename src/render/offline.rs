//! Offline use: `manifest.webmanifest`, an icon, and `sw.js`, the service worker. The worker is
//! generated last, from the list of every other output: it keeps the pages a reader opens, and
//! downloads the whole site (pages, CSS, JS, the calculator's wasm, the search index, images) only
//! when the reader asks with "Save for offline use" (js/offline.js), which shows the size the
//! build wrote into it (`BYTES`). Its version is a hash of all outputs, so any change to the site
//! makes browsers install it again. All URLs are relative to the site's base path (its scope).

use serde::Serialize;

use super::files::Record;
use crate::content::Site;
use crate::output::{fixed_path, Origin, Output};

const WORKER: &str = include_str!("sw.js");

/// Above this many bytes, "Save for offline use" saves the sections and the search index only;
/// other pages are kept as they are opened (a 10,000-page site should not download itself whole).
const PRECACHE_MAX_BYTES: usize = 40 * 1024 * 1024;

/// Files that are for crawlers and feed readers, not for reading offline.
const NOT_CACHED: &[&str] = &["sitemap.xml", "robots.txt", "atom.xml", "sw.js"];

#[derive(Serialize)]
struct WebManifest<'a> {
    name: &'a str,
    short_name: String,
    description: &'a str,
    lang: &'a str,
    start_url: &'static str,
    scope: &'static str,
    display: &'static str,
    background_color: &'static str,
    theme_color: &'a str,
    icons: [Icon; 1],
}

#[derive(Serialize)]
struct Icon {
    src: &'static str,
    sizes: &'static str,
    #[serde(rename = "type")]
    mime: &'static str,
    purpose: &'static str,
}

/// The web app manifest and its icon; rendered before the worker so it caches them too.
pub(super) fn manifest(site: &Site) -> Vec<Output> {
    let config = &site.config;
    let short_name: String = if config.title.chars().count() <= 12 {
        config.title.clone()
    } else if !config.district.name.is_empty() && config.district.name.chars().count() <= 12 {
        config.district.name.clone()
    } else {
        config.title.chars().take(12).collect::<String>().trim_end().to_string()
    };
    let manifest = WebManifest {
        name: &config.title,
        short_name,
        description: &config.description,
        lang: &config.language,
        start_url: "./",
        scope: "./",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: &config.district.primary_color,
        icons: [Icon { src: "icon.svg", sizes: "any", mime: "image/svg+xml", purpose: "any" }],
    };
    let icon = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\"><rect width=\"64\" height=\"64\" rx=\"12\" fill=\"{}\"/><path d=\"M16 18h32v6H35v24h-6V24H16z\" fill=\"#fff\"/></svg>\n",
        crate::blocks::escape(&config.district.primary_color)
    );
    vec![
        Output::new(fixed_path!("manifest.webmanifest"), serde_json::to_vec_pretty(&manifest).unwrap_or_default())
            .with_origin(Origin::generated("tierbook's web app manifest")),
        Output::new(fixed_path!("icon.svg"), icon.into_bytes()).with_origin(Origin::generated("tierbook's app icon")),
    ]
}

/// `sw.js`, from the finished list of files, sorted by path (which must not contain it yet).
pub(super) fn worker(records: &[Record]) -> Output {
    let cached: Vec<&Record> = records.iter().filter(|o| !NOT_CACHED.contains(&o.path.as_str())).collect();
    let total: usize = cached.iter().map(|o| o.len).sum();
    let saved: Vec<&&Record> = cached.iter().filter(|o| total <= PRECACHE_MAX_BYTES || essential(&o.path)).collect();
    let files: Vec<String> = saved.iter().map(|o| cache_path(&o.path)).collect();
    let sizes: Vec<usize> = saved.iter().map(|o| o.len).collect();
    let bytes: usize = sizes.iter().sum();
    // Each file was hashed on its own as it was made (see `files.rs`); then the list of hashes.
    let hashes: Vec<[u8; 8]> = records.iter().map(|o| o.hash.to_le_bytes()).collect();
    let version = crate::hash::parts(hashes.iter().map(|h| h.as_slice()));
    let text = format!(
        "const VERSION = \"{version:016x}\";\nconst FILES = {};\nconst SIZES = {};\nconst BYTES = {bytes};\n{WORKER}",
        serde_json::to_string(&files).unwrap_or_else(|_| "[]".into()),
        serde_json::to_string(&sizes).unwrap_or_else(|_| "[]".into())
    );
    Output::new(fixed_path!("sw.js"), text.into_bytes()).with_origin(Origin::generated("tierbook's service worker"))
}

/// On a very large site: what is cached up front (everything but ordinary pages and search
/// fragments, which are cached as they are visited).
fn essential(path: &str) -> bool {
    let depth = path.matches('/').count();
    if path.ends_with("index.html") {
        return depth <= 1 || path == "search/index.html";
    }
    !(path.starts_with("search/") && path.contains("/p"))
}

/// The URL a file is requested by, relative to the base: `guides/x/index.html` -> `guides/x/`,
/// `index.html` -> `./`.
fn cache_path(path: &str) -> String {
    match path.strip_suffix("index.html") {
        Some("") => "./".to_string(),
        Some(dir) if dir.ends_with('/') => dir.to_string(),
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_cached_by_their_pretty_url() {
        assert_eq!(cache_path("index.html"), "./");
        assert_eq!(cache_path("guides/x/index.html"), "guides/x/");
        assert_eq!(cache_path("css/style.css"), "css/style.css");
        assert_eq!(cache_path("404.html"), "404.html");
        assert_eq!(cache_path("calculator/calculator_bg.wasm"), "calculator/calculator_bg.wasm");
    }

    #[test]
    fn the_worker_lists_every_file_and_changes_with_any_of_them() {
        let outputs = vec![
            Output::new(fixed_path!("index.html"), b"home".to_vec()),
            Output::new(fixed_path!("guides/x/index.html"), b"x".to_vec()),
            Output::new(fixed_path!("search/index.json"), b"{}".to_vec()),
            Output::new(fixed_path!("sitemap.xml"), b"<urlset/>".to_vec()),
        ];
        let records = |outputs: &[Output]| outputs.iter().map(|o| Record::of(o, 0)).collect::<Vec<_>>();
        let sw = String::from_utf8(worker(&records(&outputs)).into_bytes()).unwrap_or_default();
        assert!(sw.contains(r#"const FILES = ["./","guides/x/","search/index.json"];"#), "{sw}");
        assert!(sw.contains("const SIZES = [4,1,2];\nconst BYTES = 7;"), "the size the save button shows: {sw}");
        assert_eq!(sw, String::from_utf8(worker(&records(&outputs)).into_bytes()).unwrap_or_default());
        let mut changed = outputs.clone();
        changed[1].bytes = b"y".to_vec().into();
        assert_ne!(sw, String::from_utf8(worker(&records(&changed)).into_bytes()).unwrap_or_default());
    }

    #[test]
    fn huge_sites_cache_the_essentials_up_front() {
        assert!(essential("index.html"));
        assert!(essential("guides/index.html"));
        assert!(essential("search/index.html"));
        assert!(!essential("guides/x/index.html"));
        assert!(essential("search/0a1b2c3d/s3.json"));
        assert!(!essential("search/0a1b2c3d/p3.json"));
        assert!(essential("css/style.css"));
    }
}
