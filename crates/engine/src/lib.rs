//! # minhbach-engine
//!
//! Dossier aggregation into the Biểu 06 table (streaming, parallel, mergeable) and
//! composite-indicator scoring (PCI, DDCI, Decision 766).
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

pub mod aggregate;
pub mod audit;
pub mod files;
pub mod scoring;

mod error;
pub use error::EngineError;

// ---- re-exports owned by the aggregation module (keep this block for aggregation) ----
pub use aggregate::{aggregate_csv, aggregate_file, Aggregation, Aggregator, DossierColumns};

// ---- re-exports owned by the scoring module (keep this block for scoring) ----
pub use scoring::{preset, CompiledIndex, IndexDefinition, ScoreOptions, ScoreSet, UnitTable};
