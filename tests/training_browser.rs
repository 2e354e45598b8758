//! The training experience in headless Chromium, on the fixture module served under a base path:
//! visit lessons, fail then pass the knowledge check, reload and keep progress, make the
//! certificate; tick a checklist and reload, filter the guides index, and clear my data.

use serde_json::{json, Value};

use crate::harness::{require_tool, TestSite, Tool};
use crate::webdriver::{self, serve, Browser};

const BASE: &str = "/pd/";
const KEY: &str = "tierbook:v1:/pd/";

struct Session {
    browser: Browser,
    root: String,
    _site: TestSite,
}

fn open(test: &str) -> Option<Session> {
    let browser = webdriver::browser(test)?;
    let site = TestSite::fixture("training/module").built();
    let port = serve(site.out(), BASE);
    // A short window, so that a lesson's end starts out of view (the theme's header is compact).
    browser.post("/window/rect", json!({"width": 800, "height": 320}));
    Some(Session { browser, root: format!("http://127.0.0.1:{port}{BASE}"), _site: site })
}

impl Session {
    /// Loads a page and waits until training.js has run.
    fn visit(&self, path: &str) {
        self.browser.goto(&format!("{}{path}", self.root));
        self.browser.find("body[data-training-ready='1']");
    }

    fn text(&self, css: &str) -> String {
        self.browser.text(css)
    }

    fn js(&self, script: &str, args: Value) -> Value {
        self.browser.execute(script, args)
    }

    fn visible(&self, css: &str) -> bool {
        self.js(
            "const e = document.querySelector(arguments[0]); return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';",
            json!([css]),
        ) == Value::Bool(true)
    }

    fn saved(&self) -> Value {
        let raw = self.js("return localStorage.getItem(arguments[0]);", json!([KEY]));
        raw.as_str().map_or(Value::Null, |s| serde_json::from_str(s).expect("saved progress is JSON"))
    }

    fn click(&self, css: &str) {
        self.browser.click(css);
    }

    fn answer(&self, question: &str, choices: &[&str]) {
        for choice in choices {
            self.click(&format!("fieldset[data-question='{question}'] input[value='{choice}']"));
        }
    }

    fn lesson_state(&self, lesson: &str) -> String {
        self.text(&format!(".lessons li[data-lesson$='/{lesson}/'] [data-state]"))
    }
}

#[test]
fn module_end_to_end_to_a_certificate() {
    let Some(s) = open("module_end_to_end_to_a_certificate") else { return };

    s.visit("trainings/basics/");
    assert!(!s.visible("[data-continue]"), "nothing to continue yet");
    assert_eq!(s.lesson_state("01-first"), "Not started");

    // A lesson is done once its end has been scrolled into view.
    s.visit("trainings/basics/01-first/");
    assert_eq!(s.saved()["m"]["/trainings/basics/"]["l"]["01-first"], json!(1), "visited");
    s.js("document.querySelector('[data-lesson-end]').scrollIntoView();", json!([]));
    s.browser.wait_until(
        "lesson 1 done",
        "const d = JSON.parse(localStorage.getItem(arguments[0]) || '{}'); return !!d.m && d.m['/trainings/basics/'].l['01-first'] === 2;",
        json!([KEY]),
    );
    s.visit("trainings/basics/02-second/");
    s.js("document.querySelector('[data-lesson-end]').scrollIntoView();", json!([]));
    s.browser.wait_until(
        "lesson 2 done",
        "const d = JSON.parse(localStorage.getItem(arguments[0]) || '{}'); return !!d.m && d.m['/trainings/basics/'].l['02-second'] === 2;",
        json!([KEY]),
    );
    s.visit("trainings/basics/");
    assert_eq!(s.lesson_state("01-first"), "Done");
    assert_eq!(s.lesson_state("03-check"), "Not started");
    assert!(s.visible("[data-continue]"));
    assert!(s.text("[data-continue-text]").contains("2 of 3 lessons"), "{}", s.text("[data-continue-text]"));

    // The check: one wrong answer out of three is 67%, under the 75% pass mark.
    s.visit("trainings/basics/03-check/");
    assert!(!s.visible("details[data-answer]"), "answers stay closed while the quiz is open");
    s.answer("describe", &["a"]);
    s.answer("data", &["a", "c"]);
    s.answer("parent", &["false"]);
    s.click("[data-quiz-check]");
    let result = s.text("[data-quiz-result]");
    assert!(result.contains("2 of 3") && result.contains("You need 75%"), "{result}");
    assert!(s.visible("fieldset[data-question='describe'] li.tb-chosen-wrong [data-feedback]"));
    assert_eq!(
        s.text("fieldset[data-question='describe'] [data-question-result]"),
        "Not right yet: read the feedback under your choice."
    );
    assert!(s.visible("fieldset[data-question='data'] details[data-answer]"), "a right answer shows its explanation");
    assert!(!s.visible("[data-cert-cta]"));
    assert_eq!(s.saved()["m"]["/trainings/basics/"]["s"], json!(67));

    s.click("[data-quiz-retry]");
    assert_eq!(s.text("[data-quiz-result]"), "");
    s.answer("describe", &["b"]);
    s.answer("data", &["a", "c"]);
    s.answer("parent", &["false"]);
    s.click("[data-quiz-check]");
    assert!(s.text("[data-quiz-result]").contains("You passed"), "{}", s.text("[data-quiz-result]"));
    assert!(s.visible("[data-cert-cta]"));

    // Reload: progress is kept.
    s.visit("trainings/basics/03-check/");
    assert!(s.text("[data-quiz-result]").contains("You passed this check on"), "{}", s.text("[data-quiz-result]"));
    s.visit("trainings/basics/");
    assert_eq!(s.lesson_state("03-check"), "Passed");
    assert!(s.text("[data-continue-text]").contains("certificate is ready"));
    let saved = s.saved();
    assert!(saved.to_string().len() < 4096, "fits SCORM 1.2 suspend data");

    // The certificate.
    s.visit("trainings/basics/certificate/");
    assert!(!s.visible("[data-cert-nojs]"));
    assert!(s.visible("[data-cert-form]"));
    s.browser.fill("#tb_cert_name", "Ada <b>Lovelace</b>");
    s.click("[data-cert-form] button[type=submit]");
    assert_eq!(s.text("[data-cert-name]"), "Ada <b>Lovelace</b>", "names are text, never HTML");
    assert_eq!(s.text("[data-cert-score]"), "100%");
    assert!(!s.text("[data-cert-date]").is_empty());
    assert!(s.text(".tb-certificate").contains("self-attested"));
    s.visit("trainings/basics/certificate/");
    assert_eq!(s.text("[data-cert-name]"), "Ada <b>Lovelace</b>", "the name is remembered");

    // The home page offers to continue.
    s.visit("");
    assert!(s.visible("[data-home-continue]"));
    assert!(s.text("[data-home-continue]").contains("Knowledge check"));
}

#[test]
fn checklist_guides_filter_and_clear_my_data() {
    let Some(s) = open("checklist_guides_filter_and_clear_my_data") else { return };

    s.visit("checklist/");
    assert_eq!(s.text("[data-checklist-progress]"), "0 of 3 items ticked.");
    s.click("input[name='a1']");
    s.click("input[name='b1']");
    assert_eq!(s.text("[data-checklist-progress]"), "2 of 3 items ticked.");
    s.visit("checklist/");
    assert_eq!(s.text("[data-checklist-progress]"), "2 of 3 items ticked.");
    let ticked = s
        .js("return [...document.querySelectorAll('form[data-checklist] input:checked')].map(i => i.name);", json!([]));
    assert_eq!(ticked, json!(["a1", "b1"]));
    s.click("[data-checklist-reset]");
    assert_eq!(s.text("[data-checklist-progress]"), "0 of 3 items ticked.");
    s.click("input[name='a2']");

    // Guides: plain selects filter the cards and the address keeps the choice.
    let shown = |s: &Session| {
        s.js(
            "return [...document.querySelectorAll('[data-guide]')].filter(c => !c.hidden).map(c => c.querySelector('a').textContent);",
            json!([]),
        )
    };
    s.visit("guides/");
    assert_eq!(shown(&s), json!(["Letter formation", "Quiet corner", "Warm-ups"]));
    s.click("#tb_filter_tier option[value='2']");
    assert_eq!(shown(&s), json!(["Quiet corner"]));
    assert_eq!(s.text("[data-filter-count]"), "Showing 1 of 3 guides.");
    assert!(s.js("return location.search;", json!([])).as_str().unwrap_or("").contains("tier=2"));
    s.visit("guides/?area=handwriting");
    assert_eq!(shown(&s), json!(["Letter formation", "Warm-ups"]));
    s.click("#tb_filter_grades option[value='PreK']");
    assert_eq!(shown(&s), json!(["Warm-ups"]));
    s.click("#tb_filter_evidence option[value='strong']");
    assert_eq!(shown(&s), json!([]));
    assert_eq!(s.text("[data-filter-count]"), "No guide matches. Try fewer filters.");
    s.click(".tb-filter button[type=reset]");
    s.browser.wait_until(
        "all guides shown again",
        "return [...document.querySelectorAll('[data-guide]')].every(c => !c.hidden);",
        json!([]),
    );

    // Clear my data: asks first, then removes everything and says so.
    assert!(!s.saved().is_null());
    s.click("[data-clear-data]");
    s.click("[data-clear-confirm]");
    s.browser.find("body[data-training-ready='1'] [data-clear-status]");
    s.browser.wait_until(
        "the cleared message",
        "const e = document.querySelector('[data-clear-status]'); return !!e && e.textContent.includes('cleared');",
        json!([]),
    );
    assert!(s.saved().is_null());
    s.visit("checklist/");
    assert_eq!(s.text("[data-checklist-progress]"), "0 of 3 items ticked.");
}

#[test]
fn every_bundled_certificate_prints_on_one_portrait_page() {
    let Some(browser) = webdriver::browser("every_bundled_certificate_prints_on_one_portrait_page") else { return };
    let site = TestSite::bundled().built();
    let port = serve(site.out(), "/");
    let modules: Vec<String> = std::fs::read_dir(site.out().join("trainings"))
        .expect("trainings folder")
        .flatten()
        .filter(|e| e.path().join("certificate/index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!modules.is_empty());
    // The counter itself: the long referral checklist needs more than one page.
    browser.goto(&format!("http://127.0.0.1:{port}/referral-checklist/"));
    assert!(browser.print_page_count(json!({"orientation": "portrait"})) > 1);
    for module in modules {
        let url = format!("http://127.0.0.1:{port}/trainings/{module}/certificate/");
        browser.goto(&url);
        browser.find("body[data-training-ready='1']");
        // A finished module with a long name: the fullest the certificate gets.
        browser.execute(
            "const root = document.querySelector('[data-certificate]');
             const l = {}; for (const s of root.dataset.lessons.split(' ')) l[s] = 2;
             const m = {}; m[root.dataset.moduleKey] = { l, s: 100, p: '2026-11-27' };
             localStorage.setItem('tierbook:v1:/', JSON.stringify({ m, c: {}, n: 'Maria Guadalupe Hernandez-Rodriguez de la Cruz' }));",
            json!([]),
        );
        browser.goto(&url);
        browser.find("body[data-training-ready='1']");
        assert_eq!(browser.text("[data-cert-score]"), "100%", "{module}");
        let pages = browser.print_page_count(json!({"orientation": "portrait", "background": true}));
        assert_eq!(pages, 1, "the certificate of {module} prints on {pages} pages");
    }
}

#[test]
fn training_pages_have_no_axe_violations() {
    let test = "training_pages_have_no_axe_violations";
    let Some(axe) = require_tool(Tool::AxeCore, test) else { return };
    let axe = std::fs::read_to_string(&axe).unwrap_or_else(|err| panic!("read {}: {err}", axe.display()));
    let Some(s) = open(test) else { return };
    let audit = |s: &Session, what: &str| {
        s.js(&axe, json!([]));
        let violations = s.browser.post(
            "/execute/async",
            json!({"script": "const done = arguments[arguments.length - 1];
                axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                  .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))));",
                "args": []}),
        );
        assert_eq!(violations, json!([]), "axe on {what}");
    };
    for page in [
        "trainings/",
        "trainings/basics/",
        "trainings/basics/01-first/",
        "trainings/basics/certificate/",
        "checklist/",
        "guides/",
        "guides/letters/",
        "areas/",
        "tiers/1/",
    ] {
        s.visit(page);
        audit(&s, page);
    }
    // The graded quiz, with feedback showing.
    s.visit("trainings/basics/03-check/");
    s.answer("describe", &["a"]);
    s.click("[data-quiz-check]");
    audit(&s, "the graded knowledge check");
}

#[test]
fn without_javascript_guides_filter_by_links_and_answers_are_in_details() {
    let Some(browser) = webdriver::browser("without_javascript_guides_filter_by_links_and_answers_are_in_details")
    else {
        return;
    };
    // Chromium's own switch for pages without scripts (chromedriver passes DevTools commands on).
    browser
        .post("/goog/cdp/execute", json!({"cmd": "Emulation.setScriptExecutionDisabled", "params": {"value": true}}));
    let site = TestSite::fixture("training/module").built();
    let root = format!("http://127.0.0.1:{}{BASE}", serve(site.out(), BASE));
    let displayed = |css: &str| browser.get(&format!("/element/{}/displayed", browser.find(css))) == json!(true);
    let text =
        |css: &str| browser.get(&format!("/element/{}/text", browser.find(css))).as_str().unwrap_or("").to_string();

    // The filter form needs JavaScript; the tier and area links do the same job without it.
    browser.goto(&format!("{root}guides/"));
    assert!(!displayed("form[data-guide-filter]"));
    browser.click("a[href='/pd/tiers/2/']");
    assert!(browser.get("/url").as_str().unwrap_or("").ends_with("/pd/tiers/2/"));
    let listed = text("main");
    assert!(listed.contains("Quiet corner") && !listed.contains("Letter formation"), "{listed}");
    browser.click("a[href='/pd/areas/handwriting/']");
    let listed = text("main");
    assert!(listed.contains("Letter formation") && listed.contains("Warm-ups") && !listed.contains("Quiet corner"));

    // Each question's answer and explanation are in a <details>.
    browser.goto(&format!("{root}trainings/basics/03-check/"));
    assert!(!displayed("[data-quiz-actions]"), "no buttons that would do nothing");
    assert!(!displayed("fieldset[data-question='describe'] details[data-answer] p"));
    browser.click("fieldset[data-question='describe'] details[data-answer] summary");
    assert!(text("fieldset[data-question='describe'] details[data-answer]").contains("countable and tied to a task"));

    // The certificate page explains what to do.
    browser.goto(&format!("{root}trainings/basics/certificate/"));
    assert!(displayed("[data-cert-nojs]"));
    assert!(!displayed("[data-cert-status]"));
}
