//! The accessibility gate in headless Chromium over the bundled site: axe-core (WCAG 2.0, 2.1 and
//! 2.2 A and AA rules) on every page in light and dark color schemes, and keyboard-only use of the
//! skip link, navigation, quiz, checklist and calculator. (Search by keyboard is in search.rs.)

use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

use crate::harness::{require_tool, TestSite, Tool};
use crate::webdriver::{self, html_pages, serve_site, Browser, Served, ARROW_LEFT, ARROW_RIGHT, ENTER, SPACE};

const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

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
fn serve_with_axe(axe: &Path) -> Served {
    let served = serve_site(TestSite::bundled(), "/");
    std::fs::copy(axe, served.site.out().join("axe-under-test.js")).expect("copy axe-core");
    served
}

/// One color scheme's audit of every page, plus the search results states.
fn audit_scheme(served: &Served, pages: &[String], chrome: &Path, driver: &Path, dark: bool) -> Vec<String> {
    let flags: &[&str] = if dark { &["--blink-settings=preferredColorScheme=0"] } else { &[] };
    let browser = Browser::start_with(chrome, driver, flags);
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

    // Dynamic states: the search dialog with results, the offline control saving, and the
    // search page with a query.
    browser.goto(&served.root);
    browser.click("#search-open");
    browser.type_text("pencil grip");
    browser.find(".search-dialog .search-result a");
    violations.extend(audit(&browser, &axe_url, &format!("[{scheme}] / with the search dialog open")));
    browser.goto(&served.root);
    browser.find("[data-offline-save] button");
    violations.extend(audit(&browser, &axe_url, &format!("[{scheme}] / with the offline control")));
    browser.goto(&format!("{}search/?q=movement+breaks", served.root));
    browser.find(".search-page-form .search-result a");
    violations.extend(audit(&browser, &axe_url, &format!("[{scheme}] /search/?q=movement+breaks")));
    violations
}

#[test]
fn axe_finds_no_wcag_violations_on_any_page_in_light_and_dark() {
    let test = "accessibility audit";
    let Some((chrome, driver)) = webdriver::binaries(test) else { return };
    let Some(axe) = require_tool(Tool::AxeCore, test) else { return };
    let served = serve_with_axe(&axe);
    let pages = html_pages(&served.site.out());
    assert!(pages.len() > 50, "the bundled site has its pages: {}", pages.len());
    assert!(pages.iter().any(|p| p == "guides/print/") && pages.iter().any(|p| p == "search/"));

    let started = Instant::now();
    let (light, dark) = std::thread::scope(|scope| {
        let light = scope.spawn(|| audit_scheme(&served, &pages, &chrome, &driver, false));
        let dark = scope.spawn(|| audit_scheme(&served, &pages, &chrome, &driver, true));
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
    let Some(browser) = webdriver::browser("axe self-check") else { return };
    let Some(axe) = require_tool(Tool::AxeCore, "axe self-check") else { return };
    let served = serve_with_axe(&axe);
    browser.goto(&served.root);
    browser.execute(
        "const i = document.createElement('input'); i.id = 'planted'; document.querySelector('main').append(i);",
        json!([]),
    );
    let found = audit(&browser, &format!("{}axe-under-test.js", served.root), "home");
    assert!(found.iter().any(|v| v.contains(": label (") && v.contains("#planted")), "{found:?}");
}

// ---- Keyboard ----

fn keyboard_session(test: &str) -> Option<(Browser, Served)> {
    let browser = webdriver::browser(test)?;
    Some((browser, serve_site(TestSite::bundled(), "/")))
}

#[test]
fn skip_link_comes_first_and_navigation_works_by_keyboard() {
    let Some((browser, served)) = keyboard_session("keyboard: skip link and navigation") else { return };
    browser.goto(&served.root);
    assert_eq!(browser.tab_to("a.skip-link", 1), 1, "the skip link is the first Tab stop");
    let box_top = browser.execute("return document.activeElement.getBoundingClientRect().top;", json!([]));
    assert!(box_top.as_f64().unwrap_or(-1.0) >= 0.0, "the focused skip link is on screen");
    browser.press(&[ENTER]);
    assert_eq!(browser.execute("return document.activeElement.id;", json!([])), "main");

    // Main navigation: below 960 px it is behind the Menu disclosure; open it with Enter, then Tab
    // to the guides link and follow it with Enter.
    browser.goto(&served.root);
    browser.post("/window/rect", json!({"width": 800, "height": 600}));
    browser.tab_to(".menu-toggle > summary", 10);
    browser.press(&[ENTER]);
    browser.tab_to(".site-nav a[href='/guides/']", 30);
    browser.press(&[ENTER]);
    browser.wait_until("the guides index", "return location.pathname === '/guides/';", json!([]));
    // Every control of the guides index is reachable and shows focus, down to the footer.
    browser.tab_to(".site-footer a[href$='sitemap.xml']", 200);
}

#[test]
fn quiz_checklist_and_calculator_work_by_keyboard() {
    let Some((browser, served)) = keyboard_session("keyboard: quiz, checklist, calculator") else { return };

    // Quiz: choose answers with Space and arrows, check with Enter.
    browser.goto(&format!("{}trainings/referral-quality/knowledge-check/", served.root));
    browser.find("body[data-training-ready='1']");
    browser.tab_to("fieldset[data-question] input", 60);
    browser.press(&[SPACE]);
    let checked = browser.execute("return document.activeElement.checked;", json!([]));
    assert_eq!(checked, Value::Bool(true), "Space chooses an answer");
    browser.tab_to("[data-quiz-check]", 120);
    browser.press(&[ENTER]);
    // Questions left blank are named first; checking again grades what was answered.
    assert_eq!(
        browser.execute("return document.activeElement.matches('[data-quiz-unanswered]');", json!([])),
        Value::Bool(true),
        "focus moves to the notice of unanswered questions"
    );
    browser.tab_to("[data-quiz-check]", 120);
    browser.press(&[ENTER]);
    browser.wait_until(
        "the quiz result",
        "return (document.querySelector('[data-quiz-result]').textContent || '').trim().length > 0;",
        json!([]),
    );

    // Checklist: tick an item with Space.
    browser.goto(&format!("{}referral-checklist/", served.root));
    browser.find("body[data-training-ready='1']");
    browser.tab_to("input[type=checkbox][name='a1']", 60);
    browser.press(&[SPACE]);
    assert_eq!(browser.execute("return document.activeElement.checked;", json!([])), Value::Bool(true));

    // Calculator: arrow keys switch the mode; the number of students can be typed; the summary
    // follows.
    browser.goto(&format!("{}calculator/", served.root));
    browser.find("body[data-calculator-ready='1']");
    browser.tab_to("input[type=radio][value='compare']", 60);
    browser.press(&[ARROW_RIGHT]);
    let mode = browser.execute("return [document.activeElement.value, document.activeElement.checked];", json!([]));
    assert_eq!(mode, json!(["work-back", true]), "arrow keys choose the next mode");
    browser.press(&[ARROW_LEFT]);
    browser.goto(&format!("{}calculator/", served.root));
    browser.find("body[data-calculator-ready='1']");
    let field = "input[data-field='students']";
    let before = browser.execute("return document.querySelector('[data-summary]').textContent;", json!([]));
    browser.tab_to(field, 60);
    browser.press(&["\u{E003}", "\u{E003}", "\u{E003}", "\u{E003}"]); // Backspace
    browser.type_text("200");
    browser.wait_until(
        "the calculator's summary to change",
        "return document.querySelector('[data-summary]').textContent !== arguments[0];",
        json!([before]),
    );
}
