//! # minhbach-engine
//!
//! Dossier aggregation into the Biểu 06 table (streaming, parallel, mergeable) and
//! composite-indicator scoring (PCI, DDCI, Decision 766).
//!
//! - [`aggregate`] reads dossier exports (CSV, XLSX, in-memory) and counts each dossier
//!   once into the Biểu 06 cells under a named counting convention ([`aggregate::Policy`]);
//!   every rate is a [`aggregate::Measure`] of one catalogue, computed exactly.
//! - [`scoring`] normalises and aggregates indicators into composite indices (PCI,
//!   DDCI, Decision 766) and explains every score.
//! - [`audit`] checks the figures a published report states against each other.
//!
//! A quarter of dossiers, counted the Biểu 06 way and then under the Decision 766 denominator:
//!
//! ```
//! use minhbach_engine::aggregate::{aggregate_csv_reader, GroupKey, MeasureId, Window, Policy, Query};
//! use rust_decimal::Decimal;
//!
//! let csv = "\
//! id,agency,channel,received_at,due_at,resolved_at,outcome
//! H1,Phòng Tư pháp,online,2022-07-04T08:00:00,2022-07-08T17:00:00,2022-07-06T10:00:00,approved
//! H2,Phòng Tư pháp,direct,2022-09-28T09:00:00,2022-10-05T17:00:00,,
//! H3,Văn phòng,direct,2022-08-01T14:00:00,2022-08-03T17:00:00,2022-08-04T09:00:00,approved
//! H4,Văn phòng,online,2022-09-26T08:00:00,2022-10-03T17:00:00,,
//! ";
//! let q3: minhbach_model::Period = "2022-Q3".parse()?;
//! let query = Query::new(Window::from(&q3)).group_by([GroupKey::Agency]);
//! let agg = aggregate_csv_reader(csv.as_bytes(), "hoso.csv", &query)?;
//! agg.check()?; // rows read = counted + rejected, and every Biểu 06 identity
//!
//! let table = agg.table();
//! let total = &table.total;
//! assert_eq!(total.counts.received(), 4);
//! assert_eq!((total.counts.resolved_early, total.counts.resolved_late), (1, 1));
//! assert_eq!(total.counts.pending_within_due, 2); // H2 and H4: due in October
//! // On time over resolved (the default denominator): 1 of 2.
//! assert_eq!(total.measure(MeasureId::OnTimeRate), Some(Decimal::new(5000, 2)));
//!
//! // Under Decision 766, dossiers pending within their due date count as in time: 3 of 4.
//! let query = query.with_policy(Policy::decision766());
//! let t766 = aggregate_csv_reader(csv.as_bytes(), "hoso.csv", &query)?.table();
//! assert_eq!(t766.total.measure(MeasureId::OnTimeRate), Some(Decimal::new(7500, 2)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

pub mod aggregate;
pub mod audit;
pub mod files;
pub mod scoring;

mod error;
pub use error::{EngineError, MergeReason, OptionKind, QueryDifference, QueryReason};

// The entry points an embedding program starts from; everything else is in its module.
pub use aggregate::{
    aggregate_csv, aggregate_file, Aggregation, Aggregator, DossierColumns, Query, Reader,
};
pub use scoring::{preset, CompiledIndex, IndexDefinition, ScoreOptions, ScoreSet, UnitTable};
