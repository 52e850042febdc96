use thiserror::Error;

/// Everything that can go wrong when parsing or validating a domain value.
///
/// Each variant names the offending value so that a caller (the engine, the CLI) can add the
/// file, line and column it came from.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ModelError {
    /// A date or date-time that matches none of the accepted layouts or is not a real date.
    #[error("invalid date-time {value:?}: {reason}")]
    InvalidDateTime {
        /// The text as found.
        value: String,
        /// Why it was refused.
        reason: String,
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
        reason: String,
    },
    /// A reporting period that cannot be parsed or built.
    #[error("invalid period {value:?}: {reason}")]
    InvalidPeriod {
        /// The text (or the parts) as found.
        value: String,
        /// Why it was refused.
        reason: String,
    },
    /// A document number and symbol (số, ký hiệu) that cannot be parsed or built.
    #[error("invalid document number {value:?}: {reason}")]
    InvalidDocumentNumber {
        /// The text (or the parts) as found.
        value: String,
        /// Why it was refused.
        reason: String,
    },
    /// A value that is not one of the accepted spellings of a closed set (document type,
    /// government level, online service level, task status, direction, comparison,
    /// disclosure category).
    #[error("unknown {what} {value:?}: expected {expected}")]
    UnknownValue {
        /// What kind of value was expected, e.g. `document type`.
        what: &'static str,
        /// The text as found.
        value: String,
        /// The accepted spellings, in words.
        expected: String,
    },
    /// A record (document, plan task, procedure, indicator …) whose field is empty, out of
    /// range or contradicts another field.
    #[error("{record}: field {field} = {value:?}: {reason}")]
    InvalidField {
        /// Which record, as a reader would identify it (a document number, a procedure code).
        record: String,
        /// The field at fault.
        field: &'static str,
        /// The offending value as text.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// Two records share a key that must be unique.
    #[error("duplicate {what} {key:?}")]
    Duplicate {
        /// What kind of record, e.g. `procedure code`.
        what: &'static str,
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
        reason: String,
    },
}
