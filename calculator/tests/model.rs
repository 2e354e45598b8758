//! The brief's test vectors T1–T8 (domain brief §7.6), exactly, and property tests of the model.

use calculator::{compare, compute, work_back, Exact, Inputs, Level, Mode, Outcome};
use proptest::prelude::*;

fn run(mode: Mode, pairs: &[(&str, &str)]) -> Outcome {
    let inputs = pairs.iter().fold(Inputs::new(), |inputs, (k, v)| inputs.with(k, v));
    compute(mode, &inputs)
}

fn shown(outcome: &Outcome, id: &str) -> String {
    outcome.figure(id).map(|f| f.display()).unwrap_or_else(|| panic!("no figure {id} in {outcome:#?}"))
}

fn errors(outcome: &Outcome) -> Vec<&str> {
    outcome.messages.iter().filter(|m| m.level == Level::Error).map(|m| m.text.as_str()).collect()
}

#[test]
fn t1_compare_reproduces_the_case() {
    let o = run(Mode::Compare, &[("students", "134"), ("cost_before", "2152"), ("cost_after", "1614")]);
    assert!(o.messages.is_empty(), "{:?}", o.messages);
    assert_eq!(shown(&o, "diff_per_student"), "$538");
    assert_eq!(shown(&o, "total_before"), "$288,368");
    assert_eq!(shown(&o, "total_after"), "$216,276");
    assert_eq!(shown(&o, "savings"), "$72,092");
    assert_eq!(shown(&o, "reduction_pct"), "25.0%");
    assert_eq!(o.figure("savings").map(|f| f.value), Some(Exact::int(72_092).wide()));
    assert_eq!(o.figure("reduction_pct").map(|f| f.value), Some(Exact::new(1, 4).wide()));
    assert_eq!(o.summary, "134 students × $538 lower cost per student = $72,092 saved, a 25.0% reduction.");
}

#[test]
fn compare_defaults_are_the_case() {
    assert_eq!(compute(Mode::Compare, &Inputs::new()), run(Mode::Compare, &[("students", "134")]));
}

#[test]
fn t2_work_back_reproduces_the_case() {
    let o = run(Mode::WorkBack, &[("students", "134"), ("diff_per_student", "538"), ("reduction_pct", "25")]);
    assert!(o.messages.is_empty(), "{:?}", o.messages);
    assert_eq!(shown(&o, "cost_before"), "$2,152");
    assert_eq!(shown(&o, "cost_after"), "$1,614");
    assert_eq!(shown(&o, "savings"), "$72,092");
    assert_eq!(shown(&o, "total_before"), "$288,368");
    assert_eq!(shown(&o, "total_after"), "$216,276");
    assert!(o.notes.contains(&calculator::WORK_BACK_NOTE));
}

#[test]
fn t3_equal_costs_save_nothing() {
    let o = run(Mode::Compare, &[("students", "50"), ("cost_before", "1704.17"), ("cost_after", "1704.17")]);
    assert!(!o.blocked());
    assert_eq!(shown(&o, "savings"), "$0");
    assert_eq!(shown(&o, "reduction_pct"), "0.0%");
    assert_eq!(o.figure("savings").map(|f| f.value), Some(Exact::ZERO.wide()));
}

#[test]
fn t4_a_cost_increase_is_not_a_negative_saving() {
    let o = run(Mode::Compare, &[("students", "10"), ("cost_before", "1500"), ("cost_after", "1800")]);
    assert!(!o.blocked());
    assert!(o.figure("savings").is_none());
    assert_eq!(shown(&o, "cost_increase"), "$3,000");
    assert_eq!(shown(&o, "increase_pct"), "+20.0%");
    assert_eq!(shown(&o, "increase_per_student"), "$300");
    assert!(o.figures.iter().all(|f| !f.display().contains('-')), "{:?}", o.figures);
    assert!(o.summary.contains("cost increase of $3,000"), "{}", o.summary);
}

#[test]
fn t5_employed_staff() {
    let o = run(
        Mode::Employed,
        &[
            ("salary", "80000"),
            ("benefits_pct", "35"),
            ("other_costs", "3000"),
            ("caseload", "50"),
            ("ota_share_pct", "0"),
        ],
    );
    assert!(o.messages.is_empty(), "{:?}", o.messages);
    assert_eq!(shown(&o, "cost_per_student"), "$2,220");
    assert_eq!(shown(&o, "fte_cost"), "$111,000");
    assert_eq!(o.figure("cost_per_student").map(|f| f.value), Some(Exact::int(2220).wide()));
}

#[test]
fn t6_contracted_hours() {
    let o =
        run(Mode::Contracted, &[("rate", "75"), ("direct_minutes", "30"), ("weeks", "36"), ("indirect_ratio", "0.5")]);
    assert!(o.messages.is_empty(), "{:?}", o.messages);
    assert_eq!(shown(&o, "hours_per_student"), "27.0");
    assert_eq!(shown(&o, "cost_per_student"), "$2,025");
    assert_eq!(shown(&o, "eval_cost_total"), "$0");
}

#[test]
fn t7_zero_percent_is_blocked() {
    let o = run(Mode::WorkBack, &[("reduction_pct", "0")]);
    assert!(o.blocked());
    assert_eq!(errors(&o), ["Percentage must be greater than 0"]);
    assert_eq!(o.messages[0].field, "reduction_pct");
    assert!(o.figures.is_empty() && o.summary.is_empty());
}

#[test]
fn t8_hundred_percent_is_blocked() {
    let o = run(Mode::WorkBack, &[("diff_per_student", "2200"), ("reduction_pct", "100")]);
    assert_eq!(errors(&o), ["Percentage must be below 100%"]);
    assert!(o.figures.is_empty());
}

#[test]
fn hard_limits_name_the_field() {
    let o = run(Mode::Compare, &[("students", "0"), ("cost_before", "abc"), ("cost_after", "100001")]);
    assert_eq!(
        errors(&o),
        [
            "Students must be at least 1",
            "Previous cost per student must be a number",
            "New cost per student must be at most $100,000",
        ]
    );
    // Real districts: more than 10,000 students, more than $20,000 per student.
    let o = run(Mode::Compare, &[("students", "25000"), ("cost_before", "24000"), ("cost_after", "22000")]);
    assert!(!o.blocked(), "{:?}", o.messages);
    assert_eq!(shown(&o, "savings"), "$50,000,000");
    // Huge numbers, and numbers written with an exponent, are too large rather than not numbers.
    let o = run(Mode::Compare, &[("students", "99999999999999999999"), ("cost_before", "1e9")]);
    assert_eq!(errors(&o), ["Students must be at most 100,000", "Previous cost per student must be at most $100,000"]);
    let o = run(Mode::Compare, &[("students", "12.5"), ("cost_before", " ")]);
    assert_eq!(errors(&o), ["Students must be a whole number", "Previous cost per student is required"]);
    let o = run(Mode::Compare, &[("cost_before", "0")]);
    assert_eq!(errors(&o), ["Previous cost per student must be at least $100"]);
    // Numbers far beyond the limits still get the limit's message, however long.
    let o = run(
        Mode::Compare,
        &[("students", "999999999999999999"), ("cost_before", "-99999999.99"), ("cost_after", "12345678901.5")],
    );
    assert_eq!(
        errors(&o),
        [
            "Students must be at most 100,000",
            "Previous cost per student must be at least $100",
            "New cost per student must be at most $100,000",
        ]
    );
    let o = run(Mode::Compare, &[("students", "99999999999999999.5")]);
    assert_eq!(errors(&o), ["Students must be a whole number"]);
}

#[test]
fn soft_limits_warn_and_still_compute() {
    let o = run(Mode::Compare, &[("students", "5")]);
    assert!(!o.blocked());
    assert_eq!(o.messages.len(), 1);
    assert_eq!(o.messages[0].level, Level::Warning);
    assert_eq!(o.messages[0].field, "students");
    assert!(o.messages[0].text.starts_with("Unusual value, please double-check"), "{}", o.messages[0].text);
    assert_eq!(shown(&o, "savings"), "$2,690");
}

#[test]
fn work_back_checks_the_implied_cost() {
    let o = run(Mode::WorkBack, &[("diff_per_student", "25000"), ("reduction_pct", "20")]);
    assert_eq!(
        errors(&o),
        ["Implied previous cost per student must be at most $100,000 (difference ÷ percentage gives $125,000)"]
    );
    let o = run(Mode::WorkBack, &[("diff_per_student", "100"), ("reduction_pct", "25")]);
    assert!(!o.blocked());
    assert_eq!(o.messages.len(), 1);
    assert!(o.messages[0].text.contains("implied previous cost per student ($400)"), "{:?}", o.messages);
}

#[test]
fn medicaid_offset_is_optional_and_needs_all_three() {
    let o = run(Mode::Employed, &[]);
    assert!(o.figure("medicaid_offset").is_none() && o.messages.is_empty());
    let o = run(Mode::Employed, &[("medicaid_eligible_pct", "50")]);
    assert!(!o.blocked());
    assert_eq!(o.messages.len(), 2);
    let o = run(
        Mode::Employed,
        &[("medicaid_eligible_pct", "50"), ("medicaid_reimbursable_pct", "80"), ("medicaid_recovered_pct", "60")],
    );
    // 2,220 × 0.5 × 0.8 × 0.6 = 532.80
    assert_eq!(o.figure("medicaid_offset").map(|f| f.value), Some(Exact::hundredths(53_280).wide()));
    assert!(o.notes.contains(&calculator::MEDICAID_NOTE));
}

#[test]
fn what_if_defaults_show_no_savings() {
    let o = run(Mode::WhatIf, &[]);
    assert!(o.messages.is_empty(), "{:?}", o.messages);
    assert_eq!(shown(&o, "eval_savings"), "$0");
    assert!(o.notes.contains(&calculator::WHAT_IF_NOTE));
    let o = run(Mode::WhatIf, &[("resolved_pct", "10")]);
    // 40 referrals × 10% = 4 resolved at Tier 1-2; 4 × $450 = $1,800. Nothing for services: a
    // support that kept an eligible student from an evaluation is not a saving (defect 3).
    assert_eq!(shown(&o, "evals_avoided"), "4.0");
    assert_eq!(shown(&o, "eval_savings"), "$1,800");
    assert_eq!(o.figures.len(), 2, "{:?}", o.figures);
    assert!(o.summary.ends_with("Services are not counted."), "{}", o.summary);
    assert!(calculator::WHAT_IF_NOTE
        .contains("only the evaluations of referrals whose needs were resolved by Tier 1 and Tier 2"));
}

#[test]
fn forecast_starts_empty() {
    // Defect 5 of the content review: no case figures carried forward by default.
    let o = run(Mode::Forecast, &[]);
    assert_eq!(
        errors(&o),
        ["Students is required", "Previous cost per student is required", "New cost per student is required"]
    );
    assert!(o.figures.is_empty() && o.table.is_none());
}

#[test]
fn forecast_compounds_and_rounds_per_year() {
    let case = [("students", "134"), ("cost_before", "2152"), ("cost_after", "1614")];
    let o = run(
        Mode::Forecast,
        &[&case[..], &[("years", "3"), ("caseload_growth_pct", "2"), ("cost_growth_pct", "3")]].concat(),
    );
    assert!(o.messages.is_empty(), "{:?}", o.messages);
    let table = o.table.as_ref().expect("a forecast has a table");
    assert_eq!(table.rows.len(), 3);
    assert_eq!(table.rows[0][1..4], ["134", "$2,152", "$1,614"]);
    // 134 × 1.02 = 136.68 -> 137; 134 × 1.0404 = 139.41 -> 139; 2,152 × 1.03 = 2,216.56
    assert_eq!(table.rows[1][1..4], ["137", "$2,217", "$1,662"]);
    assert_eq!(table.rows[2][1], "139");
    let flat = run(Mode::Forecast, &[&case[..], &[("years", "5")]].concat());
    assert_eq!(shown(&flat, "savings"), "$360,460");
    assert_eq!(shown(&flat, "reduction_pct"), "25.0%");
    let up = run(Mode::Forecast, &[("cost_before", "1500"), ("cost_after", "1800"), ("students", "10")]);
    assert_eq!(shown(&up, "cost_increase"), "$9,000");
    assert!(up.figure("savings").is_none());
}

fn money() -> impl Strategy<Value = i64> {
    10_000i64..=10_000_000 // $100.00 to $100,000.00, in cents
}

proptest! {
    #[test]
    fn no_nan_or_infinity_for_in_range_input(
        n in 1i64..=100_000, before in money(), after in 0i64..=10_000_000,
        pct in 1i64..=9_999, years in 1i64..=10, g1 in -200i64..=200, g2 in -200i64..=200,
    ) {
        let n = n.to_string();
        let before = format!("{}.{:02}", before / 100, before % 100);
        let after = format!("{}.{:02}", after / 100, after % 100);
        let pct = format!("{}.{:02}", pct / 100, pct % 100);
        let g1 = format!("{}{}.{}", if g1 < 0 { "-" } else { "" }, g1.abs() / 10, g1.abs() % 10);
        let g2 = format!("{}{}.{}", if g2 < 0 { "-" } else { "" }, g2.abs() / 10, g2.abs() % 10);
        let years = years.to_string();
        let outcomes = [
            run(Mode::Compare, &[("students", &n), ("cost_before", &before), ("cost_after", &after)]),
            run(Mode::WorkBack, &[("students", &n), ("diff_per_student", "19999"), ("reduction_pct", &pct)]),
            run(Mode::WorkBack, &[("students", &n), ("diff_per_student", "0.01"), ("reduction_pct", &pct)]),
            run(Mode::Forecast, &[
                ("students", &n), ("cost_before", &before), ("cost_after", &after),
                ("years", &years), ("caseload_growth_pct", &g1), ("cost_growth_pct", &g2),
            ]),
        ];
        for o in &outcomes {
            prop_assert!(!o.messages.iter().any(|m| m.text.contains("too large")), "{:?}", o.messages);
            for f in &o.figures {
                prop_assert!(f.value.to_f64().is_finite(), "{f:?}");
                let text = f.display();
                prop_assert!(!text.contains("NaN") && !text.contains("inf") && !text.contains("too large"));
            }
        }
    }

    #[test]
    fn extreme_corners_of_every_mode_compute(
        mode in prop::sample::select(Mode::ALL.to_vec()), high in any::<bool>(), seed in any::<u64>(),
    ) {
        // Every field at its hard minimum or maximum (or a mix): never overflows, never NaN.
        let mut inputs = Inputs::new();
        for (i, f) in mode.fields().iter().enumerate() {
            let pick_high = if seed >> (i % 64) & 1 == 1 { high } else { !high };
            let limit = if pick_high { f.max } else { f.min };
            let mut h = limit.hundredths;
            if limit.exclusive { h += if pick_high { -1 } else { 1 }; }
            inputs.set(f.id, &format!("{}{}.{:02}", if h < 0 { "-" } else { "" }, h.abs() / 100, h.abs() % 100));
        }
        let o = compute(mode, &inputs);
        prop_assert!(!o.messages.iter().any(|m| m.text.contains("too large")), "{:?}", o.messages);
        for f in &o.figures {
            prop_assert!(f.value.is_valid() && f.value.to_f64().is_finite(), "{f:?}");
        }
    }

    #[test]
    fn savings_is_students_times_difference(n in 1i64..=10_000, before in money(), after in 0i64..=2_000_000) {
        let c = compare(Exact::int(n), Exact::hundredths(before), Exact::hundredths(after));
        prop_assert_eq!(c.savings, Exact::int(n) * c.diff_per_student);
        prop_assert_eq!(c.savings, c.total_before - c.total_after);
        prop_assert_eq!(c.reduction, c.savings / c.total_before);
    }

    #[test]
    fn work_back_inverts_compare(n in 1i64..=10_000, before in money(), cut in 1i64..=2_000_000) {
        prop_assume!(cut < before);
        let (n, b, a) = (Exact::int(n), Exact::hundredths(before), Exact::hundredths(before - cut));
        let c = compare(n, b, a);
        let w = work_back(n, c.diff_per_student, c.reduction);
        prop_assert_eq!(w.cost_before, b);
        prop_assert_eq!(w.cost_after, a);
        prop_assert_eq!(w.savings, c.savings);
        prop_assert_eq!(w.total_before, c.total_before);
        prop_assert_eq!(w.total_after, c.total_after);
    }

    #[test]
    fn the_form_path_agrees_with_the_exact_path(n in 1i64..=10_000, before in money(), after in 0i64..=2_000_000) {
        let text = |c: i64| format!("{}.{:02}", c / 100, c % 100);
        let o = run(Mode::Compare, &[("students", &n.to_string()), ("cost_before", &text(before)), ("cost_after", &text(after))]);
        let c = compare(Exact::int(n), Exact::hundredths(before), Exact::hundredths(after));
        let (id, value) = if after > before { ("cost_increase", -c.savings) } else { ("savings", c.savings) };
        prop_assert_eq!(o.figure(id).map(|f| f.value), Some(value.wide()));
    }

    #[test]
    fn any_text_gives_a_result_or_a_message(text in ".{0,12}", mode in prop::sample::select(Mode::ALL.to_vec())) {
        let mut inputs = Inputs::new();
        for f in mode.fields() { inputs.set(f.id, &text); }
        let o = compute(mode, &inputs);
        prop_assert!(o.blocked() || !o.figures.is_empty());
        for f in &o.figures { prop_assert!(f.value.to_f64().is_finite()); }
    }
    #[test]
    fn awkward_values_next_to_every_limit_compute(
        mode in prop::sample::select(Mode::ALL.to_vec()),
        picks in prop::collection::vec((any::<bool>(), 0i64..=99), 9),
    ) {
        // The overflow argument in calculator/src/exact.rs, checked: every field a hundredth or up to
        // ~1% inside a hard limit, so values are odd, often prime-ish, and fractions rarely reduce
        // (the corners above are round numbers that reduce well). Nothing may come out "too large".
        let mut inputs = Inputs::new();
        for (f, (high, step)) in mode.fields().iter().zip(&picks) {
            let (lo, hi) = (f.min.hundredths + i64::from(f.min.exclusive), f.max.hundredths - i64::from(f.max.exclusive));
            let unit = if f.whole() { 100 } else if f.places == 1 { 10 } else { 1 };
            let room = ((hi - lo) / 100).max(unit);
            let offset = (step * room / 99 / unit) * unit;
            let h = if *high { hi - offset } else { lo + offset };
            let h = if f.whole() { h - h.rem_euclid(100) } else { h };
            inputs.set(f.id, &format!("{}{}.{:02}", if h < 0 { "-" } else { "" }, h.abs() / 100, h.abs() % 100));
        }
        let o = compute(mode, &inputs);
        // Only work-back can block in-range fields: its implied cost has its own ceiling.
        prop_assert!(!o.blocked() || mode == Mode::WorkBack, "{:?} {:?}", inputs, o.messages);
        prop_assert!(!o.messages.iter().any(|m| m.text.contains("too large")), "{:?} {:?}", inputs, o.messages);
        for f in &o.figures {
            prop_assert!(f.value.is_valid() && f.value.to_f64().is_finite(), "{f:?}");
            prop_assert!(!f.display().contains("too large"));
        }
    }

    #[test]
    fn the_widest_results_at_their_worst_corners(odd in prop::sample::select(vec![1i64, 3, 7, 9, 11, 13, 99])) {
        // The results that need more than 64 bits (and the what-if's largest), with every factor at an odd value next to
        // its maximum, so nothing cancels.
        let pct = |h: i64| format!("{}.{:02}", (10_000 - h) / 100, (10_000 - h) % 100);
        let o = run(Mode::WhatIf, &[
            ("referrals", "99999"), ("resolved_pct", &pct(odd)), ("eval_cost", "4999.99"),
        ]);
        prop_assert!(!o.blocked() && o.figures.iter().all(|f| f.value.is_valid()), "{:?}", o.messages);
        let o = run(Mode::Employed, &[
            ("salary", "199999.99"), ("benefits_pct", "79.99"), ("other_costs", "29999.99"), ("caseload", "149"),
            ("ota_share_pct", "79.99"), ("ota_salary", "119999.99"), ("medicaid_eligible_pct", &pct(odd)),
            ("medicaid_reimbursable_pct", &pct(odd)), ("medicaid_recovered_pct", &pct(odd)),
        ]);
        prop_assert!(o.figures.iter().all(|f| f.value.is_valid()) && o.figure("medicaid_offset").is_some());
        let o = run(Mode::Contracted, &[
            ("rate", "249.99"), ("direct_minutes", "299.99"), ("weeks", "51.99"), ("indirect_ratio", "2.99"),
            ("eval_hours", "39.99"), ("evals_per_year", "99999"), ("medicaid_eligible_pct", &pct(odd)),
            ("medicaid_reimbursable_pct", &pct(odd)), ("medicaid_recovered_pct", &pct(odd)),
        ]);
        prop_assert!(o.figures.iter().all(|f| f.value.is_valid()) && o.figure("medicaid_offset").is_some());
        let o = run(Mode::Forecast, &[
            ("students", "99999"), ("cost_before", "99999.99"), ("cost_after", "0.01"), ("years", "10"),
            ("caseload_growth_pct", "19.9"), ("cost_growth_pct", "19.9"),
        ]);
        prop_assert!(!o.blocked() && o.figures.iter().all(|f| f.value.is_valid()), "{:?}", o.messages);
    }
}
