use thiserror::Error;

/// Everything that can go wrong in the engine. Each variant says where (file, line, column,
/// node id) and why.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum EngineError {
    // ------------------------------------------------------------------------------------
    // Aggregation variants (ingest, classification, merge). Owned by `aggregate`.
    // ------------------------------------------------------------------------------------
    /// An I/O failure reading or writing a file.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A required column is missing from a dossier file.
    #[error("{path}: missing required column {column:?} (found: {found})")]
    MissingColumn {
        /// The file.
        path: String,
        /// The canonical name of the missing column.
        column: String,
        /// The headers found, comma-separated.
        found: String,
    },
    /// Two headers of a file map to the same column.
    #[error("{path}: columns {first:?} and {second:?} both map to {column}")]
    AmbiguousColumn {
        /// The file.
        path: String,
        /// The canonical column.
        column: String,
        /// The first header.
        first: String,
        /// The second header.
        second: String,
    },
    /// A file that is not what it should be (empty, not UTF-8, not a spreadsheet, ...).
    #[error("{path}: {reason}")]
    BadFile {
        /// The file.
        path: String,
        /// What is wrong, and what to do about it.
        reason: String,
    },
    /// A query that does not hold together (period, grouping, drill-down key).
    #[error("invalid query: {reason}")]
    InvalidQuery {
        /// What is wrong.
        reason: String,
    },
    /// A policy name that is not a preset.
    #[error("unknown policy {name:?}: expected bieu06, decision766 or opencps")]
    UnknownPolicy {
        /// The name given.
        name: String,
    },
    /// Two partial aggregations that cannot be merged.
    #[error("merge: {reason}")]
    MergeMismatch {
        /// Why.
        reason: String,
    },
    /// A table identity or the row conservation check failed (a defect or corrupt input).
    #[error("identity broken in row {row}: {identity}")]
    IdentityBroken {
        /// The row (group key, `total` or `ingest`).
        row: String,
        /// The identity that does not hold, with the figures.
        identity: String,
    },

    // ------------------------------------------------------------------------------------
    // Scoring variants (index definitions, unit data, normalisation). Owned by `scoring`.
    // ------------------------------------------------------------------------------------
    /// An index definition that does not hold together.
    #[error("index definition: node {node:?}: {reason}")]
    InvalidDefinition {
        /// The id of the node at fault.
        node: String,
        /// What is wrong.
        reason: String,
    },
}
