//! # minhbach
//!
//! Facade over the minhbach crates: the Vietnamese working-day calendar
//! ([`calendar`]), the domain model ([`model`]), the aggregation and scoring engine
//! ([`engine`]), and the report document tree and writers ([`report`]). Each crate can also
//! be used on its own.
//!
//! The whole pipeline — dossiers to figures to the sentence of the report — in a few lines:
//!
//! ```
//! use minhbach::engine::aggregate::{aggregate_csv_reader, GroupKey, Window, Query};
//!
//! let csv = "\
//! id,agency,channel,received_at,due_at,resolved_at,outcome
//! H1,TP,online,2021-01-04T08:00:00,2021-01-11T17:00:00,2021-01-08T10:00:00,approved
//! H2,TP,direct,2021-06-28T09:00:00,2021-07-05T17:00:00,,
//! H3,VP,Trực tiếp,2021-03-01T14:00:00,2021-03-03T17:00:00,2021-03-04T09:00:00,approved
//! ";
//! let h1: minhbach::model::Period = "2021-H1".parse().unwrap();
//! let query = Query::new(Window::from(&h1)).group_by([GroupKey::Agency]);
//! let agg = aggregate_csv_reader(csv.as_bytes(), "hoso.csv", &query).unwrap();
//! let total = agg.table().total;
//! assert_eq!(total.counts.received(), 3);
//! assert_eq!(total.counts.resolved_early, 1);   // TP: before the due date
//! assert_eq!(total.counts.resolved_late, 1);    // VP: after 17:00 on 03/03
//! assert_eq!(total.counts.pending_within_due, 1);
//!
//! // Vietnamese formatting is the report crate's job:
//! assert_eq!(minhbach::report::vi::int(1_241_760), "1.241.760");
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use minhbach_calendar as calendar;
pub use minhbach_engine as engine;
pub use minhbach_model as model;
pub use minhbach_report as report;
