//! The model's words in English, by key: what the command line and the build write, and the
//! default language's strings on a page (the build adds them to the theme's strings as
//! `calc_<key>`, so another language translates them in its `i18n/<code>.toml`, docs/i18n.md).
//! The browser's module carries keys only (see `Sink`): it holds no words in any language.
//!
//! In a text, `{name}` is the name of the message's field and `{0}`, `{1}`, ... its arguments.

use crate::fields::Mode;
use crate::model::{DISCLOSURES, FORECAST_NOTE, MEDICAID_NOTE, WHAT_IF_NOTE, WORK_BACK_NOTE};

/// The messages, summaries, notes, result labels and table heads.
pub const TEXTS: [(&str, &str); 57] = [
    ("required", "{name} is required"),
    ("not_number", "{name} must be a number"),
    ("not_whole", "{name} must be a whole number"),
    ("greater_than", "{name} must be greater than {0}"),
    ("at_least", "{name} must be at least {0}"),
    ("below", "{name} must be below {0}"),
    ("at_most", "{name} must be at most {0}"),
    ("unusual", "Unusual value, please double-check: {name} is usually between {0} and {1}."),
    (
        "unusual_implied",
        "Unusual value, please double-check: the implied previous cost per student ({0}) is usually between {1} and {2}.",
    ),
    ("implied_max", "Implied previous cost per student must be at most {1} (difference ÷ percentage gives {0})"),
    ("too_large", "These numbers are too large to calculate"),
    ("medicaid_all", "Enter all three Medicaid figures to see an offset"),
    ("sum_employed", "{0} per full-time position ÷ {1} students = {2} per student."),
    (
        "sum_contracted",
        "{0} minutes a week for {1} weeks, plus {2} hours of indirect time per direct hour, = {3} hours per student; at {4} an hour, {5} per student.",
    ),
    ("sum_compare_increase", "{0} students × {1} higher cost per student = a cost increase of {2}, up {3}."),
    ("sum_compare_same", "The two costs per student are the same: no savings and no cost increase."),
    ("sum_compare", "{0} students × {1} lower cost per student = {2} saved, a {3} reduction."),
    (
        "sum_work_back",
        "A {0} difference that is {1} of the previous cost means {2} before and {3} after, per student; for {4} students, {5} saved.",
    ),
    (
        "sum_what_if_zero",
        "With these assumptions the scenario shows no savings. Enter your own assumptions to explore one.",
    ),
    (
        "sum_what_if",
        "If {0} of {1} referrals were resolved by Tier 1–2 supports, their {2} evaluations would cost {3} less. Services are not counted.",
    ),
    ("sum_forecast", "Over {0} years, {1} saved in total, a {2} reduction."),
    ("sum_forecast_one", "Over 1 year, {1} saved in total, a {2} reduction."),
    ("sum_forecast_increase", "Over {0} years, the new costs are {1} higher in total, up {2}."),
    ("sum_forecast_increase_one", "Over 1 year, the new costs are {1} higher in total, up {2}."),
    ("note_work_back", WORK_BACK_NOTE),
    ("note_what_if", WHAT_IF_NOTE),
    ("note_medicaid", MEDICAID_NOTE),
    ("note_forecast", FORECAST_NOTE),
    ("disclosure_1", DISCLOSURES[0]),
    ("disclosure_2", DISCLOSURES[1]),
    ("disclosure_3", DISCLOSURES[2]),
    ("fig_loaded_salary", "OT salary with benefits"),
    ("fig_fte_cost", "Cost of one full-time position"),
    ("fig_cost_per_student", "Cost per student"),
    ("fig_hours_per_student", "Hours per student per year"),
    ("fig_eval_cost_total", "Evaluations per year (billed separately)"),
    ("fig_medicaid_offset", "Possible Medicaid offset per student"),
    ("fig_increase_per_student", "Increase per student"),
    ("fig_total_before", "Previous total cost"),
    ("fig_total_after", "New total cost"),
    ("fig_cost_increase", "Cost increase"),
    ("fig_increase_pct", "Change in cost per student"),
    ("fig_diff_per_student", "Difference per student"),
    ("fig_savings", "Savings"),
    ("fig_reduction_pct", "Reduction"),
    ("fig_cost_before", "Previous cost per student"),
    ("fig_cost_after", "New cost per student"),
    ("fig_evals_avoided", "Referrals resolved at Tier 1–2"),
    ("fig_eval_savings", "Evaluation costs avoided"),
    ("fig_total_before_years", "Previous costs, all years"),
    ("fig_total_after_years", "New costs, all years"),
    ("fig_cost_increase_years", "Cost increase, all years"),
    ("fig_increase_pct_years", "Change in cost"),
    ("fig_savings_years", "Savings, all years"),
    ("col_year", "Year"),
    ("col_students", "Students"),
    ("col_cost_before", "Previous cost per student"),
];

/// The table's other heads (kept apart so `TEXTS` stays one screen of messages).
pub const COLUMNS: [(&str, &str); 5] = [
    ("col_cost_after", "New cost per student"),
    ("col_total_before", "Previous total"),
    ("col_total_after", "New total"),
    ("col_increase", "Cost increase"),
    ("col_savings", "Savings"),
];

/// Every key with its English: the texts, each mode's title (`title_<mode>`) and each field's
/// name, label, unit and hint (`name_<id>`, `label_<id>`, `unit_<id>`, `hint_<id>`).
pub fn english_texts() -> Vec<(String, &'static str)> {
    let mut all: Vec<(String, &'static str)> =
        TEXTS.iter().chain(&COLUMNS).map(|(k, v)| ((*k).to_string(), *v)).collect();
    for mode in Mode::ALL {
        all.push((format!("title_{}", mode.id()), mode.title()));
        for f in mode.fields() {
            if all.iter().any(|(k, _)| *k == format!("name_{}", f.id)) {
                continue;
            }
            all.push((format!("name_{}", f.id), f.name));
            all.push((format!("label_{}", f.id), f.label));
            all.push((format!("unit_{}", f.id), f.unit_text));
            all.push((format!("hint_{}", f.id), f.hint));
        }
    }
    all
}

/// The English of a key; the key itself when there is none (a bug the tests catch).
pub fn english(key: &str) -> &'static str {
    if let Some((_, text)) = TEXTS.iter().chain(&COLUMNS).find(|(k, _)| *k == key) {
        return text;
    }
    english_texts().into_iter().find(|(k, _)| k == key).map_or("", |(_, text)| text)
}

/// A text with `{name}` and `{0}`, `{1}`, ... filled.
pub fn fill(text: &str, name: &str, args: &[String]) -> String {
    let mut out = text.replace("{name}", name);
    for (i, arg) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), arg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_field_id_has_one_name() {
        let all = english_texts();
        for (i, (key, text)) in all.iter().enumerate() {
            assert!(all[i + 1..].iter().all(|(k, _)| k != key), "{key} twice");
            assert!(!text.is_empty() || key.starts_with("unit_"), "{key} has no English");
        }
        for mode in Mode::ALL {
            for f in mode.fields() {
                assert_eq!(english(&format!("name_{}", f.id)), f.name, "{} has two names", f.id);
            }
        }
    }
}
