//! Reading the district's numbers: every `data/*.csv` of the site, checked cell by cell. Each
//! problem is a [`Diagnostic`] at the file's row (its line) and the column where the cell starts,
//! with a hint, and all of them are reported together, because districts fix these exports in a
//! spreadsheet. The schema is docs/reports.md; [`COLUMNS`] is its single source here.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::config::Reports;
use crate::error::Diagnostic;
use crate::text::csv::{self as csv_data, Cell};

/// The folder of the site that holds the data files.
pub const DATA_DIR: &str = "data";

/// A school year, by the calendar year it starts in: 2023 is 2023-24.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolYear(pub u16);

impl fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.0, (self.0 + 1) % 100)
    }
}

impl SchoolYear {
    /// `2023-24`, `2023-2024` or `2023–24` (an en dash, as word processors write it).
    pub fn parse(text: &str) -> Option<SchoolYear> {
        let text = text.trim().replace('–', "-");
        let (start, end) = text.split_once('-')?;
        if start.len() != 4 || !start.chars().all(|c| c.is_ascii_digit()) || !end.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let start: u16 = start.parse().ok()?;
        let next = start + 1;
        let ok = match end.len() {
            2 => end.parse::<u16>().ok()? == next % 100,
            4 => end.parse::<u16>().ok()? == next,
            _ => false,
        };
        (ok && (1990..=2100).contains(&start)).then_some(SchoolYear(start))
    }
}

/// A related service a row may be limited to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Service {
    #[serde(rename = "OT")]
    Ot,
    #[serde(rename = "PT")]
    Pt,
    #[serde(rename = "speech")]
    Speech,
}

impl Service {
    fn parse(text: &str) -> Option<Service> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ot" => Some(Service::Ot),
            "pt" => Some(Service::Pt),
            "speech" | "slp" => Some(Service::Speech),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Service::Ot => "OT",
            Service::Pt => "PT",
            Service::Speech => "speech",
        }
    }
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    Year,
    /// Narrows a row: school, grade band or service.
    Key,
    /// A whole count of students, referrals, supports or trainings: suppressed when small.
    Count,
    /// Full-time equivalents, up to two decimals.
    Fte,
    /// Dollars, up to cents.
    Dollars,
}

pub struct Column {
    pub name: &'static str,
    pub kind: ColumnKind,
    pub required: bool,
}

const fn col(name: &'static str, kind: ColumnKind, required: bool) -> Column {
    Column { name, kind, required }
}

/// Every column the data may have, in the order docs/reports.md lists them.
pub const COLUMNS: [Column; 15] = [
    col("year", ColumnKind::Year, true),
    col("school", ColumnKind::Key, false),
    col("grade_band", ColumnKind::Key, false),
    col("service", ColumnKind::Key, false),
    col("enrolled", ColumnKind::Count, true),
    col("referrals", ColumnKind::Count, true),
    col("evaluations", ColumnKind::Count, true),
    col("eligible", ColumnKind::Count, true),
    col("caseload_direct", ColumnKind::Count, true),
    col("caseload_consult", ColumnKind::Count, false),
    col("therapist_fte", ColumnKind::Fte, false),
    col("total_cost", ColumnKind::Dollars, true),
    col("tier1_supports", ColumnKind::Count, false),
    col("tier2_supports", ColumnKind::Count, false),
    col("trainings_completed", ColumnKind::Count, false),
];

/// The measures of one row (or of a sum of rows). `None`: the column is not in the data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measures {
    pub enrolled: u64,
    pub referrals: u64,
    pub evaluations: u64,
    pub eligible: u64,
    pub caseload_direct: u64,
    pub caseload_consult: Option<u64>,
    pub therapist_fte_hundredths: Option<u64>,
    pub total_cost_cents: u64,
    pub tier1_supports: Option<u64>,
    pub tier2_supports: Option<u64>,
    pub trainings_completed: Option<u64>,
}

impl Measures {
    /// Students on the caseload: direct plus consult where the data has consult.
    pub fn caseload(&self) -> u64 {
        self.caseload_direct + self.caseload_consult.unwrap_or(0)
    }

    /// Adds `other`, counting its enrolment only when `with_enrolled` (a school's enrolment is
    /// repeated on each of its service rows).
    pub fn add(&mut self, other: &Measures, with_enrolled: bool) {
        let opt = |a: Option<u64>, b: Option<u64>| a.zip(b).map(|(a, b)| a + b);
        if with_enrolled {
            self.enrolled += other.enrolled;
        }
        self.referrals += other.referrals;
        self.evaluations += other.evaluations;
        self.eligible += other.eligible;
        self.caseload_direct += other.caseload_direct;
        self.caseload_consult = opt(self.caseload_consult, other.caseload_consult);
        self.therapist_fte_hundredths = opt(self.therapist_fte_hundredths, other.therapist_fte_hundredths);
        self.total_cost_cents += other.total_cost_cents;
        self.tier1_supports = opt(self.tier1_supports, other.tier1_supports);
        self.tier2_supports = opt(self.tier2_supports, other.tier2_supports);
        self.trainings_completed = opt(self.trainings_completed, other.trainings_completed);
    }

    /// The zero to start a sum from: optional measures start present, so a sum has one only when
    /// every row has it.
    pub fn zero() -> Measures {
        Measures {
            caseload_consult: Some(0),
            therapist_fte_hundredths: Some(0),
            tier1_supports: Some(0),
            tier2_supports: Some(0),
            trainings_completed: Some(0),
            ..Measures::default()
        }
    }
}

/// One data row, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub file: PathBuf,
    pub line: usize,
    pub year: SchoolYear,
    pub school: Option<String>,
    pub grade_band: Option<String>,
    pub service: Option<Service>,
    pub measures: Measures,
}

/// Every row of every data file, checked, with the school years they cover (sorted, no gaps).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dataset {
    /// `data/<name>.csv`, as messages name them.
    pub files: Vec<PathBuf>,
    pub rows: Vec<Row>,
    pub years: Vec<SchoolYear>,
    /// Whether rows name schools (then every row does).
    pub by_school: bool,
}

/// Reads `<root>/data/*.csv`. `Ok(None)` when there are none; `Err` holds every problem found.
pub fn load(root: &Path, settings: &Reports) -> Result<Option<Dataset>, Vec<Diagnostic>> {
    let dir = root.join(DATA_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(None) };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.to_ascii_lowercase().ends_with(".csv") && !n.starts_with('.'))
        .collect();
    names.sort();
    if names.is_empty() {
        return Ok(None);
    }
    let mut files = Vec::new();
    for name in names {
        let shown = Path::new(DATA_DIR).join(&name);
        match std::fs::read(dir.join(&name)) {
            Ok(bytes) => files.push((shown, bytes)),
            Err(err) => {
                return Err(vec![Diagnostic::error(&shown, 0, 0, format!("cannot read the data file: {err}"))
                    .with_hint("check the file's permissions")])
            }
        }
    }
    parse(&files, settings).map(Some)
}

/// Checks data files given as (name for messages, bytes): the testable core of [`load`].
pub fn parse(files: &[(PathBuf, Vec<u8>)], settings: &Reports) -> Result<Dataset, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    // The key columns of the first file; every other file must have the same ones.
    let mut keys: Option<(PathBuf, Vec<&'static str>)> = None;
    for (path, bytes) in files {
        let table = match csv_data::read(bytes) {
            Ok(table) => table,
            Err(e) => {
                errors.push(Diagnostic::error(path, e.line, e.column, e.message).with_hint(e.hint));
                continue;
            }
        };
        let Some(columns) = header(path, &table.header, settings, &mut errors) else { continue };
        let file_keys: Vec<&'static str> = columns
            .iter()
            .filter_map(|c| c.map(|i| &COLUMNS[i]))
            .filter(|c| c.kind == ColumnKind::Key)
            .map(|c| c.name)
            .collect();
        match &keys {
            None => keys = Some((path.clone(), file_keys.clone())),
            Some((first, first_keys)) if *first_keys != file_keys => {
                let cell = &table.header[0];
                errors.push(
                    Diagnostic::error(
                        path,
                        cell.line,
                        cell.column,
                        format!(
                            "this file splits rows by {}, but {} splits them by {}",
                            key_list(&file_keys),
                            first.display(),
                            key_list(first_keys)
                        ),
                    )
                    .with_hint("export every file at the same level (the same school, grade_band and service columns)"),
                );
                continue;
            }
            Some(_) => {}
        }
        for cells in &table.rows {
            if let Some(row) = read_row(path, cells, &table.header, &columns, settings, &mut errors) {
                rows.push(row);
            }
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::error(&files[0].0, 0, 0, "the data files hold no rows")
                .with_hint("add one row per school year (docs/reports.md)"),
        );
    }
    let years = check_across_rows(&rows, &mut errors);
    if !errors.is_empty() {
        errors.sort();
        return Err(errors);
    }
    let by_school = rows.first().is_some_and(|r| r.school.is_some());
    Ok(Dataset { files: files.iter().map(|(p, _)| p.clone()).collect(), rows, years, by_school })
}

fn key_list(keys: &[&str]) -> String {
    if keys.is_empty() {
        "nothing (one row per year)".to_string()
    } else {
        keys.join(", ")
    }
}

/// Words in a header that say the column holds people's names or identifiers.
const PERSONAL: [&str; 20] = [
    "name",
    "names",
    "first",
    "last",
    "surname",
    "initials",
    "id",
    "ids",
    "identifier",
    "ssn",
    "dob",
    "birth",
    "birthdate",
    "email",
    "phone",
    "address",
    "student",
    "teacher",
    "staff",
    "lasid",
];

/// Whether a header looks like it names people or holds identifiers: `student_name`,
/// `StudentID`, `Last Name`, `email`.
pub fn looks_personal(header: &str) -> bool {
    let lower = header.trim().to_ascii_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.iter().any(|w| {
        PERSONAL.contains(w)
            || ((w.ends_with("id") || w.ends_with("name") || w.ends_with("number")) && w.len() > 4)
            || w.starts_with("student")
    })
}

/// Maps each header cell to its column in [`COLUMNS`]; `None` (and errors) when the file cannot
/// be read further.
fn header(
    path: &Path,
    header: &[Cell],
    settings: &Reports,
    errors: &mut Vec<Diagnostic>,
) -> Option<Vec<Option<usize>>> {
    let before = errors.len();
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let mut columns = Vec::new();
    for cell in header {
        let text = cell.text.trim();
        let normalized = text.to_ascii_lowercase().replace([' ', '-'], "_");
        let found = COLUMNS.iter().position(|c| c.name == normalized);
        let at = |message: String, hint: &str| Diagnostic::error(path, cell.line, cell.column, message).with_hint(hint);
        match found {
            Some(i) => {
                if let Some(other) = seen.insert(i, cell.index) {
                    errors.push(at(format!("column `{text}` appears twice (also column {other})"), "keep one of them"));
                }
                if COLUMNS[i].name == "school" && settings.schools.is_empty() {
                    errors.push(at(
                        "the data names schools, but tierbook.toml lists none".into(),
                        "add [reports] schools = [\"...\"] to tierbook.toml, with each school as the data writes it",
                    ));
                }
            }
            None if text.is_empty() => errors.push(at(
                format!("column {} has no name", cell.index),
                "name every column in the first row (docs/reports.md lists the names)",
            )),
            None if looks_personal(text) => errors.push(at(
                format!("column `{text}` looks like it holds names or identifiers; reports take counts only"),
                "delete this column from the export: tierbook publishes aggregate counts, never a row about a person",
            )),
            None => {
                let near = COLUMNS
                    .iter()
                    .map(|c| (strsim::jaro_winkler(c.name, &normalized), c.name))
                    .filter(|(score, _)| *score > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                let hint = match near {
                    Some((_, name)) => format!("did you mean `{name}`? (docs/reports.md lists the columns)"),
                    None => "remove it, or rename it to a column docs/reports.md lists".to_string(),
                };
                errors.push(at(format!("unknown column `{text}`"), &hint));
            }
        }
        columns.push(found);
    }
    for (i, c) in COLUMNS.iter().enumerate() {
        if c.required && !columns.contains(&Some(i)) {
            let cell = &header[0];
            errors.push(
                Diagnostic::error(path, cell.line, cell.column, format!("the data has no `{}` column", c.name))
                    .with_hint(format!("add a `{}` column: it is required (docs/reports.md)", c.name)),
            );
        }
    }
    (errors.len() == before).then_some(columns)
}

/// What a cell must not carry, by column kind, with the reason.
fn unit_problem(kind: ColumnKind, text: &str) -> Option<&'static str> {
    match kind {
        ColumnKind::Count | ColumnKind::Fte if text.contains('$') => Some("holds dollars"),
        ColumnKind::Count | ColumnKind::Fte | ColumnKind::Dollars if text.ends_with('%') => Some("is a percentage"),
        _ => None,
    }
}

fn read_row(
    path: &Path,
    cells: &[Cell],
    header: &[Cell],
    columns: &[Option<usize>],
    settings: &Reports,
    errors: &mut Vec<Diagnostic>,
) -> Option<Row> {
    let before = errors.len();
    let line = cells.first().map_or(0, |c| c.line);
    let mut row = Row {
        file: path.to_path_buf(),
        line,
        year: SchoolYear(0),
        school: None,
        grade_band: None,
        service: None,
        measures: Measures::default(),
    };
    // Where each count was written, for the relation checks.
    let mut at: BTreeMap<&'static str, &Cell> = BTreeMap::new();
    for (cell, column) in cells.iter().zip(columns) {
        let Some(column) = column.map(|i| &COLUMNS[i]) else { continue };
        at.insert(column.name, cell);
        let mut fail = |message: String, hint: &str| {
            errors.push(Diagnostic::error(path, cell.line, cell.column, message).with_hint(hint));
        };
        read_cell(&mut row, column, cell, &cell.name(header), settings, &mut fail);
    }
    if errors.len() > before {
        return None;
    }
    check_relations(path, &row.measures, &at, errors);
    (errors.len() == before).then_some(row)
}

/// One cell into its place in `row`, or a call to `fail`.
fn read_cell(
    row: &mut Row,
    column: &Column,
    cell: &Cell,
    name: &str,
    settings: &Reports,
    fail: &mut dyn FnMut(String, &str),
) {
    let text = cell.text.trim();
    if text.is_empty() {
        let hint = match column.kind {
            ColumnKind::Key => "fill it in: every row of a file that has this column needs it",
            _ => "fill in the figure (0 if there were none), or delete the column from every row",
        };
        return fail(format!("{name} is empty"), hint);
    }
    match column.kind {
        ColumnKind::Year => match SchoolYear::parse(text) {
            Some(year) => row.year = year,
            None => fail(
                format!("{name} is `{text}`, not a school year"),
                "write the school year as 2023-24 (the year it starts, a dash, the year it ends)",
            ),
        },
        ColumnKind::Key => match column.name {
            "school" => match school(text, settings) {
                Ok(Some(s)) => row.school = Some(s),
                Ok(None) => {}
                Err(hint) => fail(format!("{name} is `{text}`, a school tierbook.toml does not list"), &hint),
            },
            "grade_band" => row.grade_band = Some(text.to_string()),
            _ => match Service::parse(text) {
                Some(s) => row.service = Some(s),
                None => fail(format!("{name} is `{text}`, not a service"), "write OT, PT or speech"),
            },
        },
        kind => match measure(kind, column.name, text, name) {
            Ok(n) => set_measure(&mut row.measures, column.name, n),
            Err((message, hint)) => fail(message, hint),
        },
    }
}

/// A school as tierbook.toml lists it; `Ok(None)` when it lists none (the header says so once);
/// `Err` with a hint (the nearest listed name) for one it does not list.
fn school(text: &str, settings: &Reports) -> Result<Option<String>, String> {
    if settings.schools.iter().any(|s| s == text) {
        return Ok(Some(text.to_string()));
    }
    if settings.schools.is_empty() {
        return Ok(None);
    }
    let near = settings
        .schools
        .iter()
        .map(|s| (strsim::jaro_winkler(&s.to_lowercase(), &text.to_lowercase()), s))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .filter(|(score, _)| *score > 0.8);
    Err(match near {
        Some((_, s)) => format!("did you mean \"{s}\"? Schools are written as tierbook.toml lists them"),
        None => "add the school to [reports] schools in tierbook.toml, or correct the name".into(),
    })
}

/// A count, FTE or dollar cell as an integer in its unit (hundredths for FTE and dollars).
fn measure(kind: ColumnKind, column: &str, text: &str, name: &str) -> Result<u64, (String, &'static str)> {
    if let Some(problem) = unit_problem(kind, text) {
        let hint = match kind {
            ColumnKind::Count => "write the count itself, such as 42, with no $ or %",
            ColumnKind::Fte => "write full-time equivalents, such as 2.5, with no $ or %",
            _ => "write the dollar amount, such as 184,500 or $184,500.00",
        };
        return Err((format!("{name} is `{text}`, which {problem}; `{column}` does not"), hint));
    }
    let Some(value) = csv_data::parse_number(text) else {
        return Err((
            format!("{name} is `{text}`, not a number"),
            "write digits, such as 42 or 1,250 (no words, no spaces inside)",
        ));
    };
    if value < 0.0 {
        return Err((format!("{name} is negative"), "counts, FTE and costs are 0 or more"));
    }
    let (places, hint) = match kind {
        ColumnKind::Count => (0, "counts are whole numbers"),
        ColumnKind::Fte => (2, "write FTE with at most two decimals, such as 2.25"),
        _ => (2, "write dollars with at most cents, such as 1,250.50"),
    };
    let scaled = value * 10f64.powi(places);
    if (scaled - scaled.round()).abs() > 1e-6 || scaled > 1e15 {
        let what = if places == 0 { "a whole number" } else { "at most two decimals" };
        return Err((format!("{name} is `{text}`; it must be {what}"), hint));
    }
    Ok(scaled.round() as u64)
}

fn set_measure(m: &mut Measures, column: &str, n: u64) {
    match column {
        "enrolled" => m.enrolled = n,
        "referrals" => m.referrals = n,
        "evaluations" => m.evaluations = n,
        "eligible" => m.eligible = n,
        "caseload_direct" => m.caseload_direct = n,
        "caseload_consult" => m.caseload_consult = Some(n),
        "therapist_fte" => m.therapist_fte_hundredths = Some(n),
        "total_cost" => m.total_cost_cents = n,
        "tier1_supports" => m.tier1_supports = Some(n),
        "tier2_supports" => m.tier2_supports = Some(n),
        _ => m.trainings_completed = Some(n),
    }
}

/// Relations no row can break: students enrolled, eligible <= evaluated <= referred, and no
/// more students on the caseload than are enrolled. Each error sits at the cell that breaks it.
fn check_relations(path: &Path, m: &Measures, at: &BTreeMap<&'static str, &Cell>, errors: &mut Vec<Diagnostic>) {
    let mut relation = |column: &str, message: String, hint: &str| {
        if let Some(cell) = at.get(column) {
            errors.push(Diagnostic::error(path, cell.line, cell.column, message).with_hint(hint));
        }
    };
    if m.enrolled == 0 {
        relation(
            "enrolled",
            "`enrolled` is 0: a row needs the students it counts".into(),
            "write the number of students enrolled, or delete the row",
        );
    }
    if m.eligible > m.evaluations {
        relation(
            "eligible",
            format!("`eligible` ({}) is more than `evaluations` ({})", m.eligible, m.evaluations),
            "only an evaluated student can be found eligible: count both in the year the evaluation was completed",
        );
    }
    if m.evaluations > m.referrals {
        relation(
            "evaluations",
            format!("`evaluations` ({}) is more than `referrals` ({})", m.evaluations, m.referrals),
            "count each evaluation in the school year its referral was received",
        );
    }
    if m.caseload() > m.enrolled {
        relation(
            "caseload_direct",
            format!("the caseload ({}) is more than the students enrolled ({})", m.caseload(), m.enrolled),
            "count only students of this row's school, grade band and year",
        );
    }
}

type Key = (Option<String>, Option<String>, Option<Service>);

fn key_of(row: &Row) -> Key {
    (row.school.clone(), row.grade_band.clone(), row.service)
}

fn describe(key: &Key) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &key.0 {
        parts.push(format!("school \"{s}\""));
    }
    if let Some(g) = &key.1 {
        parts.push(format!("grade band {g}"));
    }
    if let Some(s) = key.2 {
        parts.push(format!("service {}", s.name()));
    }
    if parts.is_empty() {
        "the district".to_string()
    } else {
        parts.join(", ")
    }
}

/// Checks between rows: no row twice, no year missing, every year with the same schools, grade
/// bands and services, and one enrolment per school and grade band in a year.
fn check_across_rows(rows: &[Row], errors: &mut Vec<Diagnostic>) -> Vec<SchoolYear> {
    let mut seen: HashMap<(SchoolYear, Key), &Row> = HashMap::new();
    let mut enrolled: HashMap<(SchoolYear, Option<String>, Option<String>), &Row> = HashMap::new();
    let mut by_year: BTreeMap<SchoolYear, BTreeSet<Key>> = BTreeMap::new();
    let mut first_of_year: BTreeMap<SchoolYear, &Row> = BTreeMap::new();
    for row in rows {
        let key = key_of(row);
        if let Some(earlier) = seen.insert((row.year, key.clone()), row) {
            errors.push(
                Diagnostic::error(
                    &row.file,
                    row.line,
                    1,
                    format!(
                        "{} for {} appears twice (also {}, row {})",
                        row.year,
                        describe(&key),
                        earlier.file.display(),
                        earlier.line
                    ),
                )
                .with_hint("keep one row per school year (and school, grade band and service); add up split rows"),
            );
            continue;
        }
        let place = (row.year, row.school.clone(), row.grade_band.clone());
        match enrolled.get(&place) {
            Some(other) if other.measures.enrolled != row.measures.enrolled => errors.push(
                Diagnostic::error(
                    &row.file,
                    row.line,
                    1,
                    format!(
                        "`enrolled` is {} here but {} on row {} for the same school, grade band and year",
                        row.measures.enrolled, other.measures.enrolled, other.line
                    ),
                )
                .with_hint("each service's row repeats the same enrolment: the students in that school and grade band"),
            ),
            Some(_) => {}
            None => {
                enrolled.insert(place, row);
            }
        }
        by_year.entry(row.year).or_default().insert(key);
        first_of_year.entry(row.year).or_insert(row);
    }
    let years: Vec<SchoolYear> = by_year.keys().copied().collect();
    for pair in years.windows(2) {
        for missing in (pair[0].0 + 1)..pair[1].0 {
            let after = first_of_year[&pair[1]];
            errors.push(
                Diagnostic::error(
                    &after.file,
                    after.line,
                    1,
                    format!("no rows for {}, between {} and {}", SchoolYear(missing), pair[0], pair[1]),
                )
                .with_hint("add that year's rows: a trend with a year missing would hide a change"),
            );
        }
    }
    let all: BTreeSet<Key> = by_year.values().flatten().cloned().collect();
    for (year, keys) in &by_year {
        for key in all.difference(keys) {
            let row = first_of_year[year];
            errors.push(
                Diagnostic::error(
                    &row.file,
                    row.line,
                    1,
                    format!("{year} has no row for {}, which other years have", describe(key)),
                )
                .with_hint("give every year the same schools, grade bands and services, so totals compare"),
            );
        }
    }
    years
}
