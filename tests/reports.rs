//! Reports from a site's data/*.csv, end to end with the real binary: `tierbook report` in text
//! and JSON, a data error failing `check` and `build` at its file, row and column, the report
//! block on a page with its charts and CSV downloads, and small cells kept hidden in the page,
//! the downloads and the search index. The figures themselves are checked against a hand-worked
//! dataset in src/report/tests.rs; this one is the same data.

use serde_json::Value;

use crate::harness::{TestSite, MINIMAL_CONFIG};

/// src/report/tests.rs works these figures out by hand. C's counts for 2023-24 (6 referrals, 5
/// evaluations, 4 eligible, 8 on caseload) are under 10.
const DATA: &str = "year,school,enrolled,referrals,evaluations,eligible,caseload_direct,caseload_consult,total_cost
2022-23,A,400,20,16,12,30,10,80000
2022-23,B,600,15,12,10,25,5,60000
2022-23,C,150,5,4,3,7,0,14000
2023-24,A,400,50,40,16,34,8,92400
2023-24,B,600,18,15,13,27,5,64000
2023-24,C,150,6,5,4,8,0,16000
";

fn site() -> TestSite {
    TestSite::new()
        .file(
            "tierbook.toml",
            &format!("{MINIMAL_CONFIG}\n[reports]\ndistrict = \"Test District (fictional)\"\nschools = [\"A\", \"B\", \"C\"]\n"),
        )
        .file("data/district.csv", DATA)
}

#[test]
fn report_prints_the_figures_as_text_and_json() {
    let site = site();
    let run = site.run(&["report", "--format", "json"]);
    run.success();
    let json: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["district"], "Test District (fictional)");
    let trends = &json["trends"];
    let col = |table: &Value, id: &str| {
        table["columns"].as_array().unwrap().iter().position(|c| c["id"] == id).unwrap_or_else(|| panic!("{id}"))
    };
    let last = &trends["rows"][1];
    assert_eq!(last["label"], "2023-24");
    assert_eq!(last["cells"][col(trends, "referrals_per_1000")], 64.3);
    assert_eq!(last["cells"][col(trends, "eligible_pct")], 55.0);
    assert_eq!(last["cells"][col(trends, "cost_per_student")], 2102.0);
    let schools = &json["schools"];
    let c = &schools["rows"][2];
    assert_eq!(c["label"], "C");
    assert_eq!(c["cells"][col(schools, "referrals")], "suppressed");
    assert_eq!(json["questions"][0]["school"], "A");
    assert!(json["projection"]["method"].as_str().unwrap().contains("not a prediction"));

    let text = site.run(&["report"]);
    text.success()
        .stdout_has("Test District (fictional): program report, 2022-23 to 2023-24")
        .stdout_has("Referrals per 1,000 students: 64.3")
        .stdout_has("Share found eligible: -23.1 points")
        .stdout_has("Schools compared, 2023-24")
        .stdout_has("Would a training on referral quality help this team")
        .stdout_has("Projection, 2024-25 to 2026-27 (not a prediction)");
}

#[test]
fn report_without_data_is_a_usage_error() {
    let run = TestSite::new().run(&["report"]);
    run.exit(2).stderr_has("has no data files");
}

#[test]
fn a_data_error_fails_check_and_build_at_its_file_row_and_column() {
    let bad = DATA.replace("2023-24,A,400,50,40,16", "2023-24,A,400,50,40,41");
    let site = site().file("data/district.csv", &bad);
    let check = site.run(&["check"]);
    check.exit(1).stdout_has("data/district.csv:5:21: error: `eligible` (41) is more than `evaluations` (40)");
    let build = site.build();
    build.exit(1).stderr_has("data/district.csv:5:21: error: `eligible` (41) is more than `evaluations` (40)");
    assert!(!site.exists("index.html"), "nothing is written");

    let named = site.file("data/district.csv", &DATA.replace("caseload_consult", "student_name"));
    named
        .run(&["check"])
        .exit(1)
        .stdout_has("data/district.csv:1:69: error: column `student_name` looks like it holds names or identifiers");
}

#[test]
fn the_report_block_shows_words_tables_charts_and_downloads_with_small_cells_hidden() {
    let site = site()
        .file(
            "content/report.md",
            "+++\ntitle = \"District report (fictional)\"\n+++\n\n## Figures\n\n```report\n```\n",
        )
        .built();
    let html = site.read("report/index.html");
    assert!(html.contains("Students on caseload rose from 77 in 2022-23 to 82 in 2023-24."), "the words");
    assert!(html.contains("<th scope=\"row\">C</th><td class=\"tb-num\">150</td><td>suppressed</td>"), "{html}");
    // Trend charts (caseload, referrals per 1,000, cost per student) and the school chart, drawn
    // by the chart block's code with its text alternative.
    assert_eq!(html.matches("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tb-chart-svg\"").count(), 4);
    assert!(html.contains("2 schools are left out because their rates are suppressed."), "{html}");
    for table in ["trends", "changes", "schools", "projection"] {
        assert!(html.contains(&format!("href=\"/reports/{table}.csv\" download")), "{table}");
        assert!(site.exists(&format!("reports/{table}.csv")), "{table}.csv");
    }
    let schools = site.read("reports/schools.csv");
    assert!(schools.starts_with("School,Students enrolled,Referrals,"), "{schools}");
    assert!(
        schools.contains("\nC,150,suppressed,suppressed,suppressed,suppressed,suppressed,suppressed\n"),
        "{schools}"
    );
    assert!(schools.contains("\nA,400,50,125.0,40,40.0,42,2200\n"), "{schools}");

    // C's hidden counts appear nowhere: not in the page's cells, the downloads or the search index.
    for n in ["6", "5", "4", "8"] {
        assert!(!html.contains(&format!("<td class=\"tb-num\">{n}</td>")), "{n} in the page");
        assert!(!schools.contains(&format!(",{n},")), "{n} in the CSV");
    }
    let search: Vec<String> = walk(&site.out().join("search"));
    assert!(search.iter().any(|s| s.contains("District report (fictional)")), "the page is indexed");
    // The index holds the page's prose, not the block's cells, so no count can leak through it.
    for text in &search {
        assert!(!text.contains("Schools compared") && !text.contains("125.0"), "no report cells in search");
    }
}

#[test]
fn a_report_block_without_data_is_located() {
    let site = TestSite::new()
        .file("content/r.md", "+++\ntitle = \"R\"\n+++\n\nText.\n\n```report\nshow = [\"trend\"]\n```\n");
    site.run(&["check"]).exit(1).stdout_has("content/r.md:8:");
    let site = TestSite::new().file("content/r.md", "+++\ntitle = \"R\"\n+++\n\nText.\n\n```report\n```\n");
    site.run(&["check"]).exit(1).stdout_has("the site has no data/*.csv");
}

#[test]
fn the_bundled_sample_district_reports_and_says_it_is_fictional() {
    let site = TestSite::bundled();
    site.run(&["report"]).success().stdout_has("Sample District (fictional)");
    let site = site.built();
    let html = site.read("sample-district-report/index.html");
    assert!(html.contains("<strong>Fictional.</strong>"), "labelled fictional");
    assert!(html.contains("class=\"tb-report\""));
}

fn walk(dir: &std::path::Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect()
}

/// The board report prints on one sheet of Letter and of A4 paper (WebDriver's print takes the
/// page size in centimetres). The counter itself: the full report needs more than one.
#[test]
fn the_board_report_prints_on_one_page_of_letter_and_a4() {
    let Some(browser) = crate::webdriver::browser("the_board_report_prints_on_one_page_of_letter_and_a4") else {
        return;
    };
    let site = TestSite::bundled().built();
    let port = crate::webdriver::serve(site.out(), "/");
    let letter = serde_json::json!({"orientation": "portrait", "page": {"width": 21.59, "height": 27.94}});
    let a4 = serde_json::json!({"orientation": "portrait", "page": {"width": 21.0, "height": 29.7}});
    browser.goto(&format!("http://127.0.0.1:{port}/sample-district-report/"));
    assert!(browser.print_page_count(letter.clone()) > 1, "the full report is longer than a page");
    browser.goto(&format!("http://127.0.0.1:{port}/sample-district-board-report/"));
    assert!(browser.text(".tb-board-meta").contains("Sample District (fictional)"));
    assert_eq!(browser.print_page_count(letter), 1, "Letter");
    assert_eq!(browser.print_page_count(a4), 1, "A4");
}
