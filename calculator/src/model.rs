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
    /// The key of its label among the texts (`fig_savings`; see `texts`): a page shows it in
    /// its own language, natively `Figure::label` gives the English.
    pub label_key: &'static str,
    /// Exact; wide because a few results need more than 64 bits (see `exact`).
    pub value: Wide,
    pub kind: Kind,
}

impl Figure {
    fn new(id: &'static str, label_key: &'static str, value: impl Into<Wide>, kind: Kind) -> Figure {
        Figure { id, label_key, value: value.into(), kind }
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
/// Words travel as keys of the texts table (`texts`, and the theme's strings `calc_<key>` on a
/// page) with their arguments (numbers already written the US way), so the browser's module
/// holds no words and a page says them in its own language. In a message's text `{name}` is the
/// name of its field, `{0}`, `{1}`, ... its arguments.
pub trait Sink {
    fn message(&mut self, field: &'static str, level: Level, key: &'static str, args: &[&str]);
    fn figure(&mut self, figure: &Figure);
    fn summary(&mut self, key: &'static str, args: &[&str]);
    fn note(&mut self, key: &'static str);
    /// The year-by-year table's column heads (keys), before its rows.
    fn header(&mut self, keys: &[&'static str]);
    /// A row of the year-by-year table.
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
    fn say(&mut self, field: &'static str, level: Level, key: &'static str, args: &[&Line]) {
        self.blocked |= level == Level::Error;
        let mut texts = [""; 6];
        for (to, from) in texts.iter_mut().zip(args) {
            *to = from.as_str();
        }
        self.sink.message(field, level, key, texts.get(..args.len()).unwrap_or_default());
    }

    fn summary(&mut self, key: &'static str, args: &[&Line]) {
        let mut texts = [""; 6];
        for (to, from) in texts.iter_mut().zip(args) {
            *to = from.as_str();
        }
        self.sink.summary(key, texts.get(..args.len()).unwrap_or_default());
    }

    /// Writes the figures, unless one of them is invalid (unreachable for in-range input, as the
    /// property tests check): then the result is blocked instead of showing a wrong number.
    fn figures(&mut self, mode: Mode, figures: &[Figure]) -> bool {
        if figures.iter().all(|f| f.value.is_valid()) {
            figures.iter().for_each(|f| self.sink.figure(f));
            true
        } else {
            self.say(mode.fields().first().map_or("", |f| f.id), Level::Error, "too_large", &[]);
            false
        }
    }
}

/// Reads one field: parse, round to its places, check hard then soft limits.
fn read<S: Sink>(field: &'static Field, text: &str, out: &mut Out<S>) -> Option<Exact> {
    let parsed = if text.len() > MAX_TEXT { Err(ParseError::Invalid) } else { parse_decimal(text) };
    let value = match parsed {
        Ok(v) => v,
        Err(ParseError::Blank) if field.optional => return None,
        Err(ParseError::Blank) => {
            out.say(field.id, Level::Error, "required", &[]);
            return None;
        }
        Err(ParseError::Invalid) => {
            out.say(field.id, Level::Error, "not_number", &[]);
            return None;
        }
    };
    if field.whole() && !value.is_integer() {
        out.say(field.id, Level::Error, "not_whole", &[]);
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
        Some(("greater_than", field.min))
    } else if value < min {
        Some(("at_least", field.min))
    } else if field.max.exclusive && value >= max {
        Some(("below", field.max))
    } else if value > max {
        Some(("at_most", field.max))
    } else {
        None
    };
    if let Some((what, limit)) = problem {
        let mut shown = Line::new();
        out.say(field.id, Level::Error, what, &[shown.limit(limit, field.unit)]);
        return None;
    }
    if let Some((lo, hi)) = field.soft {
        let (lo, hi) = (Exact::hundredths(lo), Exact::hundredths(hi));
        if value < lo || value > hi {
            let (mut low, mut high) = (Line::new(), Line::new());
            low.input(lo, field.unit);
            high.input(hi, field.unit);
            out.say(field.id, Level::Warning, "unusual", &[&low, &high]);
        }
    }
    Some(value)
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
                Figure::new("loaded_salary", "fig_loaded_salary", cost.loaded_salary, Kind::Currency),
                Figure::new("fte_cost", "fig_fte_cost", cost.fte_cost, Kind::Currency),
                Figure::new("cost_per_student", "fig_cost_per_student", cost.per_student, Kind::Currency),
                offset.unwrap_or(Figure::new("", "", Exact::ZERO, Kind::Currency)),
            ];
            if out.figures(mode, &figures[..3 + usize::from(offset.is_some())]) {
                let mut s = [Line::new(); 3];
                s[0].currency(cost.fte_cost.wide());
                s[1].plain(a[3].wide());
                s[2].currency(cost.per_student.wide());
                out.summary("sum_employed", &[&s[0], &s[1], &s[2]]);
                if offset.is_some() {
                    out.sink.note("note_medicaid");
                }
            }
        }
        Mode::Contracted => {
            let c = contracted(a[0], a[1], a[2], a[3], a[4], a[5]);
            let offset = medicaid(&mut out, c.per_student, optional);
            let figures = [
                Figure::new("hours_per_student", "fig_hours_per_student", c.hours_per_student, Kind::OneDecimal),
                Figure::new("cost_per_student", "fig_cost_per_student", c.per_student, Kind::Currency),
                Figure::new("eval_cost_total", "fig_eval_cost_total", c.evaluations, Kind::Currency),
                offset.unwrap_or(Figure::new("", "", Exact::ZERO, Kind::Currency)),
            ];
            if out.figures(mode, &figures[..3 + usize::from(offset.is_some())]) {
                let mut s = [Line::new(); 6];
                s[0].plain(a[1].wide());
                s[1].plain(a[2].wide());
                s[2].plain(a[3].wide());
                s[3].decimal(c.hours_per_student.wide(), 1);
                s[4].input(a[0], Unit::Dollars);
                s[5].currency(c.per_student.wide());
                out.summary("sum_contracted", &[&s[0], &s[1], &s[2], &s[3], &s[4], &s[5]]);
                if offset.is_some() {
                    out.sink.note("note_medicaid");
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
    let mut s = [Line::new(); 4];
    s[0].plain(n.wide());
    if c.savings.is_negative() {
        let (per, total, pct) = (c.diff_per_student.abs(), c.savings.abs(), c.reduction.abs());
        let figures = [
            Figure::new("increase_per_student", "fig_increase_per_student", per, Kind::Currency),
            Figure::new("total_before", "fig_total_before", c.total_before, Kind::Currency),
            Figure::new("total_after", "fig_total_after", c.total_after, Kind::Currency),
            Figure::new("cost_increase", "fig_cost_increase", total, Kind::Currency),
            Figure::new("increase_pct", "fig_increase_pct", pct, Kind::Change),
        ];
        if !out.figures(Mode::Compare, &figures) {
            return;
        }
        s[1].currency(per.wide());
        s[2].currency(total.wide());
        s[3].percent(pct.wide());
        out.summary("sum_compare_increase", &[&s[0], &s[1], &s[2], &s[3]]);
    } else {
        let figures = [
            Figure::new("diff_per_student", "fig_diff_per_student", c.diff_per_student, Kind::Currency),
            Figure::new("total_before", "fig_total_before", c.total_before, Kind::Currency),
            Figure::new("total_after", "fig_total_after", c.total_after, Kind::Currency),
            Figure::new("savings", "fig_savings", c.savings, Kind::Currency),
            Figure::new("reduction_pct", "fig_reduction_pct", c.reduction, Kind::Percent),
        ];
        if !out.figures(Mode::Compare, &figures) {
            return;
        }
        if c.savings.is_zero() {
            out.summary("sum_compare_same", &[]);
        } else {
            s[1].currency(c.diff_per_student.wide());
            s[2].currency(c.savings.wide());
            s[3].percent(c.reduction.wide());
            out.summary("sum_compare", &[&s[0], &s[1], &s[2], &s[3]]);
        }
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
const IMPLIED_MAX: i64 = 100_000;
const IMPLIED_USUAL: (i64, i64) = (800, 5_000);

fn work_back_outcome<S: Sink>(out: &mut Out<S>, n: Exact, diff: Exact, pct: Exact) {
    let w = work_back(n, diff, pct / Exact::int(100));
    let mut implied = Line::new();
    implied.currency(w.cost_before.wide());
    if w.cost_before > Exact::int(IMPLIED_MAX) {
        let mut most = Line::new();
        most.currency(Exact::int(IMPLIED_MAX).wide());
        out.say("reduction_pct", Level::Error, "implied_max", &[&implied, &most]);
        return;
    }
    if w.cost_before < Exact::int(IMPLIED_USUAL.0) || w.cost_before > Exact::int(IMPLIED_USUAL.1) {
        let (mut low, mut high) = (Line::new(), Line::new());
        low.currency(Exact::int(IMPLIED_USUAL.0).wide());
        high.currency(Exact::int(IMPLIED_USUAL.1).wide());
        out.say("reduction_pct", Level::Warning, "unusual_implied", &[&implied, &low, &high]);
    }
    let figures = [
        Figure::new("cost_before", "fig_cost_before", w.cost_before, Kind::Currency),
        Figure::new("cost_after", "fig_cost_after", w.cost_after, Kind::Currency),
        Figure::new("savings", "fig_savings", w.savings, Kind::Currency),
        Figure::new("total_before", "fig_total_before", w.total_before, Kind::Currency),
        Figure::new("total_after", "fig_total_after", w.total_after, Kind::Currency),
    ];
    if !out.figures(Mode::WorkBack, &figures) {
        return;
    }
    let mut s = [Line::new(); 5];
    s[0].input(diff, Unit::Dollars);
    s[1].input(pct, Unit::Percent);
    s[2].currency(w.cost_after.wide());
    s[3].plain(n.wide());
    s[4].currency(w.savings.wide());
    out.summary("sum_work_back", &[&s[0], &s[1], &implied, &s[2], &s[3], &s[4]]);
    out.sink.note("note_work_back");
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
            Some(Figure::new("medicaid_offset", "fig_medicaid_offset", offset, Kind::Currency))
        }
        [None, None, None] => None,
        _ => {
            for (id, share) in ids.iter().zip(shares) {
                if share.is_none() {
                    out.say(id, Level::Warning, "medicaid_all", &[]);
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
        Figure::new("evals_avoided", "fig_evals_avoided", avoided, Kind::OneDecimal),
        Figure::new("eval_savings", "fig_eval_savings", total, Kind::Currency),
    ];
    if !out.figures(Mode::WhatIf, &figures) {
        return;
    }
    if total.is_zero() {
        out.summary("sum_what_if_zero", &[]);
    } else {
        let mut s = [Line::new(); 4];
        s[0].input(resolved, Unit::Percent);
        s[1].plain(referrals.wide());
        s[2].decimal(avoided.wide(), 1);
        s[3].currency(total.wide());
        out.summary("sum_what_if", &[&s[0], &s[1], &s[2], &s[3]]);
    }
    out.sink.note("note_what_if");
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
            Figure::new("total_before", "fig_total_before_years", total_before, Kind::Currency),
            Figure::new("total_after", "fig_total_after_years", total_after, Kind::Currency),
            Figure::new("cost_increase", "fig_cost_increase_years", savings.abs(), Kind::Currency),
            Figure::new("increase_pct", "fig_increase_pct_years", reduction.abs(), Kind::Change),
        ]
    } else {
        [
            Figure::new("total_before", "fig_total_before_years", total_before, Kind::Currency),
            Figure::new("total_after", "fig_total_after_years", total_after, Kind::Currency),
            Figure::new("savings", "fig_savings_years", savings, Kind::Currency),
            Figure::new("reduction_pct", "fig_reduction_pct", reduction, Kind::Percent),
        ]
    };
    if !out.figures(Mode::Forecast, &figures) {
        return;
    }
    let last = if increase { "col_increase" } else { "col_savings" };
    out.sink.header(&[
        "col_year",
        "col_students",
        "col_cost_before",
        "col_cost_after",
        "col_total_before",
        "col_total_after",
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
    let mut s = [Line::new(); 3];
    s[0].digits(u128::from(years), false);
    s[1].currency(savings.abs().wide());
    s[2].percent(reduction.abs().wide());
    let key = match (increase, years == 1) {
        (true, true) => "sum_forecast_increase_one",
        (true, false) => "sum_forecast_increase",
        (false, true) => "sum_forecast_one",
        (false, false) => "sum_forecast",
    };
    out.summary(key, &[&s[0], &s[1], &s[2]]);
    out.sink.note("note_forecast");
}
