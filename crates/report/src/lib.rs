//! # minhbach-report
//!
//! The document tree of a Vietnamese administrative report, the composer that builds the
//! transparency report from a report bundle, and independent writers (text, Markdown, HTML,
//! DOCX, JSON) — shaped like pandoc: one tree, many writers.
//!
//! - [`tree`]: the document tree (serde-serialisable; other tools can build their own).
//! - [`vi`]: Vietnamese formatting of numbers, dates, periods and document references.
//! - [`writer`]: the writers; they lay out and never compute.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod bundle;
mod compose;
mod error;
pub mod tree;
pub mod vi;
pub mod writer;

pub use bundle::Bundle;
pub use compose::{
    bieu06_table, compose, dossier_sentence, AgencyCounts, DossierCounts, DossierSummary, METRICS,
};
pub use error::ReportError;
