//! # minhbach
//!
//! Facade over the minhbach crates: the Vietnamese working-day calendar, the domain model,
//! the aggregation and scoring engine, and the report writers. Each crate can also be used
//! on its own.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use minhbach_calendar as calendar;
pub use minhbach_engine as engine;
pub use minhbach_model as model;
pub use minhbach_report as report;
