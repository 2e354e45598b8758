//! Blocks in Spanish (docs/i18n.md): the quiz's, the calculator's, the chart's, the report's and
//! the letters' own words follow the language of the page's text, from the theme's strings;
//! numbers and money stay in the US format, so the calculator in Spanish gives the same numbers as
//! in English (checked in Chromium against the English page and `tierbook calc --format json`).
//! The words js/search.js, js/layout.js and js/chart.js write are Spanish on Spanish pages. Also
//! every English theme string has a Spanish one, and axe on the Spanish pages, light and dark.

use serde_json::{json, Value};

use crate::harness::{require_tool, TestSite, Tool};
use crate::webdriver::{self, serve, serve_site, Browser};

/// `site` with a page at `content/<path>.md` and its Spanish translation next to it, each given
/// as its title and body.
fn translated(site: TestSite, path: &str, english: (&str, &str), spanish: (&str, &str)) -> TestSite {
    site.file(&format!("content/{path}.md"), &format!("+++\ntitle = \"{}\"\n+++\n\n{}", english.0, english.1)).file(
        &format!("content/{path}.es.md"),
        &format!("+++\ntitle = \"{}\"\ntranslated_on = 2026-12-03\n+++\n\n{}", spanish.0, spanish.1),
    )
}

/// axe on each page of the served `root` (URL paths after it, queries allowed) in a light and a
/// dark Chromium session; one line per violation. `None` when Chromium or axe-core is missing
/// (the harness says so, and fails where the tools are required).
fn axe_light_and_dark(test: &str, out: &std::path::Path, root: &str, pages: &[&str]) -> Option<Vec<String>> {
    let (chrome, driver) = webdriver::binaries(test)?;
    let axe = require_tool(Tool::AxeCore, test)?;
    std::fs::copy(&axe, out.join("axe-under-test.js")).expect("copy axe-core");
    let axe_url = format!("{root}axe-under-test.js");
    let mut violations = Vec::new();
    for dark in [false, true] {
        let flags: &[&str] = if dark { &["--blink-settings=preferredColorScheme=0"] } else { &[] };
        let browser = Browser::start_with(&chrome, &driver, flags);
        browser.post("/timeouts", json!({"script": 300_000}));
        let scheme = if dark { "dark" } else { "light" };
        for page in pages {
            browser.goto(&format!("{root}{page}"));
            crate::a11y::settle(&browser);
            let is_dark = browser.execute("return matchMedia('(prefers-color-scheme: dark)').matches;", json!([]));
            assert_eq!(is_dark, Value::Bool(dark), "the {scheme} session");
            assert_eq!(browser.execute("return document.documentElement.lang", json!([])), "es", "{page}");
            if page.contains("search/?q=") {
                browser.find(".search-page-form .search-result a");
            }
            violations.extend(crate::a11y::audit(&browser, &axe_url, &format!("[{scheme}] /{page}")));
        }
    }
    Some(violations)
}

const BASE: &str = "/pd/";

const QUIZ: &str = r#"```quiz
[[questions]]
id = "when"
kind = "true-false"
prompt = "PROMPT_ONE"
answer = "true"
explanation = "EXPLANATION_ONE"
choices = [
  { id = "true", text = "TRUE", feedback = "FEEDBACK_RIGHT" },
  { id = "false", text = "FALSE", feedback = "FEEDBACK_WRONG" },
]

[[questions]]
id = "data"
kind = "multiple"
prompt = "PROMPT_TWO"
answer = ["a", "c"]
explanation = "EXPLANATION_TWO"
choices = [
  { id = "a", text = "A1", feedback = "F1" },
  { id = "b", text = "B1", feedback = "F2" },
  { id = "c", text = "C1", feedback = "F3" },
]
```
"#;

/// The partly translated fixture with a quiz page translated into Spanish (`check`) and one that
/// is not (`practice`, shown in English under /es/).
fn quiz_site() -> TestSite {
    let spanish = QUIZ
        .replace("PROMPT_ONE", "Los padres pueden pedir una evaluación en cualquier momento.")
        .replace("TRUE", "Verdadero")
        .replace("FALSE", "Falso")
        .replace("PROMPT_TWO", "¿Cuáles de estos son datos?");
    let site = TestSite::fixture("i18n/site");
    translated(
        site,
        "check",
        ("Check", &format!("Two questions.\n\n{QUIZ}")),
        ("Prueba", &format!("Dos preguntas.\n\n{spanish}")),
    )
    .file("content/practice.md", &format!("+++\ntitle = \"Practice\"\n+++\n\nNot translated.\n\n{QUIZ}"))
    .built()
}

fn html_lang(html: &str) -> &str {
    html.split("<html lang=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or("")
}

#[test]
fn a_quiz_speaks_the_language_of_its_pages_text() {
    let site = quiz_site();
    let es = site.read("es/check/index.html");
    assert_eq!(html_lang(&es), "es");
    for words in [
        "Prueba de conocimientos: 2 preguntas",
        "Pregunta 1 de 2",
        "¿Verdadero o falso?",
        "Elija todas las respuestas correctas.",
        "Ver la respuesta",
        "Revisar mis respuestas",
        "Intentar de nuevo",
        "(una respuesta correcta)",
    ] {
        assert!(es.contains(words), "the Spanish quiz lacks {words:?}");
    }
    for english in ["Check my answers", "Knowledge check", "Show the answer", "Question 1 of 2"] {
        assert!(!es.contains(english), "the Spanish quiz still says {english:?}");
    }
    // A page not translated yet is English text (lang="en") under /es/: its quiz stays English.
    let fallback = site.read("es/practice/index.html");
    assert_eq!(html_lang(&fallback), "en");
    assert!(fallback.contains("Check my answers") && fallback.contains("Question 1 of 2"));
    assert!(!fallback.contains("Revisar mis respuestas"));
    // The English page is as it was.
    let en = site.read("check/index.html");
    assert!(en.contains("Knowledge check: 2 questions") && en.contains("Check my answers"));
    // The scripts' words travel with the page, in its text's language.
    assert!(es.contains("No ha contestado 1 pregunta:"), "the quiz's table for js/quiz.js is Spanish");
    assert!(es.contains("Borrar mis datos"), "the body's table for js/progress.js is Spanish");
    assert!(fallback.contains("Clear my data"), "a page in English gets English script words");
}

/// The quiz's state as shown: the result line, each question's line, the unanswered notice.
fn quiz_state(browser: &Browser) -> Value {
    browser.execute(
        "const form = document.querySelector('form[data-quiz]');
         const notice = form.querySelector('[data-quiz-unanswered]');
         return {
           result: form.querySelector('[data-quiz-result]').textContent,
           lines: [...form.querySelectorAll('[data-question-result]')].map(p => p.hidden ? '' : p.textContent),
           notice: notice.hidden ? '' : notice.innerText,
           check: form.querySelector('[data-quiz-check]').textContent,
         };",
        json!([]),
    )
}

#[test]
fn the_spanish_quiz_grades_in_spanish_in_chromium() {
    let Some(browser) = webdriver::browser("Spanish quiz") else { return };
    let site = quiz_site();
    let port = serve(site.out(), BASE);
    browser.goto(&format!("http://127.0.0.1:{port}{BASE}es/check/"));
    browser.find("body[data-training-ready='1']");
    let form = browser.find("form[data-quiz]");
    assert!(!form.is_empty());

    // One question left blank: the notice names it, in Spanish.
    browser.click("input[name$='_when'][value='true']");
    browser.click("[data-quiz-check]");
    let state = quiz_state(&browser);
    let notice = state["notice"].as_str().unwrap_or_default();
    assert!(notice.contains("No ha contestado 1 pregunta:"), "{notice}");
    assert!(notice.contains("Pregunta 2 de 2") && notice.contains("Revisar mis respuestas"), "{notice}");

    // One right, one wrong: graded, in Spanish.
    browser.click("input[name$='_data'][value='a']");
    browser.click("[data-quiz-check]");
    let state = quiz_state(&browser);
    assert_eq!(state["result"], "Tuvo 1 de 2 correctas (50%).");
    assert_eq!(state["lines"], json!(["Correcto.", "Todavía no: lea los comentarios sobre sus respuestas."]));

    // Try again, all right.
    browser.click("[data-quiz-retry]");
    browser.click("input[name$='_when'][value='true']");
    browser.click("input[name$='_data'][value='a']");
    browser.click("input[name$='_data'][value='c']");
    browser.click("[data-quiz-check]");
    let state = quiz_state(&browser);
    assert_eq!(state["result"], "Tuvo 2 de 2 correctas (100%).");
    assert_eq!(state["lines"], json!(["Correcto.", "Correcto."]));
    let text = browser.execute("return document.body.innerText", json!([]));
    let text = text.as_str().unwrap_or_default();
    for english in ["You got", "Right.", "Check my answers", "Clear my data", "Not started"] {
        assert!(!text.contains(english), "English on the Spanish page: {english:?}");
    }
    assert!(text.contains("Borrar mis datos"), "the footer's control is Spanish");

    // The page in English (not translated) under /es/ grades in English.
    browser.goto(&format!("http://127.0.0.1:{port}{BASE}es/practice/"));
    browser.find("body[data-training-ready='1']");
    browser.click("input[name$='_when'][value='false']");
    browser.click("input[name$='_data'][value='b']");
    browser.click("[data-quiz-check]");
    let state = quiz_state(&browser);
    assert_eq!(state["result"], "You got 0 of 2 right (0%).");
}

// ---- The calculator ----

/// The calculator fixture with Spanish on and the calculator page translated.
fn calculator_site() -> TestSite {
    let site = TestSite::fixture("calculator/site");
    let config = std::fs::read_to_string(site.root().join("tierbook.toml")).expect("config");
    let english = std::fs::read_to_string(site.root().join("content/calculator.md")).expect("the page");
    let spanish = english
        .replace("title = \"Cost calculator\"", "title = \"Calculadora de costos\"\ntranslated_on = 2026-12-03")
        .replace("Try your own numbers.", "Pruebe sus propios números.");
    site.file("tierbook.toml", &format!("{config}\n[languages.es]\nname = \"Español\"\n"))
        .file("content/calculator.es.md", &spanish)
        .built()
}

/// Every mode, its panel and basis, and inputs to type (ones that give a result, a warning, a
/// cost increase or a blocked value), with the `tierbook calc` arguments of the same inputs.
struct Case {
    panel: &'static str,
    basis: Option<&'static str>,
    inputs: &'static [(&'static str, &'static str)],
    cli: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        panel: "compare",
        basis: None,
        inputs: &[("students", "134"), ("cost_before", "2152"), ("cost_after", "1614")],
        cli: &["compare", "--students", "134", "--cost-before", "2152", "--cost-after", "1614"],
    },
    Case {
        panel: "compare",
        basis: None,
        inputs: &[("students", "10"), ("cost_before", "1500"), ("cost_after", "1800")],
        cli: &["compare", "--students", "10", "--cost-before", "1500", "--cost-after", "1800"],
    },
    Case {
        panel: "work-back",
        basis: None,
        inputs: &[("students", "134"), ("diff_per_student", "538"), ("reduction_pct", "10")],
        cli: &["work-back", "--students", "134", "--diff-per-student", "538", "--reduction-pct", "10"],
    },
    Case {
        panel: "build-up",
        basis: Some("employed"),
        inputs: &[
            ("salary", "80000"),
            ("caseload", "20"),
            ("medicaid_eligible_pct", "40"),
            ("medicaid_reimbursable_pct", "50"),
            ("medicaid_recovered_pct", "60"),
        ],
        cli: &[
            "build-up",
            "--basis",
            "employed",
            "--salary",
            "80000",
            "--caseload",
            "20",
            "--medicaid-eligible-pct",
            "40",
            "--medicaid-reimbursable-pct",
            "50",
            "--medicaid-recovered-pct",
            "60",
        ],
    },
    Case {
        panel: "build-up",
        basis: Some("contracted"),
        inputs: &[("rate", "75"), ("direct_minutes", "30"), ("weeks", "36")],
        cli: &["build-up", "--basis", "contracted", "--rate", "75", "--direct-minutes", "30", "--weeks", "36"],
    },
    Case {
        panel: "what-if",
        basis: None,
        inputs: &[("referrals", "40"), ("resolved_pct", "20"), ("eval_cost", "450")],
        cli: &["what-if", "--referrals", "40", "--resolved-pct", "20", "--eval-cost", "450"],
    },
    Case {
        panel: "forecast",
        basis: None,
        inputs: &[
            ("students", "134"),
            ("cost_before", "2152"),
            ("cost_after", "1614"),
            ("years", "4"),
            ("cost_growth_pct", "3"),
        ],
        cli: &[
            "forecast",
            "--students",
            "134",
            "--cost-before",
            "2152",
            "--cost-after",
            "1614",
            "--years",
            "4",
            "--cost-growth-pct",
            "3",
        ],
    },
    Case {
        panel: "work-back",
        basis: None,
        inputs: &[("students", "134"), ("diff_per_student", "538"), ("reduction_pct", "0")],
        cli: &["work-back", "--students", "134", "--diff-per-student", "538", "--reduction-pct", "0"],
    },
];

/// The calculator's state: each result's id, label and value, the year table's cells, the
/// summary and the field messages.
fn calc_state(browser: &Browser) -> Value {
    browser.execute(
        "const root = document.querySelector('[data-calculator]');
         const results = root.querySelector('[data-results]');
         return {
           results: results.hidden ? [] : [...results.tBodies[0].rows].map(r =>
             [r.dataset.result, r.querySelector('th').textContent, r.querySelector('td').textContent]),
           head: [...root.querySelectorAll('[data-years] thead th')].map(c => c.textContent),
           rows: [...root.querySelectorAll('[data-years] tbody tr')].map(r => [...r.cells].map(c => c.textContent)),
           summary: root.querySelector('[data-summary]').textContent,
           messages: [...root.querySelectorAll('[data-message-for]')].filter(m => !m.hidden && !m.closest('[hidden]'))
             .map(m => [m.dataset.messageFor, m.textContent]),
           notes: [...root.querySelectorAll('[data-notes] li')].map(li => li.textContent),
           text: root.innerText,
         };",
        json!([]),
    )
}

fn run_case(browser: &Browser, url: &str, case: &Case) -> Value {
    browser.goto(url);
    browser.find("body[data-calculator-ready='1']");
    let id = browser.execute("return document.querySelector('[data-calculator]').id", json!([]));
    let id = id.as_str().expect("a calculator").to_string();
    browser.click(&format!("input[name='{id}-mode'][value='{}']", case.panel));
    if let Some(basis) = case.basis {
        browser.click(&format!("input[name='{id}-build-up-basis'][value='{basis}']"));
    }
    browser.execute(&format!("document.querySelector('#{id} .tb-calc-medicaid').open = true"), json!([]));
    for (field, value) in case.inputs {
        browser.fill(&format!("#{id}-{}-{}", case.panel, field.replace('_', "-")), value);
    }
    calc_state(browser)
}

/// A year table's cells without its head, or a result list's values without labels.
fn values(list: &Value, column: usize) -> Vec<Value> {
    list.as_array().cloned().unwrap_or_default().iter().map(|row| row[column].clone()).collect()
}

/// `tierbook calc <args> --format json` on the real binary (exit 1 when blocked).
fn calc_json(args: &[&str]) -> Value {
    let output =
        crate::harness::tierbook().arg("calc").args(args).args(["--format", "json"]).output().expect("run calc");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!("tierbook calc {args:?} prints JSON ({e}): {}", String::from_utf8_lossy(&output.stderr))
    })
}

#[test]
fn the_calculator_in_spanish_gives_the_same_numbers_as_in_english() {
    let Some(browser) = webdriver::browser("Spanish calculator") else { return };
    let site = calculator_site();
    let port = serve(site.out(), BASE);
    let en_url = format!("http://127.0.0.1:{port}{BASE}calculator/");
    let es_url = format!("http://127.0.0.1:{port}{BASE}es/calculator/");
    for case in CASES {
        let what = format!("{} {:?} {:?}", case.panel, case.basis, case.inputs);
        let en = run_case(&browser, &en_url, case);
        let es = run_case(&browser, &es_url, case);
        let cli = calc_json(case.cli);
        // The same results, by id, with the same values, in the same order.
        assert_eq!(values(&es["results"], 0), values(&en["results"], 0), "{what}: result ids");
        assert_eq!(values(&es["results"], 2), values(&en["results"], 2), "{what}: result values");
        assert_eq!(es["rows"], en["rows"], "{what}: the year-by-year table");
        let expected: Vec<Value> = cli["results"].as_array().cloned().unwrap_or_default();
        let ids: Vec<Value> = expected.iter().map(|r| r["id"].clone()).collect();
        let shown: Vec<Value> = expected.iter().map(|r| r["text"].clone()).collect();
        assert_eq!(values(&es["results"], 0), ids, "{what}: ids against tierbook calc");
        assert_eq!(values(&es["results"], 2), shown, "{what}: values against tierbook calc");
        // English labels and messages on the English page, as `tierbook calc` says them.
        let labels: Vec<Value> = expected.iter().map(|r| r["label"].clone()).collect();
        assert_eq!(values(&en["results"], 1), labels, "{what}: English labels");
        let messages: Vec<Value> =
            cli["messages"].as_array().cloned().unwrap_or_default().iter().map(|m| m["text"].clone()).collect();
        assert_eq!(values(&en["messages"], 1), messages, "{what}: English messages");
        // Spanish words on the Spanish page: none of the English labels, messages or summary.
        for (en_label, es_label) in values(&en["results"], 1).iter().zip(values(&es["results"], 1)) {
            assert_ne!(en_label, &es_label, "{what}: a result label is not translated");
        }
        for (en_m, es_m) in values(&en["messages"], 1).iter().zip(values(&es["messages"], 1)) {
            assert_ne!(en_m, &es_m, "{what}: a message is not translated");
        }
        assert_eq!(values(&es["messages"], 0), values(&en["messages"], 0), "{what}: messages on the same fields");
        assert_ne!(es["summary"], en["summary"], "{what}: the summary is not translated");
        if !cli["blocked"].as_bool().unwrap_or(false) {
            assert_eq!(en["summary"], cli["summary"], "{what}: the English summary");
            // Every number in the English summary is in the Spanish one, written the same way.
            for number in numbers(en["summary"].as_str().unwrap_or_default()) {
                assert!(
                    es["summary"].as_str().unwrap_or_default().contains(&number),
                    "{what}: {number} in {}",
                    es["summary"]
                );
            }
        }
        let text = es["text"].as_str().unwrap_or_default();
        assert!(!text.contains("NaN") && !text.contains("undefined") && !text.contains("calc_"), "{what}: {text}");
    }
    // A Spanish message, word for word (money in the US format).
    let es = run_case(&browser, &es_url, &CASES[7]);
    assert_eq!(es["messages"], json!([["reduction_pct", "Porcentaje: debe ser mayor que 0"]]));
    assert_eq!(es["summary"], "Todavía no hay resultado. Porcentaje: debe ser mayor que 0.");
    let es = run_case(&browser, &es_url, &CASES[0]);
    assert_eq!(es["results"][3], json!(["savings", "Ahorro", "$72,092"]));
    assert_eq!(
        es["summary"],
        "134 estudiantes × $538 menos de costo por estudiante = $72,092 de ahorro, una reducción de 25.0%."
    );
    let es = run_case(&browser, &es_url, &CASES[6]);
    assert_eq!(es["head"][0], "Año");
    assert!(es["text"].as_str().unwrap_or_default().contains("Costo total por año"), "the chart's title is Spanish");
}

/// The numbers in a text as written: `$72,092`, `25.0%`, `134`.
fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ';')
        .map(|w| w.trim_end_matches(['.', ',']))
        .filter(|w| {
            let bare = w.trim_start_matches(['-', '$']).trim_end_matches('%');
            !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn the_spanish_calculator_page_says_its_words_in_spanish_without_javascript() {
    let site = calculator_site();
    let es = site.read("es/calculator/index.html");
    for words in [
        "Calculadora de costos",
        "¿Qué quiere calcular?",
        "Ejemplo resuelto",
        "Ahorro",
        "Estudiantes que reciben terapia ocupacional directa",
        "Son solo estimaciones.",
    ] {
        assert!(es.contains(words), "the Spanish calculator lacks {words:?}");
    }
    // The worked example's numbers are the English page's.
    let en = site.read("calculator/index.html");
    let rows = |html: &str| -> Vec<String> {
        html.split("<tr data-result=\"")
            .skip(1)
            .map(|r| {
                let id = r.split('"').next().unwrap_or_default();
                let value = r.split("<td>").nth(1).and_then(|v| v.split("</td>").next()).unwrap_or_default();
                format!("{id}={value}")
            })
            .collect()
    };
    assert!(!rows(&en).is_empty());
    assert_eq!(rows(&es), rows(&en));
    for english in ["What do you want to work out?", "Worked example", "Download CSV", "Students receiving direct OT"] {
        assert!(!es.contains(english), "the Spanish calculator still says {english:?}");
    }
}

#[test]
fn every_english_theme_string_has_a_spanish_one() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    let table = |name: &str| -> toml::Table {
        toml::from_str(&std::fs::read_to_string(dir.join(name)).expect("strings file")).expect("a table")
    };
    let (en, es) = (table("en.toml"), table("es.toml"));
    let missing: Vec<&String> = en.keys().filter(|k| !es.contains_key(*k)).collect();
    assert!(missing.is_empty(), "not in es.toml: {missing:?}");
    let extra: Vec<&String> = es.keys().filter(|k| !en.contains_key(*k) && !k.starts_with("calc_")).collect();
    assert!(extra.is_empty(), "in es.toml but not in en.toml: {extra:?}");
    // The calculator's model texts are English in the calculator crate; each has its Spanish.
    let model: Vec<String> = calculator::texts::english_texts()
        .into_iter()
        .map(|(k, _)| format!("calc_{k}"))
        .filter(|k| !es.contains_key(k))
        .collect();
    assert!(model.is_empty(), "calculator texts not in es.toml: {model:?}");
    // A Spanish text fills only what its English has (it may leave out `{language}`: it says
    // "al español"); the numbers of the quiz and the calculator are all kept.
    for (key, english) in &en {
        let (Some(english), Some(spanish)) = (english.as_str(), es.get(key).and_then(|v| v.as_str())) else { continue };
        let (from, to) = (placeholders(english), placeholders(spanish));
        assert!(to.iter().all(|p| from.contains(p)), "{key}: {english:?} / {spanish:?}");
        let exact =
            ["quiz_", "calc_", "progress_", "chart_", "report_", "letters_", "search_", "layout_", "home_path_"];
        if exact.iter().any(|prefix| key.starts_with(prefix)) {
            assert_eq!(from, to, "{key}: {english:?} / {spanish:?}");
        }
    }
    for (key, english) in calculator::texts::english_texts() {
        let Some(spanish) = es.get(&format!("calc_{key}")).and_then(|v| v.as_str()) else { continue };
        assert_eq!(placeholders(english), placeholders(spanish), "calc_{key}: {english:?} / {spanish:?}");
    }
}

fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = text.split('{').skip(1).filter_map(|s| s.split('}').next()).collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[test]
fn axe_finds_no_violations_on_the_spanish_calculator_light_and_dark() {
    let site = calculator_site();
    let port = serve(site.out(), BASE);
    let root = format!("http://127.0.0.1:{port}{BASE}");
    // The page, and with a result and a message showing.
    let pages = ["es/calculator/", "es/calculator/?mode=work-back&students=134&diff_per_student=538&reduction_pct=0"];
    let Some(violations) = axe_light_and_dark("axe on the Spanish calculator", &site.out(), &root, &pages) else {
        return;
    };
    assert!(violations.is_empty(), "{} WCAG violations:\n{}", violations.len(), violations.join("\n"));
}

// ---- Charts, the report, letters, search and the home page ----

/// The bundled site with its sample report translated too (only here: the bundled site's report
/// pages are not translated yet), so one site has a Spanish chart (the progress graph form),
/// letters (the letter-formation guide), a report and the home page's cards.
fn blocks_site() -> TestSite {
    // The Spanish page's body: the same report block under Spanish words.
    let spanish = "Un informe ficticio, para probar.\n\n## Las cifras {#figures}\n\n```report\n```\n\n## Para la junta {#board}\n\n```report\nlayout = \"board\"\ndate = \"junio de 2024\"\n```\n";
    TestSite::bundled().file(
        "content/sample-district-report.es.md",
        &format!(
            "+++\ntitle = \"Informe de muestra del distrito (ficticio)\"\ntranslated_on = 2026-12-03\n+++\n\n{spanish}"
        ),
    )
}

#[test]
fn charts_the_report_and_letters_speak_spanish_on_translated_pages() {
    let site = blocks_site().built();
    let chart = site.read("es/toolkit/progress-graph/index.html");
    for words in [
        "Gráfica de progreso de porcentaje de letras legibles por semana, semanas 1 a 18.",
        "<strong>Regla de los cuatro puntos:</strong> de los últimos 4 puntos (semanas 12 a 18), 2 están debajo de la línea de objetivo y 2 están encima, así que la regla dice: seguir con el apoyo y seguir reuniendo datos.",
        "Línea de objetivo: desde la mediana de la línea de base hasta la meta",
        "<summary>Tabla de datos</summary>",
        "Meta 78%",
        "<th scope=\"col\">Fase</th>",
    ] {
        assert!(chart.contains(words), "the Spanish chart lacks {words:?}");
    }
    for english in ["Four-point rule", "Data table", "Aim line", "Progress graph of", "Goal 78%", "The vertical scale"]
    {
        assert!(!chart.contains(english), "the Spanish chart still says {english:?}");
    }
    let letters = site.read("es/guides/letter-formation/index.html");
    for words in [
        "a minúscula",
        "Empiece justo debajo de la línea del medio, a la derecha;",
        "Los números muestran dónde empieza cada trazo",
    ] {
        assert!(letters.contains(words), "the Spanish letters lack {words:?}");
    }
    for english in ["Lowercase", "Start at", "Start just", "Numbers show where each stroke starts"] {
        assert!(!letters.contains(english), "the Spanish letters still say {english:?}");
    }
    let report = site.read("es/sample-district-report/index.html");
    for words in [
        "<h3>En palabras</h3>",
        "<h3>Método y advertencias</h3>",
        "Descargar “",
        "como CSV",
        "Estudiantes del grupo de casos por año escolar",
        "Año escolar",
    ] {
        assert!(report.contains(words), "the Spanish report lacks {words:?}");
    }
    for words in [
        "Informe del programa para la junta escolar, años escolares",
        "junio de 2024.</p>",
        "<h2>Cifras principales</h2>",
        "<h2>Proyección</h2>",
        "Costo total, proyectado: ",
    ] {
        assert!(report.contains(words), "the Spanish board report lacks {words:?}");
    }
    for english in [
        "In words",
        "Method and caveats",
        "Download “",
        "computed when the site was built",
        "Data table",
        "Key figures",
        "Program report for the school board",
        "Total cost, projected",
    ] {
        assert!(!report.contains(english), "the Spanish report still says {english:?}");
    }
    // The figures' own sentences are English, and say so.
    assert!(report.contains("<ul lang=\"en\">"), "the report's English sentences are marked lang=\"en\"");
    // A page not translated yet keeps English blocks under /es/; the English pages are English.
    let untranslated = site.read("es/trainings/referral-quality/baseline-progress-and-decision-rules/index.html");
    assert!(untranslated.contains("<html lang=\"en\"") && untranslated.contains("<summary>Data table</summary>"));
    assert!(!untranslated.contains("Tabla de datos"));
    let english = site.read("toolkit/progress-graph/index.html");
    assert!(english.contains("<strong>Four-point rule:</strong>") && english.contains("Progress graph of"));
    let english = site.read("sample-district-report/index.html");
    assert!(english.contains("<h3>In words</h3>") && !english.contains("lang=\"en\">\n<li>"));
    // The home page's path cards, and a module's English title marked as English.
    let home = site.read("es/index.html");
    for words in [
        "Maestros</a>",
        "Paraprofesionales</a>",
        "Personal del distrito</a>",
        "Guías de una página para el salón de clases",
    ] {
        assert!(home.contains(words), "the Spanish home page lacks {words:?}");
    }
    assert!(home.contains("Empiece con: <span lang=\"en\">"), "an untranslated module's title is marked English");
    assert!(!home.contains("Paraprofessionals</a>") && !home.contains("District staff"));
    let home = site.read("index.html");
    assert!(home.contains("Teachers</a>") && home.contains("District staff</a>") && !home.contains("<span lang="));
    // The body's table for js/search.js and js/layout.js.
    assert!(chart.contains("Resultados de la búsqueda") && chart.contains("Terminada"), "the Spanish script words");
    assert!(english.contains("Search results"), "the English script words");
}

/// The status line, the filters and the results' kinds of the search page's results.
fn search_state(browser: &Browser) -> Value {
    browser.find(".search-page-form .search-result a");
    browser.execute(
        "const form = document.querySelector('.search-page-form');
         return {
           status: form.querySelector('.search-status').textContent,
           label: form.querySelector('.search-results').getAttribute('aria-label'),
           filters: [...form.querySelectorAll('.search-filter label, .search-filter option')].map(n => n.textContent),
           kinds: [...form.querySelectorAll('.search-result-meta')].map(n => n.textContent.split(' · ')[0]),
         };",
        json!([]),
    )
}

#[test]
fn search_and_the_calculator_chart_write_spanish_in_chromium() {
    let Some(browser) = webdriver::browser("Spanish search and chart") else { return };
    let served = serve_site(blocks_site(), "/");
    browser.goto(&format!("{}es/search/?q=escritura", served.root));
    let es = search_state(&browser);
    let status = es["status"].as_str().unwrap_or_default();
    assert!(status.contains("resultados para “escritura”"), "{status}");
    assert_eq!(es["label"], "Resultados de la búsqueda");
    let filters: Vec<&str> = es["filters"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    assert_eq!(filters[..3], ["Tipo", "Todos los tipos", "Guías"], "{filters:?}");
    assert!(filters.contains(&"Nivel 1") && filters.contains(&"Cualquier nivel"), "{filters:?}");
    assert!(es["kinds"].as_array().is_some_and(|k| k.iter().any(|k| k == "Guía")), "{es}");
    browser.goto(&format!("{}search/?q=handwriting", served.root));
    let en = search_state(&browser);
    assert!(en["status"].as_str().unwrap_or_default().contains("results for “handwriting”"), "{en}");
    assert_eq!(en["label"], "Search results");

    // The calculator's live chart (js/chart.js) describes itself in the page's language.
    let desc = |url: &str| {
        browser.goto(&format!("{}{url}", served.root));
        browser.find("body[data-calculator-ready='1']");
        browser.find("[data-calculator] .tb-chart-svg desc");
        let text = browser
            .execute("return document.querySelector('[data-calculator] .tb-chart-svg desc').textContent", json!([]));
        text.as_str().unwrap_or_default().to_string()
    };
    let query = "?mode=forecast&students=134&cost_before=2152&cost_after=1614&years=4&cost_growth_pct=3";
    let es = desc(&format!("es/calculator/{query}"));
    assert!(es.starts_with("Gráfica de barras de costo total por año, de "), "{es}");
    assert!(es.contains("La escala vertical va de $0 a ") && !es.contains("chart_"), "{es}");
    let en = desc(&format!("calculator/{query}"));
    assert!(
        en.starts_with("Bar chart of total cost by year, ") && en.contains("The vertical scale runs from $0 to "),
        "{en}"
    );
}

#[test]
fn axe_finds_no_violations_on_the_spanish_chart_report_letters_home_and_search_pages() {
    let served = serve_site(blocks_site(), "/");
    let pages = [
        "es/",
        "es/toolkit/progress-graph/",
        "es/guides/letter-formation/",
        "es/sample-district-report/",
        "es/search/?q=escritura",
    ];
    let test = "axe on the Spanish block pages";
    let Some(violations) = axe_light_and_dark(test, &served.site.out(), &served.root, &pages) else { return };
    assert!(violations.is_empty(), "{} WCAG violations:\n{}", violations.len(), violations.join("\n"));
}
