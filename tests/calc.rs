//! `tierbook calc` on the real binary: the brief's test vectors, the JSON format, exit codes, and
//! the case-study figure check in a build.

use crate::harness::{tierbook, TestSite};

struct Calc {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn calc(args: &[&str]) -> Calc {
    let output = tierbook().arg("calc").args(args).output().expect("run tierbook calc");
    Calc {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The value printed on the results line that starts with `label`.
fn result_line<'a>(stdout: &'a str, label: &str) -> Option<&'a str> {
    let results = stdout.split("\nResults\n").nth(1)?;
    results.lines().find(|l| l.trim_start().starts_with(label)).map(|l| l.rsplit("  ").next().unwrap_or("").trim())
}

#[test]
fn t1_compare_prints_the_case_figures() {
    let out = calc(&["compare", "--students", "134", "--cost-before", "2152", "--cost-after", "1614"]);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
    assert_eq!(result_line(&out.stdout, "Difference per student"), Some("$538"));
    assert_eq!(result_line(&out.stdout, "Previous total cost"), Some("$288,368"));
    assert_eq!(result_line(&out.stdout, "New total cost"), Some("$216,276"));
    assert_eq!(result_line(&out.stdout, "Savings"), Some("$72,092"));
    assert_eq!(result_line(&out.stdout, "Reduction"), Some("25.0%"));
    assert!(out.stdout.contains("Estimates only."), "the disclosures are printed");
}

#[test]
fn t2_work_back() {
    let out = calc(&["work-back", "--students", "134", "--diff-per-student", "538", "--reduction-pct", "25"]);
    assert_eq!(out.code, Some(0));
    assert_eq!(result_line(&out.stdout, "Previous cost per student"), Some("$2,152"));
    assert_eq!(result_line(&out.stdout, "New cost per student"), Some("$1,614"));
    assert_eq!(result_line(&out.stdout, "Savings"), Some("$72,092"));
}

#[test]
fn t4_a_cost_increase_is_reported_as_one() {
    let out = calc(&["compare", "--students", "10", "--cost-before", "1500", "--cost-after", "1800"]);
    assert_eq!(out.code, Some(0));
    assert_eq!(result_line(&out.stdout, "Cost increase"), Some("$3,000"));
    assert_eq!(result_line(&out.stdout, "Change in cost per student"), Some("+20.0%"));
    assert!(result_line(&out.stdout, "Savings").is_none());
    assert!(!out.stdout.contains("-$"), "no negative saving: {}", out.stdout);
}

#[test]
fn t5_t6_build_up() {
    let out =
        calc(&["build-up", "--salary", "80000", "--benefits-pct", "35", "--other-costs", "3000", "--caseload", "50"]);
    assert_eq!(result_line(&out.stdout, "Cost per student"), Some("$2,220"));
    let out = calc(&["build-up", "--basis", "contracted", "--rate", "75", "--direct-minutes", "30", "--weeks", "36"]);
    assert_eq!(result_line(&out.stdout, "Hours per student per year"), Some("27.0"));
    assert_eq!(result_line(&out.stdout, "Cost per student"), Some("$2,025"));
    let out = calc(&["build-up", "--basis", "contracted", "--salary", "80000"]);
    assert_eq!(out.code, Some(2), "a flag of the other basis is a usage error");
    assert!(out.stderr.contains("--salary applies to --basis employed"), "{}", out.stderr);
}

#[test]
fn t7_t8_blocked_input_exits_1_with_the_message() {
    let out = calc(&["work-back", "--reduction-pct", "0"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("error: Percentage must be greater than 0\n"), "{}", out.stdout);
    assert!(!out.stdout.contains("Results"));
    let out = calc(&["work-back", "--diff-per-student", "2200", "--reduction-pct", "100"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("error: Percentage must be below 100%\n"), "{}", out.stdout);
    let out = calc(&["compare", "--students", "abc"]);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("error: Students must be a number"), "{}", out.stdout);
}

#[test]
fn unusual_values_warn_and_still_compute() {
    let out = calc(&["compare", "--students", "5"]);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.contains("warning: Unusual value, please double-check"), "{}", out.stdout);
    assert_eq!(result_line(&out.stdout, "Savings"), Some("$2,690"));
}

#[test]
fn json_format_carries_numbers_texts_and_messages() {
    let out =
        calc(&["compare", "--students", "134", "--cost-before", "2152", "--cost-after", "1614", "--format", "json"]);
    assert_eq!(out.code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(json["mode"], "compare");
    assert_eq!(json["blocked"], false);
    let savings = json["results"].as_array().and_then(|r| r.iter().find(|f| f["id"] == "savings")).expect("savings");
    assert_eq!(savings["text"], "$72,092");
    assert_eq!(savings["value"], 72092.0);
    let pct = json["results"].as_array().and_then(|r| r.iter().find(|f| f["id"] == "reduction_pct")).expect("pct");
    assert_eq!(pct["text"], "25.0%");
    assert_eq!(json["disclosures"].as_array().map(Vec::len), Some(3));

    let out = calc(&["work-back", "--reduction-pct", "0", "--format", "json"]);
    assert_eq!(out.code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(json["blocked"], true);
    assert_eq!(json["messages"][0]["field"], "reduction_pct");
    assert_eq!(json["messages"][0]["level"], "error");
    assert_eq!(json["messages"][0]["text"], "Percentage must be greater than 0");
    assert_eq!(json["results"].as_array().map(Vec::len), Some(0));
}

#[test]
fn forecast_prints_a_year_table() {
    let out = calc(&["forecast", "--years", "2", "--cost-growth-pct", "-2.5"]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    assert!(out.stdout.contains("Year  Students"), "{}", out.stdout);
    assert_eq!(result_line(&out.stdout, "Savings, all years"), Some("$142,382"));
}

#[test]
fn a_case_study_with_a_wrong_figure_fails_the_build() {
    let site = TestSite::fixture("calculator/site");
    site.build().success();
    assert!(site.exists("calculator/calculator_bg.wasm"));
    assert!(site.read("calculator/index.html").contains("<td>$72,092</td>"));

    let path = "content/case-studies/montgomery-county.md";
    let source = std::fs::read_to_string(site.root().join(path)).expect("read the case study");
    let wrong = crate::harness::replace_once(&source, "savings = 72092", "savings = 72000");
    let site = site.file(path, &wrong);
    let run = site.build();
    run.exit(1);
    run.stderr_has(
        "figure `savings` is $72,000 but the calculator gives $72,092 (compare mode, from students, cost_before and cost_after)",
    );
    run.stderr_has("montgomery-county.md:11:1");
}

/// The defaults `tierbook calc <mode> --help` states are the calculator's own: the help text is
/// written by hand in src/calc.rs, so this ties it to calculator::fields.
#[test]
fn the_help_states_the_calculators_defaults() {
    use calculator::Mode;
    for mode in Mode::ALL {
        let command = match mode {
            Mode::Employed | Mode::Contracted => "build-up",
            _ => mode.id(),
        };
        let out = tierbook().args(["calc", command, "--help"]).output().expect("run tierbook");
        let help = String::from_utf8_lossy(&out.stdout);
        // Each option's text, from its flag to the next flag, on one line.
        let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
        for field in mode.fields() {
            let flag = format!("--{} ", field.id.replace('_', "-"));
            let Some(at) = flat.find(&flag) else { panic!("{command} --help has no {flag}:\n{help}") };
            let text = &flat[at + flag.len()..];
            let text = &text[..text.find(" --").unwrap_or(text.len())];
            if field.default.is_empty() {
                assert!(!text.contains("[default:"), "{command} {flag}states a default the calculator lacks: {text}");
            } else {
                let stated = format!("[default: {}]", field.default);
                assert!(
                    text.contains(&stated),
                    "{command} {flag}: the calculator's default is {stated}, the help says: {text}"
                );
            }
        }
    }
}
