//! Offline use in headless Chromium over the bundled site under a base path: after one visit
//! the service worker serves every page, the calculator's wasm and search; a new build replaces
//! the offline copy.

use serde_json::json;

use crate::harness::{replace_once, TestSite};
use crate::webdriver::{self, serve_site};

#[test]
fn the_site_works_offline_after_one_visit_under_a_base_path() {
    let Some(browser) = webdriver::browser("offline") else { return };
    let served = serve_site(TestSite::bundled(), "/pd/");
    let sw = served.site.read("sw.js");
    assert!(sw.contains("\"guides/movement-breaks/\"") && sw.contains("calculator/"), "sw.js lists the site");

    browser.goto(&served.root);
    browser.execute_async(
        "const done = arguments[arguments.length - 1];
         navigator.serviceWorker.ready.then(() => {
           const check = () => navigator.serviceWorker.controller ? done(true) : setTimeout(check, 50);
           check();
         });",
        json!([]),
    );
    let scope = browser.execute_async(
        "const done = arguments[arguments.length - 1]; navigator.serviceWorker.getRegistration().then((r) => done(r.scope));",
        json!([]),
    );
    assert_eq!(scope.as_str().unwrap_or(""), served.root, "the worker's scope is the base path");

    webdriver::set_offline(served.port, true);
    // A page never visited, the calculator with its wasm, and search: all from the cache.
    browser.goto(&format!("{}guides/movement-breaks/", served.root));
    assert_eq!(browser.text("h1"), "Movement breaks");
    browser.goto(&format!("{}calculator/", served.root));
    browser.find("body[data-calculator-ready='1']");
    browser.goto(&format!("{}search/?q=pencil+grip", served.root));
    browser.find(".search-page-form .search-result a[href^='/pd/guides/pencil-grasp/']");
    webdriver::set_offline(served.port, false);
}

#[test]
fn a_new_build_replaces_the_offline_copy() {
    let Some(browser) = webdriver::browser("offline update") else { return };
    let served = serve_site(TestSite::bundled(), "/pd/");
    let caches = "const done = arguments[arguments.length - 1]; caches.keys().then(done);";
    browser.goto(&served.root);
    browser.execute_async(
        "const done = arguments[arguments.length - 1];
         const check = () => navigator.serviceWorker.controller ? done(true) : setTimeout(check, 50);
         navigator.serviceWorker.ready.then(check);",
        json!([]),
    );
    let before = browser.execute_async(caches, json!([]));
    assert_eq!(before.as_array().map(Vec::len), Some(1), "one cache: {before}");

    // Deploy a changed site to the same folder; the browser notices the new sw.js.
    let path = served.site.root().join("content/guides/movement-breaks.md");
    let text = std::fs::read_to_string(&path).expect("guide");
    std::fs::write(&path, replace_once(&text, "title = \"Movement breaks\"", "title = \"Movement breaks, updated\""))
        .expect("edit guide");
    served.site.build_with(&["--base-url", "https://tierbook.example/pd/"]).success();
    browser.execute_async(
        "const done = arguments[arguments.length - 1];
         navigator.serviceWorker.getRegistration().then((r) => r.update()).then(() => done(true), (e) => done(String(e)));",
        json!([]),
    );
    browser.wait_until(
        "the new build's cache to replace the old one",
        "return window.__caches !== undefined && window.__caches.length === 1 && window.__caches[0] !== arguments[0]
           || (caches.keys().then((k) => { window.__caches = k; }), false);",
        json!([before[0]]),
    );
    webdriver::set_offline(served.port, true);
    browser.goto(&format!("{}guides/movement-breaks/", served.root));
    assert_eq!(browser.text("h1"), "Movement breaks, updated");
    webdriver::set_offline(served.port, false);
}
