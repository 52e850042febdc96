use std::fmt;

use thiserror::Error;

use crate::docnum::DocNumberReason;
use crate::period::PeriodReason;
use crate::{Bilingual, DateReason, DossierReason, FieldReason, KeyKind, Lang, Record, ValueKind};

/// Everything that can go wrong when parsing or validating a domain value.
///
/// Each variant names the offending value so that a caller (the engine, the CLI) can add the
/// file, line and column it came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Error)]
#[non_exhaustive]
pub enum ModelError {
    /// A date or date-time that matches none of the accepted layouts or is not a real date.
    #[error("invalid date-time {value:?}: {reason}")]
    InvalidDateTime {
        /// The text as found.
        value: String,
        /// Why it was refused.
        reason: DateReason,
    },
    /// A submission channel that is not one of the accepted spellings.
    #[error("unknown channel {value:?}: expected direct, online or postal (also trực tiếp, trực tuyến, bưu chính, or 1/2/3)")]
    InvalidChannel {
        /// The text as found.
        value: String,
    },
    /// An outcome that is not one of the accepted spellings.
    #[error("unknown outcome {value:?}: expected approved, rejected, withdrawn or empty")]
    InvalidOutcome {
        /// The text as found.
        value: String,
    },
    /// A dossier whose fields contradict each other (for example resolved before received).
    #[error("dossier {id}: field {field}: {reason}")]
    InvalidDossier {
        /// The dossier id.
        id: String,
        /// The field at fault.
        field: &'static str,
        /// What is wrong.
        reason: DossierReason,
    },
    /// A reporting period that cannot be parsed or built.
    #[error("invalid period {value:?}: {reason}")]
    InvalidPeriod {
        /// The text (or the parts) as found.
        value: String,
        /// Why it was refused.
        reason: PeriodReason,
    },
    /// A document number and symbol (số, ký hiệu) that cannot be parsed or built.
    #[error("invalid document number {value:?}: {reason}")]
    InvalidDocumentNumber {
        /// The text (or the parts) as found.
        value: String,
        /// Why it was refused.
        reason: DocNumberReason,
    },
    /// A value that is not one of the accepted spellings of a closed set (document type,
    /// government level, online service level, task status, direction, comparison,
    /// disclosure category).
    #[error("unknown {what} {value:?}: expected {}", what.expected(Lang::En))]
    UnknownValue {
        /// What kind of value was expected (its accepted spellings: [`ValueKind::expected`]).
        what: ValueKind,
        /// The text as found.
        value: String,
    },
    /// A record (document, plan task, procedure, indicator …) whose field is empty, out of
    /// range or contradicts another field.
    #[error("{record}: field {field} = {value:?}: {reason}")]
    InvalidField {
        /// Which record, as a reader would identify it (a document number, a procedure code).
        record: Record,
        /// The field at fault.
        field: &'static str,
        /// The offending value as text.
        value: String,
        /// What is wrong.
        reason: FieldReason,
    },
    /// Two records share a key that must be unique.
    #[error("duplicate {what} {key:?}")]
    Duplicate {
        /// What kind of key, e.g. a procedure code.
        what: KeyKind,
        /// The repeated key.
        key: String,
    },
    /// A cell of CSV text that cannot be read. Lines count from 1 (the header line).
    #[error("line {line}, column {column:?}: value {value:?}: {reason}")]
    Csv {
        /// 1-based line number in the text.
        line: u64,
        /// The column header as written (empty when the error concerns the whole row).
        column: String,
        /// The offending cell (or row) text.
        value: String,
        /// What is wrong.
        reason: crate::CsvReason,
    },
}

/// The Vietnamese wording: the value, field and line as found; the typed reasons in
/// Vietnamese.
impl Bilingual for ModelError {
    fn fmt_vi(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::InvalidDateTime { value, reason } => {
                write!(
                    f,
                    "ngày giờ không hợp lệ {value:?}: {}",
                    reason.in_lang(crate::Lang::Vi)
                )
            }
            ModelError::InvalidChannel { value } => write!(
                f,
                "kênh nộp không rõ {value:?}: cần trực tiếp, trực tuyến hoặc bưu chính (hoặc \
                 direct, online, postal, hoặc 1/2/3)"
            ),
            ModelError::InvalidOutcome { value } => write!(
                f,
                "kết quả không rõ {value:?}: cần approved, rejected, withdrawn hoặc để trống"
            ),
            ModelError::InvalidDossier { id, field, reason } => write!(
                f,
                "hồ sơ {id}: trường {field}: {}",
                reason.in_lang(crate::Lang::Vi)
            ),
            ModelError::InvalidPeriod { value, reason } => write!(
                f,
                "kỳ báo cáo không hợp lệ {value:?}: {}",
                reason.in_lang(crate::Lang::Vi)
            ),
            ModelError::InvalidDocumentNumber { value, reason } => write!(
                f,
                "số, ký hiệu văn bản không hợp lệ {value:?}: {}",
                reason.in_lang(crate::Lang::Vi)
            ),
            ModelError::UnknownValue { what, value } => write!(
                f,
                "{} không rõ {value:?}: cần {}",
                what.in_lang(Lang::Vi),
                what.expected(Lang::Vi)
            ),
            ModelError::InvalidField {
                record,
                field,
                value,
                reason,
            } => write!(
                f,
                "{}: trường {field} = {value:?}: {}",
                record.in_lang(Lang::Vi),
                reason.in_lang(Lang::Vi)
            ),
            ModelError::Duplicate { what, key } => {
                write!(f, "{} bị trùng {key:?}", what.in_lang(Lang::Vi))
            }
            ModelError::Csv {
                line,
                column,
                value,
                reason,
            } => write!(
                f,
                "dòng {line}, cột {column:?}: giá trị {value:?}: {}",
                reason.in_lang(crate::Lang::Vi)
            ),
        }
    }
}
