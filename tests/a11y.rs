//! The accessibility gate, search, print and offline use, in headless Chromium over the bundled
//! site: axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on every page in light and dark color
//! schemes; keyboard-only use of the skip link, navigation, search, quiz, checklist and
//! calculator; search ranking and speed; the site working offline under a base path. Plus the
//! build-time lint of `tierbook check`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{json, Value};

use crate::harness::TestSite;
use crate::webdriver::{self, serve, start_or_skip, Browser, ARROW_DOWN, ENTER, ESCAPE, SPACE, TAB};

const ARROW_LEFT: &str = "\u{E012}";
const ARROW_RIGHT: &str = "\u{E014}";

const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// axe-core from `npm ci` (pinned in package-lock.json), or `AXE_JS`. Missing fails under `CI`.
pub(crate) fn axe_source() -> Option<PathBuf> {
    let path = std::env::var_os("AXE_JS")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js"), PathBuf::from);
    if path.is_file() {
        return Some(path);
    }
    let message = format!("axe-core not found at {} (run `npm ci`, or set AXE_JS)", path.display());
    assert!(std::env::var_os("CI").is_none(), "{message}");
    eprintln!("accessibility audit skipped: {message}");
    None
}

/// Whether Chromium and chromedriver are installed (missing fails under `CI`).
pub(crate) fn browser_available(test: &str) -> bool {
    let (chrome, driver) = webdriver::binaries();
    if chrome.exists() && driver.exists() {
        return true;
    }
    let message =
        format!("{test}: skipped, Chromium or chromedriver not found (apt-get install chromium chromium-driver)");
    assert!(std::env::var_os("CI").is_none(), "{message}");
    eprintln!("{message}");
    false
}

/// Every HTML page of a built site, as URL paths relative to the base (`guides/x/`), leaving out
/// alias pages (they only redirect).
fn html_pages(out: &Path) -> Vec<String> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let rel = path.strip_prefix(out).expect("under out").to_string_lossy().replace('\\', "/");
        pages.push(rel.strip_suffix("index.html").map_or(rel.clone(), str::to_string));
    }
    pages
}

/// Waits until the page's scripts have settled: fonts, two frames, and the calculator's wasm
/// where there is one.
pub(crate) fn settle(browser: &Browser) {
    browser.execute_async(
        "const done = arguments[arguments.length - 1];
         const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
         const until = Date.now() + 8000;
         const wait = async () => {
           await document.fonts.ready;
           await frames();
           while (document.querySelector('[data-calculator]') && document.body.dataset.calculatorReady !== '1' && Date.now() < until) {
             await new Promise((r) => setTimeout(r, 50));
           }
           done(true);
         };
         wait();",
        json!([]),
    );
}

/// Runs axe on the current page state; returns one line per violation.
pub(crate) fn audit(browser: &Browser, axe_url: &str, label: &str) -> Vec<String> {
    let result = browser.execute_async(
        "const [src, tags, done] = arguments;
         const run = () => axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
           .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.map((n) => n.target.join(' ') + ' -- ' + (n.failureSummary || '').replace(/\\s+/g, ' ')) }))))
           .catch((e) => done({ error: String(e) }));
         if (window.axe) { run(); } else {
           const s = document.createElement('script');
           s.src = src;
           s.onload = run;
           s.onerror = () => done({ error: 'axe-core did not load' });
           document.head.append(s);
         }",
        json!([axe_url, WCAG_TAGS]),
    );
    assert!(result.get("error").is_none(), "{label}: {}", result["error"]);
    let mut lines = Vec::new();
    for v in result.as_array().cloned().unwrap_or_default() {
        let nodes: Vec<String> = v["nodes"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|n| n.as_str().unwrap_or("").to_string())
            .collect();
        lines.push(format!(
            "{label}: {} ({}) {}\n      {}",
            v["id"].as_str().unwrap_or(""),
            v["impact"].as_str().unwrap_or(""),
            v["help"].as_str().unwrap_or(""),
            nodes.join("\n      ")
        ));
    }
    lines
}

/// The bundled site, built and served at the root, with axe-core copied next to it.
struct Served {
    site: TestSite,
    root: String,
    port: u16,
}

fn serve_bundled(base: &'static str, axe: Option<&Path>) -> Served {
    let site = TestSite::bundled();
    let base_url = format!("https://tierbook.example{base}");
    site.build_with(&["--base-url", &base_url]).success();
    if let Some(axe) = axe {
        std::fs::copy(axe, site.out().join("axe-under-test.js")).expect("copy axe-core");
    }
    let port = serve(site.out(), base);
    Served { root: format!("http://127.0.0.1:{port}{base}"), port, site }
}

/// One color scheme's audit of every page, plus the search results states.
fn audit_scheme(served: &Served, pages: &[String], dark: bool) -> Vec<String> {
    let (chrome, driver) = webdriver::binaries();
    let flags: &[&str] = if dark { &["--blink-settings=preferredColorScheme=0"] } else { &[] };
    let browser = Browser::start_with(&chrome, &driver, flags);
    let scheme = if dark { "dark" } else { "light" };
    let axe_url = format!("{}axe-under-test.js", served.root);
    // axe takes seconds on the long print pages on a busy machine.
    browser.post("/timeouts", json!({"script": 300_000}));

    browser.goto(&served.root);
    let is_dark = browser.execute("return matchMedia('(prefers-color-scheme: dark)').matches;", json!([]));
    assert_eq!(is_dark, Value::Bool(dark), "the {scheme} session must really prefer a {scheme} color scheme");

    let mut violations = Vec::new();
    for page in pages {
        browser.goto(&format!("{}{page}", served.root));
        settle(&browser);
        violations.extend(audit(&browser, &axe_url, &format!("[{scheme}] /{page}")));
    }

    // Dynamic states: the header's live results, and the search page with a query.
    browser.goto(&served.root);
    browser.click("#site-search-q");
    browser.type_text("pencil grip");
    browser.find(".site-search .search-result a");
    violations.extend(audit(&browser, &axe_url, &format!("[{scheme}] / with search results open")));
    browser.goto(&format!("{}search/?q=movement+breaks", served.root));
    browser.find(".search-page-form .search-result a");
    violations.extend(audit(&browser, &axe_url, &format!("[{scheme}] /search/?q=movement+breaks")));
    violations
}

#[test]
fn axe_finds_no_wcag_violations_on_any_page_in_light_and_dark() {
    if !browser_available("accessibility audit") {
        return;
    }
    let Some(axe) = axe_source() else { return };
    let served = serve_bundled("/", Some(&axe));
    let pages = html_pages(&served.site.out());
    assert!(pages.len() > 50, "the bundled site has its pages: {}", pages.len());
    assert!(pages.iter().any(|p| p == "guides/print/") && pages.iter().any(|p| p == "search/"));

    let started = Instant::now();
    let (light, dark) = std::thread::scope(|scope| {
        let light = scope.spawn(|| audit_scheme(&served, &pages, false));
        let dark = scope.spawn(|| audit_scheme(&served, &pages, true));
        (light.join(), dark.join())
    });
    let mut violations = light.expect("light audit ran");
    violations.extend(dark.expect("dark audit ran"));
    eprintln!(
        "axe-core: {} pages x 2 color schemes (+ 2 search states each), {} violations, {:.1} s",
        pages.len(),
        violations.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(violations.is_empty(), "{} WCAG violations:\n{}", violations.len(), violations.join("\n"));
}

#[test]
fn axe_reports_a_planted_violation() {
    let Some(browser) = start_or_skip("axe self-check") else { return };
    let Some(axe) = axe_source() else { return };
    let served = serve_bundled("/", Some(&axe));
    browser.goto(&served.root);
    browser.execute(
        "const i = document.createElement('input'); i.id = 'planted'; document.querySelector('main').append(i);",
        json!([]),
    );
    let found = audit(&browser, &format!("{}axe-under-test.js", served.root), "home");
    assert!(found.iter().any(|v| v.contains(": label (") && v.contains("#planted")), "{found:?}");
}

// ---- Keyboard ----

/// What has focus: a short description and whether its focus indicator is visible.
fn focused(browser: &Browser) -> Value {
    browser.execute(
        "const e = document.activeElement;
         const s = getComputedStyle(e);
         const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
         const shadow = s.boxShadow && s.boxShadow !== 'none';
         const r = e.getBoundingClientRect();
         return { tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, text: (e.textContent || '').trim().slice(0, 60),
                  name: e.getAttribute('name'), href: e.getAttribute('href'),
                  visible: (outline || shadow) && r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight + 5000 };",
        json!([]),
    )
}

/// Presses Tab until the focused element matches `css`; fails after `max` presses. Every stop on
/// the way must show a visible focus indicator.
fn tab_to(browser: &Browser, css: &str, max: usize) -> usize {
    for n in 1..=max {
        browser.press(&[TAB]);
        let f = focused(browser);
        assert_eq!(f["visible"], Value::Bool(true), "focus is not visible on {f}");
        if browser.execute("return document.activeElement.matches(arguments[0]);", json!([css])) == Value::Bool(true) {
            return n;
        }
    }
    panic!("{css} is not reachable with Tab within {max} stops");
}

fn keyboard_session(test: &str) -> Option<(Browser, Served)> {
    let browser = start_or_skip(test)?;
    Some((browser, serve_bundled("/", None)))
}

#[test]
fn skip_link_comes_first_and_navigation_works_by_keyboard() {
    let Some((browser, served)) = keyboard_session("keyboard: skip link and navigation") else { return };
    browser.goto(&served.root);
    assert_eq!(tab_to(&browser, "a.skip-link", 1), 1, "the skip link is the first Tab stop");
    let box_top = browser.execute("return document.activeElement.getBoundingClientRect().top;", json!([]));
    assert!(box_top.as_f64().unwrap_or(-1.0) >= 0.0, "the focused skip link is on screen");
    browser.press(&[ENTER]);
    assert_eq!(browser.execute("return document.activeElement.id;", json!([])), "main");

    // Main navigation: Tab to the guides link and follow it with Enter.
    browser.goto(&served.root);
    tab_to(&browser, ".site-nav a[href='/guides/']", 30);
    browser.press(&[ENTER]);
    browser.wait_until("the guides index", "return location.pathname === '/guides/';", json!([]));
    // Every control of the guides index is reachable and shows focus, down to the footer.
    tab_to(&browser, ".site-footer a[href$='sitemap.xml']", 200);
}

#[test]
fn search_works_by_keyboard_and_ranks_the_right_guides_first() {
    let Some((browser, served)) = keyboard_session("keyboard: search") else { return };
    let index_requests =
        "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/search/')).length;";
    browser.goto(&served.root);
    assert_eq!(browser.execute(index_requests, json!([])), json!(0), "the index loads only once search is used");
    tab_to(&browser, "#site-search-q", 5);
    browser.type_text("pencil grip");
    browser.find(".site-search .search-result a");
    assert!(browser.execute(index_requests, json!([])).as_u64().unwrap_or(0) >= 2);
    let first = browser
        .execute("return document.querySelector('.site-search .search-result a').getAttribute('href');", json!([]));
    assert!(first.as_str().unwrap_or("").starts_with("/guides/pencil-grasp/"), "pencil grip: first result {first}");
    let marked = browser.execute(
        "return [...document.querySelectorAll('.site-search .search-result mark')].map((m) => m.textContent.toLowerCase());",
        json!([]),
    );
    assert!(marked.to_string().contains("pencil"), "matched words are marked: {marked}");

    // Results are links in the Tab order (after the filters); Enter opens one.
    tab_to(&browser, ".site-search .search-result a", 6);
    browser.press(&[ENTER]);
    browser.wait_until("the guide", "return location.pathname.startsWith('/guides/pencil-grasp/');", json!([]));

    // Escape closes the results and keeps focus in the box.
    browser.goto(&served.root);
    tab_to(&browser, "#site-search-q", 5);
    browser.type_text("fidget");
    browser.find(".site-search .search-result a");
    browser.press(&[ESCAPE]);
    browser.wait_until(
        "the panel to close",
        "return document.querySelector('.site-search .search-panel').hidden;",
        json!([]),
    );
    assert_eq!(browser.execute("return document.activeElement.id;", json!([])), "site-search-q");

    // "movement breaks", with Arrow Down from the box to the first result.
    browser.goto(&served.root);
    tab_to(&browser, "#site-search-q", 5);
    browser.type_text("movement breaks");
    browser.find(".site-search .search-result a");
    browser.press(&[ARROW_DOWN]);
    let href = browser.execute("return document.activeElement.getAttribute('href');", json!([]));
    assert!(
        href.as_str().unwrap_or("").starts_with("/guides/movement-breaks/"),
        "movement breaks: first result {href}"
    );

    // Filters change the results: Tier 2 guides only.
    browser.goto(&served.root);
    tab_to(&browser, "#site-search-q", 5);
    browser.type_text("handwriting");
    browser.find(".site-search .search-result a");
    tab_to(&browser, "#site-search-tier", 4);
    browser.press(&[ARROW_DOWN, ARROW_DOWN]);
    browser.wait_until(
        "tier 2 results",
        "const m = [...document.querySelectorAll('.site-search .search-result-meta')].map((e) => e.textContent);
         return m.length > 0 && m.every((t) => t.includes('Tier 2'));",
        json!([]),
    );

    // Enter submits to the search page, which shows the same results.
    browser.goto(&served.root);
    tab_to(&browser, "#site-search-q", 5);
    browser.type_text("fidget");
    browser.press(&[ENTER]);
    browser.wait_until("the search page", "return location.pathname === '/search/';", json!([]));
    browser.find(".search-page-form .search-result a[href^='/guides/fidget-tools/']");
}

#[test]
fn quiz_checklist_and_calculator_work_by_keyboard() {
    let Some((browser, served)) = keyboard_session("keyboard: quiz, checklist, calculator") else { return };

    // Quiz: choose answers with Space and arrows, check with Enter.
    browser.goto(&format!("{}trainings/referral-quality/knowledge-check/", served.root));
    browser.find("body[data-training-ready='1']");
    tab_to(&browser, "fieldset[data-question] input", 60);
    browser.press(&[SPACE]);
    let checked = browser.execute("return document.activeElement.checked;", json!([]));
    assert_eq!(checked, Value::Bool(true), "Space chooses an answer");
    tab_to(&browser, "[data-quiz-check]", 120);
    browser.press(&[ENTER]);
    browser.wait_until(
        "the quiz result",
        "return (document.querySelector('[data-quiz-result]').textContent || '').trim().length > 0;",
        json!([]),
    );

    // Checklist: tick an item with Space.
    browser.goto(&format!("{}referral-checklist/", served.root));
    browser.find("body[data-training-ready='1']");
    tab_to(&browser, "input[type=checkbox][name='a1']", 60);
    browser.press(&[SPACE]);
    assert_eq!(browser.execute("return document.activeElement.checked;", json!([])), Value::Bool(true));

    // Calculator: arrow keys switch the mode; the number of students can be typed; the summary
    // follows.
    browser.goto(&format!("{}calculator/", served.root));
    browser.find("body[data-calculator-ready='1']");
    tab_to(&browser, "input[type=radio][value='compare']", 60);
    browser.press(&[ARROW_RIGHT]);
    let mode = browser.execute("return [document.activeElement.value, document.activeElement.checked];", json!([]));
    assert_eq!(mode, json!(["work-back", true]), "arrow keys choose the next mode");
    browser.press(&[ARROW_LEFT]);
    browser.goto(&format!("{}calculator/", served.root));
    browser.find("body[data-calculator-ready='1']");
    let field = "input[data-field='students']";
    let before = browser.execute("return document.querySelector('[data-summary]').textContent;", json!([]));
    tab_to(&browser, field, 60);
    browser.press(&["\u{E003}", "\u{E003}", "\u{E003}", "\u{E003}"]); // Backspace
    browser.type_text("200");
    browser.wait_until(
        "the calculator's summary to change",
        "return document.querySelector('[data-summary]').textContent !== arguments[0];",
        json!([before]),
    );
}

// ---- Search speed, offline use, print pages ----

#[test]
fn search_answers_within_budget_in_chromium() {
    let Some(browser) = start_or_skip("search benchmark") else { return };
    let served = serve_bundled("/", None);
    browser.goto(&served.root);
    let timings = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         (async () => {
           const s = await import(document.querySelector('script[src*=\"js/search.js\"]').src);
           const queries = ['pencil grip', 'movement breaks', 'fidget', 'OT', 'rti', 'handwriting', 'calm down space', 'data', 'penc', 'visual schedule'];
           const cold = performance.now();
           await s.search(queries[0]);
           const first = performance.now() - cold;
           for (const q of queries) await s.search(q);
           const times = [];
           for (let round = 0; round < 5; round++) {
             for (const q of queries) { const t = performance.now(); await s.search(q); times.push(performance.now() - t); }
           }
           times.sort((a, b) => a - b);
           done({ first, median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1] });
         })().catch((e) => done({ error: String(e) }));",
        json!([]),
    );
    assert!(timings.get("error").is_none(), "{timings}");
    eprintln!("search timings in Chromium (ms, bundled site): {timings}");
    let median = timings["median"].as_f64().unwrap_or(f64::MAX);
    assert!(median < 50.0, "a warm query answers in under 50 ms: {timings}");
}

#[test]
fn the_site_works_offline_after_one_visit_under_a_base_path() {
    let Some(browser) = start_or_skip("offline") else { return };
    let served = serve_bundled("/pd/", None);
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
fn print_pages_hold_every_lesson_and_every_guide() {
    let site = TestSite::bundled().built();
    let module = site.read("trainings/referral-quality/print/index.html");
    for lesson in ["Why referral quality matters", "Knowledge check: data before decisions"] {
        assert!(module.contains(lesson), "module print page lacks {lesson}");
    }
    let first = module.find("Lesson 1: ").expect("lesson 1");
    let second = module.find("Lesson 2: ").expect("lesson 2");
    assert!(first < second, "lessons in order");
    let booklet = site.read("guides/print/index.html");
    for guide in ["Movement breaks", "Pencil grasp: when to leave it", "Visual schedules"] {
        assert!(booklet.contains(guide), "booklet lacks {guide}");
    }
    // Ids stay unique when many pages share one document.
    for html in [&module, &booklet] {
        let mut ids: Vec<&str> = html.split(" id=\"").skip(1).map(|s| &s[..s.find('"').unwrap_or(0)]).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "duplicate ids");
    }
}

#[test]
fn output_is_byte_identical_for_identical_input() {
    let a = TestSite::bundled().built();
    let b = TestSite::bundled().built();
    for path in ["sw.js", "search/index.json", "manifest.webmanifest", "guides/print/index.html"] {
        assert_eq!(a.read(path), b.read(path), "{path} differs between two builds");
    }
}

// ---- The build-time lint ----

#[test]
fn check_warns_about_headings_links_and_tables_with_positions() {
    let site = TestSite::new().file(
        "content/page.md",
        "+++\ntitle = \"Page\"\n+++\n\n## Steps\n\n#### Detail\n\nSee [click here](_index.md).\n\n|   |   |\n|---|---|\n| 1 | 2 |\n",
    );
    let run = site.run(&["check"]);
    run.exit(0);
    run.stdout_has("content/page.md:7:1: warning: heading level skipped: h4 follows h2");
    run.stdout_has("content/page.md:9:5: warning: link text \"click here\" does not say where it goes");
    run.stdout_has("content/page.md:11:1: warning: table has an empty header row");
}

#[test]
fn a_new_build_replaces_the_offline_copy() {
    let Some(browser) = start_or_skip("offline update") else { return };
    let served = serve_bundled("/pd/", None);
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
    std::fs::write(&path, text.replacen("title = \"Movement breaks\"", "title = \"Movement breaks, updated\"", 1))
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

#[test]
fn data_forms_print_on_one_sheet_each_and_booklets_one_guide_per_sheet() {
    let Some(browser) = start_or_skip("print") else { return };
    let served = serve_bundled("/", None);
    let print = |path: &str, width: f64, height: f64| {
        browser.goto(&format!("{}{path}", served.root));
        browser.print_page_count(json!({"orientation": "portrait", "page": {"width": width, "height": height}}))
    };
    let forms: Vec<String> =
        html_pages(&served.site.out()).into_iter().filter(|p| p.starts_with("toolkit/") && p != "toolkit/").collect();
    assert!(forms.len() >= 5, "{forms:?}");
    for form in &forms {
        for (paper, width, height) in [("Letter", 21.59, 27.94), ("A4", 21.0, 29.7)] {
            assert_eq!(print(form, width, height), 1, "/{form} prints on one {paper} sheet");
        }
    }
    let guides = html_pages(&served.site.out()).iter().filter(|p| p.starts_with("guides/") && p.len() > 7).count() - 1;
    let sheets = print("guides/print/", 21.59, 27.94);
    assert!(sheets > guides, "{guides} guides, each on its own sheets after the contents: {sheets} sheets");
}
