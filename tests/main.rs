//! The one integration-test binary: every area's tests are modules of it.

#![allow(clippy::unwrap_used)]

mod harness;

mod a11y;

mod build;
mod calc;
mod calculator_browser;
mod cli;
mod deploy;
mod errors;
mod hardening;
mod incremental;
mod serve;
mod training;
mod training_browser;
mod webdriver;
