use thiserror::Error;

/// Everything that can go wrong in the engine. Each variant says where (file, line, column,
/// node id) and why.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum EngineError {
    // Reading and counting dossiers (`aggregate`).
    /// An I/O failure reading or writing a file.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A path that names something other than a regular file (a named pipe, a device, a
    /// socket, a folder): only regular files are read, so that nothing blocks or grows
    /// without bound.
    #[error("{path} is {kind}, not a regular file")]
    NotRegularFile {
        /// The path given.
        path: String,
        /// What it names instead (`a named pipe (FIFO)`, `a character device`, ...).
        kind: String,
    },
    /// A file larger than the limit that applies to it (see `aggregate::Limits`).
    #[error("{path}: larger than the limit of {limit} bytes ({limit_name}); raise the limit if the file is genuine")]
    TooLarge {
        /// The file.
        path: String,
        /// The limit, in bytes.
        limit: u64,
        /// The limit's name, e.g. `Limits::max_auxiliary_bytes`.
        limit_name: String,
    },
    /// More distinct groups than `Limits::max_groups`.
    #[error("{path}: more than {limit} distinct groups (Limits::max_groups); group by fewer or coarser keys, or raise the limit")]
    TooManyGroups {
        /// The file (or `<memory>`).
        path: String,
        /// The limit.
        limit: usize,
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
    /// A file that is not text at all (random bytes, an image, an archive other than a
    /// workbook): the first byte that cannot be in a text file, and where it is.
    #[error(
        "{path}: not a text file, so not a CSV export: byte 0x{byte:02X} at offset {offset} \
         (line {line}) is binary data, not text; export the dossiers as CSV (UTF-8) or as an \
         Excel workbook (.xlsx) and give that file"
    )]
    NotText {
        /// The file.
        path: String,
        /// 0-based byte offset of the first byte that is not text.
        offset: u64,
        /// 1-based line of that byte.
        line: u64,
        /// The byte.
        byte: u8,
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
    /// A partial file (`aggregate::partial`) that cannot be used: not JSON (truncated), not
    /// a partial, a newer format version, or tampered (identities or digest records broken).
    #[error("{path}: {reason}")]
    BadPartial {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
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

    // Composite indicators (`scoring`).
    /// An index definition that does not hold together.
    #[error("index definition: node {node:?}: {reason}")]
    InvalidDefinition {
        /// The id of the node at fault.
        node: String,
        /// What is wrong.
        reason: String,
    },
    /// An index definition (TOML or JSON) that cannot be parsed.
    #[error("{source_name}{}: {reason}", fmt_line_col(*line, *column))]
    DefinitionSyntax {
        /// Where the definition came from (file name, preset name or `<string>`).
        source_name: String,
        /// 1-based line of the error, when the parser reports it.
        line: Option<usize>,
        /// 1-based column of the error, when the parser reports it.
        column: Option<usize>,
        /// What is wrong.
        reason: String,
    },
    /// A preset name that is not shipped with the crate.
    #[error("unknown scoring preset {name:?}; known presets: {known}")]
    UnknownPreset {
        /// The name asked for.
        name: String,
        /// The names that exist, comma-separated.
        known: String,
    },
    /// Scoring was asked for an empty set of units.
    #[error("index {index:?}: no units to score")]
    NoUnits {
        /// The index being scored.
        index: String,
    },
    /// The unit data lack a column for one or more indicators of the index (all of them
    /// are named, in definition order).
    #[error("unit data: no column for indicator{} {} of index {index:?}", if .indicators.len() == 1 { "" } else { "s" }, .indicators.iter().map(|i| format!("{i:?}")).collect::<Vec<_>>().join(", "))]
    MissingIndicatorColumns {
        /// The index being scored.
        index: String,
        /// The indicators without a column, in definition order.
        indicators: Vec<String>,
    },
    /// A cell of the unit data that is not a number, or a malformed row.
    #[error("{source_name}: line {line}, column {column} ({column_name}): {value:?}: {reason}")]
    UnitData {
        /// Where the data came from (file name or `<reader>`).
        source_name: String,
        /// 1-based line in the file.
        line: u64,
        /// 1-based column number.
        column: usize,
        /// The header of that column.
        column_name: String,
        /// The offending text.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// A unit value outside the domain declared for its indicator (a proportion of 1.3).
    #[error("unit {unit:?}, indicator {indicator:?}: value {value} is outside the declared domain {domain}")]
    OutOfDomain {
        /// The unit.
        unit: String,
        /// The indicator.
        indicator: String,
        /// The value found.
        value: rust_decimal::Decimal,
        /// The declared domain, e.g. `[0, 1]`.
        domain: String,
    },
    /// A value that a normalisation cannot map (outside explicit anchors, zero for a ratio, ...).
    #[error("unit {unit:?}, indicator {indicator:?}: value {value}: {reason}")]
    Normalisation {
        /// The unit.
        unit: String,
        /// The indicator.
        indicator: String,
        /// The value found.
        value: rust_decimal::Decimal,
        /// What is wrong.
        reason: String,
    },
    /// The anchors of a normalisation collapse (min = max) and the index asks for an error.
    #[error("indicator {indicator:?}: {reason}")]
    DegenerateAnchors {
        /// The indicator.
        indicator: String,
        /// What is wrong.
        reason: String,
    },
    /// A missing value at a level whose missing-value policy is `fail`.
    #[error("unit {unit:?}, node {node:?}: input {input:?} is missing and the missing-value policy of {node:?} is `fail`")]
    MissingValue {
        /// The unit.
        unit: String,
        /// The node whose policy refused the gap.
        node: String,
        /// The child (indicator or sub-index) without a value.
        input: String,
    },
    /// An aggregation that cannot be computed exactly (overflow, logarithm of a non-positive value).
    #[error("unit {unit:?}, node {node:?}: {reason}")]
    Arithmetic {
        /// The unit.
        unit: String,
        /// The node being computed.
        node: String,
        /// What is wrong.
        reason: String,
    },

    // Published figures (`audit`).
    /// A published text or a figures file that cannot be audited: a number too large, a date
    /// that does not exist, a malformed TOML figure. `line` and `column` are 1-based and count
    /// characters; `start`..`end` are the byte offsets of the offending text.
    #[error("line {line}, column {column}: {reason}")]
    AuditInput {
        /// 1-based line.
        line: usize,
        /// 1-based column (characters).
        column: usize,
        /// Byte offset where the offending text starts.
        start: usize,
        /// Byte offset where it ends.
        end: usize,
        /// What is wrong, in Vietnamese as the officer reads it.
        reason: String,
    },
}

fn fmt_line_col(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(": line {l}, column {c}"),
        (Some(l), None) => format!(": line {l}"),
        _ => String::new(),
    }
}
