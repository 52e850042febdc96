//! # minhbach-model
//!
//! Domain types for Vietnamese administrative transparency reporting: dossiers of
//! administrative procedures (hồ sơ thủ tục hành chính) and the date-times, channels and
//! outcomes they carry; reporting periods, document numbers, plans, procedures, indicators,
//! portal statistics and disclosure checklists.
//!
//! The model does no I/O beyond parsing strings. Every parser returns a [`ModelError`] that
//! names the offending value; no input makes a parser panic.
//!
//! | Module | Main types |
//! |---|---|
//! | (root) | [`Dossier`], [`Channel`], [`Outcome`], [`Pause`], [`parse_datetime`] |
//! | [`period`] | [`Period`] (`2021-H1`, `2021-Q3`, `2021-09`, `2021-9M`, `2021`, `2020-12-15..2021-03-14`) |
//! | [`docnum`] | [`DocumentNumber`] (`415/BC-UBND`, `43/2011/NĐ-CP`, `12/UBND-VX`), [`DocumentType`] |
//! | [`document`] | [`Document`], [`DocumentRegister`], [`Plan`], [`Task`], [`TaskStatus`] |
//! | [`procedure`] | [`Procedure`], [`ProcedureCatalogue`], [`OnlineServiceLevel`], [`GovernmentLevel`], [`Agency`] |
//! | [`indicator`] | [`Indicator`], [`Direction`], [`Comparison`], [`Target`], [`PortalValue`], [`DisclosureChecklist`], [`DisclosureItem`], [`DisclosureCategory`] |
//! | [`vi`] | half-up rounding ([`vi::round_half_up`]), Vietnamese numbers (`1.241.760`, `98,77%`) and dates (`ngày 05 tháng 02 năm 2021`) |
//! | (root) | [`Lang`], [`Bilingual`]: every error and typed reason ([`DateReason`], [`DossierReason`]) in English (its `Display`) and Vietnamese |
//! | [`text`] | [`text::fold`] for case- and diacritic-insensitive matching, [`text::strip_invisible`] for invisible format characters |
//!
//! # Serde
//!
//! Every type implements `Serialize` and `Deserialize`. Records are structs with snake_case
//! fields, optional fields default to absent, dates are `"YYYY-MM-DD"`, decimals are exact
//! (`"98.5"` or `98.5`). Values with a text form travel as that text: periods (`"2021-H1"`),
//! document numbers (`"415/BC-UBND"`) and the closed sets (`"bao_cao"`, `"level_3"`,
//! `"budget_documents"` …), which also accept their Vietnamese spellings on input.
//! Collections with a key ([`DocumentRegister`], [`ProcedureCatalogue`],
//! [`DisclosureChecklist`]) travel as plain lists and are validated when deserialized.
//!
//! ```
//! use minhbach_model::{Channel, DocumentNumber, DocumentType, Period, parse_datetime};
//!
//! let t = parse_datetime("05/02/2021 08:30:00").unwrap();
//! assert_eq!(t.to_string(), "2021-02-05 08:30:00");
//! assert_eq!(Channel::parse("Trực tuyến").unwrap(), Channel::Online);
//!
//! let period = Period::parse("2021-H1").unwrap();
//! assert!(period.contains_datetime(t));
//! assert_eq!(period.vietnamese_name(), "6 tháng đầu năm 2021");
//!
//! let n = DocumentNumber::parse("415/BC-UBND").unwrap();
//! assert_eq!(n.doc_type(), Some(DocumentType::BaoCao));
//! ```
#![forbid(unsafe_code)]

mod calendar_text;
mod csv_table;
mod datetime;
pub mod docnum;
pub mod document;
mod dossier;
mod error;
mod field;
pub mod indicator;
mod lang;
pub mod period;
pub mod procedure;
mod serde_str;
mod syntax;
pub mod text;
pub mod vi;

pub use csv_table::CsvReason;
pub use datetime::{
    parse_date, parse_datetime, parse_datetime_with, DateOnly, DateReason, DateText,
};
pub use docnum::{DocNumberReason, DocumentNumber, DocumentType};
pub use document::{Document, DocumentRegister, Plan, Task, TaskCounts, TaskStatus};
pub use dossier::{check_times, Channel, Dossier, DossierReason, Outcome, Pause, TimeFault};
pub use error::ModelError;
pub use field::{DocumentRef, FieldReason, KeyKind, Record, ValueKind};
pub use indicator::{
    Comparison, Direction, DisclosureCategory, DisclosureChecklist, DisclosureItem,
    DisclosureStatus, Indicator, PortalValue, Target,
};
#[doc(hidden)]
pub use lang::untranslated;
pub use lang::{Bilingual, InLang, Lang};
pub use period::{Period, PeriodKind, PeriodReason};
pub use procedure::{Agency, GovernmentLevel, OnlineServiceLevel, Procedure, ProcedureCatalogue};
pub use syntax::{SyntaxFormat, SyntaxMessage};
