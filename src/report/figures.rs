//! From the checked rows to the figures a report shows: totals per school year and per school,
//! rates, year-over-year change, the referral-quality question per school and a projection from
//! the district's own trend (by the calculator crate). Small counts are suppressed here, once, so
//! every view (text, JSON, pages, CSV downloads, search) shows the same hidden cells.

use std::collections::{BTreeMap, BTreeSet};

use calculator::{Inputs, Mode};

use super::load::{Dataset, Measures, SchoolYear};

/// One cell of a report table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// Rounded as the column shows it.
    Number(f64),
    /// Hidden: a count under the threshold, or computed from one.
    Suppressed,
    /// Not in the data, or not defined (a rate of nothing).
    Missing,
}

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Number(n) => s.serialize_f64(*n),
            Value::Suppressed => s.serialize_str("suppressed"),
            Value::Missing => s.serialize_none(),
        }
    }
}

/// The word a suppressed cell shows, in every view.
pub const SUPPRESSED: &str = "suppressed";

/// How a column's values are rounded and written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Count,
    /// One decimal: referrals per 1,000 students.
    Rate,
    /// A share, one decimal: `55.0%`.
    Percent,
    /// Whole dollars.
    Dollars,
    /// Full-time equivalents, two decimals.
    Fte,
    /// A percentage change with a sign: `+6.5%`.
    Change,
    /// A change in percentage points with a sign: `-23.1 points`.
    Points,
}

impl Format {
    fn places(self) -> i32 {
        match self {
            Format::Count | Format::Dollars => 0,
            Format::Fte => 2,
            _ => 1,
        }
    }

    /// `v` rounded half away from zero to the places this format shows.
    pub fn round(self, v: f64) -> f64 {
        let scale = 10f64.powi(self.places());
        (v * scale).round() / scale
    }

    pub fn write(self, value: Value) -> String {
        let v = match value {
            Value::Number(v) => v,
            Value::Suppressed => return SUPPRESSED.to_string(),
            Value::Missing => return "not reported".to_string(),
        };
        let places = self.places() as usize;
        let sign = if v > 0.0 { "+" } else { "" };
        let n = crate::text::grouped(v, places);
        match self {
            Format::Count | Format::Rate | Format::Fte => n,
            Format::Percent => format!("{n}%"),
            Format::Dollars => match n.strip_prefix('-') {
                Some(abs) => format!("-${abs}"),
                None => format!("${n}"),
            },
            Format::Change => format!("{sign}{n}%"),
            Format::Points => format!("{sign}{n} points"),
        }
    }

    /// The value as a CSV cell: plain digits (no `$` or `,`), or the word for a hidden cell.
    pub fn csv(self, value: Value) -> String {
        match value {
            Value::Number(v) => format!("{:.*}", self.places() as usize, v),
            Value::Suppressed => SUPPRESSED.to_string(),
            Value::Missing => String::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Column {
    pub id: &'static str,
    pub label: &'static str,
    pub format: Format,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TableRow {
    pub label: String,
    pub cells: Vec<Value>,
}

/// A table of the report: also its CSV download.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Table {
    /// Stable, for file names: `trends`, `changes`, `schools`, `projection`.
    pub id: &'static str,
    pub title: String,
    /// What the first cell of each row is.
    pub row_label: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<TableRow>,
}

impl Table {
    pub fn column(&self, id: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.id == id)
    }

    /// The cell of row `label`, column `id`.
    pub fn get(&self, label: &str, id: &str) -> Option<Value> {
        let i = self.column(id)?;
        self.rows.iter().find(|r| r.label == label).map(|r| r.cells[i])
    }

    /// The table as CSV: a header row, then one row per row, hidden cells as `suppressed`.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let mut header = vec![self.row_label.to_string()];
        header.extend(self.columns.iter().map(|c| c.label.to_string()));
        let _ = writer.write_record(&header);
        for row in &self.rows {
            let mut record = vec![row.label.clone()];
            record.extend(row.cells.iter().zip(&self.columns).map(|(v, c)| c.format.csv(*v)));
            let _ = writer.write_record(&record);
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// A school whose referrals are frequent but rarely found eligible, as a question for its team.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Question {
    pub school: String,
    pub text: String,
}

/// The projection, or why there is none.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Projection {
    /// How it was computed, from which years; or why it could not be.
    pub method: String,
    pub table: Option<Table>,
}

/// Everything a report states.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Report {
    pub district: String,
    pub min_cell: u64,
    pub files: Vec<String>,
    pub first_year: String,
    pub last_year: String,
    pub trends: Table,
    pub changes: Table,
    /// Per school, latest year; only when the data names schools.
    pub schools: Option<Table>,
    pub questions: Vec<Question>,
    pub projection: Projection,
    /// The figures in words, one sentence each.
    pub summary: Vec<String>,
    /// Method and caveats.
    pub notes: Vec<String>,
}

/// A school's referral rate at least this many times the district's, with a share found eligible
/// at most [`SHARE_FACTOR`] times the district's, raises the referral-quality question.
pub const RATE_FACTOR: f64 = 1.25;
pub const SHARE_FACTOR: f64 = 0.75;

/// Years the projection runs past the last year of data.
pub const PROJECTION_YEARS: u16 = 3;

/// The counts a table may show; each is suppressed under the threshold.
const COUNTS: [&str; 8] = [
    "enrolled",
    "referrals",
    "evaluations",
    "eligible",
    "caseload",
    "tier1_supports",
    "tier2_supports",
    "trainings_completed",
];

/// A sum of rows with the counts it hides.
#[derive(Clone, Debug)]
struct Group {
    m: Measures,
    hidden: BTreeSet<&'static str>,
}

impl Group {
    fn new(m: Measures, min_cell: u64) -> Group {
        let hidden = COUNTS.into_iter().filter(|name| count_of(&m, name).is_some_and(|n| n < min_cell)).collect();
        Group { m, hidden }
    }

    fn count(&self, name: &'static str) -> Value {
        match count_of(&self.m, name) {
            None => Value::Missing,
            Some(_) if self.hidden.contains(name) => Value::Suppressed,
            Some(n) => Value::Number(n as f64),
        }
    }

    /// A rate `num ÷ den × scale`, hidden when either count is.
    fn rate(&self, num: &'static str, den: &'static str, scale: f64) -> Option<Result<f64, ()>> {
        let (Some(n), Some(d)) = (count_of(&self.m, num), count_of(&self.m, den)) else { return None };
        if self.hidden.contains(num) || self.hidden.contains(den) {
            return Some(Err(()));
        }
        (d > 0).then(|| Ok(n as f64 / d as f64 * scale))
    }

    fn referrals_per_1000(&self) -> Option<Result<f64, ()>> {
        self.rate("referrals", "enrolled", 1000.0)
    }

    fn eligible_pct(&self) -> Option<Result<f64, ()>> {
        self.rate("eligible", "evaluations", 100.0)
    }

    fn cost_per_student(&self) -> Option<Result<f64, ()>> {
        if self.hidden.contains("caseload") {
            return Some(Err(()));
        }
        let caseload = self.m.caseload();
        (caseload > 0).then(|| Ok(self.m.total_cost_cents as f64 / 100.0 / caseload as f64))
    }

    fn total_cost(&self) -> f64 {
        self.m.total_cost_cents as f64 / 100.0
    }
}

fn count_of(m: &Measures, name: &str) -> Option<u64> {
    match name {
        "enrolled" => Some(m.enrolled),
        "referrals" => Some(m.referrals),
        "evaluations" => Some(m.evaluations),
        "eligible" => Some(m.eligible),
        "caseload" => Some(m.caseload()),
        "tier1_supports" => m.tier1_supports,
        "tier2_supports" => m.tier2_supports,
        _ => m.trainings_completed,
    }
}

fn value(rate: Option<Result<f64, ()>>, format: Format) -> Value {
    match rate {
        None => Value::Missing,
        Some(Err(())) => Value::Suppressed,
        Some(Ok(v)) => Value::Number(format.round(v)),
    }
}

/// Sums rows into groups by `key`, counting each school and grade band's enrolment once.
fn sum_by<K: Ord + Clone>(data: &Dataset, key: impl Fn(&super::load::Row) -> K) -> BTreeMap<K, Measures> {
    let mut sums: BTreeMap<K, Measures> = BTreeMap::new();
    let mut enrolled_seen = BTreeSet::new();
    for row in &data.rows {
        let k = key(row);
        let first = enrolled_seen.insert((row.year, row.school.clone(), row.grade_band.clone()));
        sums.entry(k).or_insert_with(Measures::zero).add(&row.measures, first);
    }
    sums
}

/// The report's columns, each written once: the trend, school and projection tables share them.
const ENROLLED: Column = Column { id: "enrolled", label: "Students enrolled", format: Format::Count };
const REFERRALS: Column = Column { id: "referrals", label: "Referrals", format: Format::Count };
const REFERRALS_PER_1000: Column =
    Column { id: "referrals_per_1000", label: "Referrals per 1,000 students", format: Format::Rate };
const EVALUATIONS: Column = Column { id: "evaluations", label: "Evaluations", format: Format::Count };
const ELIGIBLE: Column = Column { id: "eligible", label: "Found eligible", format: Format::Count };
const ELIGIBLE_PCT: Column =
    Column { id: "eligible_pct", label: "Share of evaluations found eligible", format: Format::Percent };
const CASELOAD: Column = Column { id: "caseload", label: "Students on caseload", format: Format::Count };
const THERAPIST_FTE: Column = Column { id: "therapist_fte", label: "Therapist FTE", format: Format::Fte };
const TOTAL_COST: Column = Column { id: "total_cost", label: "Total cost", format: Format::Dollars };
const COST_PER_STUDENT: Column =
    Column { id: "cost_per_student", label: "Cost per student on caseload", format: Format::Dollars };

/// The columns of the trend table that the data has.
fn trend_columns(groups: &[Group]) -> Vec<Column> {
    let has = |f: fn(&Measures) -> bool| groups.iter().all(|g| f(&g.m));
    let mut columns = vec![ENROLLED, REFERRALS, REFERRALS_PER_1000, EVALUATIONS, ELIGIBLE, ELIGIBLE_PCT, CASELOAD];
    if has(|m| m.therapist_fte_hundredths.is_some()) {
        columns.push(THERAPIST_FTE);
    }
    columns.push(TOTAL_COST);
    columns.push(COST_PER_STUDENT);
    for (id, label, f) in [
        ("tier1_supports", "Tier 1 supports", (|m: &Measures| m.tier1_supports.is_some()) as fn(&Measures) -> bool),
        ("tier2_supports", "Tier 2 supports", |m: &Measures| m.tier2_supports.is_some()),
        ("trainings_completed", "Staff trainings completed", |m: &Measures| m.trainings_completed.is_some()),
    ] {
        if has(f) {
            columns.push(Column { id, label, format: Format::Count });
        }
    }
    columns
}

fn cells(group: &Group, columns: &[Column]) -> Vec<Value> {
    columns
        .iter()
        .map(|c| match c.id {
            "referrals_per_1000" => value(group.referrals_per_1000(), c.format),
            "eligible_pct" => value(group.eligible_pct(), c.format),
            "cost_per_student" => value(group.cost_per_student(), c.format),
            "total_cost" => Value::Number(c.format.round(group.total_cost())),
            "therapist_fte" => {
                group.m.therapist_fte_hundredths.map_or(Value::Missing, |h| Value::Number(h as f64 / 100.0))
            }
            id => group.count(COUNTS.into_iter().find(|n| *n == id).unwrap_or("enrolled")),
        })
        .collect()
}

/// Second suppression among schools: where exactly one school's count is hidden, the district
/// total would give it away, so the next smallest is hidden too.
fn suppress_complements(schools: &mut [Group]) {
    for name in COUNTS {
        let hidden = schools.iter().filter(|g| g.hidden.contains(name)).count();
        if hidden != 1 {
            continue;
        }
        let smallest = schools
            .iter_mut()
            .filter(|g| !g.hidden.contains(name))
            .filter_map(|g| count_of(&g.m, name).map(|n| (n, g)))
            .min_by_key(|(n, _)| *n);
        if let Some((_, g)) = smallest {
            g.hidden.insert(name);
        }
    }
}

/// Computes every figure of the report.
pub fn report(data: &Dataset, district: &str, min_cell: u64) -> Report {
    let years: Vec<(SchoolYear, Group)> =
        sum_by(data, |r| r.year).into_iter().map(|(y, m)| (y, Group::new(m, min_cell))).collect();
    let groups: Vec<Group> = years.iter().map(|(_, g)| g.clone()).collect();
    let columns = trend_columns(&groups);
    let trends = Table {
        id: "trends",
        title: "District figures by school year".into(),
        row_label: "School year",
        rows: years.iter().map(|(y, g)| TableRow { label: y.to_string(), cells: cells(g, &columns) }).collect(),
        columns,
    };
    let changes = changes(&years);
    let last = years.last().map(|(y, _)| *y).unwrap_or(SchoolYear(0));
    let first = years.first().map(|(y, _)| *y).unwrap_or(SchoolYear(0));
    let (schools, questions) = if data.by_school {
        let by_school = sum_by(data, |r| (r.year, r.school.clone().unwrap_or_default()));
        let mut names = Vec::new();
        let mut groups = Vec::new();
        for ((year, school), m) in by_school {
            if year == last {
                names.push(school);
                groups.push(Group::new(m, min_cell));
            }
        }
        suppress_complements(&mut groups);
        let columns =
            vec![ENROLLED, REFERRALS, REFERRALS_PER_1000, EVALUATIONS, ELIGIBLE_PCT, CASELOAD, COST_PER_STUDENT];
        let district = years.last().map(|(_, g)| g);
        let questions = names.iter().zip(&groups).filter_map(|(name, g)| question(name, g, district?)).collect();
        let table = Table {
            id: "schools",
            title: format!("Schools compared, {last}"),
            row_label: "School",
            rows: names
                .iter()
                .zip(&groups)
                .map(|(n, g)| TableRow { label: n.clone(), cells: cells(g, &columns) })
                .collect(),
            columns,
        };
        (Some(table), questions)
    } else {
        (None, Vec::new())
    };
    let projection = projection(&years);
    let summary = summary(&trends, first, last, min_cell);
    let mut notes = vec![
        format!(
            "Counts under {min_cell} are suppressed for student privacy, and so is every figure computed from one. In the school table, when only one school's count is hidden, the next smallest is hidden too, so the district total cannot give it away."
        ),
        "Referrals per 1,000 students is referrals ÷ students enrolled × 1,000. The share found eligible is students found eligible ÷ evaluations completed. Cost per student is total cost ÷ students on the caseload (direct and consult).".to_string(),
        "Year-over-year change is computed from the unrounded figures.".to_string(),
        "These are the district's own counts. They show what changed, not why. Fewer referrals or evaluations is not by itself a good sign: every student who may have a disability must be evaluated, and a parent can ask for an evaluation at any time.".to_string(),
    ];
    if !questions.is_empty() {
        notes.push(format!(
            "A school is listed with a question when its referrals per 1,000 students are at least {:.0}% above the district's and its share found eligible is at least {:.0}% below the district's. It is a question for the team, not a finding about anyone.",
            (RATE_FACTOR - 1.0) * 100.0,
            (1.0 - SHARE_FACTOR) * 100.0
        ));
    }
    Report {
        district: district.to_string(),
        min_cell,
        files: data.files.iter().map(|f| f.display().to_string()).collect(),
        first_year: first.to_string(),
        last_year: last.to_string(),
        trends,
        changes,
        schools,
        questions,
        projection,
        summary,
        notes,
    }
}

fn changes(years: &[(SchoolYear, Group)]) -> Table {
    let columns = vec![
        Column { format: Format::Change, ..CASELOAD },
        Column { format: Format::Change, ..REFERRALS_PER_1000 },
        Column { id: "eligible_pct", label: "Share found eligible", format: Format::Points },
        Column { format: Format::Change, ..COST_PER_STUDENT },
        Column { format: Format::Change, ..TOTAL_COST },
    ];
    let pick = |g: &Group, id: &str| -> Option<Result<f64, ()>> {
        match id {
            "caseload" => Some(if g.hidden.contains("caseload") { Err(()) } else { Ok(g.m.caseload() as f64) }),
            "referrals_per_1000" => g.referrals_per_1000(),
            "eligible_pct" => g.eligible_pct(),
            "cost_per_student" => g.cost_per_student(),
            _ => Some(Ok(g.total_cost())),
        }
    };
    let rows = years
        .windows(2)
        .map(|pair| {
            let (a, b) = (&pair[0].1, &pair[1].1);
            let cells = columns
                .iter()
                .map(|c| match (pick(a, c.id), pick(b, c.id)) {
                    (Some(Err(())), _) | (_, Some(Err(()))) => Value::Suppressed,
                    (Some(Ok(x)), Some(Ok(y))) if c.format == Format::Points => Value::Number(c.format.round(y - x)),
                    (Some(Ok(x)), Some(Ok(y))) if x > 0.0 => Value::Number(c.format.round((y - x) / x * 100.0)),
                    _ => Value::Missing,
                })
                .collect();
            TableRow { label: format!("{} to {}", pair[0].0, pair[1].0), cells }
        })
        .collect();
    Table { id: "changes", title: "Change from the year before".into(), row_label: "Years", columns, rows }
}

fn question(school: &str, g: &Group, district: &Group) -> Option<Question> {
    let (Some(Ok(rate)), Some(Ok(share))) = (g.referrals_per_1000(), g.eligible_pct()) else { return None };
    let (Some(Ok(d_rate)), Some(Ok(d_share))) = (district.referrals_per_1000(), district.eligible_pct()) else {
        return None;
    };
    (rate >= d_rate * RATE_FACTOR && share <= d_share * SHARE_FACTOR).then(|| Question {
        school: school.to_string(),
        text: format!(
            "{school} sends {} referrals per 1,000 students (the district: {}), and {} of its evaluations found a student eligible (the district: {}). Would a training on referral quality help this team decide when to refer?",
            Format::Rate.write(Value::Number(Format::Rate.round(rate))),
            Format::Rate.write(Value::Number(Format::Rate.round(d_rate))),
            Format::Percent.write(Value::Number(Format::Percent.round(share))),
            Format::Percent.write(Value::Number(Format::Percent.round(d_share))),
        ),
    })
}

/// Average yearly change, in percent, from `a` to `b` over `years` years.
fn yearly_growth(a: f64, b: f64, years: u16) -> f64 {
    ((b / a).powf(1.0 / f64::from(years)) - 1.0) * 100.0
}

fn projection(years: &[(SchoolYear, Group)]) -> Projection {
    let none = |method: String| Projection { method, table: None };
    let (Some((y0, first)), Some((y1, last))) = (years.first(), years.last()) else {
        return none("No projection: the data has no years.".into());
    };
    if years.len() < 2 {
        return none(format!("No projection: it needs at least two school years of data, and there is only {y0}."));
    }
    let (Some(Ok(c0)), Some(Ok(c1))) = (first.cost_per_student(), last.cost_per_student()) else {
        return none(
            "No projection: the cost per student is suppressed or not defined in the first or last year.".into(),
        );
    };
    let (n0, n1) = (first.m.caseload(), last.m.caseload());
    if first.hidden.contains("caseload") || last.hidden.contains("caseload") || n0 == 0 {
        return none("No projection: the caseload is suppressed in the first or last year.".into());
    }
    let span = y1.0 - y0.0;
    let caseload_growth = Format::Rate.round(yearly_growth(n0 as f64, n1 as f64, span));
    let cost_growth = Format::Rate.round(yearly_growth(c0, c1, span));
    let cost = format!("{:.2}", c1);
    // Year 1 of the calculator's forecast is its inputs (the last year of data); growth applies
    // from year 2, so the years after it are the projection.
    let inputs = Inputs::new()
        .with("students", &n1.to_string())
        .with("cost_before", &cost)
        .with("cost_after", &cost)
        .with("years", &(PROJECTION_YEARS + 1).to_string())
        .with("caseload_growth_pct", &format!("{caseload_growth:.1}"))
        .with("cost_growth_pct", &format!("{cost_growth:.1}"));
    let outcome = calculator::compute(Mode::Forecast, &inputs);
    let trend = format!(
        "From {y0} to {y1} the caseload changed by {} a year on average, and the cost per student on the caseload by {} a year.",
        Format::Change.write(Value::Number(caseload_growth)),
        Format::Change.write(Value::Number(cost_growth))
    );
    if outcome.blocked() {
        let why: Vec<&str> = outcome.messages.iter().map(|m| m.text.as_str()).collect();
        return none(format!("No projection: {trend} The calculator cannot carry that forward: {}.", why.join("; ")));
    }
    let value = |id: &str| outcome.inputs.iter().find(|i| i.field.id == id).and_then(|i| i.value);
    let (Some(students), Some(cost), Some(g1), Some(g2)) =
        (value("students"), value("cost_before"), value("caseload_growth_pct"), value("cost_growth_pct"))
    else {
        return none("No projection: the calculator did not read its inputs.".into());
    };
    let forecast = calculator::forecast(students, cost, cost, u32::from(PROJECTION_YEARS) + 1, g1, g2);
    let columns = vec![CASELOAD, COST_PER_STUDENT, TOTAL_COST];
    let rows = forecast
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, y)| TableRow {
            label: SchoolYear(y1.0 + i as u16).to_string(),
            cells: vec![
                Value::Number(y.students.to_f64()),
                Value::Number(Format::Dollars.round(y.cost_before.to_f64())),
                Value::Number(Format::Dollars.round(y.total_before.to_f64())),
            ],
        })
        .collect();
    let end = SchoolYear(y1.0 + PROJECTION_YEARS);
    Projection {
        method: format!(
            "A projection from the district's own trend, not a prediction. {trend} The calculator's forecast carries both rates forward from {y1} ({n1} students at {} each) to {end}, rounding each year's caseload to whole students and its cost to the cent. It assumes nothing else changes.",
            Format::Dollars.write(Value::Number(Format::Dollars.round(c1)))
        ),
        table: Some(Table {
            id: "projection",
            title: format!("Projection, {} to {end} (not a prediction)", SchoolYear(y1.0 + 1)),
            row_label: "School year",
            columns,
            rows,
        }),
    }
}

/// The key figures in words: from the first year to the last.
fn summary(trends: &Table, first: SchoolYear, last: SchoolYear, min_cell: u64) -> Vec<String> {
    let mut out = Vec::new();
    for id in ["caseload", "referrals_per_1000", "eligible_pct", "cost_per_student", "total_cost"] {
        let Some(i) = trends.column(id) else { continue };
        let column = &trends.columns[i];
        let (Some(a), Some(b)) = (trends.rows.first(), trends.rows.last()) else { continue };
        let (va, vb) = (a.cells[i], b.cells[i]);
        let name = column.label;
        let sentence = match (va, vb) {
            _ if first == last => format!("{name} in {last}: {}.", column.format.write(vb)),
            (Value::Number(x), Value::Number(y)) if x == y => {
                format!("{name} stayed at {} from {first} to {last}.", column.format.write(vb))
            }
            (Value::Number(x), Value::Number(y)) => format!(
                "{name} {} from {} in {first} to {} in {last}.",
                if y > x { "rose" } else { "fell" },
                column.format.write(va),
                column.format.write(vb)
            ),
            (Value::Suppressed, _) | (_, Value::Suppressed) => format!(
                "{name} is suppressed in {} because it rests on a count under {min_cell}.",
                if va == Value::Suppressed { first } else { last }
            ),
            _ => format!("{name} is not reported for every year."),
        };
        out.push(sentence.replacen(name, &capitalize_first(name), 1));
    }
    out
}

fn capitalize_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}
