//! The native view of the model: an [`Outcome`] collected from [`run`], with owned texts, for the
//! command line, the build's worked examples and the case-study checks. Not in the browser build,
//! which allocates nothing.

use crate::exact::Exact;
use crate::fields::{Field, Mode};
use crate::format::{self, Line};
use crate::model::{forecast_year, run, Figure, ForecastYear, Level, Sink};
use crate::texts::{english, fill};

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
    /// In English.
    pub text: String,
    /// The text's key and arguments, to say it in another language (see `texts`).
    pub said: Said,
}

/// A text as the model said it: its key (see `texts`) and its arguments, written the US way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Said {
    pub key: &'static str,
    pub args: Vec<String>,
}

impl Said {
    /// The text in a language: `text` gives the words of a key (`calc_<key>` of the theme's
    /// strings), `name` the name of the message's field.
    pub fn say(&self, text: impl Fn(&str) -> String, field: &str) -> String {
        let name = if field.is_empty() { String::new() } else { text(&format!("name_{field}")) };
        fill(&text(self.key), &name, &self.args)
    }
}

impl Figure {
    /// The label in English.
    pub fn label(&self) -> &'static str {
        english(self.label_key)
    }
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
    /// The column heads' keys.
    pub header_keys: Vec<&'static str>,
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
    /// The summary's key and arguments.
    pub summary_said: Said,
    /// Notes that belong to this mode or result, shown with [`DISCLOSURES`](crate::DISCLOSURES).
    pub notes: Vec<&'static str>,
    /// The notes' keys.
    pub note_keys: Vec<&'static str>,
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
#[derive(Default)]
struct Collect {
    messages: Vec<Message>,
    figures: Vec<Figure>,
    summary: Said,
    notes: Vec<&'static str>,
    table: Option<Table>,
}

fn said(key: &'static str, args: &[&str]) -> Said {
    Said { key, args: args.iter().map(|a| a.to_string()).collect() }
}

fn in_english(key: &str) -> String {
    english(key).to_string()
}

impl Sink for Collect {
    fn message(&mut self, field: &'static str, level: Level, key: &'static str, args: &[&str]) {
        let said = said(key, args);
        self.messages.push(Message { field, level, text: said.say(in_english, field), said });
    }

    fn figure(&mut self, figure: &Figure) {
        self.figures.push(*figure);
    }

    fn summary(&mut self, key: &'static str, args: &[&str]) {
        self.summary = said(key, args);
    }

    fn note(&mut self, note: &'static str) {
        self.notes.push(note);
    }

    fn header(&mut self, keys: &[&'static str]) {
        let header = keys.iter().map(|k| in_english(k)).collect();
        self.table = Some(Table { header, header_keys: keys.to_vec(), rows: Vec::new() });
    }

    fn row(&mut self, cells: &[&str]) {
        let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        self.table.get_or_insert_with(Table::default).rows.push(cells);
    }
}

/// Computes one mode from the reader's inputs.
pub fn compute(mode: Mode, inputs: &Inputs) -> Outcome {
    let fields = mode.fields();
    let texts: Vec<&str> = fields.iter().map(|f| inputs.get(f.id).unwrap_or(f.default)).collect();
    let mut sink = Collect::default();
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
        summary: if sink.summary.key.is_empty() { String::new() } else { sink.summary.say(in_english, "") },
        summary_said: sink.summary,
        notes: sink.notes.iter().map(|k| english(k)).collect(),
        note_keys: sink.notes,
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
