//! # minhbach-model
//!
//! Domain types for Vietnamese administrative transparency reporting: dossiers of
//! administrative procedures (hồ sơ thủ tục hành chính) and the date-times, channels and
//! outcomes they carry; reporting periods, document numbers, plans, procedures, indicators,
//! portal statistics and disclosure checklists.
//!
//! The model does no I/O beyond parsing strings. Every parser returns a [`ModelError`] that
//! names the offending value.
//!
//! ```
//! use minhbach_model::{Channel, parse_datetime};
//!
//! let t = parse_datetime("05/02/2021 08:30:00").unwrap();
//! assert_eq!(t.to_string(), "2021-02-05 08:30:00");
//! assert_eq!(Channel::parse("Trực tuyến").unwrap(), Channel::Online);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

mod datetime;
pub mod docnum;
pub mod document;
mod dossier;
mod error;
pub mod period;
pub mod procedure;
mod serde_str;
pub mod text;

pub use document::{Document, DocumentRegister, Plan, Task, TaskCounts, TaskStatus};
pub use docnum::{DocumentNumber, DocumentType};
pub use datetime::{parse_date, parse_datetime, parse_datetime_with, DateOnly};
pub use dossier::{Channel, Dossier, Outcome, Pause};
pub use error::ModelError;
pub use period::{Period, PeriodKind};
pub use procedure::{Agency, GovernmentLevel, OnlineServiceLevel, Procedure, ProcedureCatalogue};
