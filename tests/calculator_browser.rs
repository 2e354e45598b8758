//! The calculator in headless Chromium: build the fixture site with the real binary, serve it, type
//! the brief's test vectors into the form, and check that the page shows exactly what the native
//! calculator crate computes (the same code, compiled to wasm).

use calculator::{compute, Inputs, Level, Mode, Outcome};
use serde_json::{json, Value};

use crate::harness::TestSite;
use crate::webdriver::{self, serve, Browser};

/// The fixture's base path: the site must work below one.
const FIXTURE_BASE: &str = "/pd/";

fn native(mode: Mode, pairs: &[(&str, &str)]) -> Outcome {
    compute(mode, &pairs.iter().fold(Inputs::new(), |inputs, (k, v)| inputs.with(k, v)))
}

/// What the form shows: the summary, the result rows and each visible field message.
fn shown(browser: &Browser, id: &str) -> Value {
    browser.execute(
        "const root = document.getElementById(arguments[0]);
         const results = root.querySelector('[data-results]');
         return {
           summary: root.querySelector('[data-summary]').textContent,
           results: results.hidden ? [] : [...results.tBodies[0].rows].map(r =>
             [r.dataset.result, r.querySelector('th').textContent, r.querySelector('td').textContent]),
           messages: [...root.querySelectorAll('[data-message-for]')].filter(m => !m.hidden && !m.closest('[hidden]'))
             .map(m => [m.dataset.messageFor, m.textContent]),
           notes: [...root.querySelectorAll('[data-notes] li')].map(li => li.textContent),
           table: root.querySelector('[data-years]').hidden ? null
             : [...root.querySelectorAll('[data-years] tr')].map(r => [...r.cells].map(c => c.textContent)),
           text: root.innerText,
         };",
        json!([id]),
    )
}

fn expected(outcome: &Outcome) -> (Value, Value) {
    let results: Vec<Value> = outcome.figures.iter().map(|f| json!([f.id, f.label, f.display()])).collect();
    let messages: Vec<Value> = outcome.messages.iter().map(|m| json!([m.field, m.text])).collect();
    (Value::from(results), Value::from(messages))
}

fn field(block: &str, panel: &str, id: &str) -> String {
    format!("#{block}-{panel}-{}", id.replace('_', "-"))
}

fn enter(browser: &Browser, block: &str, panel: &str, pairs: &[(&str, &str)]) {
    browser.click(&format!("input[name='{block}-mode'][value='{panel}']"));
    for (id, value) in pairs {
        browser.fill(&field(block, panel, id), value);
    }
}

fn assert_matches(browser: &Browser, block: &str, outcome: &Outcome, what: &str) {
    let page = shown(browser, block);
    let (results, messages) = expected(outcome);
    assert_eq!(page["results"], results, "{what}: results");
    assert_eq!(page["messages"], messages, "{what}: messages");
    if !outcome.blocked() {
        assert_eq!(page["summary"], outcome.summary.as_str(), "{what}: summary");
        assert_eq!(page["notes"], json!(outcome.notes), "{what}: notes");
        let table = outcome.table.as_ref().map(|t| std::iter::once(&t.header).chain(&t.rows).collect::<Vec<_>>());
        assert_eq!(page["table"], json!(table), "{what}: year-by-year table");
    }
    let text = page["text"].as_str().unwrap_or_default();
    assert!(!text.contains("NaN") && !text.contains("undefined"), "{what}: {text}");
}

#[test]
fn the_form_shows_what_the_native_calculator_computes() {
    let Some(browser) = webdriver::browser("calculator browser test") else { return };
    let site = TestSite::fixture("calculator/site");
    site.build().success();
    let port = serve(site.out(), FIXTURE_BASE);
    check_page(&browser, &format!("http://127.0.0.1:{port}{FIXTURE_BASE}calculator/"));
}

/// The bundled site's own calculator page (the done-when of the calculator issue).
#[test]
fn the_bundled_calculator_page_shows_the_case_figures() {
    let Some(browser) = webdriver::browser("bundled calculator page browser test") else { return };
    let site = TestSite::bundled();
    site.build().success();
    let port = serve(site.out(), "/");
    check_page(&browser, &format!("http://127.0.0.1:{port}/calculator/"));
}

/// Types T1, T2, T4 and T7 into the page's first calculator and compares with the native crate.
fn check_page(browser: &Browser, page: &str) {
    browser.goto(page);
    browser.find("body[data-calculator-ready='1']");
    let id = browser.execute("return document.querySelector('[data-calculator]').id", json!([]));
    let id = id.as_str().expect("the calculator has an id").to_string();
    let id = id.as_str();
    assert_eq!(
        browser.execute(&format!("return document.querySelector('#{id} [data-example]').hidden"), json!([])),
        true
    );

    // T1: the preset's figures, typed in again.
    let t1 = [("students", "134"), ("cost_before", "2152"), ("cost_after", "1614")];
    enter(browser, id, "compare", &t1);
    let outcome = native(Mode::Compare, &t1);
    assert_matches(browser, id, &outcome, "T1");
    assert_eq!(shown(browser, id)["results"][3], json!(["savings", "Savings", "$72,092"]));
    assert_eq!(shown(browser, id)["results"][4], json!(["reduction_pct", "Reduction", "25.0%"]));

    // T2: work back from the reported $538 and 25%.
    let t2 = [("students", "134"), ("diff_per_student", "538"), ("reduction_pct", "25")];
    enter(browser, id, "work-back", &t2);
    assert_matches(browser, id, &native(Mode::WorkBack, &t2), "T2");
    assert_eq!(shown(browser, id)["results"][0], json!(["cost_before", "Previous cost per student", "$2,152"]));

    // T4: a cost increase, not a negative saving.
    let t4 = [("students", "10"), ("cost_before", "1500"), ("cost_after", "1800")];
    enter(browser, id, "compare", &t4);
    assert_matches(browser, id, &native(Mode::Compare, &t4), "T4");
    assert_eq!(shown(browser, id)["results"][3], json!(["cost_increase", "Cost increase", "$3,000"]));

    // T7: a 0% reduction is blocked, with the message next to the field and no result.
    let t7 = [("students", "134"), ("diff_per_student", "538"), ("reduction_pct", "0")];
    enter(browser, id, "work-back", &t7);
    let outcome = native(Mode::WorkBack, &t7);
    assert!(outcome.blocked() && outcome.messages[0].level == Level::Error);
    assert_matches(browser, id, &outcome, "T7");
    let state = shown(browser, id);
    assert_eq!(state["messages"], json!([["reduction_pct", "Percentage must be greater than 0"]]));
    assert_eq!(state["summary"], "No result yet. Percentage must be greater than 0.");
    let invalid = format!(
        "return document.querySelector('{}').getAttribute('aria-invalid')",
        field(id, "work-back", "reduction_pct")
    );
    assert_eq!(browser.execute(&invalid, json!([])), "true");

    // The share link holds the mode and the inputs; opening it restores them.
    let link = browser.execute(&format!("return document.querySelector('#{id} [data-share]').href"), json!([]));
    let link = link.as_str().expect("a share link").to_string();
    assert!(link.contains("mode=work-back") && link.contains("reduction_pct=0"), "{link}");
    browser.goto(&link);
    browser.find("body[data-calculator-ready='1']");
    assert_matches(browser, id, &outcome, "T7 from the share link");

    // Bad values in a URL show the messages, never NaN.
    browser.goto(&format!("{page}?calc={id}&mode=compare&students=abc&cost_before=-5&cost_after=1e9"));
    browser.find("body[data-calculator-ready='1']");
    let bad = native(Mode::Compare, &[("students", "abc"), ("cost_before", "-5"), ("cost_after", "1e9")]);
    assert_eq!(bad.messages.len(), 3);
    assert_matches(browser, id, &bad, "bad URL values");

    // The other panels, including the two results that need 128-bit arithmetic in the wasm (the
    // Medicaid offset, the forecast's compounding), at awkward values.
    let employed = [
        ("salary", "80000"),
        ("benefits_pct", "35"),
        ("other_costs", "3000"),
        ("caseload", "47"),
        ("ota_share_pct", "12.5"),
        ("ota_salary", "55000"),
    ];
    enter(browser, id, "build-up", &employed);
    browser.execute(&format!("document.querySelector('#{id} .tb-calc-medicaid').open = true"), json!([]));
    let medicaid = [
        ("medicaid_eligible_pct", "33.33"),
        ("medicaid_reimbursable_pct", "81.7"),
        ("medicaid_recovered_pct", "59.99"),
    ];
    for (field_id, value) in medicaid {
        browser.fill(&field(id, "build-up", field_id), value);
    }
    let outcome = native(Mode::Employed, &[&employed[..], &medicaid[..]].concat());
    assert!(outcome.figure("medicaid_offset").is_some());
    assert_matches(browser, id, &outcome, "employed with a Medicaid offset");

    let what_if = [("referrals", "99999"), ("resolved_pct", "99.99"), ("eval_cost", "4999.99")];
    enter(browser, id, "what-if", &what_if);
    assert_matches(browser, id, &native(Mode::WhatIf, &what_if), "what-if at its widest");

    let forecast = [
        ("students", "137"),
        ("cost_before", "2152.37"),
        ("cost_after", "1614.03"),
        ("years", "10"),
        ("caseload_growth_pct", "-3.7"),
        ("cost_growth_pct", "19.9"),
    ];
    enter(browser, id, "forecast", &forecast);
    let outcome = native(Mode::Forecast, &forecast);
    assert_eq!(outcome.table.as_ref().map(|t| t.rows.len()), Some(10));
    assert_matches(browser, id, &outcome, "forecast over ten years");
}
