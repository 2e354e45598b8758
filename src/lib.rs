//! tierbook: a static-site generator for school training content.
//!
//! The phases are named and separate: [`config::load`] reads `tierbook.toml`, [`content::load`]
//! walks `content/` into a [`content::Site`], [`render::render`] turns it into in-memory
//! [`output::Output`]s, and [`output::write`] puts them on disk. `build`, `check` and `serve` all
//! run the same path; only `build` writes.

mod blocks;
pub mod calc;
mod case_study;
pub mod cli;
mod colour;
pub mod commands;
pub mod config;
pub mod content;
pub mod error;
pub mod export;
mod format;
mod hash;
mod markdown;
pub mod output;
pub mod readability;
pub mod render;
pub mod report;
mod sanitize;
pub mod scaffold;
mod search;
pub mod serve;
mod text;
mod timing;
mod watch;

pub use blocks::chart::rules as decision_rules;
pub use error::{Diagnostic, Error, Result, Severity};
#[doc(hidden)]
pub use search::stem_words;
