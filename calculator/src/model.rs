//! The cost model (domain brief §7): reads and checks the inputs of a mode, then computes its results.

use crate::exact::{parse_decimal, Exact, ParseError, Wide, INTEGER_CAP};
use crate::fields::{Field, Mode, Unit};
use crate::format::Line;

/// Shown with every result (brief §7.7).
pub const DISCLOSURES: [&str; 3] = [
    "Estimates only. Your district's contracts, salaries, benefits and state rules determine actual costs.",
    "The Montgomery County figures were provided by the district's partner and have not been independently audited.",
    "Cost per student depends on what is included (direct minutes, evaluations, meetings, travel). Compare like with like.",
];

pub const WORK_BACK_NOTE: &str = "These figures assume the percentage reduction and the per-student difference describe the same group of students and the same kind of cost. If the percentage refers to a wider budget, the baseline can't be calculated from these inputs.";
pub const WHAT_IF_NOTE: &str = "This is a scenario, not a prediction. It counts only the evaluations of referrals whose needs were resolved by Tier 1 and Tier 2 supports. It never counts as savings the services a student who needs them would have received. Students who need evaluations must get them. Supports in general education can't be used to delay an evaluation when a disability is suspected.";
pub const MEDICAID_NOTE: &str = "Display only: a possible Medicaid offset, not promised revenue. State rules, billing costs and parental consent requirements vary; check them before counting on any reimbursement.";
pub const FORECAST_NOTE: &str = "This is a projection from your inputs, not a prediction. Each year's caseload is rounded to whole students and each cost per student to the cent; growth applies from year 2.";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Blocks the result.
    Error,
    /// "Unusual value, please double-check": the result is still computed.
    Warning,
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
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub id: &'static str,
    pub label: &'static str,
    /// Exact; wide because a few results need more than 64 bits (see `exact`).
    pub value: Wide,
    pub kind: Kind,
}

impl Figure {
    fn new(id: &'static str, label: &'static str, value: impl Into<Wide>, kind: Kind) -> Figure {
        Figure { id, label, value: value.into(), kind }
    }

    /// The figure as shown: `$72,092`, `25.0%`, `+20.0%`, `27.0`.
    pub fn write<'a>(&self, line: &'a mut Line) -> &'a mut Line {
        match self.kind {
            Kind::Currency => line.currency(self.value),
            Kind::Percent => line.percent(self.value),
            Kind::Change => line.signed_percent(self.value),
            Kind::OneDecimal => line.decimal(self.value, 1),
        }
    }
}

/// Where the model writes what it finds: the native `Outcome` or the browser's byte buffer.
pub trait Sink {
    fn message(&mut self, field: &'static str, level: Level, text: &str);
    fn figure(&mut self, figure: &Figure);
    fn summary(&mut self, text: &str);
    fn note(&mut self, note: &'static str);
    /// A row of the year-by-year table; the first one is the header.
    fn row(&mut self, cells: &[&str]);
}

/// The most fields a mode has.
pub const MAX_FIELDS: usize = 9;

/// Longer texts are not numbers. Bounds what the browser has to pass in; no number in range comes
/// near it.
pub const MAX_TEXT: usize = 64;

/// A sink and whether anything blocked the result.
struct Out<'a, S> {
    sink: &'a mut S,
    blocked: bool,
}

impl<S: Sink> Out<'_, S> {
    fn say(&mut self, field: &'static str, level: Level, text: &Line) {
        self.blocked |= level == Level::Error;
        self.sink.message(field, level, text.as_str());
    }

    fn summary(&mut self, text: &Line) {
        self.sink.summary(text.as_str());
    }

    /// Writes the figures, unless one of them is invalid (unreachable for in-range input, as the
    /// property tests check): then the result is blocked instead of showing a wrong number.
    fn figures(&mut self, mode: Mode, figures: &[Figure]) -> bool {
        if figures.iter().all(|f| f.value.is_valid()) {
            figures.iter().for_each(|f| self.sink.figure(f));
            true
        } else {
            let mut text = Line::new();
            text.push("These numbers are too large to calculate");
            self.say(mode.fields().first().map_or("", |f| f.id), Level::Error, &text);
            false
        }
    }
}

/// Reads one field: parse, round to its places, check hard then soft limits.
fn read<S: Sink>(field: &'static Field, text: &str, out: &mut Out<S>) -> Option<Exact> {
    let mut line = Line::new();
    line.push(field.name);
    let parsed = if text.len() > MAX_TEXT { Err(ParseError::Invalid) } else { parse_decimal(text) };
    let value = match parsed {
        Ok(v) => v,
        Err(ParseError::Blank) if field.optional => return None,
        Err(ParseError::Blank) => {
            out.say(field.id, Level::Error, line.push(" is required"));
            return None;
        }
        Err(ParseError::Invalid) => {
            out.say(field.id, Level::Error, line.push(" must be a number"));
            return None;
        }
    };
    if field.whole() && !value.is_integer() {
        out.say(field.id, Level::Error, line.push(" must be a whole number"));
        return None;
    }
    // Beyond every limit either way; keeps the rounding below inside i64 (see `exact`).
    let cap = Exact::int(INTEGER_CAP);
    let value = if value > cap {
        cap
    } else if value < -cap {
        -cap
    } else {
        value
    };
    let value = value.round(field.places);
    let (min, max) = (Exact::hundredths(field.min.hundredths), Exact::hundredths(field.max.hundredths));
    let problem = if field.min.exclusive && value <= min {
        Some((" must be greater than ", field.min))
    } else if value < min {
        Some((" must be at least ", field.min))
    } else if field.max.exclusive && value >= max {
        Some((" must be below ", field.max))
    } else if value > max {
        Some((" must be at most ", field.max))
    } else {
        None
    };
    if let Some((what, limit)) = problem {
        out.say(field.id, Level::Error, line.push(what).limit(limit, field.unit));
        return None;
    }
    if let Some((lo, hi)) = field.soft {
        let (lo, hi) = (Exact::hundredths(lo), Exact::hundredths(hi));
        if value < lo || value > hi {
            let mut text = Line::new();
            unusual(&mut text, field.name, |l| l.input(lo, field.unit), |l| l.input(hi, field.unit));
            out.say(field.id, Level::Warning, &text);
        }
    }
    Some(value)
}

fn unusual(
    line: &mut Line,
    what: &str,
    lo: impl FnOnce(&mut Line) -> &mut Line,
    hi: impl FnOnce(&mut Line) -> &mut Line,
) {
    line.push("Unusual value, please double-check: ").push(what).push(" is usually between ");
    lo(line).push(" and ");
    hi(line).push(".");
}

/// Computes one mode from the texts of its fields (in [`Mode::fields`] order; a missing text is
/// blank), writing messages and results to `sink`. Returns the value read for each field.
pub fn run<S: Sink>(mode: Mode, texts: &[&str], sink: &mut S) -> [Option<Exact>; MAX_FIELDS] {
    let mut out = Out { sink, blocked: false };
    let mut values = [None; MAX_FIELDS];
    for (i, (value, field)) in values.iter_mut().zip(mode.fields()).enumerate() {
        *value = read(field, texts.get(i).copied().unwrap_or_default(), &mut out);
    }
    if out.blocked {
        return values;
    }
    // Not blocked, so every required field has a value; the fields are in table order.
    let a = values.map(|v| v.unwrap_or(Exact::ZERO));
    let optional = [values[6], values[7], values[8]];
    match mode {
        Mode::Compare => compare_outcome(&mut out, a[0], a[1], a[2]),
        Mode::WorkBack => work_back_outcome(&mut out, a[0], a[1], a[2]),
        Mode::Employed => {
            let cost = employed(Employed {
                salary: a[0],
                benefits_pct: a[1],
                other_costs: a[2],
                caseload: a[3],
                ota_share_pct: a[4],
                ota_salary: a[5],
            });
            let offset = medicaid(&mut out, cost.per_student, optional);
            let figures = [
                Figure::new("loaded_salary", "OT salary with benefits", cost.loaded_salary, Kind::Currency),
                Figure::new("fte_cost", "Cost of one full-time position", cost.fte_cost, Kind::Currency),
                Figure::new("cost_per_student", "Cost per student", cost.per_student, Kind::Currency),
                offset.unwrap_or(Figure::new("", "", Exact::ZERO, Kind::Currency)),
            ];
            if out.figures(mode, &figures[..3 + usize::from(offset.is_some())]) {
                let mut s = Line::new();
                s.currency(cost.fte_cost.wide())
                    .push(" per full-time position ÷ ")
                    .plain(a[3].wide())
                    .push(" students = ");
                s.currency(cost.per_student.wide()).push(" per student.");
                out.summary(&s);
                if offset.is_some() {
                    out.sink.note(MEDICAID_NOTE);
                }
            }
        }
        Mode::Contracted => {
            let c = contracted(a[0], a[1], a[2], a[3], a[4], a[5]);
            let offset = medicaid(&mut out, c.per_student, optional);
            let figures = [
                Figure::new("hours_per_student", "Hours per student per year", c.hours_per_student, Kind::OneDecimal),
                Figure::new("cost_per_student", "Cost per student", c.per_student, Kind::Currency),
                Figure::new(
                    "eval_cost_total",
                    "Evaluations per year (billed separately)",
                    c.evaluations,
                    Kind::Currency,
                ),
                offset.unwrap_or(Figure::new("", "", Exact::ZERO, Kind::Currency)),
            ];
            if out.figures(mode, &figures[..3 + usize::from(offset.is_some())]) {
                let mut s = Line::new();
                s.plain(a[1].wide())
                    .push(" minutes a week for ")
                    .plain(a[2].wide())
                    .push(" weeks, plus ")
                    .plain(a[3].wide());
                s.push(" hours of indirect time per direct hour, = ").decimal(c.hours_per_student.wide(), 1);
                s.push(" hours per student; at ").input(a[0], Unit::Dollars).push(" an hour, ");
                s.currency(c.per_student.wide()).push(" per student.");
                out.summary(&s);
                if offset.is_some() {
                    out.sink.note(MEDICAID_NOTE);
                }
            }
        }
        Mode::WhatIf => what_if_outcome(&mut out, &a),
        Mode::Forecast => forecast_outcome(&mut out, &a),
    }
    values
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

fn compare_outcome<S: Sink>(out: &mut Out<S>, n: Exact, before: Exact, after: Exact) {
    let c = compare(n, before, after);
    let mut s = Line::new();
    s.plain(n.wide());
    if c.savings.is_negative() {
        let (per, total, pct) = (c.diff_per_student.abs(), c.savings.abs(), c.reduction.abs());
        let figures = [
            Figure::new("increase_per_student", "Increase per student", per, Kind::Currency),
            Figure::new("total_before", "Previous total cost", c.total_before, Kind::Currency),
            Figure::new("total_after", "New total cost", c.total_after, Kind::Currency),
            Figure::new("cost_increase", "Cost increase", total, Kind::Currency),
            Figure::new("increase_pct", "Change in cost per student", pct, Kind::Change),
        ];
        if !out.figures(Mode::Compare, &figures) {
            return;
        }
        s.push(" students × ").currency(per.wide()).push(" higher cost per student = a cost increase of ");
        s.currency(total.wide()).push(", up ").percent(pct.wide()).push(".");
    } else {
        let figures = [
            Figure::new("diff_per_student", "Difference per student", c.diff_per_student, Kind::Currency),
            Figure::new("total_before", "Previous total cost", c.total_before, Kind::Currency),
            Figure::new("total_after", "New total cost", c.total_after, Kind::Currency),
            Figure::new("savings", "Savings", c.savings, Kind::Currency),
            Figure::new("reduction_pct", "Reduction", c.reduction, Kind::Percent),
        ];
        if !out.figures(Mode::Compare, &figures) {
            return;
        }
        if c.savings.is_zero() {
            s.clear();
            s.push("The two costs per student are the same: no savings and no cost increase.");
        } else {
            s.push(" students × ").currency(c.diff_per_student.wide()).push(" lower cost per student = ");
            s.currency(c.savings.wide()).push(" saved, a ").percent(c.reduction.wide()).push(" reduction.");
        }
    }
    out.summary(&s);
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
const IMPLIED_MAX: i64 = 100_000;
const IMPLIED_USUAL: (i64, i64) = (800, 5_000);

fn work_back_outcome<S: Sink>(out: &mut Out<S>, n: Exact, diff: Exact, pct: Exact) {
    let w = work_back(n, diff, pct / Exact::int(100));
    let mut implied = Line::new();
    implied.currency(w.cost_before.wide());
    let mut text = Line::new();
    if w.cost_before > Exact::int(IMPLIED_MAX) {
        text.push("Implied previous cost per student must be at most $100,000 (difference ÷ percentage gives ");
        out.say("reduction_pct", Level::Error, text.push(implied.as_str()).push(")"));
        return;
    }
    if w.cost_before < Exact::int(IMPLIED_USUAL.0) || w.cost_before > Exact::int(IMPLIED_USUAL.1) {
        let mut what = Line::new();
        what.push("the implied previous cost per student (").push(implied.as_str()).push(")");
        unusual(&mut text, what.as_str(), |l| l.push("$800"), |l| l.push("$5,000"));
        out.say("reduction_pct", Level::Warning, &text);
    }
    let figures = [
        Figure::new("cost_before", "Previous cost per student", w.cost_before, Kind::Currency),
        Figure::new("cost_after", "New cost per student", w.cost_after, Kind::Currency),
        Figure::new("savings", "Savings", w.savings, Kind::Currency),
        Figure::new("total_before", "Previous total cost", w.total_before, Kind::Currency),
        Figure::new("total_after", "New total cost", w.total_after, Kind::Currency),
    ];
    if !out.figures(Mode::WorkBack, &figures) {
        return;
    }
    let mut s = Line::new();
    s.push("A ").input(diff, Unit::Dollars).push(" difference that is ").input(pct, Unit::Percent);
    s.push(" of the previous cost means ").push(implied.as_str()).push(" before and ").currency(w.cost_after.wide());
    s.push(" after, per student; for ").plain(n.wide()).push(" students, ").currency(w.savings.wide()).push(" saved.");
    out.summary(&s);
    out.sink.note(WORK_BACK_NOTE);
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

/// Mode C3: a display-only offset, shown only when all three shares are given; a warning on each
/// blank one when only some are.
fn medicaid<S: Sink>(out: &mut Out<S>, cost: Exact, shares: [Option<Exact>; 3]) -> Option<Figure> {
    let ids = ["medicaid_eligible_pct", "medicaid_reimbursable_pct", "medicaid_recovered_pct"];
    match shares {
        [Some(a), Some(b), Some(c)] => {
            // Wide: a cost per student times three percentages needs up to 92 bits (see `exact`).
            let hundred = Exact::int(100);
            let offset = cost.wide().times(a / hundred).times(b / hundred).times(c / hundred);
            Some(Figure::new("medicaid_offset", "Possible Medicaid offset per student", offset, Kind::Currency))
        }
        [None, None, None] => None,
        _ => {
            let mut text = Line::new();
            text.push("Enter all three Medicaid figures to see an offset");
            for (id, share) in ids.iter().zip(shares) {
                if share.is_none() {
                    out.say(id, Level::Warning, &text);
                }
            }
            None
        }
    }
}

fn what_if_outcome<S: Sink>(out: &mut Out<S>, a: &[Exact; MAX_FIELDS]) {
    let hundred = Exact::int(100);
    // Only needs resolved at Tier 1-2 count: a support that kept an eligible student from an
    // evaluation would be a child-find failure, never a saving (content review, defect 3).
    let (referrals, resolved, eval_cost) = (a[0], a[1], a[2]);
    let avoided = referrals * resolved / hundred;
    let total = avoided * eval_cost;
    let figures = [
        Figure::new("evals_avoided", "Referrals resolved at Tier 1–2", avoided, Kind::OneDecimal),
        Figure::new("eval_savings", "Evaluation costs avoided", total, Kind::Currency),
    ];
    if !out.figures(Mode::WhatIf, &figures) {
        return;
    }
    let mut s = Line::new();
    if total.is_zero() {
        s.push("With these assumptions the scenario shows no savings. Enter your own assumptions to explore one.");
    } else {
        s.push("If ").input(resolved, Unit::Percent).push(" of ").plain(referrals.wide());
        s.push(" referrals were resolved by Tier 1–2 supports, their ").decimal(avoided.wide(), 1);
        s.push(" evaluations would cost ").currency(total.wide()).push(" less. Services are not counted.");
    }
    out.summary(&s);
    out.sink.note(WHAT_IF_NOTE);
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

/// Year `year` (0 for the first) of the multi-year forecast: year 1 is the inputs; from year 2 the
/// caseload and both costs grow by their rates, compounded. Caseloads are whole students and costs
/// are stated to the cent each year, as a budget would state them; each is rounded from the exact
/// compounded value, so no rounding error accumulates from year to year.
pub fn forecast_year(
    students: Exact,
    cost_before: Exact,
    cost_after: Exact,
    year: u32,
    caseload_growth_pct: Exact,
    cost_growth_pct: Exact,
) -> ForecastYear {
    let hundred = Exact::int(100);
    let caseload_factor = Exact::ONE + caseload_growth_pct / hundred;
    let cost_factor = Exact::ONE + cost_growth_pct / hundred;
    // Wide: nine years of compounding need up to 113 bits (see `exact`).
    let compound = |value: Exact, factor: Exact| (0..year).fold(value.wide(), |v, _| v.times(factor));
    let n = compound(students, caseload_factor).round(0);
    let before = compound(cost_before, cost_factor).round(2);
    let after = compound(cost_after, cost_factor).round(2);
    ForecastYear {
        students: n,
        cost_before: before,
        cost_after: after,
        total_before: n * before,
        total_after: n * after,
    }
}

fn forecast_outcome<S: Sink>(out: &mut Out<S>, a: &[Exact; MAX_FIELDS]) {
    let years = u32::try_from(a[3].numer()).unwrap_or(1);
    let year = |y| forecast_year(a[0], a[1], a[2], y, a[4], a[5]);
    let (mut total_before, mut total_after) = (Exact::ZERO, Exact::ZERO);
    for y in 0..years {
        let r = year(y);
        total_before = total_before + r.total_before;
        total_after = total_after + r.total_after;
    }
    let savings = total_before - total_after;
    let increase = savings.is_negative();
    let reduction = if total_before.is_zero() { Exact::ZERO } else { savings / total_before };
    let figures = if increase {
        [
            Figure::new("total_before", "Previous costs, all years", total_before, Kind::Currency),
            Figure::new("total_after", "New costs, all years", total_after, Kind::Currency),
            Figure::new("cost_increase", "Cost increase, all years", savings.abs(), Kind::Currency),
            Figure::new("increase_pct", "Change in cost", reduction.abs(), Kind::Change),
        ]
    } else {
        [
            Figure::new("total_before", "Previous costs, all years", total_before, Kind::Currency),
            Figure::new("total_after", "New costs, all years", total_after, Kind::Currency),
            Figure::new("savings", "Savings, all years", savings, Kind::Currency),
            Figure::new("reduction_pct", "Reduction", reduction, Kind::Percent),
        ]
    };
    if !out.figures(Mode::Forecast, &figures) {
        return;
    }
    let last = if increase { "Cost increase" } else { "Savings" };
    out.sink.row(&[
        "Year",
        "Students",
        "Previous cost per student",
        "New cost per student",
        "Previous total",
        "New total",
        last,
    ]);
    for y in 0..years {
        let r = year(y);
        let mut cells = [Line::new(); 7];
        cells[0].digits(u128::from(y) + 1, false);
        cells[1].plain(r.students.wide());
        cells[2].currency(r.cost_before.wide());
        cells[3].currency(r.cost_after.wide());
        cells[4].currency(r.total_before.wide());
        cells[5].currency(r.total_after.wide());
        cells[6].currency((r.total_before - r.total_after).abs().wide());
        out.sink.row(&cells.each_ref().map(Line::as_str));
    }
    let mut s = Line::new();
    s.push("Over ");
    if years == 1 {
        s.push("1 year");
    } else {
        s.digits(u128::from(years), false).push(" years");
    }
    if increase {
        s.push(", the new costs are ").currency(savings.abs().wide()).push(" higher in total, up ");
        s.percent(reduction.abs().wide()).push(".");
    } else {
        s.push(", ").currency(savings.wide()).push(" saved in total, a ").percent(reduction.wide()).push(" reduction.");
    }
    out.summary(&s);
    out.sink.note(FORECAST_NOTE);
}
