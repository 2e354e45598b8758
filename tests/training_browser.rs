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
    assert_eq!(s.lesson_state("01-first"), "Not started");
    assert_eq!(s.text("[data-start]"), "Start the first lesson");
    assert!(s.visible("[data-module-progress]"));
    assert_eq!(s.text("[data-progress-text]"), "0 of 3 lessons complete");

    // Opening a lesson, even reading it to the end, does not complete it: the reader says so.
    s.visit("trainings/basics/01-first/");
    assert_eq!(s.saved()["m"]["/trainings/basics/"]["l"]["01-first"], json!(1), "opened");
    s.js("document.querySelector('[data-lesson-end]').scrollIntoView();", json!([]));
    s.visit("trainings/basics/");
    assert_eq!(s.lesson_state("01-first"), "In progress");
    assert_eq!(s.text("[data-start]"), "Continue: First lesson", "Continue goes to the first incomplete lesson");
    s.visit("trainings/basics/01-first/");
    assert_eq!(s.text("[data-mark-complete]"), "Mark this lesson complete");
    s.click("[data-mark-complete]");
    assert_eq!(s.saved()["m"]["/trainings/basics/"]["l"]["01-first"], json!(3), "completed");
    assert!(s.text("[data-mark-status]").contains("marked this lesson complete"));
    assert_eq!(s.text("[data-progress-text]"), "1 of 3 lessons complete");
    s.visit("trainings/basics/02-second/");
    s.visit("trainings/basics/");
    assert_eq!(s.lesson_state("01-first"), "Complete");
    assert_eq!(s.lesson_state("02-second"), "In progress");
    assert_eq!(s.lesson_state("03-check"), "Not started");
    assert_eq!(s.text("[data-start]"), "Continue: Second lesson");

    // The check: one wrong answer out of three is 67%, under the 75% pass mark.
    s.visit("trainings/basics/03-check/");
    assert!(!s.visible("details[data-answer]"), "answers stay closed while the quiz is open");
    assert!(!s.visible("[data-mark-complete]"), "the check is complete when passed, not when marked");
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
    assert!(!s.visible("[data-quiz-result]"));
    s.answer("describe", &["b"]);
    s.answer("data", &["a", "c"]);
    s.answer("parent", &["false"]);
    s.click("[data-quiz-check]");
    assert!(s.text("[data-quiz-result]").contains("You passed"), "{}", s.text("[data-quiz-result]"));
    // Passed, but the second lesson is not complete: the page names it, with a link.
    assert!(s.visible("[data-cert-cta]"));
    assert_eq!(
        s.js(
            "return [...document.querySelectorAll('[data-cert-missing] a')].map(a => a.getAttribute('href'));",
            json!([])
        ),
        json!(["/pd/trainings/basics/02-second/"])
    );
    assert!(!s.visible("[data-cert-cta-link]"));

    // The certificate is not unlocked yet, and says which lesson is missing.
    s.visit("trainings/basics/certificate/");
    assert!(!s.visible("[data-cert-form]"));
    assert!(
        s.text("[data-cert-checks]").contains("To do: Mark this lesson complete"),
        "{}",
        s.text("[data-cert-checks]")
    );
    assert_eq!(s.text("[data-cert-checks] .tb-todo a"), "Second lesson");
    assert!(s.text("[data-cert-checks]").contains("Done: Passed the knowledge check with 100%"));
    s.click("[data-cert-checks] .tb-todo a");
    s.browser.find("body[data-training-ready='1'] [data-mark-complete]");
    s.click("[data-mark-complete]");

    // Reload: progress is kept.
    s.visit("trainings/basics/03-check/");
    assert!(s.text("[data-quiz-result]").contains("You passed this check on"), "{}", s.text("[data-quiz-result]"));
    assert!(s.visible("[data-cert-cta-link]"));
    s.visit("trainings/basics/");
    assert_eq!(s.lesson_state("03-check"), "Passed");
    assert_eq!(s.text("[data-start]"), "Get your certificate");
    assert_eq!(s.text("[data-progress-text]"), "All 3 lessons complete");
    let saved = s.saved();
    assert!(saved.to_string().len() < 4096, "fits SCORM 1.2 suspend data");

    // The certificate, with its code computed as the Rust implementation does.
    s.visit("trainings/basics/certificate/");
    assert!(!s.visible("[data-cert-nojs]"));
    assert!(s.visible("[data-cert-form]"));
    assert_eq!(s.text("[data-cert-code]"), "____-____", "no code before the name");
    s.browser.fill("#tb_cert_name", "Ada <b>Lovelace</b>");
    s.click("[data-cert-form] button[type=submit]");
    assert_eq!(s.text("[data-cert-name]"), "Ada <b>Lovelace</b>", "names are text, never HTML");
    assert_eq!(s.text("[data-cert-score]"), "100%");
    assert!(!s.text("[data-cert-date]").is_empty());
    assert!(s.text(".tb-certificate").contains("self-attested"));
    assert!(s.text(".tb-certificate").contains("not forgery"));
    assert!(s.text(".tb-certificate").contains("Supervisor's signature"));
    let date = s.saved()["m"]["/trainings/basics/"]["p"].as_str().expect("the date passed").to_string();
    let expected = tierbook::render::certificate_code(&tierbook::render::CodeFields {
        site: "https://example.test/pd/",
        module: "/trainings/basics/",
        name: "Ada <b>Lovelace</b>",
        hours: "0.5",
        date: &date,
    });
    assert_eq!(s.text("[data-cert-code]"), expected);
    s.visit("trainings/basics/certificate/");
    assert_eq!(s.text("[data-cert-name]"), "Ada <b>Lovelace</b>", "the name is remembered");
    assert_eq!(s.text("[data-cert-code]"), expected);

    // The home page offers to continue.
    s.visit("");
    assert!(s.visible("[data-home-continue]"));
}

#[test]
fn progress_saved_before_confirmation_existed_reads_as_in_progress() {
    let Some(s) = open("progress_saved_before_confirmation_existed_reads_as_in_progress") else { return };
    s.visit("trainings/basics/");
    // Version 1 records wrote 2 when a lesson's end scrolled into view, and the check's slug 2 when passed.
    s.js(
        "localStorage.setItem(arguments[0], JSON.stringify({ m: { '/trainings/basics/': { l: { '01-first': 2, '02-second': 1, '03-check': 2 }, s: 100, p: '2026-11-02' } }, c: {} }));",
        json!([KEY]),
    );
    s.visit("trainings/basics/");
    assert_eq!(s.lesson_state("01-first"), "In progress");
    assert_eq!(s.lesson_state("02-second"), "In progress");
    assert_eq!(s.lesson_state("03-check"), "Passed", "a passed check stays passed");
    assert_eq!(s.text("[data-progress-text]"), "1 of 3 lessons complete");
    assert_eq!(s.text("[data-start]"), "Continue: First lesson");
    s.visit("trainings/basics/certificate/");
    assert!(!s.visible("[data-cert-form]"), "old 'opened' states do not unlock the certificate");
    assert_eq!(s.js("return document.querySelectorAll('[data-cert-checks] .tb-todo a').length;", json!([])), json!(2));
}

#[test]
fn knowledge_check_keeps_answers_warns_of_blanks_and_puts_the_score_first() {
    let Some(s) = open("knowledge_check_keeps_answers_warns_of_blanks_and_puts_the_score_first") else { return };
    s.visit("trainings/basics/03-check/");
    s.answer("describe", &["b"]);
    s.answer("data", &["c"]);
    // Leave and come back: the answers chosen are still there.
    s.visit("trainings/basics/");
    s.visit("trainings/basics/03-check/");
    let checked =
        s.js("return [...document.querySelectorAll('form[data-quiz] input:checked')].map(i => i.id.split('_').slice(-2).join('_'));", json!([]));
    assert_eq!(checked, json!(["describe_b", "data_c"]));

    // Checking with a blank names it first, and focus moves to the notice.
    s.click("[data-quiz-check]");
    assert!(s.visible("[data-quiz-unanswered]"));
    let notice = s.text("[data-quiz-unanswered]");
    assert!(notice.contains("You have not answered 1 question") && notice.contains("Question 3 of 3"), "{notice}");
    assert!(!notice.contains("Question 1 of 3"), "{notice}");
    assert_eq!(s.js("return document.activeElement.matches('[data-quiz-unanswered]');", json!([])), json!(true));
    assert!(!s.visible("[data-quiz-result]"), "not graded yet");
    s.click("[data-quiz-unanswered] a");
    assert_eq!(s.js("return document.activeElement.closest('fieldset').dataset.question;", json!([])), json!("parent"));

    // Checking again grades anyway; the score stands above the questions and takes focus.
    s.click("[data-quiz-check]");
    let result = s.text("[data-quiz-result]");
    assert!(result.contains("1 of 3"), "{result}");
    assert_eq!(s.js("return document.activeElement.matches('[data-quiz-result]');", json!([])), json!(true));
    let above = s.js(
        "return document.querySelector('[data-quiz-result]').getBoundingClientRect().bottom <= document.querySelector('fieldset[data-question]').getBoundingClientRect().top;",
        json!([]),
    );
    assert_eq!(above, json!(true), "the score is at the top of the results");
    assert_eq!(s.text("fieldset[data-question='parent'] [data-question-result]"), "Not answered.");
    // Try again clears the kept answers.
    s.click("[data-quiz-retry]");
    s.visit("trainings/basics/03-check/");
    assert_eq!(s.js("return document.querySelectorAll('form[data-quiz] input:checked').length;", json!([])), json!(0));
}

/// The same vectors through the Rust and the JavaScript implementation of the certificate code.
#[test]
fn certificate_codes_agree_between_rust_and_the_browser() {
    let Some(s) = open("certificate_codes_agree_between_rust_and_the_browser") else { return };
    let vectors: &[(&str, &str, &str, &str, &str)] = &[
        ("https://example.test/pd/", "/trainings/basics/", "Ada Lovelace", "0.5", "2026-12-03"),
        ("https://EXAMPLE.test/pd", "/trainings/basics/", "  ada   LOVELACE ", "0,50", "2026-12-03"),
        ("https://district.example/", "/trainings/referral-quality/", "María José Núñez", "1.25", "2027-01-31"),
        (
            "https://district.example/",
            "/trainings/referral-quality/",
            "Mari\u{301}a Jose\u{301} Nu\u{301}n\u{303}ez",
            "1.250",
            "2027-01-31",
        ),
        ("https://district.example/", "/m/", "Nguyễn Thị Minh Khai", "", "2026-02-28"),
        ("https://district.example/", "/m/", "ΟΔΥΣΣΕΥΣ 王小明", "2", "2026-02-28"),
        ("http://127.0.0.1:8080/", "/m/", "O'Brien-Smith\u{a0}Jr.", "10", "2030-12-31"),
    ];
    s.visit("certificates/verify/");
    let mut rust = Vec::new();
    let mut fields = Vec::new();
    for &(site, module, name, hours, date) in vectors {
        rust.push(tierbook::render::certificate_code(&tierbook::render::CodeFields {
            site,
            module,
            name,
            hours,
            date,
        }));
        fields.push(json!({"site": site, "module": module, "name": name, "hours": hours, "date": date}));
    }
    let js = s.browser.execute_async(
        "const [fields, base, done] = arguments;
         import(base + 'js/certificate-code.js').then(m => done(fields.map(f => m.certificateCode(f))), e => done(String(e)));",
        json!([fields, BASE]),
    );
    assert_eq!(js, json!(rust));
    // The vectors exercise the normalisation: 1 and 2 are one certificate, 3 and 4 too.
    assert_eq!(rust[0], rust[1]);
    assert_eq!(rust[2], rust[3]);
    let mut distinct = rust.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 5, "{rust:?}");
}

#[test]
fn the_verify_page_recomputes_a_code_from_printed_fields() {
    let Some(s) = open("the_verify_page_recomputes_a_code_from_printed_fields") else { return };
    s.visit("certificates/verify/");
    let text = s.text("main");
    assert!(text.contains("does not catch forgery") && text.contains("learning management system"), "{text}");
    assert!(!s.visible("[data-verify-nojs]"));
    let code = tierbook::render::certificate_code(&tierbook::render::CodeFields {
        site: "https://example.test/pd/",
        module: "/trainings/basics/",
        name: "Ada Lovelace",
        hours: "0.5",
        date: "2026-12-03",
    });
    assert_eq!(s.js("return document.querySelector('[name=hours]').value;", json!([])), json!("0.5"));
    s.browser.fill("#tb_verify_name", "ada lovelace");
    s.js("document.querySelector('#tb_verify_date').value = '2026-12-03';", json!([]));
    // Typed as read aloud: lower case, no dash, O for 0.
    s.browser.fill("#tb_verify_code", &code.replace('-', " ").to_lowercase().replace('0', "o"));
    s.click("[data-verify-form] button[type=submit]");
    assert!(s.text("[data-verify-result]").starts_with("The code matches"), "{}", s.text("[data-verify-result]"));
    s.browser.fill("#tb_verify_name", "Ada Lovelance");
    s.click("[data-verify-form] button[type=submit]");
    assert!(
        s.text("[data-verify-result]").starts_with("The code does not match"),
        "{}",
        s.text("[data-verify-result]")
    );
    // The worked example on the page, computed by Rust at build, checks out in the browser.
    let example = s.text("[data-verify-example]");
    s.browser.fill("#tb_verify_name", "Jordan Sample");
    s.js("document.querySelector('#tb_verify_date').value = '2026-01-15';", json!([]));
    s.browser.fill("#tb_verify_code", &example);
    s.click("[data-verify-form] button[type=submit]");
    assert!(s.text("[data-verify-result]").starts_with("The code matches"), "{}", s.text("[data-verify-result]"));
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
    let modules = modules_with_certificates(&site.out());
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
             const l = {}; for (const li of root.querySelectorAll('[data-cert-lessons] li')) l[li.dataset.lesson.split('/').filter(Boolean).pop()] = 3;
             const m = {}; m[root.dataset.moduleKey] = { l, s: 100, p: '2026-11-27' };
             localStorage.setItem('tierbook:v1:/', JSON.stringify({ m, c: {}, n: 'Maria Guadalupe Hernandez-Rodriguez de la Cruz' }));",
            json!([]),
        );
        browser.goto(&url);
        browser.find("body[data-training-ready='1']");
        assert_eq!(browser.text("[data-cert-score]"), "100%", "{module}");
        assert!(!browser.text("[data-cert-code]").contains('_'), "{module}: the code is filled in");
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
        "certificates/verify/",
        "checklist/",
        "guides/",
        "guides/letters/",
        "areas/",
        "tiers/1/",
    ] {
        s.visit(page);
        audit(&s, page);
    }
    // A lesson marked complete, the notice of unanswered questions, the graded quiz with
    // feedback showing, a certificate that names what is missing, and a checked code.
    s.visit("trainings/basics/01-first/");
    s.click("[data-mark-complete]");
    audit(&s, "a lesson marked complete");
    s.visit("trainings/basics/03-check/");
    s.answer("describe", &["a"]);
    s.click("[data-quiz-check]");
    audit(&s, "the notice of unanswered questions");
    s.click("[data-quiz-check]");
    audit(&s, "the graded knowledge check");
    s.visit("trainings/basics/certificate/");
    audit(&s, "a certificate not yet unlocked");
    s.visit("certificates/verify/");
    s.browser.fill("#tb_verify_name", "A");
    s.browser.fill("#tb_verify_code", "AAAA-AAAA");
    s.js("document.querySelector('#tb_verify_date').value = '2026-12-03';", json!([]));
    s.click("[data-verify-form] button[type=submit]");
    audit(&s, "a code that does not match");
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

    // The module page still offers the way in; progress features stay out of the way.
    browser.goto(&format!("{root}trainings/basics/"));
    assert!(displayed("[data-start]"));
    assert_eq!(text("[data-start]"), "Start the first lesson");
    assert!(!displayed("[data-module-progress]"));
    browser.goto(&format!("{root}trainings/basics/01-first/"));
    assert!(!displayed("[data-mark-complete]"), "no button that would do nothing");
    assert!(displayed("a[rel='next']"), "next lesson");

    // The certificate page explains what to do; so does the verify page.
    browser.goto(&format!("{root}trainings/basics/certificate/"));
    assert!(displayed("[data-cert-nojs]"));
    assert!(!displayed("[data-cert-status]"));
    browser.goto(&format!("{root}certificates/verify/"));
    assert!(displayed("[data-verify-nojs]"));
    assert!(!displayed("[data-verify-form]"));
}

/// Where the module page's Start button sits on a 375 x 667 phone, for every bundled module.
/// The header is the theme's (issue 13 asks under 100 px); it is measured, and a taller one is
/// counted as 100 px so this test judges the module page's own layout.
#[test]
fn every_bundled_module_offers_start_in_the_first_screen_on_a_phone() {
    let Some(browser) = webdriver::browser("every_bundled_module_offers_start_in_the_first_screen_on_a_phone") else {
        return;
    };
    browser.post(
        "/goog/cdp/execute",
        json!({"cmd": "Emulation.setDeviceMetricsOverride", "params": {"width": 375, "height": 667, "deviceScaleFactor": 2, "mobile": true}}),
    );
    let site = TestSite::bundled().built();
    let port = serve(site.out(), "/");
    let modules = modules_with_certificates(&site.out());
    for module in modules {
        browser.goto(&format!("http://127.0.0.1:{port}/trainings/{module}/"));
        browser.find("body[data-training-ready='1']");
        let m = browser.execute(
            "const b = document.querySelector('[data-start]').getBoundingClientRect();
             const h = document.querySelector('.site-header').getBoundingClientRect();
             return { bottom: b.bottom + scrollY, header: h.height, screen: innerHeight, width: innerWidth };",
            json!([]),
        );
        let (bottom, header) = (m["bottom"].as_f64().unwrap_or(f64::MAX), m["header"].as_f64().unwrap_or(0.0));
        assert_eq!(m["screen"], json!(667), "{m}");
        let at = bottom - header + header.min(100.0);
        eprintln!(
            "{module}: Start button bottom at {bottom:.0} px (header {header:.0} px), {at:.0} px with a 100 px header"
        );
        assert!(at <= 667.0, "{module}: the Start button ends at {at:.0} px, below the first screen ({m})");
    }
}

/// Shift+Tab: Shift held while Tab is pressed.
fn shift_tab(browser: &Browser) {
    browser.post(
        "/actions",
        json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": webdriver::SHIFT}, {"type": "keyDown", "value": webdriver::TAB},
            {"type": "keyUp", "value": webdriver::TAB}, {"type": "keyUp", "value": webdriver::SHIFT}]}]}),
    );
}

/// From the home page to the printed certificate with the keyboard only: Tab, Shift+Tab, Enter,
/// Space and arrows as WebDriver key actions, never a click.
#[test]
fn a_module_can_be_completed_with_the_keyboard_only() {
    use webdriver::{ARROW_DOWN, ENTER, SPACE};
    let Some(s) = open("a_module_can_be_completed_with_the_keyboard_only") else { return };
    let b = &s.browser;
    let ready = |what: &str| {
        b.wait_until(
            what,
            "return document.body.dataset.trainingReady === '1' && location.pathname.endsWith(arguments[0]);",
            json!([what]),
        )
    };
    let focused_is =
        |css: &str| b.execute("return document.activeElement.matches(arguments[0]);", json!([css])) == json!(true);

    s.visit("");
    b.tab_to("a[href='/pd/trainings/']", 40);
    b.press(&[ENTER]);
    ready("/pd/trainings/");
    b.tab_to("main a[href='/pd/trainings/basics/']", 40);
    b.press(&[ENTER]);
    ready("/pd/trainings/basics/");
    b.tab_to("[data-start]", 40);
    b.press(&[ENTER]);

    for (lesson, next) in [("01-first/", "02-second/"), ("02-second/", "03-check/")] {
        ready(&format!("/pd/trainings/basics/{lesson}"));
        b.tab_to("[data-mark-complete]", 60);
        b.press(&[SPACE]);
        assert!(s.text("[data-mark-status]").contains("complete"), "{lesson}");
        b.tab_to(&format!("a[rel='next'][href$='/{next}']"), 40);
        b.press(&[ENTER]);
    }

    // The knowledge check: arrows choose in a radio group, Space ticks a checkbox.
    ready("/pd/trainings/basics/03-check/");
    b.tab_to("fieldset[data-question='describe'] input", 60);
    b.press(&[ARROW_DOWN]);
    assert!(focused_is("input[value='b']:checked"), "{}", b.focused());
    b.tab_to("fieldset[data-question='data'] input[value='a']", 10);
    b.press(&[SPACE]);
    b.tab_to("fieldset[data-question='data'] input[value='c']", 10);
    b.press(&[SPACE]);
    b.tab_to("fieldset[data-question='parent'] input", 10);
    // Back and forth: Shift+Tab returns to the last checkbox, Tab comes back.
    shift_tab(b);
    assert!(focused_is("fieldset[data-question='data'] input[value='c']:checked"), "{}", b.focused());
    b.tab_to("fieldset[data-question='parent'] input", 10);
    b.press(&[ARROW_DOWN]);
    assert!(focused_is("input[value='false']:checked"), "{}", b.focused());
    b.tab_to("[data-quiz-check]", 10);
    b.press(&[ENTER]);
    assert!(focused_is("[data-quiz-result]"), "focus moves to the score: {}", b.focused());
    assert!(s.text("[data-quiz-result]").contains("You passed"));
    b.tab_to("[data-cert-cta-link]", 40);
    b.press(&[ENTER]);

    ready("/pd/trainings/basics/certificate/");
    b.tab_to("#tb_cert_name", 40);
    b.type_text("Grace Hopper");
    b.press(&[ENTER]);
    assert_eq!(s.text("[data-cert-name]"), "Grace Hopper");
    let code = s.text("[data-cert-code]");
    assert_eq!(code.len(), 9, "{code}");
    assert!(!code.contains('_'), "{code}");
    b.tab_to("[data-print]", 5);
    let pages = b.print_page_count(json!({"orientation": "portrait", "background": true}));
    assert_eq!(pages, 1, "the certificate prints on {pages} pages");
}

/// The folder names of the built modules under trainings/ that have a certificate page; never empty.
fn modules_with_certificates(out: &std::path::Path) -> Vec<String> {
    let modules: Vec<String> = std::fs::read_dir(out.join("trainings"))
        .expect("trainings folder")
        .flatten()
        .filter(|e| e.path().join("certificate/index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!modules.is_empty(), "no module with a certificate under {}", out.display());
    modules
}
