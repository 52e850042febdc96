//! # minhbach-report
//!
//! The document tree of a Vietnamese administrative report, the composer that builds the
//! transparency report from a report bundle, and independent writers (text, Markdown, HTML,
//! DOCX, JSON) — shaped like pandoc: one tree, many writers.
//!
//! - [`tree`]: the document tree (serde-serialisable; other tools can build their own).
//! - [`vi`]: Vietnamese formatting of numbers, dates, periods and document references.
//! - [`writer`]: the writers; they lay out and never compute.
//! - [`Bundle`], [`summarise_dossiers`], [`compose`], [`build_report`]: from a report bundle
//!   folder to the document tree.
//! - [`province`]: the consolidated report of a province bundle, whose units' partials or
//!   district bundles are merged exactly ([`consolidate`], [`compose_consolidated`]).
//!
//! ```
//! use minhbach_report::{build_report, writer};
//!
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data/ly-son-2021-h1");
//! let doc = build_report(dir).unwrap();
//! let text = writer::to_text(&doc);
//! assert!(text.contains("6.691/6.774 hồ sơ đã giải quyết xong theo đúng thời gian quy định"));
//! assert!(writer::to_html(&doc).starts_with("<!DOCTYPE html>"));
//! ```
#![forbid(unsafe_code)]

pub mod bundle;
mod compose;
mod dossiers;
mod error;
pub mod province;
pub mod tree;
pub mod vi;
pub mod writer;

pub use bundle::Bundle;
pub use compose::{
    bieu06_table, compose, compose_consolidated, dossier_sentence, metric, metrics, AgencyCounts,
    DossierSummary, RowTally, TO_FILL,
};
pub use dossiers::{build_report, compose_bundle, summarise_dossiers};
pub use error::{
    BundleFile, BundleReason, Identity, NameFault, PortalFault, RefusalReason, ReportError,
    TomlReason,
};
pub use province::{consolidate, Consolidation};
