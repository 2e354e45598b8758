//! The browser's view of the model: a `Calculator` that takes the form's text field by field and a
//! `Report` read through getters. Only numbers, booleans and plain strings cross the boundary (no
//! JSON: serde made the module about 7x larger when measured).

use wasm_bindgen::prelude::*;

use crate::{compute, Inputs, Level, Mode, Outcome};

#[wasm_bindgen]
pub struct Calculator {
    mode: Mode,
    inputs: Inputs,
}

#[wasm_bindgen]
impl Calculator {
    /// `mode` is a mode id (`compare`, `work-back`, `employed`, `contracted`, `what-if`,
    /// `forecast`); anything else means `compare`.
    #[wasm_bindgen(constructor)]
    pub fn new(mode: &str) -> Calculator {
        Calculator { mode: Mode::from_id(mode).unwrap_or(Mode::Compare), inputs: Inputs::new() }
    }

    /// Sets a field's text as typed; fields never set take their defaults.
    pub fn set(&mut self, field: &str, text: &str) {
        self.inputs.set(field, text);
    }

    pub fn compute(&self) -> Report {
        Report { outcome: compute(self.mode, &self.inputs) }
    }
}

#[wasm_bindgen]
pub struct Report {
    outcome: Outcome,
}

#[wasm_bindgen]
impl Report {
    pub fn blocked(&self) -> bool {
        self.outcome.blocked()
    }

    pub fn message_count(&self) -> usize {
        self.outcome.messages.len()
    }

    pub fn message_field(&self, i: usize) -> String {
        self.outcome.messages.get(i).map(|m| m.field.to_string()).unwrap_or_default()
    }

    pub fn message_text(&self, i: usize) -> String {
        self.outcome.messages.get(i).map(|m| m.text.clone()).unwrap_or_default()
    }

    pub fn message_is_error(&self, i: usize) -> bool {
        self.outcome.messages.get(i).is_some_and(|m| m.level == Level::Error)
    }

    pub fn figure_count(&self) -> usize {
        self.outcome.figures.len()
    }

    pub fn figure_id(&self, i: usize) -> String {
        self.outcome.figures.get(i).map(|f| f.id.to_string()).unwrap_or_default()
    }

    pub fn figure_label(&self, i: usize) -> String {
        self.outcome.figures.get(i).map(|f| f.label.clone()).unwrap_or_default()
    }

    pub fn figure_text(&self, i: usize) -> String {
        self.outcome.figures.get(i).map(|f| f.display()).unwrap_or_default()
    }

    pub fn summary(&self) -> String {
        self.outcome.summary.clone()
    }

    pub fn note_count(&self) -> usize {
        self.outcome.notes.len()
    }

    pub fn note(&self, i: usize) -> String {
        self.outcome.notes.get(i).map(|n| n.to_string()).unwrap_or_default()
    }

    /// Table rows, header excluded; 0 when the mode has no table.
    pub fn row_count(&self) -> usize {
        self.outcome.table.as_ref().map_or(0, |t| t.rows.len())
    }

    pub fn column_count(&self) -> usize {
        self.outcome.table.as_ref().map_or(0, |t| t.header.len())
    }

    pub fn header(&self, column: usize) -> String {
        self.outcome.table.as_ref().and_then(|t| t.header.get(column)).cloned().unwrap_or_default()
    }

    pub fn cell(&self, row: usize, column: usize) -> String {
        let table = self.outcome.table.as_ref();
        table.and_then(|t| t.rows.get(row)?.get(column).cloned()).unwrap_or_default()
    }
}
