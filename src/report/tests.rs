//! The report's figures against a small dataset worked by hand, and every validation error class
//! at its file, row and column.

use std::path::PathBuf;

use super::figures::{self, Value};
use super::load::{self, looks_personal, SchoolYear};
use crate::config::Reports;

fn settings() -> Reports {
    Reports { district: "Test District".into(), min_cell: 10, schools: vec!["A".into(), "B".into(), "C".into()] }
}

const HEADER: &str = "year,school,enrolled,referrals,evaluations,eligible,caseload_direct,caseload_consult,total_cost";

/// Three schools, two years. By hand:
///
/// 2022-23, district: enrolled 400+600+150 = 1,150; referrals 20+15+5 = 40; evaluations
/// 16+12+4 = 32; eligible 12+10+3 = 25; caseload (30+10)+(25+5)+(7+0) = 77; cost 80,000+60,000+
/// 14,000 = $154,000. Referrals per 1,000 = 40 / 1,150 × 1,000 = 34.78 -> 34.8. Share eligible =
/// 25 / 32 = 78.125% -> 78.1%. Cost per student = 154,000 / 77 = $2,000.
///
/// 2023-24, district: enrolled 1,150; referrals 50+18+6 = 74; evaluations 40+15+5 = 60; eligible
/// 16+13+4 = 33; caseload (34+8)+(27+5)+(8+0) = 82; cost 92,400+64,000+16,000 = $172,400.
/// Referrals per 1,000 = 74 / 1,150 × 1,000 = 64.35 -> 64.3. Share eligible = 33 / 60 = 55.0%.
/// Cost per student = 172,400 / 82 = 2,102.44 -> $2,102.
///
/// Change: caseload 77 -> 82 = +6.49% -> +6.5%; referrals per 1,000 × 74/40 = +85.0%; share
/// eligible 55 - 78.125 = -23.125 -> -23.1 points; cost per student 2,102.44 / 2,000 = +5.12% ->
/// +5.1%; total cost 172,400 / 154,000 = +11.95% -> +11.9%.
fn dataset() -> Vec<(PathBuf, Vec<u8>)> {
    let text = format!(
        "{HEADER}\n\
         2022-23,A,400,20,16,12,30,10,80000\n\
         2022-23,B,600,15,12,10,25,5,60000\n\
         2022-23,C,150,5,4,3,7,0,14000\n\
         2023-24,A,400,50,40,16,34,8,92400\n\
         2023-24,B,600,18,15,13,27,5,\"$64,000\"\n\
         2023-24,C,150,6,5,4,8,0,16000\n"
    );
    vec![(PathBuf::from("data/district.csv"), text.into_bytes())]
}

fn report() -> figures::Report {
    let data = load::parse(&dataset(), &settings()).expect("the dataset is valid");
    figures::report(&data, "Test District", 10)
}

#[test]
fn district_figures_match_the_hand_worked_ones() {
    let r = report();
    let t = &r.trends;
    let n = |year: &str, id: &str| t.get(year, id).unwrap_or_else(|| panic!("{year} {id}"));
    assert_eq!(n("2022-23", "enrolled"), Value::Number(1150.0));
    assert_eq!(n("2022-23", "referrals"), Value::Number(40.0));
    assert_eq!(n("2022-23", "referrals_per_1000"), Value::Number(34.8));
    assert_eq!(n("2022-23", "eligible_pct"), Value::Number(78.1));
    assert_eq!(n("2022-23", "caseload"), Value::Number(77.0));
    assert_eq!(n("2022-23", "total_cost"), Value::Number(154_000.0));
    assert_eq!(n("2022-23", "cost_per_student"), Value::Number(2000.0));
    assert_eq!(n("2023-24", "referrals_per_1000"), Value::Number(64.3));
    assert_eq!(n("2023-24", "eligible_pct"), Value::Number(55.0));
    assert_eq!(n("2023-24", "caseload"), Value::Number(82.0));
    assert_eq!(n("2023-24", "total_cost"), Value::Number(172_400.0));
    assert_eq!(n("2023-24", "cost_per_student"), Value::Number(2102.0));
    // Columns the data does not have are left out, not shown empty.
    assert_eq!(t.column("therapist_fte"), None);

    let c = |id: &str| r.changes.get("2022-23 to 2023-24", id).unwrap_or_else(|| panic!("{id}"));
    assert_eq!(c("caseload"), Value::Number(6.5));
    assert_eq!(c("referrals_per_1000"), Value::Number(85.0));
    assert_eq!(c("eligible_pct"), Value::Number(-23.1));
    assert_eq!(c("cost_per_student"), Value::Number(5.1));
    assert_eq!(c("total_cost"), Value::Number(11.9));
    assert_eq!(figures::Format::Points.write(c("eligible_pct")), "-23.1 points");
    assert_eq!(figures::Format::Change.write(c("caseload")), "+6.5%");

    assert!(r.summary.contains(&"Students on caseload rose from 77 in 2022-23 to 82 in 2023-24.".to_string()));
    assert!(r
        .summary
        .contains(&"Share of evaluations found eligible fell from 78.1% in 2022-23 to 55.0% in 2023-24.".to_string()));
}

/// 2023-24 by school. C's referrals (6), evaluations (5), eligible (4) and caseload (8) are under
/// 10: hidden. Each is then the only hidden count of its column, and the district total would give
/// it away, so the next smallest is hidden too: B's referrals (18 < 50), evaluations (15 < 40),
/// eligible (13 < 16) and caseload (32 < 42). So B's and C's rates and costs per student are
/// hidden. A: 50 / 400 × 1,000 = 125.0 per 1,000; 16 / 40 = 40.0% eligible; 92,400 / 42 = $2,200.
#[test]
fn small_school_cells_are_suppressed_with_their_complements() {
    let r = report();
    let s = r.schools.as_ref().expect("the data names schools");
    assert_eq!(s.title, "Schools compared, 2023-24");
    let v = |school: &str, id: &str| s.get(school, id).unwrap_or_else(|| panic!("{school} {id}"));
    for id in ["referrals", "evaluations", "caseload", "referrals_per_1000", "eligible_pct", "cost_per_student"] {
        assert_eq!(v("C", id), Value::Suppressed, "C {id}");
        assert_eq!(v("B", id), Value::Suppressed, "B {id}");
    }
    assert_eq!(v("C", "enrolled"), Value::Number(150.0));
    assert_eq!(v("A", "referrals_per_1000"), Value::Number(125.0));
    assert_eq!(v("A", "eligible_pct"), Value::Number(40.0));
    assert_eq!(v("A", "cost_per_student"), Value::Number(2200.0));
    // Hidden cells stay hidden in the CSV download.
    let csv = s.to_csv();
    assert!(csv.contains("C,150,suppressed,suppressed,suppressed,suppressed,suppressed,suppressed"), "{csv}");
    assert!(!csv.contains(",6,") && !csv.contains(",8,"), "{csv}");
}

/// A: 125.0 per 1,000 >= 1.25 × 64.35 = 80.4, and 40.0% <= 0.75 × 55.0% = 41.25%: a question.
#[test]
fn a_school_that_refers_often_and_rarely_finds_eligibility_gets_a_question() {
    let r = report();
    assert_eq!(r.questions.len(), 1);
    let q = &r.questions[0];
    assert_eq!(q.school, "A");
    assert!(q.text.ends_with('?'), "{}", q.text);
    assert!(q.text.contains("125.0 referrals per 1,000 students (the district: 64.3)"), "{}", q.text);
}

/// The calculator's forecast from 82 students at $2,102.44, growing 6.5% and 5.1% a year:
/// (growth: 82 / 77 = 1.0649 -> 6.5%; 2,102.44 / 2,000 = 1.0512 -> 5.1%).
/// 2024-25: 82 × 1.065 = 87.33 -> 87 students; 2,102.44 × 1.051 = 2,209.664 -> $2,209.66 (the
/// calculator states each year's cost to the cent); total 87 × 2,209.66 = 192,240.42 -> $192,240.
/// 2025-26: 82 × 1.065² = 93.01 -> 93; 2,102.44 × 1.104601 = 2,322.357 -> $2,322.36; 93 × 2,322.36
/// = 215,979.48 -> $215,979. 2026-27: 82 × 1.065³ = 99.05 -> 99; 2,102.44 × 1.160936 = 2,440.798
/// -> $2,440.80; 99 × 2,440.80 = 241,639.20 -> $241,639.
#[test]
fn the_projection_extends_the_districts_own_trend_with_the_calculator() {
    let r = report();
    let p = r.projection.table.as_ref().expect("two years give a projection");
    let v = |year: &str, id: &str| p.get(year, id).unwrap_or_else(|| panic!("{year} {id}"));
    assert_eq!(v("2024-25", "caseload"), Value::Number(87.0));
    assert_eq!(v("2025-26", "caseload"), Value::Number(93.0));
    assert_eq!(v("2026-27", "caseload"), Value::Number(99.0));
    assert_eq!(v("2024-25", "total_cost"), Value::Number(192_240.0));
    assert_eq!(v("2025-26", "total_cost"), Value::Number(215_979.0));
    assert_eq!(v("2026-27", "total_cost"), Value::Number(241_639.0));
    assert!(r.projection.method.starts_with("A projection from the district's own trend, not a prediction."));
    assert!(r.projection.method.contains("From 2022-23 to 2023-24"), "{}", r.projection.method);
    assert!(r.projection.method.contains("+6.5% a year"), "{}", r.projection.method);
}

#[test]
fn one_year_gives_no_projection_and_says_why() {
    let text = format!("{HEADER}\n2023-24,A,400,50,40,16,34,8,92400\n");
    let data = load::parse(&[(PathBuf::from("data/x.csv"), text.into_bytes())], &settings()).expect("valid");
    let r = figures::report(&data, "T", 10);
    assert!(r.projection.table.is_none());
    assert!(r.projection.method.contains("at least two school years"), "{}", r.projection.method);
}

#[test]
fn the_threshold_is_configurable() {
    let data = load::parse(&dataset(), &settings()).expect("valid");
    let r = figures::report(&data, "T", 3);
    let s = r.schools.expect("schools");
    assert_eq!(s.get("C", "referrals"), Some(Value::Number(6.0)));
    assert_eq!(s.get("C", "eligible_pct"), Some(Value::Number(80.0)));
}

/// The errors of a one-file dataset, as `line:column message`.
fn errors(text: &str) -> Vec<String> {
    let files = vec![(PathBuf::from("data/d.csv"), text.as_bytes().to_vec())];
    match load::parse(&files, &settings()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|d| {
                assert_eq!(d.path, PathBuf::from("data/d.csv"));
                assert!(d.hint.is_some(), "{d}");
                format!("{}:{} {}", d.line, d.column, d.message)
            })
            .collect(),
    }
}

fn one(text: &str) -> String {
    let found = errors(text);
    assert_eq!(found.len(), 1, "{found:?}");
    found[0].clone()
}

#[test]
fn a_count_that_is_not_a_whole_number_is_located() {
    let e = one(&format!("{HEADER}\n2023-24,A,400,12.5,10,5,20,0,1000\n"));
    assert_eq!(e, "2:15 row 2, column 4 (`referrals`) is `12.5`; it must be a whole number");
    let e = one(&format!("{HEADER}\n2023-24,A,400,twelve,10,5,20,0,1000\n"));
    assert_eq!(e, "2:15 row 2, column 4 (`referrals`) is `twelve`, not a number");
}

#[test]
fn a_value_in_the_wrong_unit_is_located() {
    let e = one(&format!("{HEADER}\n2023-24,A,400,20,10,5,20,0,15%\n"));
    assert_eq!(e, "2:28 row 2, column 9 (`total_cost`) is `15%`, which is a percentage; `total_cost` does not");
    let e = one(&format!("{HEADER}\n2023-24,A,$400,20,10,5,20,0,1000\n"));
    assert!(e.starts_with("2:11 row 2, column 3 (`enrolled`) is `$400`, which holds dollars"), "{e}");
    let e = one(&format!("{HEADER}\n2023-24,A,400,20,10,5,-2,0,1000\n"));
    assert!(e.starts_with("2:23 ") && e.ends_with("is negative"), "{e}");
}

#[test]
fn impossible_relations_are_located() {
    let e = one(&format!("{HEADER}\n2023-24,A,400,20,10,12,20,0,1000\n"));
    assert_eq!(e, "2:21 `eligible` (12) is more than `evaluations` (10)");
    let e = one(&format!("{HEADER}\n2023-24,A,400,20,25,5,20,0,1000\n"));
    assert_eq!(e, "2:18 `evaluations` (25) is more than `referrals` (20)");
    let e = one(&format!("{HEADER}\n2023-24,A,40,20,10,5,40,5,1000\n"));
    assert_eq!(e, "2:22 the caseload (45) is more than the students enrolled (40)");
}

#[test]
fn duplicate_and_missing_years_are_located() {
    let e = one(&format!("{HEADER}\n2023-24,A,400,20,10,5,20,0,1000\n2023-24,A,400,20,10,5,20,0,1000\n"));
    assert_eq!(e, "3:1 2023-24 for school \"A\" appears twice (also data/d.csv, row 2)");
    let e = one(&format!("{HEADER}\n2021-22,A,400,20,10,5,20,0,1000\n2023-24,A,400,20,10,5,20,0,1000\n"));
    assert_eq!(e, "3:1 no rows for 2022-23, between 2021-22 and 2023-24");
    let e = one(&format!(
        "{HEADER}\n2022-23,A,400,20,10,5,20,0,1000\n2023-24,B,400,20,10,5,20,0,1000\n2023-24,A,400,20,10,5,20,0,1000\n"
    ));
    assert_eq!(e, "2:1 2022-23 has no row for school \"B\", which other years have");
    let e = one(&format!("{HEADER}\n2023/24,A,400,20,10,5,20,0,1000\n"));
    assert_eq!(e, "2:1 row 2, column 1 (`year`) is `2023/24`, not a school year");
}

#[test]
fn unknown_schools_are_located_with_a_suggestion() {
    let files =
        vec![(PathBuf::from("data/d.csv"), format!("{HEADER}\n2023-24,Alder,400,20,10,5,20,0,1000\n").into_bytes())];
    let settings = Reports { schools: vec!["Alder Elementary".into()], ..settings() };
    let errors = load::parse(&files, &settings).expect_err("unknown school");
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (2, 9));
    assert_eq!(errors[0].message, "row 2, column 2 (`school`) is `Alder`, a school tierbook.toml does not list");
    assert!(errors[0].hint.as_deref().is_some_and(|h| h.contains("\"Alder Elementary\"")), "{:?}", errors[0].hint);
}

#[test]
fn a_column_of_names_or_identifiers_is_refused() {
    let e = one("year,student_name,enrolled,referrals,evaluations,eligible,caseload_direct,total_cost\n2023-24,J. Doe,1,1,1,1,1,1\n");
    assert_eq!(e, "1:6 column `student_name` looks like it holds names or identifiers; reports take counts only");
    for header in ["StudentID", "Last Name", "email", "school_id", "DOB", "first", "staff member", "lasid"] {
        assert!(looks_personal(header), "{header}");
    }
    for header in ["referrals", "grade", "total", "service_hours"] {
        assert!(!looks_personal(header), "{header}");
    }
}

#[test]
fn header_problems_are_located() {
    let found = errors("year,enroled,referrals,evaluations,eligible,caseload_direct,total_cost\n2023-24,1,1,1,1,1,1\n");
    assert_eq!(
        found,
        vec!["1:1 the data has no `enrolled` column".to_string(), "1:6 unknown column `enroled`".to_string()]
    );
    let found = errors("year,referrals,evaluations,eligible,caseload_direct,total_cost\n2023-24,1,1,1,1,1\n");
    assert_eq!(found, vec!["1:1 the data has no `enrolled` column".to_string()]);
    let found = errors(&format!("{HEADER},referrals\n2023-24,A,400,20,10,5,20,0,1000,20\n"));
    assert_eq!(found, vec!["1:97 column `referrals` appears twice (also column 4)".to_string()]);
}

#[test]
fn files_at_different_levels_are_refused() {
    let files = vec![
        (PathBuf::from("data/a.csv"), format!("{HEADER}\n2023-24,A,400,20,10,5,20,0,1000\n").into_bytes()),
        (
            PathBuf::from("data/b.csv"),
            b"year,enrolled,referrals,evaluations,eligible,caseload_direct,total_cost\n2022-23,1,1,1,1,1,1\n".to_vec(),
        ),
    ];
    let errors = load::parse(&files, &settings()).expect_err("mixed levels");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, PathBuf::from("data/b.csv"));
    assert!(errors[0].message.contains("but data/a.csv splits them by school"), "{}", errors[0].message);
}

#[test]
fn services_repeat_the_same_enrolment_and_it_is_counted_once() {
    let head = "year,school,service,enrolled,referrals,evaluations,eligible,caseload_direct,total_cost";
    let text = format!("{head}\n2023-24,A,OT,400,20,10,5,20,1000\n2023-24,A,speech,400,30,20,15,40,3000\n");
    let data = load::parse(&[(PathBuf::from("data/d.csv"), text.into_bytes())], &settings()).expect("valid");
    let r = figures::report(&data, "T", 10);
    // Enrolled once: 400, not 800; referrals 20 + 30 = 50 -> 125.0 per 1,000.
    assert_eq!(r.trends.get("2023-24", "enrolled"), Some(Value::Number(400.0)));
    assert_eq!(r.trends.get("2023-24", "referrals_per_1000"), Some(Value::Number(125.0)));
    let text = format!("{head}\n2023-24,A,OT,400,20,10,5,20,1000\n2023-24,A,speech,410,30,20,15,40,3000\n");
    let e = one(&text);
    assert!(e.starts_with("3:1 `enrolled` is 410 here but 400 on row 2"), "{e}");
    let e = one(&format!("{head}\n2023-24,A,music,400,20,10,5,20,1000\n"));
    assert_eq!(e, "2:11 row 2, column 3 (`service`) is `music`, not a service");
}

#[test]
fn school_years_read_as_districts_write_them() {
    assert_eq!(SchoolYear::parse("2023-24"), Some(SchoolYear(2023)));
    assert_eq!(SchoolYear::parse("2023-2024"), Some(SchoolYear(2023)));
    assert_eq!(SchoolYear::parse("2023–24"), Some(SchoolYear(2023)));
    assert_eq!(SchoolYear::parse("1999-00"), Some(SchoolYear(1999)));
    assert_eq!(SchoolYear(1999).to_string(), "1999-00");
    for bad in ["2023", "2023-25", "23-24", "2023-24-25", "FY24"] {
        assert_eq!(SchoolYear::parse(bad), None, "{bad}");
    }
}
