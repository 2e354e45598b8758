//! The one integration-test binary: every area's tests are modules of it.

#![allow(clippy::unwrap_used)]

mod harness;
mod webdriver;

mod a11y;
mod architecture;
mod build;
mod build_script;
mod calc;
mod calculator_browser;
mod cc;
mod charts;
mod cli;
mod content;
mod deploy;
mod distribution;
mod errors;
mod gates;
mod hardening;
mod i18n;
mod i18n_blocks;
mod incremental;
mod lint;
mod migrating;
mod offline;
mod output_safety;
mod print;
mod questions;
mod reports;
mod sanitize;
mod scorm;
mod search;
mod serve;
mod taxonomies;
mod theme;
mod training;
mod training_browser;
