//! Dossier aggregation: the Biểu 06 table ("Biểu số 06/VPCP/KSTT", TT 01/2020/TT-VPCP).
//!
//! For a period [S, E] and a cut-off C (normally E), every dossier is classified exactly as
//! design §4 defines: received in the period (online / direct + postal), carried over,
//! resolved (early / on time / late), pending (within due / overdue), or — by policy —
//! withdrawn, rejected, waiting for supplementation, refused at reception, or of unknown
//! due date. Counts are exact integers; rates are `rust_decimal` values computed on demand.
//!
//! Three ways in:
//! - [`aggregate_csv`] / [`aggregate_file`]: stream a one-stop export (CSV or XLSX) in
//!   blocks parsed in parallel, with memory that does not grow with the row count;
//! - [`DossierColumns`]: a columnar in-memory store, aggregated in parallel;
//! - [`Aggregator`]: push dossiers one at a time.
//!
//! All three give an [`Aggregation`], a plain serde value that [merges](Aggregation::merge)
//! associatively and commutatively with the aggregation of other shards, and renders to a
//! [`Table`].
//!
//! ```
//! use minhbach_engine::aggregate::{aggregate_csv_reader, GroupKey, Window, Query};
//! use minhbach_model::parse_datetime;
//! let csv = "Mã hồ sơ,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Đơn vị,Kênh\n\
//!            A1,2021-03-01T08:00:00,2021-03-05T17:00:00,2021-03-04T10:00:00,TP,trực tuyến\n\
//!            A2,2021-03-01T09:00:00,2021-03-05T17:00:00,,TP,1\n";
//! let t = |s| parse_datetime(s).unwrap();
//! let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") })
//!     .group_by([GroupKey::Agency]);
//! let agg = aggregate_csv_reader(csv.as_bytes(), "export.csv", &q).unwrap();
//! let tp = agg.table().row(&["TP"]).unwrap().clone();
//! assert_eq!((tp.counts.received(), tp.counts.resolved_early, tp.counts.pending_overdue), (2, 1, 1));
//! assert_eq!(agg.report.aliases_used.len(), 6);
//! ```

// Layers, bottom-up; a module uses only modules of lower layers (and `query` uses `due`'s
// calendar trait's home, `query`, only):
// 1. `time`, `counts` → `measures` → `policy`; `ingest_report` (rows read, rejected, why)
// 2. `codes` (records, classification codes, the per-group cell)
// 3. `due` (working-day tables), `query` (what is counted), `group` (the one group-key builder)
// 4. `classify` (the one classification and the one record builder)
// 5. `aggregation` → `table`
// 6. the inputs: `ingest` (CSV, XLSX), `columns` (columnar store), `partial` (province
//    files), and `generate` (synthetic dossiers for benches and tests).
mod aggregation;
mod classify;
mod codes;
mod columns;
mod counts;
mod due;
#[cfg(feature = "generate")]
pub mod generate;
mod group;
mod ingest;
mod ingest_report;
pub mod measures;
pub mod partial;
mod policy;
mod query;
mod table;
mod time;

pub use aggregation::{Aggregation, Aggregator};
pub use columns::DossierColumns;
pub use counts::{Column, ColumnGroup, Counts};
pub use due::CalendarWithRule;
pub use ingest_report::{AliasUsed, IngestReport, RejectedRow, RowReason, SheetReport};
pub use measures::{
    Denominator, Fraction, Measure, MeasureId, MeasureOptions, OnlineDenominator, Quantity,
    Rounding, Unit,
};
pub use partial::PartialReason;
pub use policy::{
    EarlyRule, EndedAs, Lateness, PauseRule, Policy, PolicyOption, PolicySpec, ReceiptRule,
    UnknownDue,
};
pub use query::{DueDates, GroupKey, Query, Window, WorkCalendar};
pub use table::{Row, RowView, Table};

pub use ingest::{
    aggregate_csv, aggregate_csv_reader, aggregate_file, aggregate_xlsx, aggregate_xlsx_reader,
    drill_down_csv, ColumnMapping, DuplicateCheck, Field, Limits, ReadProgress, Reader,
};
pub use ingest::{FileReason, XmlFault};
