use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use minhbach_model::{bilingual_via_fmt_in, say, Bilingual, Lang};
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
        reason: crate::aggregate::FileReason,
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
        reason: QueryReason,
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
        reason: crate::aggregate::PartialReason,
    },
    /// Two partial aggregations that cannot be merged.
    #[error("merge: {reason}")]
    MergeMismatch {
        /// Why.
        reason: MergeReason,
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
        reason: crate::scoring::DefinitionReason,
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
        /// What is wrong: the parser's message, in both languages.
        reason: crate::scoring::SyntaxReason,
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
        reason: crate::scoring::UnitDataReason,
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
        reason: crate::scoring::NormalisationReason,
    },
    /// The anchors of a normalisation collapse (min = max) and the index asks for an error.
    #[error("indicator {indicator:?}: {reason}")]
    DegenerateAnchors {
        /// The indicator.
        indicator: String,
        /// What is wrong.
        reason: crate::scoring::DegenerateReason,
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
        reason: crate::scoring::ArithmeticReason,
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
        /// What is wrong (both wordings: [`Bilingual`]).
        reason: crate::audit::InputReason,
    },
}

fn fmt_line_col(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(": line {l}, column {c}"),
        (Some(l), None) => format!(": line {l}"),
        _ => String::new(),
    }
}

/// Why a query, a reading option or a merge request does not hold together
/// ([`EngineError::InvalidQuery`]).
///
/// Its `Display` is the English sentence; [`Bilingual::in_lang`] gives the Vietnamese one.
///
/// ```
/// use minhbach_engine::aggregate::GroupKey;
/// use minhbach_engine::EngineError;
/// use minhbach_model::{Bilingual, Lang};
/// let e = GroupKey::parse("ward").unwrap_err();
/// assert!(e.to_string().starts_with("invalid query: unknown group key \"ward\""));
/// let EngineError::InvalidQuery { reason } = e else { panic!("{e}") };
/// assert!(reason
///     .in_lang(Lang::Vi)
///     .to_string()
///     .starts_with("không có khóa nhóm \"ward\": cần agency"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QueryReason {
    /// A period whose last day is before its first.
    PeriodEndsBeforeStart {
        /// The first day.
        first: NaiveDate,
        /// The last day.
        last: NaiveDate,
    },
    /// A query whose window starts after it ends.
    PeriodStartsAfterEnd {
        /// The start.
        start: NaiveDateTime,
        /// The end.
        end: NaiveDateTime,
    },
    /// A group key name that is not one of the dimensions.
    UnknownGroupKey {
        /// The name as given.
        value: String,
    },
    /// The group key `unit` asked of dossiers (it groups merged partials).
    UnitKeyOnDossiers,
    /// A group key given twice.
    GroupKeyTwice {
        /// The key.
        key: String,
    },
    /// A drill-down key with another number of values than the grouping keys.
    DrillDownLength {
        /// Values given.
        values: usize,
        /// Grouping keys.
        keys: usize,
    },
    /// A column name that is not a column of the table.
    UnknownColumn {
        /// The name as given.
        value: String,
    },
    /// A name that is not one of a closed set of the measures' options (`denominator`,
    /// `online denominator`, `rounding`, `measure`).
    UnknownName {
        /// Which set of options was looked in.
        what: OptionKind,
        /// The name as given.
        value: String,
        /// The accepted names, comma-separated.
        expected: String,
    },
    /// More decimals than a measure can be asked for.
    TooManyDecimals {
        /// The number asked for.
        value: u32,
        /// The most allowed.
        max: u32,
    },
    /// A partial for a unit with an empty name.
    EmptyUnit,
    /// Merged partials asked to be grouped by a key one of them was not saved with.
    PartialNotGroupedBy {
        /// The key asked for.
        key: String,
        /// The partial file.
        file: String,
        /// Its grouping keys, comma-separated.
        keys: String,
    },
    /// More partials than one merge can take.
    TooManyPartials {
        /// The most allowed.
        limit: u64,
    },
    /// A merge without any partial.
    NoPartial,
    /// The working-day calendar could not be built (a defect: the shipped schedules cover
    /// its years).
    CalendarUnavailable {
        /// The calendar's error, in English.
        detail: String,
    },
    /// A drill-down by a key the merged figures are not grouped by.
    MergedNotGroupedBy {
        /// The key asked for.
        key: String,
        /// The keys they are grouped by, comma-separated.
        keys: String,
    },
}

/// Which of the query's closed sets of options a name was looked up in
/// ([`QueryReason::UnknownName`]).
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptionKind {
    /// A measure's denominator ([`Denominator`](crate::aggregate::Denominator)).
    Denominator,
    /// The online rate's denominator
    /// ([`OnlineDenominator`](crate::aggregate::OnlineDenominator)).
    OnlineDenominator,
    /// A rounding rule ([`Rounding`](crate::aggregate::Rounding)).
    Rounding,
    /// A measure of the catalogue ([`MeasureId`](crate::aggregate::MeasureId)).
    Measure,
    /// Where a dossier is counted (`EndedAs`).
    Place,
    /// How lateness is decided (`Lateness`).
    Lateness,
    /// How a dossier shared between agencies is counted
    /// ([`SharedPolicy`](crate::aggregate::partial::SharedPolicy)).
    SharedPolicy,
    /// The column layout of a generated file (`Layout`).
    Layout,
}

impl OptionKind {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OptionKind::Denominator => lang.pick("denominator", "mẫu số"),
            OptionKind::OnlineDenominator => {
                lang.pick("online denominator", "mẫu số của hồ sơ trực tuyến")
            }
            OptionKind::Rounding => lang.pick("rounding", "cách làm tròn"),
            OptionKind::Measure => lang.pick("measure", "chỉ số"),
            OptionKind::Place => lang.pick("place", "nơi tính hồ sơ"),
            OptionKind::Lateness => lang.pick("lateness", "cách xác định quá hạn"),
            OptionKind::SharedPolicy => {
                lang.pick("shared-dossier policy", "cách tính hồ sơ liên thông")
            }
            OptionKind::Layout => lang.pick("layout", "dạng cột của tệp"),
        })
    }
}
bilingual_via_fmt_in!(OptionKind);

impl QueryReason {
    /// Both wordings, one arm per reason ([`minhbach_model::bilingual_via_fmt_in`]).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryReason::PeriodEndsBeforeStart { first, last } => {
                say!(f, lang => "period {first} to {last} ends before it starts", "kỳ từ {first} đến {last} kết thúc trước khi bắt đầu")
            }
            QueryReason::PeriodStartsAfterEnd { start, end } => {
                say!(f, lang => "period starts at {start} after it ends at {end}", "kỳ bắt đầu lúc {start}, sau khi kết thúc lúc {end}")
            }
            QueryReason::UnknownGroupKey { value } => {
                say!(f, lang => "unknown group key {value:?}: expected agency, procedure, field, level, online_level, channel, month or unit", "không có khóa nhóm {value:?}: cần agency, procedure, field, level, online_level, channel, month hoặc unit")
            }
            QueryReason::UnitKeyOnDossiers => {
                say!(f, lang => "group key unit is the unit of a partial: it groups merged partials, not dossiers", "khóa nhóm unit là đơn vị của một tệp số liệu riêng: chỉ dùng để nhóm các tệp số liệu riêng khi tổng hợp, không dùng cho hồ sơ")
            }
            QueryReason::GroupKeyTwice { key } => {
                say!(f, lang => "group key {key} given twice", "khóa nhóm {key} được ghi hai lần")
            }
            QueryReason::DrillDownLength { values, keys } => {
                say!(f, lang => "drill-down key has {values} values but the query groups by {keys} keys", "khóa chi tiết có {values} giá trị nhưng yêu cầu nhóm theo {keys} khóa")
            }
            QueryReason::UnknownColumn { value } => {
                say!(f, lang => "unknown column {value:?}", "không có cột {value:?}")
            }
            QueryReason::UnknownName {
                what,
                value,
                expected,
            } => {
                let what = what.in_lang(lang);
                say!(f, lang => "unknown {what} {value:?}: expected one of {expected}", "{what} không rõ {value:?}: cần một trong {expected}")
            }
            QueryReason::TooManyDecimals { value, max } => {
                say!(f, lang => "decimals = {value}: expected 0 to {max}", "decimals = {value}: cần từ 0 đến {max}")
            }
            QueryReason::EmptyUnit => {
                say!(f, lang => "the unit of a partial cannot be empty", "tên đơn vị của tệp số liệu riêng không được để trống")
            }
            QueryReason::PartialNotGroupedBy { key, file, keys } => {
                say!(f, lang => "cannot group by {key}: {file} is grouped by [{keys}]; save the partials with --by {key}", "không nhóm được theo {key}: {file} được nhóm theo [{keys}]; lưu lại các tệp số liệu riêng với --by {key}")
            }
            QueryReason::TooManyPartials { limit } => {
                say!(f, lang => "more than {limit} partials to merge", "nhiều hơn {limit} tệp số liệu riêng cần tổng hợp")
            }
            QueryReason::NoPartial => {
                say!(f, lang => "no partial to merge", "không có tệp số liệu riêng nào để tổng hợp")
            }
            QueryReason::MergedNotGroupedBy { key, keys } => {
                say!(f, lang => "the merged figures are grouped by [{keys}], not by {key}", "số liệu tổng hợp được nhóm theo [{keys}], không theo {key}")
            }
            QueryReason::CalendarUnavailable { detail } => {
                say!(f, lang => "cannot build the working-day calendar: {detail}", "không lập được lịch ngày làm việc: {detail}")
            }
        }
    }
}

minhbach_model::bilingual_via_fmt_in!(QueryReason);

/// One way in which two aggregations answer different queries ([`MergeReason`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QueryDifference {
    /// Different periods (first and last day of each).
    Period {
        /// The first's period.
        first: (NaiveDate, NaiveDate),
        /// The second's period.
        second: (NaiveDate, NaiveDate),
    },
    /// Different cut-offs (as of).
    Cutoff {
        /// The first's cut-off.
        first: NaiveDateTime,
        /// The second's cut-off.
        second: NaiveDateTime,
    },
    /// Different grouping keys (comma-separated).
    Grouping {
        /// The first's keys.
        first: String,
        /// The second's keys.
        second: String,
    },
    /// Different counting conventions: their names and each option that differs, with the
    /// two values.
    Convention {
        /// The first's convention.
        first: String,
        /// The second's convention.
        second: String,
        /// Each option that differs: the option, the first's value, the second's.
        options: Vec<(crate::aggregate::PolicyOption, String, String)>,
    },
}

impl QueryDifference {
    /// Both wordings, one arm per difference ([`minhbach_model::bilingual_via_fmt_in`]).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryDifference::Period { first, second } => {
                let ((a, b), (c, d)) = (first, second);
                say!(f, lang => "period {a} to {b} vs {c} to {d}", "kỳ {a} đến {b} khác {c} đến {d}")
            }
            QueryDifference::Cutoff { first, second } => {
                say!(f, lang => "cut-off (as of) {first} vs {second}", "thời điểm chốt số liệu {first} khác {second}")
            }
            QueryDifference::Grouping { first, second } => {
                say!(f, lang => "grouping [{first}] vs [{second}]", "cách nhóm [{first}] khác [{second}]")
            }
            QueryDifference::Convention {
                first,
                second,
                options,
            } => {
                say!(f, lang => "convention: ", "quy ước đếm: ")?;
                if options.is_empty() {
                    return say!(f, lang => "{first} vs {second}", "{first} khác {second}");
                }
                for (i, (o, a, b)) in options.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    let caption = lang.pick(o.caption_en(), o.caption_vi());
                    say!(f, lang => "{caption}: {first} uses {a}, {second} uses {b}", "{caption}: {first} dùng {a}, {second} dùng {b}")?;
                }
                Ok(())
            }
        }
    }
}

minhbach_model::bilingual_via_fmt_in!(QueryDifference);

/// Writes differences `; `-separated, in one language.
fn write_differences(
    f: &mut fmt::Formatter<'_>,
    differences: &[QueryDifference],
    lang: minhbach_model::Lang,
) -> fmt::Result {
    for (i, d) in differences.iter().enumerate() {
        if i > 0 {
            f.write_str("; ")?;
        }
        write!(f, "{}", d.in_lang(lang))?;
    }
    Ok(())
}

/// Why aggregations or partial files cannot be merged ([`EngineError::MergeMismatch`]).
///
/// ```
/// use minhbach_engine::{MergeReason, QueryDifference};
/// use minhbach_model::{Bilingual, Lang};
/// let r = MergeReason::SameUnit {
///     first: "a.json".into(),
///     second: "b.json".into(),
///     unit: "A".into(),
/// };
/// assert!(r.in_lang(Lang::Vi).to_string().starts_with("a.json và b.json đều là số liệu riêng"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MergeReason {
    /// Two partial files answer different queries.
    Differ {
        /// The first file.
        first: String,
        /// The other file.
        second: String,
        /// How their queries differ.
        differences: Vec<QueryDifference>,
    },
    /// A partial file does not answer the query the merge states (flags, `report.toml`).
    NotAsStated {
        /// The file.
        file: String,
        /// Where the stated query comes from.
        source: String,
        /// How the file's query differs from it (the stated one first).
        differences: Vec<QueryDifference>,
    },
    /// Two partial files of the same unit.
    SameUnit {
        /// The first file.
        first: String,
        /// The other file.
        second: String,
        /// The unit.
        unit: String,
    },
    /// Two in-memory aggregations of different queries.
    Queries {
        /// Both queries, as Rust debug text.
        detail: String,
    },
}

impl MergeReason {
    /// Both wordings, one arm per reason ([`minhbach_model::bilingual_via_fmt_in`]).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeReason::Differ {
                first,
                second,
                differences,
            } => {
                say!(f, lang => "{first} and {second} cannot be merged: ", "không tổng hợp được {first} với {second}: ")?;
                write_differences(f, differences, lang)
            }
            MergeReason::NotAsStated {
                file,
                source,
                differences,
            } => {
                say!(f, lang => "{file} does not match {source}: ", "{file} không khớp với {source}: ")?;
                write_differences(f, differences, lang)?;
                say!(f, lang => " (the first as {source} states it)", " (giá trị thứ nhất là giá trị {source} ghi)")
            }
            MergeReason::SameUnit {
                first,
                second,
                unit,
            } => {
                say!(f, lang => "{first} and {second} are both partials of unit {unit:?}; give each unit once (or --allow-same-unit to add them up)", "{first} và {second} đều là số liệu riêng của đơn vị {unit:?}; mỗi đơn vị chỉ ghi một lần (hoặc dùng --allow-same-unit để cộng lại)")
            }
            MergeReason::Queries { detail } => {
                say!(f, lang => "cannot merge aggregations of different queries: {detail}", "không tổng hợp được số liệu của hai yêu cầu khác nhau: {detail}")
            }
        }
    }
}

minhbach_model::bilingual_via_fmt_in!(MergeReason);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_reason_has_a_vietnamese_wording() {
        let day = |d| NaiveDate::from_ymd_opt(2021, 1, d).unwrap();
        let at = |d| day(d).and_hms_opt(0, 0, 0).unwrap();
        let all = [
            QueryReason::PeriodEndsBeforeStart {
                first: day(2),
                last: day(1),
            },
            QueryReason::PeriodStartsAfterEnd {
                start: at(2),
                end: at(1),
            },
            QueryReason::UnknownGroupKey {
                value: "ward".into(),
            },
            QueryReason::UnitKeyOnDossiers,
            QueryReason::GroupKeyTwice {
                key: "agency".into(),
            },
            QueryReason::DrillDownLength { values: 1, keys: 2 },
            QueryReason::UnknownColumn { value: "x".into() },
            QueryReason::UnknownName {
                what: OptionKind::Rounding,
                value: "x".into(),
                expected: "half-up, half-even".into(),
            },
            QueryReason::TooManyDecimals { value: 13, max: 12 },
            QueryReason::EmptyUnit,
            QueryReason::PartialNotGroupedBy {
                key: "agency".into(),
                file: "a.json".into(),
                keys: "field".into(),
            },
            QueryReason::TooManyPartials { limit: 10 },
            QueryReason::NoPartial,
            QueryReason::MergedNotGroupedBy {
                key: "agency".into(),
                keys: "field".into(),
            },
            QueryReason::CalendarUnavailable { detail: "x".into() },
        ];
        // A new reason must be added above: this match is exhaustive.
        for r in &all {
            match r {
                QueryReason::PeriodEndsBeforeStart { .. }
                | QueryReason::PeriodStartsAfterEnd { .. }
                | QueryReason::UnknownGroupKey { .. }
                | QueryReason::UnitKeyOnDossiers
                | QueryReason::GroupKeyTwice { .. }
                | QueryReason::DrillDownLength { .. }
                | QueryReason::UnknownColumn { .. }
                | QueryReason::UnknownName { .. }
                | QueryReason::TooManyDecimals { .. }
                | QueryReason::EmptyUnit
                | QueryReason::PartialNotGroupedBy { .. }
                | QueryReason::TooManyPartials { .. }
                | QueryReason::NoPartial
                | QueryReason::MergedNotGroupedBy { .. }
                | QueryReason::CalendarUnavailable { .. } => {}
            }
        }
        assert_eq!(minhbach_model::untranslated(&all), Vec::<String>::new());
    }

    #[test]
    fn every_merge_reason_has_a_vietnamese_wording() {
        let day = |d| NaiveDate::from_ymd_opt(2021, 1, d).unwrap();
        let at = |d| day(d).and_hms_opt(0, 0, 0).unwrap();
        let differences = vec![
            QueryDifference::Period {
                first: (day(1), day(2)),
                second: (day(3), day(4)),
            },
            QueryDifference::Cutoff {
                first: at(1),
                second: at(2),
            },
            QueryDifference::Grouping {
                first: "agency".into(),
                second: "field".into(),
            },
            QueryDifference::Convention {
                first: "bieu06".into(),
                second: "opencps".into(),
                options: vec![],
            },
            QueryDifference::Convention {
                first: "bieu06".into(),
                second: "opencps".into(),
                options: vec![(
                    crate::aggregate::PolicyOption::Withdrawn,
                    "resolved".into(),
                    "separate".into(),
                )],
            },
        ];
        for d in &differences {
            match d {
                QueryDifference::Period { .. }
                | QueryDifference::Cutoff { .. }
                | QueryDifference::Grouping { .. }
                | QueryDifference::Convention { .. } => {}
            }
        }
        assert_eq!(
            minhbach_model::untranslated(&differences),
            Vec::<String>::new()
        );
        let all = [
            MergeReason::Differ {
                first: "a.json".into(),
                second: "b.json".into(),
                differences: differences.clone(),
            },
            MergeReason::NotAsStated {
                file: "a.json".into(),
                source: "report.toml".into(),
                differences,
            },
            MergeReason::SameUnit {
                first: "a.json".into(),
                second: "b.json".into(),
                unit: "A".into(),
            },
            MergeReason::Queries { detail: "x".into() },
        ];
        for r in &all {
            match r {
                MergeReason::Differ { .. }
                | MergeReason::NotAsStated { .. }
                | MergeReason::SameUnit { .. }
                | MergeReason::Queries { .. } => {}
            }
        }
        assert_eq!(minhbach_model::untranslated(&all), Vec::<String>::new());
    }
}
