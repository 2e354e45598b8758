//! Search: the JavaScript stemmer against the official Porter vocabulary (node), ranking and
//! keyboard use in headless Chromium over the search fixture (tests/fixtures/search/site, whose
//! words are placed so the expected order follows from the ranking rules), and query speed over
//! the bundled site.

use std::path::Path;

use serde_json::{json, Value};

use crate::harness::{require_tool, TestSite, Tool};
use crate::webdriver::{self, serve_site, ARROW_DOWN, ENTER, ESCAPE, SHIFT, TAB};

/// The browser's stemmer (js/search.js) gives the stems of tests/fixtures/porter/, as the Rust one
/// does (`search::porter::tests::matches_the_porter_vocabulary`): so the two agree on every word.
#[test]
fn the_javascript_stemmer_matches_the_porter_vocabulary() {
    let Some(node) = require_tool(Tool::Node, "JavaScript stemmer") else { return };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["vocabulary.txt", "departures.txt"] {
        let text = std::fs::read_to_string(root.join("tests/fixtures/porter").join(file)).expect("porter fixture");
        let pairs: Vec<(&str, &str)> = text
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| {
                let mut fields = line.split(' ');
                (fields.next().unwrap_or_default(), fields.next().unwrap_or_default())
            })
            .collect();
        assert!(pairs.len() > 50, "{file}: {} words", pairs.len());
        let words: Vec<&str> = pairs.iter().map(|(word, _)| *word).collect();
        let script = format!(
            "import {{ stem }} from {:?}; const words = {}; process.stdout.write(JSON.stringify(words.map(stem)));",
            root.join("themes/default/static/js/search.js").display().to_string(),
            serde_json::to_string(&words).expect("JSON")
        );
        let output = std::process::Command::new(&node)
            .args(["--input-type=module", "-e", &script])
            .output()
            .unwrap_or_else(|err| panic!("run {}: {err}", node.display()));
        assert!(output.status.success(), "node failed: {}", String::from_utf8_lossy(&output.stderr));
        let stems: Vec<String> = serde_json::from_slice(&output.stdout).expect("node printed a JSON list");
        assert_eq!(stems.len(), pairs.len());
        let differ: Vec<String> = pairs
            .iter()
            .zip(&stems)
            .filter(|((_, expected), got)| expected != got)
            .map(|((word, expected), got)| format!("{word}: expected {expected}, got {got}"))
            .collect();
        assert!(differ.is_empty(), "{file}: js/search.js differs on {} words:\n{}", differ.len(), differ.join("\n"));
    }
}

/// Opens the search dialog from the header's button by keyboard and types `query`.
fn open_dialog_and_type(browser: &webdriver::Browser, root: &str, query: &str) {
    browser.goto(root);
    browser.tab_to("#search-open", 6);
    browser.press(&[ENTER]);
    browser.wait_until(
        "the dialog to open with focus in its box",
        "return document.getElementById('search-dialog').open && document.activeElement.id === 'search-dialog-q';",
        json!([]),
    );
    browser.type_text(query);
}

#[test]
fn search_works_by_keyboard_and_ranks_the_right_guides_first() {
    let Some(browser) = webdriver::browser("keyboard: search") else { return };
    let served = serve_site(TestSite::fixture("search/site"), "/");
    let index_requests =
        "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/search/')).length;";
    let engine_loaded =
        "return performance.getEntriesByType('resource').some((e) => e.name.includes('/js/search.js'));";
    browser.goto(&served.root);
    assert_eq!(browser.execute(index_requests, json!([])), json!(0), "the index loads only once search is used");
    assert_eq!(browser.execute(engine_loaded, json!([])), json!(false), "js/search.js loads only once search is used");
    open_dialog_and_type(&browser, &served.root, "pencil grip");
    browser.find(".search-dialog .search-result a");
    assert!(browser.execute(index_requests, json!([])).as_u64().unwrap_or(0) >= 2);
    let first = browser
        .execute("return document.querySelector('.search-dialog .search-result a').getAttribute('href');", json!([]));
    assert!(first.as_str().unwrap_or("").starts_with("/guides/pencil-grasp/"), "pencil grip: first result {first}");
    let results =
        "return [...document.querySelectorAll('.search-dialog .search-result a')].map((a) => a.getAttribute('href'));";
    let all = browser.execute(results, json!([]));
    assert!(
        all.to_string().contains("/guides/writing-warm-ups/"),
        "the guide with both words in its body is found too: {all}"
    );
    let marked = browser.execute(
        "return [...document.querySelectorAll('.search-dialog .search-result mark')].map((m) => m.textContent.toLowerCase());",
        json!([]),
    );
    assert!(marked.to_string().contains("pencil"), "matched words are marked: {marked}");
    // The count is announced: a status line (a live region) inside the dialog.
    let status = browser.text(".search-dialog .search-panel [role=status]");
    assert!(status.contains("result") && status.contains("pencil grip"), "announced: {status:?}");

    // The dialog is modal and keeps focus: Tab and Shift+Tab never leave it.
    for keys in [&[TAB][..], &[SHIFT, TAB][..]] {
        for _ in 0..25 {
            browser.press(keys);
            let inside = browser.execute(
                "return document.getElementById('search-dialog').contains(document.activeElement);",
                json!([]),
            );
            assert_eq!(inside, json!(true), "focus left the dialog: {}", browser.focused());
        }
    }
    // Escape closes it and gives focus back to the button that opened it.
    browser.press(&[ESCAPE]);
    browser.wait_until(
        "the dialog to close, focus back on its button",
        "return !document.getElementById('search-dialog').open && document.activeElement.id === 'search-open';",
        json!([]),
    );

    // Results are links in the Tab order (after the filters); Enter opens one.
    open_dialog_and_type(&browser, &served.root, "pencil grip");
    browser.find(".search-dialog .search-result a");
    browser.tab_to(".search-dialog .search-result a", 6);
    browser.press(&[ENTER]);
    browser.wait_until("the guide", "return location.pathname.startsWith('/guides/pencil-grasp/');", json!([]));

    // "/" opens the dialog from anywhere on the page; Arrow Down goes from the box to the first result.
    browser.goto(&served.root);
    browser.press(&["/"]);
    browser.wait_until(
        "the dialog to open with /",
        "return document.getElementById('search-dialog').open && document.activeElement.id === 'search-dialog-q';",
        json!([]),
    );
    browser.type_text("movement breaks");
    browser.find(".search-dialog .search-result a");
    let all = browser.execute(results, json!([]));
    assert!(
        all.to_string().contains("/guides/quiet-corner/"),
        "the guide with both words in its body is found too: {all}"
    );
    browser.press(&[ARROW_DOWN]);
    let href = browser.execute("return document.activeElement.getAttribute('href');", json!([]));
    assert!(
        href.as_str().unwrap_or("").starts_with("/guides/movement-breaks/"),
        "movement breaks: first result {href}"
    );

    // Filters change the results: Tier 2 guides only.
    open_dialog_and_type(&browser, &served.root, "handwriting");
    browser.find(".search-dialog .search-result a");
    let tiers = "return [...document.querySelectorAll('.search-dialog .search-result-meta')].map((e) => e.textContent).join(' | ');";
    let before = browser.execute(tiers, json!([]));
    assert!(
        before.to_string().contains("Tier 1") && before.to_string().contains("Tier 2"),
        "both tiers before the filter: {before}"
    );
    browser.tab_to("#search-dialog-tier", 4);
    browser.press(&[ARROW_DOWN, ARROW_DOWN]);
    browser.wait_until(
        "tier 2 results",
        "const m = [...document.querySelectorAll('.search-dialog .search-result-meta')].map((e) => e.textContent);
         return m.length > 0 && m.every((t) => t.includes('Tier 2'));",
        json!([]),
    );

    // Enter submits to the search page, which shows the same results.
    open_dialog_and_type(&browser, &served.root, "fidget");
    browser.press(&[ENTER]);
    browser.wait_until("the search page", "return location.pathname === '/search/';", json!([]));
    browser.find(".search-page-form .search-result a[href^='/guides/fidget-tools/']");
}

/// Without JavaScript the search page lists every page by kind and area, so the browser's find
/// works: each guide under its areas, each module with its lessons, case studies, other pages.
#[test]
fn without_javascript_the_search_page_lists_every_page_by_kind_and_area() {
    let site = TestSite::bundled();
    site.build_with(&["--base-url", "https://tierbook.example/"]).success();
    let html = site.read("search/index.html");
    let listing = &html[html.find("id=\"every-page\"").expect("the listing")..];
    for heading in
        ["Guides", "Handwriting", "Self regulation", "Trainings and their lessons", "Case studies", "Other pages"]
    {
        assert!(listing.contains(&format!(">{heading}<")), "the listing has {heading}");
    }
    let self_regulation = &listing[listing.find(">Self regulation<").expect("area")..];
    let self_regulation = &self_regulation[..self_regulation.find("</ul>").expect("its list")];
    assert!(self_regulation.contains("href=\"/guides/movement-breaks/\""), "movement breaks under its area");
    for page in crate::webdriver::html_pages(&site.out()) {
        let linked = page.is_empty()
            || page == "search/"
            || page == "404.html"
            || page.ends_with("/print/")
            || page.ends_with("/certificate/")
            || page.starts_with("areas/")
            || page.starts_with("tiers/")
            || page.starts_with("tags/")
            || page.starts_with("certificates/")
            // The search page lists the default language's pages; /es/ has its own index but
            // no no-JavaScript listing yet (generated pages are in the default language).
            || page.starts_with("es/")
            || listing.contains(&format!("href=\"/{page}\""));
        assert!(linked, "/{page} is not in the no-JavaScript listing");
    }
}

#[test]
fn every_benchmark_query_finds_pages_in_chromium() {
    let Some(browser) = webdriver::browser("every_benchmark_query_finds_pages_in_chromium") else { return };
    // The real site: its index is the size a district's is.
    let served = serve_site(TestSite::bundled(), "/");
    browser.goto(&served.root);
    let timings = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         (async () => {
           const s = await import(document.body.dataset.base + 'js/search.js');
           const queries = ['pencil grip', 'movement breaks', 'fidget', 'OT', 'rti', 'handwriting', 'calm down space', 'data', 'penc', 'visual schedule'];
           const cold = performance.now();
           await s.search(queries[0]);
           const first = performance.now() - cold;
           const found = {};
           for (const q of queries) found[q] = (await s.search(q)).results.length;
           const times = [];
           for (let round = 0; round < 5; round++) {
             for (const q of queries) { const t = performance.now(); await s.search(q); times.push(performance.now() - t); }
           }
           times.sort((a, b) => a - b);
           done({ found, first, median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1] });
         })().catch((e) => done({ error: String(e) }));",
        json!([]),
    );
    assert!(timings.get("error").is_none(), "{timings}");
    let found = timings["found"].as_object().expect("results per query");
    assert_eq!(found.len(), 10, "{timings}");
    for (query, count) in found {
        assert!(count.as_u64().unwrap_or(0) > 0, "{query:?} finds nothing on the bundled site: {timings}");
    }
    // Times are reported, never asserted: a test on a busy machine proves nothing about speed.
    // The budget is kept in BENCHMARKS.md.
    eprintln!("search timings in Chromium (ms, bundled site): {timings}");
}

#[test]
fn staff_words_for_what_they_see_find_the_guide_in_the_first_three() {
    let Some(browser) = webdriver::browser("staff_words_for_what_they_see_find_the_guide_in_the_first_three") else {
        return;
    };
    // The real site and its tierbook.toml synonyms: the words are the bundled site's own.
    let served = serve_site(TestSite::bundled(), "/");
    browser.goto(&served.root);
    let found = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         (async () => {
           const s = await import(document.body.dataset.base + 'js/search.js');
           const out = {};
           for (const q of arguments[0]) out[q] = (await s.search(q)).results.slice(0, 3).map((r) => r.frag.url);
           out.kinds = {};
           for (const q of arguments[0]) out.kinds[q] = (await s.search(q)).results.map((r) => r.frag.kind);
           done(out);
         })().catch((e) => done({ error: String(e) }));",
        json!([["can't sit still", "wiggly", "fidgety", "messy handwriting", "meltdown", "covers ears"]]),
    );
    assert!(found.get("error").is_none(), "{found}");
    for (query, guide) in [
        ("can't sit still", "/guides/movement-breaks/"),
        ("wiggly", "/guides/movement-breaks/"),
        ("fidgety", "/guides/movement-breaks/"),
        ("messy handwriting", "/guides/letter-formation/"),
        ("meltdown", "/guides/calm-down-space/"),
        ("covers ears", "/guides/noise-and-sensory-load/"),
    ] {
        let top = found[query].as_array().unwrap_or_else(|| panic!("{query}: {found}"));
        assert!(
            top.iter().any(|u| u.as_str().unwrap_or("").ends_with(guide)),
            "{query:?}: {guide} not in the first three: {top:?}"
        );
        // Symptom-like words: the guides come before lessons and other pages.
        let kinds: Vec<&str> =
            found["kinds"][query].as_array().map(|k| k.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        assert_eq!(kinds.first(), Some(&"guide"), "{query:?}: a guide first: {kinds:?}");
        let first_other = kinds.iter().position(|k| *k != "guide").unwrap_or(kinds.len());
        assert!(
            kinds[first_other..].iter().filter(|k| **k == "guide").count() <= kinds.len() / 4,
            "{query:?}: guides rank above lessons and other pages: {kinds:?}"
        );
    }
}
