//! The browser's view of the model: a `Calculator` that takes the form's text field by field and a
//! `Report` read through a few getters. Only numbers, booleans and plain strings cross the boundary
//! (no JSON: serde made the module about 7x larger when measured). Every getter is one more block of
//! JS glue, so the report's texts share one getter, `text(part, i, j)`, with the parts below.

use wasm_bindgen::prelude::*;

use crate::{compute, Inputs, Level, Mode, Outcome};

/// The parts of a report, for `Report::count` and `Report::text`.
const SUMMARY: u8 = 0;
const MESSAGE_FIELD: u8 = 1;
const MESSAGE_TEXT: u8 = 2;
const FIGURE_ID: u8 = 3;
const FIGURE_LABEL: u8 = 4;
const FIGURE_TEXT: u8 = 5;
const NOTE: u8 = 6;
const HEADER: u8 = 7;
const CELL: u8 = 8;

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

    /// Whether message `i` blocks the result (otherwise it is an "unusual value" warning).
    pub fn is_error(&self, i: usize) -> bool {
        self.outcome.messages.get(i).is_some_and(|m| m.level == Level::Error)
    }

    /// How many messages (1), figures (3), notes (6), table columns (7) or table rows (8).
    pub fn count(&self, part: u8) -> usize {
        let o = &self.outcome;
        match part {
            MESSAGE_FIELD | MESSAGE_TEXT => o.messages.len(),
            FIGURE_ID | FIGURE_LABEL | FIGURE_TEXT => o.figures.len(),
            NOTE => o.notes.len(),
            HEADER => o.table.as_ref().map_or(0, |t| t.header.len()),
            CELL => o.table.as_ref().map_or(0, |t| t.rows.len()),
            _ => 0,
        }
    }

    /// A text of the report: the summary (0), message `i`'s field (1) or text (2), figure `i`'s id
    /// (3), label (4) or display (5), note `i` (6), table header `j` (7) or cell `i`,`j` (8).
    /// Empty when out of range.
    pub fn text(&self, part: u8, i: usize, j: usize) -> String {
        let o = &self.outcome;
        let text = match part {
            SUMMARY => Some(o.summary.clone()),
            MESSAGE_FIELD => o.messages.get(i).map(|m| m.field.into()),
            MESSAGE_TEXT => o.messages.get(i).map(|m| m.text.clone()),
            FIGURE_ID => o.figures.get(i).map(|f| f.id.into()),
            FIGURE_LABEL => o.figures.get(i).map(|f| f.label.into()),
            FIGURE_TEXT => o.figures.get(i).map(|f| f.display()),
            NOTE => o.notes.get(i).map(|n| (*n).into()),
            HEADER => o.table.as_ref().and_then(|t| t.header.get(j).cloned()),
            CELL => o.table.as_ref().and_then(|t| t.rows.get(i)?.get(j).cloned()),
            _ => None,
        };
        text.unwrap_or_default()
    }
}
