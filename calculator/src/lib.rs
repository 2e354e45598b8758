//! tierbook's related-services cost model (domain brief §7): one implementation for the command
//! line, the build (worked examples, case-study checks) and the browser (compiled to wasm32).
//!
//! Money and rates are exact fractions ([`Exact`], `i64`; [`Wide`], `i128`, for the few results that
//! need it); rounding happens only for display, with currency to whole dollars and percentages to
//! one decimal place. Hard limits block a result with a message naming the field; soft limits
//! compute and warn. A cost increase is reported as such, never as a negative saving.
//!
//! [`run`] reads and computes a mode and writes what it finds to a [`Sink`]: natively [`compute`]
//! collects an `Outcome`; in the browser build (`no_std`, nothing allocated) `wasm.rs` writes a
//! compact text report into a fixed buffer. So both run the same code, message for message.
//!
//! ```
//! use calculator::{compute, Inputs, Mode};
//! let inputs = Inputs::new().with("students", "134").with("cost_before", "2152").with("cost_after", "1614");
//! let outcome = compute(Mode::Compare, &inputs);
//! assert_eq!(outcome.figure("savings").map(|f| f.display()).as_deref(), Some("$72,092"));
//! assert_eq!(outcome.figure("reduction_pct").map(|f| f.display()).as_deref(), Some("25.0%"));
//! ```

#![cfg_attr(target_arch = "wasm32", no_std)]

mod exact;
mod fields;
pub mod format;
mod model;
#[cfg(not(target_arch = "wasm32"))]
mod outcome;
#[cfg(not(target_arch = "wasm32"))]
pub mod texts;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use exact::{parse_decimal, Exact, ParseError, Wide};
pub use fields::{Field, Limit, Mode, Unit};
pub use model::{
    compare, contracted, employed, forecast_year, run, work_back, Comparison, ContractedCost, Employed, EmployedCost,
    Figure, ForecastYear, Kind, Level, Sink, WorkBack, DISCLOSURES, FORECAST_NOTE, MAX_FIELDS, MAX_TEXT, MEDICAID_NOTE,
    WHAT_IF_NOTE, WORK_BACK_NOTE,
};
#[cfg(not(target_arch = "wasm32"))]
pub use outcome::{compute, forecast, InputValue, Inputs, Message, Outcome, Said, Table};
