//! The one integration-test binary: every area's tests are modules of it.

#![allow(clippy::unwrap_used)]

mod harness;

mod a11y;

mod build;
mod cli;
mod errors;
mod serve;
mod calc;
mod webdriver;
mod calculator_browser;
mod training;
mod training_browser;
mod deploy;
