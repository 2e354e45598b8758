//! The cost model (domain brief §7): reads and checks the inputs of a mode, then computes its results.

use crate::exact::{parse_decimal, Exact, ParseError};
use crate::fields::{Field, Mode, Unit};
use crate::format::{self, cat, fill};

/// Shown with every result (brief §7.7).
pub const DISCLOSURES: [&str; 3] = [
    "Estimates only. Your district's contracts, salaries, benefits and state rules determine actual costs.",
    "The Montgomery County figures were provided by the district's partner and have not been independently audited.",
    "Cost per student depends on what is included (direct minutes, evaluations, meetings, travel). Compare like with like.",
];

pub const WORK_BACK_NOTE: &str = "These figures assume the percentage reduction and the per-student difference describe the same group of students and the same kind of cost. If the percentage refers to a wider budget, the baseline can't be calculated from these inputs.";
pub const WHAT_IF_NOTE: &str = "This is a scenario, not a prediction. Students who need evaluations must get them. Supports in general education can't be used to delay an evaluation when a disability is suspected.";
pub const MEDICAID_NOTE: &str = "Display only: a possible Medicaid offset, not promised revenue. State rules, billing costs and parental consent requirements vary; check them before counting on any reimbursement.";
pub const FORECAST_NOTE: &str = "This is a projection from your inputs, not a prediction. Each year's caseload is rounded to whole students and each cost per student to the cent; growth applies from year 2.";

/// The text a reader gave for each field. Fields without an entry take their default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    entries: Vec<(String, String)>,
}

impl Inputs {
    pub fn new() -> Inputs {
        Inputs::default()
    }

    pub fn set(&mut self, id: &str, text: &str) {
        match self.entries.iter_mut().find(|(k, _)| k == id) {
            Some(entry) => entry.1 = text.to_string(),
            None => self.entries.push((id.to_string(), text.to_string())),
        }
    }

    pub fn with(mut self, id: &str, text: &str) -> Inputs {
        self.set(id, text);
        self
    }

    pub fn get(&self, id: &str) -> Option<&str> {
        self.entries.iter().find(|(k, _)| k == id).map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Blocks the result.
    Error,
    /// "Unusual value, please double-check": the result is still computed.
    Warning,
}

/// A message about one field, shown next to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub field: &'static str,
    pub level: Level,
    pub text: String,
}

/// How a result is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Whole dollars.
    Currency,
    /// A fraction shown as a percentage with one decimal.
    Percent,
    /// A fraction shown as a percentage change with a sign (`+20.0%`).
    Change,
    /// One decimal place (hours, evaluations).
    OneDecimal,
}

/// One computed result, exact, with its display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub id: &'static str,
    pub label: &'static str,
    pub value: Exact,
    pub kind: Kind,
}

impl Figure {
    fn new(id: &'static str, label: &'static str, value: Exact, kind: Kind) -> Figure {
        Figure { id, label, value, kind }
    }

    pub fn display(&self) -> String {
        match self.kind {
            Kind::Currency => format::currency(self.value),
            Kind::Percent => format::percent(self.value),
            Kind::Change => format::signed_percent(self.value),
            Kind::OneDecimal => format::decimal(self.value, 1),
        }
    }
}

/// A year-by-year table (the forecast).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One input as read: the text used (typed or default) and its value if it parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputValue {
    pub field: &'static Field,
    pub text: String,
    pub value: Option<Exact>,
}

impl InputValue {
    /// The value in its unit, as the reader would write it (`$2,152`, `25%`); empty when blank.
    pub fn display(&self) -> String {
        self.value.map(|v| format::input(v, self.field.unit)).unwrap_or_default()
    }
}

/// Everything one calculation produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub mode: Mode,
    pub inputs: Vec<InputValue>,
    pub messages: Vec<Message>,
    /// Empty when blocked.
    pub figures: Vec<Figure>,
    /// One plain-language sentence about the result; empty when blocked.
    pub summary: String,
    /// Notes that belong to this mode or result, shown with [`DISCLOSURES`].
    pub notes: Vec<&'static str>,
    pub table: Option<Table>,
}

impl Outcome {
    pub fn blocked(&self) -> bool {
        self.messages.iter().any(|m| m.level == Level::Error)
    }

    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.iter().find(|f| f.id == id)
    }
}

/// Reads one field: parse, round to its places, check hard then soft limits.
fn read(field: &'static Field, text: &str, messages: &mut Vec<Message>) -> Option<Exact> {
    let error = |text: String| Message { field: field.id, level: Level::Error, text };
    let name = field.name;
    let value = match parse_decimal(text) {
        Ok(v) => v,
        Err(ParseError::Blank) if field.optional => return None,
        Err(ParseError::Blank) => {
            messages.push(error(cat(&[name, " is required"])));
            return None;
        }
        Err(ParseError::Invalid) => {
            messages.push(error(cat(&[name, " must be a number"])));
            return None;
        }
    };
    if field.whole() && !value.is_integer() {
        messages.push(error(cat(&[name, " must be a whole number"])));
        return None;
    }
    let value = value.round(field.places);
    let (min, max) = (Exact::hundredths(field.min.hundredths), Exact::hundredths(field.max.hundredths));
    let limit = |l| format::limit(l, field.unit);
    let problem = if field.min.exclusive && value <= min {
        Some(cat(&[name, " must be greater than ", &limit(field.min)]))
    } else if value < min {
        Some(cat(&[name, " must be at least ", &limit(field.min)]))
    } else if field.max.exclusive && value >= max {
        Some(cat(&[name, " must be below ", &limit(field.max)]))
    } else if value > max {
        Some(cat(&[name, " must be at most ", &limit(field.max)]))
    } else {
        None
    };
    if let Some(text) = problem {
        messages.push(error(text));
        return None;
    }
    if let Some((lo, hi)) = field.soft {
        let (lo, hi) = (Exact::hundredths(lo), Exact::hundredths(hi));
        if value < lo || value > hi {
            messages.push(Message {
                field: field.id,
                level: Level::Warning,
                text: unusual(name, format::input(lo, field.unit), format::input(hi, field.unit)),
            });
        }
    }
    Some(value)
}

fn unusual(what: &str, lo: String, hi: String) -> String {
    cat(&["Unusual value, please double-check: ", what, " is usually between ", &lo, " and ", &hi, "."])
}

/// Computes one mode from the reader's inputs.
pub fn compute(mode: Mode, inputs: &Inputs) -> Outcome {
    let mut messages = Vec::new();
    let values: Vec<InputValue> = mode
        .fields()
        .iter()
        .map(|field| {
            let text = inputs.get(field.id).unwrap_or(field.default).to_string();
            let value = read(field, &text, &mut messages);
            InputValue { field, text, value }
        })
        .collect();
    let mut outcome = Outcome {
        mode,
        inputs: values,
        messages,
        figures: Vec::new(),
        summary: String::new(),
        notes: Vec::new(),
        table: None,
    };
    if outcome.blocked() {
        return outcome;
    }
    // Not blocked, so every required field has a value; the fields are in table order.
    let a: Vec<Exact> = outcome.inputs.iter().map(|i| i.value.unwrap_or(Exact::ZERO)).collect();
    let optional: Vec<Option<Exact>> = outcome.inputs.iter().skip(6).map(|i| i.value).collect();
    match mode {
        Mode::Compare => compare_outcome(&mut outcome, a[0], a[1], a[2]),
        Mode::WorkBack => work_back_outcome(&mut outcome, a[0], a[1], a[2]),
        Mode::Employed => {
            let cost = employed(Employed {
                salary: a[0],
                benefits_pct: a[1],
                other_costs: a[2],
                caseload: a[3],
                ota_share_pct: a[4],
                ota_salary: a[5],
            });
            outcome.summary = fill(
                "{} per full-time position ÷ {} students = {} per student.",
                &[&format::currency(cost.fte_cost), &format::plain(a[3]), &format::currency(cost.per_student)],
            );
            outcome.figures = vec![
                Figure::new("loaded_salary", "OT salary with benefits", cost.loaded_salary, Kind::Currency),
                Figure::new("fte_cost", "Cost of one full-time position", cost.fte_cost, Kind::Currency),
                Figure::new("cost_per_student", "Cost per student", cost.per_student, Kind::Currency),
            ];
            medicaid(&mut outcome, cost.per_student, &optional);
        }
        Mode::Contracted => {
            let c = contracted(a[0], a[1], a[2], a[3], a[4], a[5]);
            outcome.summary = fill(
                "{} minutes a week for {} weeks, plus {} hours of indirect time per direct hour, = {} hours per student; at {} an hour, {} per student.",
                &[
                    &format::plain(a[1]),
                    &format::plain(a[2]),
                    &format::plain(a[3]),
                    &format::decimal(c.hours_per_student, 1),
                    &format::input(a[0], Unit::Dollars),
                    &format::currency(c.per_student),
                ],
            );
            outcome.figures = vec![
                Figure::new("hours_per_student", "Hours per student per year", c.hours_per_student, Kind::OneDecimal),
                Figure::new("cost_per_student", "Cost per student", c.per_student, Kind::Currency),
                Figure::new(
                    "eval_cost_total",
                    "Evaluations per year (billed separately)",
                    c.evaluations,
                    Kind::Currency,
                ),
            ];
            medicaid(&mut outcome, c.per_student, &optional);
        }
        Mode::WhatIf => what_if_outcome(&mut outcome, &a),
        Mode::Forecast => forecast_outcome(&mut outcome, &a),
    }
    let valid = outcome.figures.iter().all(|f| f.value.is_valid());
    if !valid {
        // Unreachable for in-range input (the property tests check it); never show a wrong number.
        outcome.figures.clear();
        outcome.summary.clear();
        outcome.table = None;
        outcome.messages.push(Message {
            field: mode.fields()[0].id,
            level: Level::Error,
            text: "These numbers are too large to calculate".to_string(),
        });
    }
    outcome
}

/// Mode A (brief §7.2), exact. `savings` and `pct` are negative for a cost increase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comparison {
    pub diff_per_student: Exact,
    pub total_before: Exact,
    pub total_after: Exact,
    pub savings: Exact,
    /// `diff_per_student ÷ cost_before`, a fraction.
    pub reduction: Exact,
}

pub fn compare(students: Exact, cost_before: Exact, cost_after: Exact) -> Comparison {
    let total_before = students * cost_before;
    let total_after = students * cost_after;
    let diff_per_student = cost_before - cost_after;
    Comparison {
        diff_per_student,
        total_before,
        total_after,
        savings: total_before - total_after,
        reduction: diff_per_student / cost_before,
    }
}

fn compare_outcome(outcome: &mut Outcome, n: Exact, before: Exact, after: Exact) {
    let c = compare(n, before, after);
    let students = format::plain(n);
    if c.savings.is_negative() {
        let (per, total, pct) = (c.diff_per_student.abs(), c.savings.abs(), c.reduction.abs());
        outcome.figures = vec![
            Figure::new("increase_per_student", "Increase per student", per, Kind::Currency),
            Figure::new("total_before", "Previous total cost", c.total_before, Kind::Currency),
            Figure::new("total_after", "New total cost", c.total_after, Kind::Currency),
            Figure::new("cost_increase", "Cost increase", total, Kind::Currency),
            Figure::new("increase_pct", "Change in cost per student", pct, Kind::Change),
        ];
        outcome.summary = fill(
            "{} students × {} higher cost per student = a cost increase of {}, up {}.",
            &[&students, &format::currency(per), &format::currency(total), &format::percent(pct)],
        );
    } else {
        outcome.figures = vec![
            Figure::new("diff_per_student", "Difference per student", c.diff_per_student, Kind::Currency),
            Figure::new("total_before", "Previous total cost", c.total_before, Kind::Currency),
            Figure::new("total_after", "New total cost", c.total_after, Kind::Currency),
            Figure::new("savings", "Savings", c.savings, Kind::Currency),
            Figure::new("reduction_pct", "Reduction", c.reduction, Kind::Percent),
        ];
        outcome.summary = if c.savings.is_zero() {
            "The two costs per student are the same: no savings and no cost increase.".to_string()
        } else {
            fill(
                "{} students × {} lower cost per student = {} saved, a {} reduction.",
                &[
                    &students,
                    &format::currency(c.diff_per_student),
                    &format::currency(c.savings),
                    &format::percent(c.reduction),
                ],
            )
        };
    }
}

/// Mode B (brief §7.3), exact. `reduction` is a fraction (0.25 for 25%).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkBack {
    pub cost_before: Exact,
    pub cost_after: Exact,
    pub savings: Exact,
    pub total_before: Exact,
    pub total_after: Exact,
}

pub fn work_back(students: Exact, diff_per_student: Exact, reduction: Exact) -> WorkBack {
    let cost_before = diff_per_student / reduction;
    let savings = students * diff_per_student;
    let total_before = savings / reduction;
    WorkBack {
        cost_before,
        cost_after: cost_before - diff_per_student,
        savings,
        total_before,
        total_after: total_before - savings,
    }
}

/// Mode B's ceiling on the implied previous cost, and its usual range (Mode A's soft range).
const IMPLIED_MAX: i64 = 20_000;
const IMPLIED_USUAL: (i64, i64) = (800, 5_000);

fn work_back_outcome(outcome: &mut Outcome, n: Exact, diff: Exact, pct: Exact) {
    let w = work_back(n, diff, pct / Exact::int(100));
    let implied = format::currency(w.cost_before);
    if w.cost_before > Exact::int(IMPLIED_MAX) {
        outcome.messages.push(Message {
            field: "reduction_pct",
            level: Level::Error,
            text: fill(
                "Implied previous cost per student must be at most $20,000 (difference ÷ percentage gives {})",
                &[&implied],
            ),
        });
        return;
    }
    if w.cost_before < Exact::int(IMPLIED_USUAL.0) || w.cost_before > Exact::int(IMPLIED_USUAL.1) {
        outcome.messages.push(Message {
            field: "reduction_pct",
            level: Level::Warning,
            text: unusual(
                &cat(&["the implied previous cost per student (", &implied, ")"]),
                "$800".into(),
                "$5,000".into(),
            ),
        });
    }
    outcome.figures = vec![
        Figure::new("cost_before", "Previous cost per student", w.cost_before, Kind::Currency),
        Figure::new("cost_after", "New cost per student", w.cost_after, Kind::Currency),
        Figure::new("savings", "Savings", w.savings, Kind::Currency),
        Figure::new("total_before", "Previous total cost", w.total_before, Kind::Currency),
        Figure::new("total_after", "New total cost", w.total_after, Kind::Currency),
    ];
    outcome.summary = fill("A {} difference that is {} of the previous cost means {} before and {} after, per student; for {} students, {} saved.", &[&format::input(diff, Unit::Dollars), &format::input(pct, Unit::Percent), &implied, &format::currency(w.cost_after), &format::plain(n), &format::currency(w.savings)]);
    outcome.notes.push(WORK_BACK_NOTE);
}

/// Mode C1 inputs (brief §7.4), percentages as typed (35 for 35%).
#[derive(Clone, Copy, Debug)]
pub struct Employed {
    pub salary: Exact,
    pub benefits_pct: Exact,
    pub other_costs: Exact,
    pub caseload: Exact,
    pub ota_share_pct: Exact,
    pub ota_salary: Exact,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmployedCost {
    pub loaded_salary: Exact,
    pub fte_cost: Exact,
    pub per_student: Exact,
}

pub fn employed(e: Employed) -> EmployedCost {
    let hundred = Exact::int(100);
    let load = Exact::ONE + e.benefits_pct / hundred;
    let loaded_ot = e.salary * load;
    let loaded_ota = e.ota_salary * load;
    let share = e.ota_share_pct / hundred;
    let fte_cost = (Exact::ONE - share) * loaded_ot + share * loaded_ota + e.other_costs;
    EmployedCost { loaded_salary: loaded_ot, fte_cost, per_student: fte_cost / e.caseload }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContractedCost {
    pub hours_per_student: Exact,
    pub per_student: Exact,
    pub evaluations: Exact,
}

/// Mode C2 (brief §7.4).
pub fn contracted(
    rate: Exact,
    direct_minutes: Exact,
    weeks: Exact,
    indirect_ratio: Exact,
    eval_hours: Exact,
    evals_per_year: Exact,
) -> ContractedCost {
    let hours_per_student = direct_minutes / Exact::int(60) * weeks * (Exact::ONE + indirect_ratio);
    ContractedCost {
        hours_per_student,
        per_student: hours_per_student * rate,
        evaluations: evals_per_year * eval_hours * rate,
    }
}

/// Mode C3: a display-only offset, shown only when all three shares are given.
fn medicaid(outcome: &mut Outcome, cost: Exact, shares: &[Option<Exact>]) {
    let ids = ["medicaid_eligible_pct", "medicaid_reimbursable_pct", "medicaid_recovered_pct"];
    match shares {
        [Some(a), Some(b), Some(c)] => {
            let (a, b, c) = (*a, *b, *c);
            let hundred = Exact::int(100);
            let offset = cost * (a / hundred) * (b / hundred) * (c / hundred);
            outcome.figures.push(Figure::new(
                "medicaid_offset",
                "Possible Medicaid offset per student",
                offset,
                Kind::Currency,
            ));
            outcome.notes.push(MEDICAID_NOTE);
        }
        [None, None, None] | [] => {}
        _ => {
            for (id, share) in ids.iter().zip(shares.iter()) {
                if share.is_none() {
                    outcome.messages.push(Message {
                        field: id,
                        level: Level::Warning,
                        text: "Enter all three Medicaid figures to see an offset".to_string(),
                    });
                }
            }
        }
    }
}

fn what_if_outcome(outcome: &mut Outcome, a: &[Exact]) {
    let hundred = Exact::int(100);
    let (referrals, resolved, eval_cost, qualify, cost, fraction) = (a[0], a[1], a[2], a[3], a[4], a[5]);
    let avoided = referrals * resolved / hundred;
    let eval_savings = avoided * eval_cost;
    let service_avoided = avoided * qualify / hundred * cost * fraction;
    let total = eval_savings + service_avoided;
    outcome.figures = vec![
        Figure::new("evals_avoided", "Evaluations avoided", avoided, Kind::OneDecimal),
        Figure::new("eval_savings", "Evaluation costs avoided", eval_savings, Kind::Currency),
        Figure::new("service_avoided", "Service costs avoided", service_avoided, Kind::Currency),
        Figure::new("scenario_total", "Scenario total", total, Kind::Currency),
    ];
    outcome.summary = if total.is_zero() {
        "With these assumptions the scenario shows no savings. Enter your own assumptions to explore one.".to_string()
    } else {
        fill("If {} of {} referrals were resolved by Tier 1–2 supports, this scenario avoids {} evaluations and {} in costs.", &[&format::input(resolved, Unit::Percent), &format::plain(referrals), &format::decimal(avoided, 1), &format::currency(total)])
    };
    outcome.notes.push(WHAT_IF_NOTE);
}

/// One year of a forecast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ForecastYear {
    pub students: Exact,
    pub cost_before: Exact,
    pub cost_after: Exact,
    pub total_before: Exact,
    pub total_after: Exact,
}

/// The multi-year forecast: year 1 is the inputs; from year 2 the caseload and both costs grow by
/// their rates, compounded. Caseloads are whole students and costs are stated to the cent each year,
/// as a budget would state them; each is rounded from the exact compounded value, so no rounding
/// error accumulates from year to year.
pub fn forecast(
    students: Exact,
    cost_before: Exact,
    cost_after: Exact,
    years: u32,
    caseload_growth_pct: Exact,
    cost_growth_pct: Exact,
) -> Vec<ForecastYear> {
    let hundred = Exact::int(100);
    let caseload_factor = Exact::ONE + caseload_growth_pct / hundred;
    let cost_factor = Exact::ONE + cost_growth_pct / hundred;
    (0..years)
        .map(|year| {
            let n = (students * caseload_factor.pow(year)).round(0);
            let growth = cost_factor.pow(year);
            let before = (cost_before * growth).round(2);
            let after = (cost_after * growth).round(2);
            ForecastYear {
                students: n,
                cost_before: before,
                cost_after: after,
                total_before: n * before,
                total_after: n * after,
            }
        })
        .collect()
}

fn forecast_outcome(outcome: &mut Outcome, a: &[Exact]) {
    let years = u32::try_from(a[3].numer()).unwrap_or(1);
    let rows = forecast(a[0], a[1], a[2], years, a[4], a[5]);
    let total_before = rows.iter().fold(Exact::ZERO, |s, r| s + r.total_before);
    let total_after = rows.iter().fold(Exact::ZERO, |s, r| s + r.total_after);
    let savings = total_before - total_after;
    let increase = savings.is_negative();
    let last = if increase { "Cost increase" } else { "Savings" };
    let period = if years == 1 { "1 year".into() } else { cat(&[&format::digits(u128::from(years)), " years"]) };
    let reduction = if total_before.is_zero() { Exact::ZERO } else { savings / total_before };
    outcome.table = Some(Table {
        header: [
            "Year",
            "Students",
            "Previous cost per student",
            "New cost per student",
            "Previous total",
            "New total",
            last,
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    format::digits(i as u128 + 1),
                    format::plain(r.students),
                    format::currency(r.cost_before),
                    format::currency(r.cost_after),
                    format::currency(r.total_before),
                    format::currency(r.total_after),
                    format::currency((r.total_before - r.total_after).abs()),
                ]
            })
            .collect(),
    });
    outcome.figures = vec![
        Figure::new("total_before", "Previous costs, all years", total_before, Kind::Currency),
        Figure::new("total_after", "New costs, all years", total_after, Kind::Currency),
    ];
    if increase {
        outcome.figures.push(Figure::new("cost_increase", "Cost increase, all years", savings.abs(), Kind::Currency));
        outcome.figures.push(Figure::new("increase_pct", "Change in cost", reduction.abs(), Kind::Change));
        outcome.summary = fill(
            "Over {}, the new costs are {} higher in total, up {}.",
            &[&period, &format::currency(savings.abs()), &format::percent(reduction.abs())],
        );
    } else {
        outcome.figures.push(Figure::new("savings", "Savings, all years", savings, Kind::Currency));
        outcome.figures.push(Figure::new("reduction_pct", "Reduction", reduction, Kind::Percent));
        outcome.summary = fill(
            "Over {}, {} saved in total, a {} reduction.",
            &[&period, &format::currency(savings), &format::percent(reduction)],
        );
    }
    outcome.notes.push(FORECAST_NOTE);
}
