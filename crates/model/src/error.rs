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
}
