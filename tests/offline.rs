//! Offline use in headless Chromium over the bundled site under a base path: the service worker
//! keeps the pages a reader opens and downloads nothing else until asked; "Save for offline use"
//! shows the size the build computed and a progress bar, then every page, the calculator's wasm
//! and search work offline; a notice shows while the device is offline; a new build asks to
//! update the saved copy; the control and the notice speak the page's language (es.toml).
//! "Offline" is both the test server dropping every request (what the worker sees) and
//! Chromium's network emulation over CDP (what the page sees: navigator.onLine).

use serde_json::{json, Value};

use crate::harness::{replace_once, TestSite};
use crate::webdriver::{self, serve_site, Browser, Served};

/// Waits until the service worker controls the page.
fn controlled(browser: &Browser) {
    browser.execute_async(
        "const done = arguments[arguments.length - 1];
         navigator.serviceWorker.ready.then(() => {
           const check = () => navigator.serviceWorker.controller ? done(true) : setTimeout(check, 50);
           check();
         });",
        json!([]),
    );
}

/// The URLs (relative to the root) held in the worker's caches whose name contains `which`.
fn cached(browser: &Browser, served: &Served, which: &str) -> Vec<String> {
    let urls = browser.execute_async(
        "const [which, done] = arguments;
         (async () => {
           const out = [];
           for (const name of await caches.keys()) {
             if (!name.includes(which)) continue;
             for (const request of await (await caches.open(name)).keys()) out.push(request.url);
           }
           done(out);
         })().catch((e) => done(['error: ' + e]));",
        json!([which]),
    );
    urls.as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|u| u.as_str().unwrap_or_default().replace(&served.root, ""))
        .collect()
}

/// Takes the device off the network (or back on): the server stops answering and the page's
/// network emulation says offline, so `navigator.onLine` and the `offline` event follow.
fn offline(browser: &Browser, served: &Served, off: bool) {
    webdriver::set_offline(served.port, off);
    browser.post("/goog/cdp/execute", json!({"cmd": "Network.enable", "params": {}}));
    browser.post(
        "/goog/cdp/execute",
        json!({"cmd": "Network.emulateNetworkConditions",
               "params": {"offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}}),
    );
}

#[test]
fn pages_a_reader_opens_are_kept_and_nothing_else_downloads_unasked() {
    let Some(browser) = webdriver::browser("offline") else { return };
    let served = serve_site(TestSite::bundled(), "/pd/");
    browser.goto(&served.root);
    controlled(&browser);
    let scope = browser.execute_async(
        "const done = arguments[arguments.length - 1]; navigator.serviceWorker.getRegistration().then((r) => done(r.scope));",
        json!([]),
    );
    assert_eq!(scope.as_str().unwrap_or(""), served.root, "the worker's scope is the base path");
    browser.goto(&format!("{}guides/movement-breaks/", served.root));
    browser.find("[data-offline-save] button");
    let kept = cached(&browser, &served, ":opened");
    assert!(kept.iter().any(|u| u.is_empty()), "the first page, opened before the worker ran, is kept: {kept:?}");
    assert!(kept.iter().any(|u| u == "guides/movement-breaks/"), "an opened page is kept: {kept:?}");
    assert!(kept.iter().any(|u| u.starts_with("css/style.css")), "with its stylesheet: {kept:?}");
    assert!(!kept.iter().any(|u| u == "guides/pencil-grasp/"), "a page never opened is not downloaded: {kept:?}");
    assert!(kept.len() < 40, "only what was opened, not the whole site: {} files", kept.len());
    assert_eq!(cached(&browser, &served, ":site:"), Vec::<String>::new(), "no whole-site copy unasked");

    offline(&browser, &served, true);
    browser.goto(&format!("{}guides/movement-breaks/", served.root));
    assert_eq!(browser.text("h1"), "Movement breaks");
    let notice = browser.execute(
        "const n = document.querySelector('.offline-notice'); return n && !n.hidden ? n.textContent : null;",
        json!([]),
    );
    assert!(notice.as_str().unwrap_or("").contains("You are offline"), "the offline notice shows: {notice}");
    offline(&browser, &served, false);
    browser.goto(&format!("{}guides/movement-breaks/", served.root));
    browser.wait_until(
        "the notice to go once online",
        "const n = document.querySelector('.offline-notice'); return !!n && n.hidden;",
        json!([]),
    );
}

#[test]
fn save_for_offline_use_shows_the_size_and_progress_then_the_whole_site_works_offline() {
    let Some(browser) = webdriver::browser("offline save") else { return };
    let served = serve_site(TestSite::bundled(), "/pd/");
    let sw = served.site.read("sw.js");
    let bytes: u64 = sw
        .split("const BYTES = ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("sw.js states the size to download"));
    let size = format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0));

    browser.goto(&served.root);
    controlled(&browser);
    browser.goto(&served.root);
    let button = "[data-offline-save] button";
    let label = browser.text(button);
    assert_eq!(label, format!("Save for offline use ({size})"), "the control shows the build's size");
    browser.execute(
        "window.__progress = [];
         navigator.serviceWorker.addEventListener('message', (e) => {
           if (e.data.type === 'progress') window.__progress.push(document.querySelector('#offline-progress').hidden ? -1 : e.data.bytes);
         });",
        json!([]),
    );
    browser.click(button);
    browser.post("/timeouts", json!({"script": 120_000}));
    browser.execute_async(
        "const done = arguments[arguments.length - 1];
         const check = () => document.querySelector('[data-offline-save]').dataset.state === 'saved' ? done(true)
           : document.querySelector('[data-offline-save]').dataset.state === 'failed' ? done(false) : setTimeout(check, 100);
         check();",
        json!([]),
    );
    let progress = browser.execute("return window.__progress;", json!([]));
    let steps: Vec<i64> = progress.as_array().cloned().unwrap_or_default().iter().filter_map(Value::as_i64).collect();
    let files = sw
        .split("const FILES = ")
        .nth(1)
        .map_or(0, |rest| rest[..rest.find(';').unwrap_or(0)].matches("\",").count() + 1);
    assert_eq!(steps.len(), files, "one progress step per file");
    assert!(steps.iter().all(|&b| b > 0), "the progress bar is shown while it downloads: {steps:?}");
    assert!(steps.windows(2).all(|w| w[0] <= w[1]) && steps.last() == Some(&(bytes as i64)), "it fills up to the size");
    assert_eq!(browser.text(button), format!("Saved for offline use ({size})"));

    offline(&browser, &served, true);
    // A page never opened, the calculator with its wasm, and search: all from the saved copy.
    browser.goto(&format!("{}guides/pencil-grasp/", served.root));
    assert!(browser.text("h1").starts_with("Pencil grasp"), "the guide, from the saved copy");
    browser.goto(&format!("{}calculator/", served.root));
    browser.find("body[data-calculator-ready='1']");
    browser.goto(&format!("{}search/?q=pencil+grip", served.root));
    browser.find(".search-page-form .search-result a[href^='/pd/guides/pencil-grasp/']");
    offline(&browser, &served, false);

    // A new deploy (two guides changed): online the reader sees it at once.
    let edit = |file: &str, from: &str, to: &str| {
        let path = served.site.root().join(file);
        let text = std::fs::read_to_string(&path).expect("guide");
        std::fs::write(&path, replace_once(&text, from, to)).expect("edit guide");
    };
    edit("content/guides/movement-breaks.md", "title = \"Movement breaks\"", "title = \"Movement breaks, updated\"");
    browser.goto(&format!("{}guides/pencil-grasp/", served.root));
    let old_pencil = browser.text("h1");
    assert!(old_pencil.starts_with("Pencil grasp: when"), "{old_pencil}");
    let pencil_md = served.site.root().join("content/guides/pencil-grasp.md");
    let pencil_text = std::fs::read_to_string(&pencil_md).expect("guide");
    let pencil_title = pencil_text.lines().find(|l| l.starts_with("title = ")).expect("a title line").to_string();
    edit("content/guides/pencil-grasp.md", &pencil_title, "title = \"Pencil grasp, second edition\"");
    served.site.build_with(&["--base-url", "https://tierbook.example/pd/"]).success();
    let new_sw = served.site.read("sw.js");
    let new_bytes: u64 = new_sw
        .split("const BYTES = ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .and_then(|n| n.parse().ok())
        .expect("the new sw.js states its size");
    let new_size = format!("{:.1} MB", new_bytes as f64 / (1024.0 * 1024.0));
    browser.execute_async(
        "const done = arguments[arguments.length - 1];
         navigator.serviceWorker.getRegistration().then((r) => r.update()).then(() => done(true), (e) => done(String(e)));",
        json!([]),
    );
    // Offline right after the deploy, while the new worker installs or waits: the page loads, from
    // the old saved copy (the page that could hang here before).
    offline(&browser, &served, true);
    browser.goto(&format!("{}guides/pencil-grasp/", served.root));
    assert_eq!(browser.text("h1"), old_pencil, "offline right after a deploy, the old saved copy");
    offline(&browser, &served, false);
    browser.goto(&format!("{}guides/movement-breaks/", served.root));
    assert_eq!(browser.text("h1"), "Movement breaks, updated", "online, pages come from the network");

    // The new worker takes over on its own (no tab closed, no reload asked of the reader).
    let version = new_sw.split("const VERSION = \"").nth(1).and_then(|r| r.split('"').next()).expect("VERSION");
    browser.post("/timeouts", json!({"script": 60_000}));
    let took_over = browser.execute_async(
        "const [bytes, done] = arguments;
         const check = async () => {
           const r = await navigator.serviceWorker.getRegistration();
           if (!r.waiting && !r.installing && r.active && r.active.state === 'activated' && navigator.serviceWorker.controller
               && navigator.serviceWorker.controller.state === 'activated') {
             // The controller answers with its version's status: the new one reports its own size.
             const answer = await new Promise((resolve) => {
               const on = (e) => { if (e.data.type === 'status') { navigator.serviceWorker.removeEventListener('message', on); resolve(e.data); } };
               navigator.serviceWorker.addEventListener('message', on);
               navigator.serviceWorker.controller.postMessage({ type: 'status' });
             });
             if (answer.bytes === bytes) return done(true);
           }
           setTimeout(check, 200);
         };
         check();",
        json!([new_bytes]),
    );
    assert_eq!(took_over, Value::Bool(true), "the new worker takes over");
    browser.goto(&format!("{}guides/movement-breaks/", served.root));
    assert_eq!(
        browser.text(button),
        format!("Update the offline copy ({new_size})"),
        "the control offers to update the saved copy"
    );
    assert!(browser.text(".offline-status").contains("earlier version"), "and says why");

    // Until the reader updates, the old saved copy serves offline.
    offline(&browser, &served, true);
    browser.goto(&format!("{}guides/pencil-grasp/", served.root));
    assert_eq!(browser.text("h1"), old_pencil, "offline, the old saved copy until the update");
    offline(&browser, &served, false);

    // Updating the saved copy: then offline serves the new text.
    browser.goto(&format!("{}guides/movement-breaks/", served.root));
    browser.click(button);
    let saved = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         const check = () => { const s = document.querySelector('[data-offline-save]').dataset.state;
           s === 'saved' ? done(true) : s === 'failed' ? done(false) : setTimeout(check, 100); };
         check();",
        json!([]),
    );
    assert_eq!(saved, Value::Bool(true), "the update downloads");
    assert_eq!(browser.text(button), format!("Saved for offline use ({new_size})"));
    let copies: Vec<String> = browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; caches.keys().then((k) => done(k.filter((n) => n.includes(':site:'))));",
            json!([]),
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    assert_eq!(copies.len(), 1, "the old saved copy is dropped once the new one is whole: {copies:?}");
    assert!(copies[0].ends_with(version), "{copies:?}");
    offline(&browser, &served, true);
    browser.goto(&format!("{}guides/pencil-grasp/", served.root));
    assert_eq!(browser.text("h1"), "Pencil grasp, second edition", "offline after updating, the new text");
    offline(&browser, &served, false);
}

#[test]
fn the_offline_control_and_notice_speak_the_language_of_the_page() {
    let Some(browser) = webdriver::browser("offline words") else { return };
    let served = serve_site(TestSite::bundled(), "/pd/");
    let page = format!("{}es/guides/movement-breaks/", served.root);
    browser.goto(&page);
    controlled(&browser);
    browser.goto(&page);
    let label = browser.text("[data-offline-save] button");
    assert!(label.starts_with("Guardar para usar sin conexión (") && label.ends_with(" MB)"), "{label}");
    let hidden_label = browser.text("label[for='offline-progress']");
    assert_eq!(hidden_label, "Guardando el sitio para usarlo sin conexión");
    offline(&browser, &served, true);
    browser.goto(&page);
    let notice = browser.execute(
        "const n = document.querySelector('.offline-notice'); return n && !n.hidden ? n.textContent : null;",
        json!([]),
    );
    assert!(notice.as_str().unwrap_or("").starts_with("No tiene conexión."), "the notice in Spanish: {notice}");
    offline(&browser, &served, false);
    // An English page keeps English words.
    browser.goto(&format!("{}guides/movement-breaks/", served.root));
    assert!(browser.text("[data-offline-save] button").starts_with("Save for offline use ("));
}
