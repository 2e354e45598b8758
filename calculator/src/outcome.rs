//! The native view of the model: an [`Outcome`] collected from [`run`], with owned texts, for the
//! command line, the build's worked examples and the case-study checks. Not in the browser build,
//! which allocates nothing.

use crate::exact::Exact;
use crate::fields::{Field, Mode};
use crate::format::{self, Line};
use crate::model::{forecast_year, run, Figure, ForecastYear, Level, Sink};

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

/// A message about one field, shown next to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub field: &'static str,
    pub level: Level,
    pub text: String,
}

impl Figure {
    pub fn display(&self) -> String {
        let mut line = Line::new();
        self.write(&mut line).as_str().to_string()
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
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub mode: Mode,
    pub inputs: Vec<InputValue>,
    pub messages: Vec<Message>,
    /// Empty when blocked.
    pub figures: Vec<Figure>,
    /// One plain-language sentence about the result; empty when blocked.
    pub summary: String,
    /// Notes that belong to this mode or result, shown with [`DISCLOSURES`](crate::DISCLOSURES).
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

/// The native result: everything one calculation produces, collected.
struct Collect {
    messages: Vec<Message>,
    figures: Vec<Figure>,
    summary: String,
    notes: Vec<&'static str>,
    table: Option<Table>,
}

impl Sink for Collect {
    fn message(&mut self, field: &'static str, level: Level, text: &str) {
        self.messages.push(Message { field, level, text: text.to_string() });
    }

    fn figure(&mut self, figure: &Figure) {
        self.figures.push(*figure);
    }

    fn summary(&mut self, text: &str) {
        self.summary = text.to_string();
    }

    fn note(&mut self, note: &'static str) {
        self.notes.push(note);
    }

    fn row(&mut self, cells: &[&str]) {
        let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        match &mut self.table {
            Some(table) => table.rows.push(cells),
            None => self.table = Some(Table { header: cells, rows: Vec::new() }),
        }
    }
}

/// Computes one mode from the reader's inputs.
pub fn compute(mode: Mode, inputs: &Inputs) -> Outcome {
    let fields = mode.fields();
    let texts: Vec<&str> = fields.iter().map(|f| inputs.get(f.id).unwrap_or(f.default)).collect();
    let mut sink =
        Collect { messages: Vec::new(), figures: Vec::new(), summary: String::new(), notes: Vec::new(), table: None };
    let values = run(mode, &texts, &mut sink);
    Outcome {
        mode,
        inputs: fields
            .iter()
            .zip(texts)
            .zip(values)
            .map(|((field, text), value)| InputValue { field, text: text.to_string(), value })
            .collect(),
        messages: sink.messages,
        figures: sink.figures,
        summary: sink.summary,
        notes: sink.notes,
        table: sink.table,
    }
}

/// The whole forecast, year by year (see [`forecast_year`]).
pub fn forecast(
    students: Exact,
    cost_before: Exact,
    cost_after: Exact,
    years: u32,
    caseload_growth_pct: Exact,
    cost_growth_pct: Exact,
) -> Vec<ForecastYear> {
    (0..years)
        .map(|year| forecast_year(students, cost_before, cost_after, year, caseload_growth_pct, cost_growth_pct))
        .collect()
}
