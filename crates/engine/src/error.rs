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
