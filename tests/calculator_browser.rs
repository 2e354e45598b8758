//! The calculator in headless Chromium: build the fixture site with the real binary, serve it, type
//! the brief's test vectors into the form, and check that the page shows exactly what the native
//! calculator crate computes (the same code, compiled to wasm).

use calculator::{compute, Inputs, Level, Mode, Outcome};
use serde_json::{json, Value};

use crate::harness::TestSite;
use crate::webdriver::{self, serve, Browser};

/// The fixture's base path: the site must work below one.
const FIXTURE_BASE: &str = "/pd/";

/// Ten forecast years with growth both ways and cents: the widest result table and the longest sheet.
const LONGEST_FORECAST: [(&str, &str); 6] = [
    ("students", "137"),
    ("cost_before", "2152.37"),
    ("cost_after", "1614.03"),
    ("years", "10"),
    ("caseload_growth_pct", "-3.7"),
    ("cost_growth_pct", "19.9"),
];

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
    let results: Vec<Value> = outcome.figures.iter().map(|f| json!([f.id, f.label(), f.display()])).collect();
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

    enter(browser, id, "forecast", &LONGEST_FORECAST);
    let outcome = native(Mode::Forecast, &LONGEST_FORECAST);
    assert_eq!(outcome.table.as_ref().map(|t| t.rows.len()), Some(10));
    assert_matches(browser, id, &outcome, "forecast over ten years");
}

// ---- Print and CSV (issue 15: the calculator, for a board) ----

/// `tierbook calc <args> --format json` on the real binary.
fn calc_json(args: &[&str]) -> Value {
    let output =
        crate::harness::tierbook().arg("calc").args(args).args(["--format", "json"]).output().expect("run calc");
    assert!(output.status.success(), "tierbook calc {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("calc prints JSON")
}

/// Clicks the form's "Download CSV" and returns the file's name and text, read from the Blob the
/// page made: URL.createObjectURL is wrapped to keep the Blob, and the click on the blob: link is
/// recorded (its `download` name) instead of saving a file into the test user's home.
fn download_csv(browser: &Browser, id: &str) -> (String, String) {
    browser.execute(
        "if (!window.__csv) {
           const make = URL.createObjectURL.bind(URL);
           URL.createObjectURL = (blob) => { window.__csv = { blob }; return make(blob); };
           const click = HTMLAnchorElement.prototype.click;
           HTMLAnchorElement.prototype.click = function () {
             if (window.__csv && this.href.startsWith('blob:')) { window.__csv.name = this.download; return; }
             return click.call(this);
           };
         }
         window.__csv = {};",
        json!([]),
    );
    browser.click(&format!("#{id} [data-action='csv']"));
    let got = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         // The bytes, not blob.text(): a text decoder would drop the byte order mark.
         window.__csv.blob.arrayBuffer().then((b) => done([window.__csv.name, window.__csv.blob.type, [...new Uint8Array(b)]]));",
        json!([]),
    );
    assert_eq!(got[1], "text/csv;charset=utf-8");
    let bytes: Vec<u8> = got[2].as_array().expect("the bytes").iter().map(|b| b.as_u64().unwrap_or(0) as u8).collect();
    (got[0].as_str().unwrap_or_default().to_string(), String::from_utf8(bytes).expect("UTF-8"))
}

/// The CSV's records (part, id, label, shown, value), read with the csv crate.
fn csv_records(text: &str) -> Vec<[String; 5]> {
    let text = text.strip_prefix('\u{feff}').expect("a UTF-8 byte order mark, for spreadsheets");
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\r'), "CRLF line ends");
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
    let header = reader.headers().expect("a header").clone();
    assert_eq!(header.iter().collect::<Vec<_>>(), ["part", "id", "label", "shown", "value"]);
    reader
        .records()
        .map(|r| {
            let r = r.expect("a well-formed CSV record");
            assert_eq!(r.len(), 5, "{r:?}");
            std::array::from_fn(|i| r[i].to_string())
        })
        .collect()
}

fn part<'a>(records: &'a [[String; 5]], name: &str) -> Vec<&'a [String; 5]> {
    records.iter().filter(|r| r[0] == name).collect()
}

/// The CSV's results and year rows are the JSON's, text for text, and their plain numbers are the
/// JSON's values as shown (dollars to the dollar, percents to one decimal).
fn assert_csv_matches(records: &[[String; 5]], json: &Value, what: &str) {
    let results = part(records, "result");
    let expected = json["results"].as_array().expect("results");
    assert_eq!(results.len(), expected.len(), "{what}: result rows");
    for (row, want) in results.iter().zip(expected) {
        assert_eq!(
            (row[1].as_str(), row[2].as_str(), row[3].as_str()),
            (want["id"].as_str().unwrap(), want["label"].as_str().unwrap(), want["text"].as_str().unwrap()),
            "{what}"
        );
        let number: f64 = row[4].parse().unwrap_or_else(|_| panic!("{what}: a plain number in {row:?}"));
        let value = want["value"].as_f64().unwrap();
        let (scaled, tolerance) = if row[3].ends_with('%') { (value * 100.0, 0.05) } else { (value, 0.5) };
        assert!((number - scaled).abs() <= tolerance + 1e-9, "{what}: {row:?} against {want}");
    }
    let years = part(records, "year");
    match json["table"].as_object() {
        None => assert!(years.is_empty(), "{what}: no year rows"),
        Some(table) => {
            let header: Vec<&str> = table["header"].as_array().unwrap().iter().map(|h| h.as_str().unwrap()).collect();
            let mut cells = Vec::new();
            for row in table["rows"].as_array().unwrap() {
                let row: Vec<&str> = row.as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
                for (j, text) in row.iter().enumerate().skip(1) {
                    cells.push([row[0], header[j], *text]);
                }
            }
            let got: Vec<[&str; 3]> = years.iter().map(|r| [r[1].as_str(), r[2].as_str(), r[3].as_str()]).collect();
            assert_eq!(got, cells, "{what}: the year-by-year table");
            for r in &years {
                let plain: String = r[3].chars().filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-').collect();
                assert_eq!(r[4], plain, "{what}: {r:?}");
            }
        }
    }
    let disclosures: Vec<&str> = part(records, "assumption").iter().map(|r| r[3].as_str()).collect();
    let want: Vec<&str> = json["disclosures"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect();
    assert_eq!(disclosures, want, "{what}: the assumptions");
    let notes: Vec<&str> = part(records, "note").iter().map(|r| r[3].as_str()).collect();
    assert_eq!(notes, json["notes"].as_array().unwrap().iter().map(|d| d.as_str().unwrap()).collect::<Vec<_>>());
}

/// What the printed sheet says, and on how many Letter and A4 pages it prints.
fn print_sheet(browser: &Browser) -> (String, usize, usize) {
    let text = browser.execute("return document.querySelector('body > .tb-calc-sheet').innerText;", json!([]));
    let pages = |w: f64, h: f64| {
        browser.print_page_count(
            json!({"orientation": "portrait", "page": {"width": w, "height": h}, "background": false}),
        )
    };
    (text.as_str().unwrap_or_default().to_string(), pages(21.59, 27.94), pages(21.0, 29.7))
}

/// The bundled calculator page: one calculator with a mode switch; Print gives one page (Letter
/// and A4) with the mode's inputs, results, assumptions, the district and the date, nothing else;
/// the CSV download holds the numbers `tierbook calc --format json` gives, escaped by RFC 4180.
#[test]
fn the_calculator_prints_one_page_and_downloads_the_numbers_as_csv() {
    let Some(browser) = webdriver::browser("calculator print and CSV browser test") else { return };
    let site = TestSite::bundled();
    site.build().success();
    let html = std::fs::read_to_string(site.out().join("calculator/index.html")).expect("the calculator page");
    assert_eq!(html.matches(" data-calculator ").count(), 1, "one calculator on the page");
    // Without JavaScript every mode's worked example is on the page, each in its own disclosure.
    assert_eq!(html.matches("<details class=\"tb-calc-mode-example\"").count(), 5);
    for shown in ["$72,092", "$2,152", "$2,220", "$2,025", "The forecast starts empty."] {
        assert!(html.contains(shown), "the worked examples show {shown}");
    }
    let port = serve(site.out(), "/");
    browser.goto(&format!("http://127.0.0.1:{port}/calculator/"));
    browser.find("body[data-calculator-ready='1']");
    let id = browser.execute("return document.querySelector('[data-calculator]').id", json!([]));
    let id = id.as_str().expect("an id").to_string();
    let id = id.as_str();
    let district = browser.execute("return document.getElementById(arguments[0]).dataset.district", json!([id]));
    let district = district.as_str().expect("the district's name").to_string();
    assert!(!district.is_empty() && !district.contains("tierbook"), "{district}");

    // Compare, from the case's figures.
    let (text, letter, a4) = print_sheet(&browser);
    assert_eq!((letter, a4), (1, 1), "the compare sheet prints on one Letter and one A4 page");
    for part in
        ["Cost calculator: Compare two costs per student", &district, "Printed on ", "Students receiving direct OT"]
    {
        assert!(text.contains(part), "the sheet has {part}: {text}");
    }
    for part in ["$72,092", "25.0%", "$2152 per student per year", "Assumptions", "Estimates only."] {
        assert!(text.contains(part), "the sheet has {part}: {text}");
    }
    assert!(!text.contains("Before you start") && !text.contains("Reference values"), "nothing else: {text}");
    let (name, body) = download_csv(&browser, id);
    assert!(name.starts_with("cost-calculator-compare-") && name.ends_with(".csv"), "{name}");
    let records = csv_records(&body);
    let json = calc_json(&["compare", "--students", "134", "--cost-before", "2152", "--cost-after", "1614"]);
    assert_csv_matches(&records, &json, "compare");
    let about: Vec<[&str; 3]> =
        part(&records, "about").iter().map(|r| [r[1].as_str(), r[3].as_str(), r[4].as_str()]).collect();
    assert_eq!(about[0], ["mode", "Compare two costs per student", "compare"]);
    assert_eq!(about[1][..2], ["district", district.as_str()]);
    assert_eq!(about[2][0], "date");
    let inputs: Vec<[&str; 3]> =
        part(&records, "input").iter().map(|r| [r[1].as_str(), r[3].as_str(), r[4].as_str()]).collect();
    assert_eq!(inputs[1], ["cost_before", "$2152 per student per year", "2152"]);
    // RFC 4180: "$72,092" holds a comma, so the file quotes it.
    assert!(body.contains("\"$72,092\",72092\r\n"), "{body}");

    // The longest sheet: ten forecast years, with growth.
    enter(&browser, id, "forecast", &LONGEST_FORECAST);
    let (text, letter, a4) = print_sheet(&browser);
    assert_eq!((letter, a4), (1, 1), "ten forecast years print on one Letter and one A4 page: {text}");
    assert!(text.contains("Cost calculator: Multi-year forecast") && text.contains("$1,080,229"), "{text}");
    let (_, body) = download_csv(&browser, id);
    let args = [
        "forecast",
        "--students",
        "137",
        "--cost-before",
        "2152.37",
        "--cost-after",
        "1614.03",
        "--years",
        "10",
        "--caseload-growth-pct",
        "-3.7",
        "--cost-growth-pct",
        "19.9",
    ];
    let records = csv_records(&body);
    assert_csv_matches(&records, &calc_json(&args), "forecast");
    assert!(
        records.iter().any(|r| r[0] == "input" && r[1] == "caseload_growth_pct" && r[4] == "-3.7"),
        "a negative number stays a number"
    );

    // Build-up, contracted: the sheet names the basis; the CSV matches.
    browser.click(&format!("input[name='{id}-mode'][value='build-up']"));
    browser.click(&format!("input[name='{id}-build-up-basis'][value='contracted']"));
    let (text, letter, a4) = print_sheet(&browser);
    assert_eq!((letter, a4), (1, 1), "{text}");
    assert!(text.contains("Estimate a cost per student: contracted by the hour"), "{text}");
    assert!(text.contains("$2,025"), "{text}");
    let (_, body) = download_csv(&browser, id);
    assert_csv_matches(&csv_records(&body), &calc_json(&["build-up", "--basis", "contracted"]), "contracted");

    // A value that is not a number, put in by a share link, stays text in the file: never a
    // formula a spreadsheet would run, and quotes and commas are escaped.
    let evil = "=HYPERLINK(\"x\",1)";
    browser.goto(&format!(
        "http://127.0.0.1:{port}/calculator/?calc={id}&mode=compare&students={}&cost_before=2152&cost_after=1614",
        "%3DHYPERLINK(%22x%22%2C1)"
    ));
    browser.find("body[data-calculator-ready='1']");
    let (_, body) = download_csv(&browser, id);
    let records = csv_records(&body);
    let students = part(&records, "input").into_iter().find(|r| r[1] == "students").expect("the students input");
    assert_eq!(students[4], format!("'{evil}"), "{body}");
    assert!(body.contains("\"'=HYPERLINK(\"\"x\"\",1)\""), "quotes doubled inside a quoted field: {body}");
    assert!(part(&records, "blocked").iter().any(|r| r[1] == "students"), "the message is in the file");
    assert!(part(&records, "result").is_empty(), "a blocked form has no results");
    let (_, letter, a4) = print_sheet(&browser);
    assert_eq!((letter, a4), (1, 1));
    // The one page is the sheet's doing: the whole page prints on many.
    browser.execute("delete document.body.dataset.calcSheet;", json!([]));
    let (_, letter, _) = print_sheet(&browser);
    eprintln!("the calculator page without its sheet: {letter} Letter pages");
    assert!(letter > 3, "{letter} pages");
}
