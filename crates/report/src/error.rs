use std::fmt;

use chrono::NaiveDate;
use minhbach_engine::QueryReason;
use minhbach_model::{
    bilingual_via_fmt_in, say, Bilingual, CsvReason, FieldReason, Lang, ModelError, SyntaxMessage,
};
use thiserror::Error;

/// Everything that can go wrong while loading a report bundle, composing the document or
/// writing it. Each variant names the file, the field (or line and column) and the reason.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ReportError {
    /// A file of the bundle could not be read (missing, unreadable) or an output could not be
    /// written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A required file of the bundle is missing.
    #[error("{path}: missing file ({what})")]
    MissingFile {
        /// The path that was looked for.
        path: String,
        /// Which file of the bundle it is.
        what: BundleFile,
    },
    /// A TOML file that is not valid TOML or does not match the expected shape.
    #[error("{path}:{line}:{column}: {message}")]
    Toml {
        /// The file concerned.
        path: String,
        /// 1-based line of the error (0 when unknown).
        line: usize,
        /// 1-based column of the error (0 when unknown).
        column: usize,
        /// What is wrong: the parser's message, or a value refused with its key.
        message: TomlReason,
    },
    /// A CSV file that could not be read (a missing column, an unreadable row, a value the
    /// model refused for the file as a whole).
    #[error("{path}:{line}: {reason}")]
    Csv {
        /// The file concerned.
        path: String,
        /// 1-based line of the error (0 when unknown).
        line: u64,
        /// What is wrong.
        reason: CsvReason,
    },
    /// A field whose value is not acceptable.
    #[error("{path}: field {field}: invalid value {value:?}: {reason}")]
    InvalidField {
        /// The file concerned.
        path: String,
        /// The field (dotted path, e.g. `signature.name` or `documents.csv line 3 date`).
        field: String,
        /// The value as found.
        value: String,
        /// Why it was refused.
        reason: BundleReason,
    },
    /// Text containing a control character that cannot appear in a document.
    #[error("{path}: field {field}: control character U+{codepoint:04X} at character {position}")]
    ControlCharacter {
        /// The file concerned.
        path: String,
        /// The field.
        field: String,
        /// The code point found.
        codepoint: u32,
        /// 0-based character position in the field.
        position: usize,
    },
    /// A `{placeholder}` in narrative text that the composer does not know.
    #[error("{path}: field {field}: unknown placeholder {{{name}}} (known: {known})")]
    UnknownPlaceholder {
        /// The file concerned; for report.toml with the line and column of the field's
        /// value (`report.toml:12:11`).
        path: String,
        /// The field holding the text.
        field: String,
        /// The placeholder name as written.
        name: String,
        /// The placeholders available, comma-separated.
        known: String,
    },
    /// A `{` without its closing `}` (write `{{` and `}}` for literal braces).
    #[error("{path}: field {field}: unbalanced brace at character {position}")]
    UnbalancedBrace {
        /// The file concerned; for report.toml with the line and column of the field's
        /// value (`report.toml:12:11`).
        path: String,
        /// The field holding the text.
        field: String,
        /// 0-based character position of the brace.
        position: usize,
    },
    /// An empty placeholder `{}` in narrative text.
    #[error("{path}: field {field}: empty placeholder {{}} at character {position}")]
    EmptyPlaceholder {
        /// The file concerned; for report.toml with the line and column of the field's
        /// value (`report.toml:12:11`).
        path: String,
        /// The field holding the text.
        field: String,
        /// 0-based character position of the opening brace.
        position: usize,
    },
    /// Narrative text whose placeholders expand to more than
    /// `Limits::max_report_text_bytes` in total.
    #[error("{path}: field {field}: the placeholders expand to more than {limit} bytes of text (Limits::max_report_text_bytes)")]
    TextTooLong {
        /// The file concerned.
        path: String,
        /// The field where the limit was passed.
        field: String,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A file named by the bundle that is refused before it is read: outside the bundle
    /// folder, not a regular file, or larger than `Limits::max_auxiliary_bytes`. The message
    /// never quotes the file's content.
    #[error("{path}: {reason}")]
    FileRefused {
        /// The file, as named (by report.toml `[files]`, or the bundle's report.toml).
        path: String,
        /// Why it was refused.
        reason: RefusalReason,
    },
    /// Dossier figures that do not add up (for example received + carried over ≠ resolved +
    /// pending).
    #[error(
        "{source_name}{}: figures do not reconcile: {identity}: {left} ≠ {right}",
        agency.as_ref().map(|a| format!(", agency {a}")).unwrap_or_default()
    )]
    Unreconciled {
        /// Where the figures came from (the dossiers file, or the bundle's figures).
        source_name: String,
        /// The agency whose row does not add up; `None` for the total.
        agency: Option<String>,
        /// The identity that fails.
        identity: Identity,
        /// Left-hand side.
        left: u64,
        /// Right-hand side.
        right: u64,
    },
    /// The aggregation engine failed on the dossiers file (or a partial file); the file is
    /// named once, also when the engine's message names it already.
    #[error(
        "{}{source}",
        if ReportError::engine_names_file(source, path) { String::new() } else { format!("{path}: ") }
    )]
    Engine {
        /// The dossiers file (or the report.toml section) at fault.
        path: String,
        /// The engine's error, chained.
        #[source]
        source: Box<minhbach_engine::EngineError>,
    },
    /// A DOCX package could not be produced.
    #[error("DOCX: {0}")]
    Docx(String),
    /// The document tree could not be serialised to JSON.
    #[error("JSON: {0}")]
    Json(String),
    /// A PDF could not be produced (typesetting failed, or the `pdf` feature is off).
    #[error("PDF: {0}")]
    Pdf(String),
}

impl ReportError {
    /// Builds a [`ReportError::Toml`] from a `toml` parse error, with line and column
    /// computed from the source text, and the dotted key at fault (`signature.name`,
    /// `section[0].title`) when the text is valid TOML and the error points into an entry
    /// (a value of the wrong type, an unknown or missing field).
    pub fn from_toml(path: &str, src: &str, err: &toml::de::Error) -> ReportError {
        let (line, column) = match err.span() {
            Some(span) => line_col(src, span.start),
            None => (0, 0),
        };
        let message = SyntaxMessage::new(minhbach_model::SyntaxFormat::Toml, err.message().trim());
        ReportError::Toml {
            path: path.to_string(),
            line,
            column,
            message: match err.span().and_then(|span| key_at(src, span)) {
                Some(key) => TomlReason::Value { key, message },
                None => TomlReason::Syntax(message),
            },
        }
    }

    /// Whether the engine's error names `path` itself, at its start (an error about a
    /// partial file, a missing column of the dossiers file): then [`ReportError::Engine`]
    /// shows the engine's message alone, else `path: message` — each file named once, in
    /// either language (the CLI's Vietnamese messages decide the same way).
    pub fn engine_names_file(source: &minhbach_engine::EngineError, path: &str) -> bool {
        use minhbach_engine::EngineError as E;
        let named = match source {
            E::Io { path, .. }
            | E::NotRegularFile { path, .. }
            | E::TooLarge { path, .. }
            | E::TooManyGroups { path, .. }
            | E::MissingColumn { path, .. }
            | E::AmbiguousColumn { path, .. }
            | E::BadFile { path, .. }
            | E::NotText { path, .. }
            | E::BadPartial { path, .. } => Some(path.as_str()),
            _ => None,
        };
        named == Some(path)
    }
}

/// The dotted key of the innermost entry of the TOML text `src` whose key holds the start of
/// `span`, or whose value holds all of `span`: `signature.name`, `section[0].title`,
/// `target[1]` (arrays are indexed from 0, as the bundle's field names are). `None` when
/// `src` is not valid TOML or `span` lies outside every entry.
pub(crate) fn key_at(src: &str, span: std::ops::Range<usize>) -> Option<String> {
    use toml::de::{DeTable, DeValue};
    fn in_value(
        v: &toml::Spanned<DeValue<'_>>,
        key: String,
        span: &std::ops::Range<usize>,
    ) -> Option<String> {
        let inner = match v.get_ref() {
            DeValue::Table(t) => in_table(t, &key, span),
            DeValue::Array(a) => a
                .into_iter()
                .enumerate()
                .find_map(|(i, item)| in_value(item, format!("{key}[{i}]"), span)),
            _ => None,
        };
        let holds = v.span().start <= span.start && span.end <= v.span().end;
        inner.or_else(|| holds.then_some(key))
    }
    fn in_table(t: &DeTable<'_>, prefix: &str, span: &std::ops::Range<usize>) -> Option<String> {
        t.iter().find_map(|(k, v)| {
            let key = if prefix.is_empty() {
                k.get_ref().to_string()
            } else {
                format!("{prefix}.{}", k.get_ref())
            };
            if k.span().contains(&span.start) {
                return Some(key);
            }
            in_value(v, key, span)
        })
    }
    let doc = DeTable::parse(src).ok()?;
    in_table(doc.get_ref(), "", &span)
}

/// The span of the value of `field` in the TOML text `src`: a dotted key with 0-based array
/// indices, as the bundle's field names are written (`convention.preset`,
/// `section[0].section[1].paragraphs[1]`, `task[2].text`). `None` when `src` is not valid
/// TOML or holds no such value.
pub(crate) fn span_of(src: &str, field: &str) -> Option<std::ops::Range<usize>> {
    use toml::de::{DeTable, DeValue};
    let doc = DeTable::parse(src).ok()?;
    let mut current: Option<&toml::Spanned<DeValue<'_>>> = None;
    for part in field.split('.') {
        let (name, indices) = part.split_once('[').unwrap_or((part, ""));
        let table = match current.map(toml::Spanned::get_ref) {
            None => doc.get_ref(),
            Some(DeValue::Table(t)) => t,
            Some(_) => return None,
        };
        let mut value = table.iter().find(|(k, _)| k.get_ref() == name)?.1;
        for index in indices.split('[').filter(|s| !s.is_empty()) {
            let i: usize = index.trim_end_matches(']').parse().ok()?;
            value = match value.get_ref() {
                DeValue::Array(a) => a.into_iter().nth(i)?,
                _ => return None,
            };
        }
        current = Some(value);
    }
    current.map(toml::Spanned::span)
}

/// `path:line:column` of `field`'s value in `src` (the file's text), or `path` alone when
/// the field is not found.
pub(crate) fn at_field(path: &str, src: &str, field: &str) -> String {
    match span_of(src, field) {
        Some(span) => {
            let (line, column) = line_col(src, span.start);
            format!("{path}:{line}:{column}")
        }
        None => path.to_string(),
    }
}

/// 1-based line and column (in characters) of byte offset `at` in `src`.
pub(crate) fn line_col(src: &str, at: usize) -> (usize, usize) {
    let at = at.min(src.len());
    let before = src.get(..at).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let col = match before.rfind('\n') {
        Some(i) => before.get(i + 1..).map_or(0, |s| s.chars().count()),
        None => before.chars().count(),
    } + 1;
    (line, col)
}

/// Why a file named by the bundle is refused before it is read
/// ([`ReportError::FileRefused`]).
///
/// ```
/// use minhbach_model::{Bilingual, Lang};
/// use minhbach_report::{NameFault, RefusalReason};
/// let r = RefusalReason::BadName {
///     label: "[files] dossiers".into(),
///     name: "../x.csv".into(),
///     fault: NameFault::GoesUp,
/// };
/// assert_eq!(r.to_string(), "[files] dossiers = \"../x.csv\" goes up out of the folder with ..");
/// assert!(r.in_lang(Lang::Vi).to_string().contains("ra ngoài thư mục"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefusalReason {
    /// Something other than a regular file (a folder, a named pipe, a device).
    NotRegularFile {
        /// What it is, as the engine's `files` names it (`a named pipe (FIFO)`, …).
        kind: String,
    },
    /// Larger than `Limits::max_auxiliary_bytes`.
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// A name in report.toml that cannot name a file of the bundle.
    BadName {
        /// The key that names it (`[files] dossiers`, `[[unit]] 2 bundle`).
        label: String,
        /// The name as written.
        name: String,
        /// What is wrong with it.
        fault: NameFault,
    },
}

/// What is wrong with a file name of report.toml ([`RefusalReason::BadName`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameFault {
    /// An empty name.
    Empty,
    /// An absolute path.
    Absolute,
    /// A path through `..`.
    GoesUp,
    /// A path that leads out of the folder through a symbolic link.
    LeadsOutside,
}

impl RefusalReason {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefusalReason::NotRegularFile { kind } => {
                let kind_vi = minhbach_engine::files::kind_vi(kind);
                say!(f, lang => "{kind}, not a regular file; only regular files are read", "là {kind_vi}, không phải một tệp thông thường; chỉ đọc các tệp thông thường")
            }
            RefusalReason::TooLarge { limit } => {
                say!(f, lang => "larger than {limit} bytes, the limit for a bundle file (Limits::max_auxiliary_bytes)", "lớn hơn {limit} byte, giới hạn của một tệp trong bộ hồ sơ (Limits::max_auxiliary_bytes)")
            }
            RefusalReason::BadName { label, name, fault } => {
                write!(f, "{label} = {name:?} ")?;
                match fault {
                    NameFault::Empty => say!(f, lang => "is empty", "để trống"),
                    NameFault::Absolute => {
                        say!(f, lang => "is an absolute path", "là đường dẫn tuyệt đối; ghi đường dẫn tính từ thư mục bộ hồ sơ")
                    }
                    NameFault::GoesUp => {
                        say!(f, lang => "goes up out of the folder with ..", "đi ra ngoài thư mục bộ hồ sơ bằng ..")
                    }
                    NameFault::LeadsOutside => {
                        say!(f, lang => "leads outside the bundle folder (through a symbolic link)", "dẫn ra ngoài thư mục bộ hồ sơ (qua một liên kết tượng trưng)")
                    }
                }
            }
        }
    }
}
bilingual_via_fmt_in!(RefusalReason);

/// Which file of a bundle is missing ([`ReportError::MissingFile`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BundleFile {
    /// A file named by report.toml, or one every bundle has (report.toml).
    Named,
    /// The dossiers file of `[files] dossiers`.
    Dossiers,
    /// A partial file of a province bundle's `[[unit]] partial`.
    Partial,
}

impl BundleFile {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleFile::Named => {
                say!(f, lang => "named by report.toml or required in a bundle", "tệp được ghi trong report.toml hoặc bắt buộc phải có trong bộ hồ sơ")
            }
            BundleFile::Dossiers => {
                say!(f, lang => "the dossiers file named by report.toml [files] dossiers", "tệp hồ sơ ghi ở [files] dossiers của report.toml")
            }
            BundleFile::Partial => {
                say!(f, lang => "a partial file named by report.toml [[unit]] partial", "tệp số liệu riêng ghi ở [[unit]] partial của report.toml")
            }
        }
    }
}

/// An identity of the dossier figures that does not hold ([`ReportError::Unreconciled`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Identity {
    /// Received + carried over = resolved + pending + the separate buckets, for one row.
    Balance,
    /// The agency rows add up to the total.
    AgencySum,
}

impl Identity {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Identity::Balance => {
                say!(f, lang => "received + carried_over = resolved (early + on_time + late) + pending (within_due + overdue) + separate buckets", "tiếp nhận mới + kỳ trước chuyển qua = đã giải quyết (trước hạn + đúng hạn + quá hạn) + đang giải quyết (trong hạn + quá hạn) + các nhóm tính riêng")
            }
            Identity::AgencySum => {
                say!(f, lang => "sum of agency rows (handled) = total (handled)", "tổng các dòng cơ quan (số hồ sơ xử lý) = dòng tổng (số hồ sơ xử lý)")
            }
        }
    }
}
bilingual_via_fmt_in!(BundleFile, Identity);

/// Why a value of the bundle is refused ([`ReportError::InvalidField`]): a model or engine
/// refusal carried as it is (so it is worded in both languages where it is detected), or a
/// rule of the bundle format.
///
/// ```
/// use minhbach_model::{Bilingual, Lang};
/// use minhbach_report::BundleReason;
/// let r = BundleReason::UnknownNumbering;
/// assert_eq!(r.to_string(), "expected auto, dash or none");
/// assert_eq!(r.in_lang(Lang::Vi).to_string(), "cần auto (tự đánh số), dash (gạch đầu dòng) hoặc none (không đánh số)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BundleReason {
    /// A value the model refused (a period code, a custom period, a checklist item …).
    Model(Box<ModelError>),
    /// A field of a model record refused by its `validate()` (`[basis]`).
    Field(FieldReason),
    /// A cell of a CSV file of the bundle (documents.csv, procedures.csv).
    Csv(CsvReason),
    /// A name the engine does not know (`[consolidation] rank_by`).
    Query(Box<QueryReason>),
    /// `[period]` with neither a code nor both start and end.
    PeriodShape,
    /// A cut-off before the period starts.
    CutOffBeforeStart {
        /// The period's first day.
        start: NaiveDate,
    },
    /// A target without a name.
    TargetWithoutName,
    /// A target's metric that the composer does not know.
    UnknownMetric {
        /// The metrics known, comma-separated.
        known: String,
    },
    /// A province bundle (`[[unit]]`) that also names a dossiers file.
    DossiersFileInProvince,
    /// A province bundle (`[[unit]]`) that also types `[dossiers]`.
    DossiersTableInProvince,
    /// A unit's name that is empty.
    EmptyUnitName,
    /// A `[[unit]]` partial with a name (a partial records its own unit).
    PartialWithName,
    /// A `[[unit]]` with both or neither of `partial` and `bundle`.
    UnitSourceNotOne,
    /// A section's `numbering` other than auto, dash or none.
    UnknownNumbering,
    /// A section's `list` other than tasks.
    UnknownList,
    /// A signature line (authority, title) not in upper case.
    NotUpperCase,
    /// A unit of a province bundle that is itself a province bundle.
    NestedProvince,
    /// A unit's bundle that names no dossiers file.
    UnitWithoutDossiers,
}

impl BundleReason {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleReason::Model(e) => write!(f, "{}", e.in_lang(lang)),
            BundleReason::Field(r) => write!(f, "{}", r.in_lang(lang)),
            BundleReason::Csv(r) => write!(f, "{}", r.in_lang(lang)),
            BundleReason::Query(r) => write!(f, "{}", r.in_lang(lang)),
            BundleReason::PeriodShape => {
                say!(f, lang => "give either code (e.g. \"2021-H1\", \"quý 3/2022\") or both start and end", "ghi mã kỳ code (ví dụ \"2021-H1\", \"quý 3/2022\") hoặc ghi cả start và end")
            }
            BundleReason::CutOffBeforeStart { start } => {
                say!(f, lang => "before the period starts on {start}", "trước ngày bắt đầu kỳ báo cáo {start}")
            }
            BundleReason::TargetWithoutName => {
                say!(f, lang => "every target needs a name", "mỗi mục tiêu phải có tên (name)")
            }
            BundleReason::UnknownMetric { known } => {
                say!(f, lang => "unknown metric (known: {known})", "không có số liệu này (các số liệu có: {known})")
            }
            BundleReason::DossiersFileInProvince => {
                say!(f, lang => "a province bundle lists its units ([[unit]]) instead of a dossiers file: remove one of the two", "bộ hồ sơ cấp tỉnh liệt kê các đơn vị ([[unit]]) thay cho tệp hồ sơ: bỏ một trong hai")
            }
            BundleReason::DossiersTableInProvince => {
                say!(f, lang => "a province bundle takes its figures from its units ([[unit]]), not from [dossiers]: remove one of the two", "bộ hồ sơ cấp tỉnh lấy số liệu từ các đơn vị ([[unit]]), không từ [dossiers]: bỏ một trong hai")
            }
            BundleReason::EmptyUnitName => {
                say!(f, lang => "a unit's name cannot be empty", "tên đơn vị không được để trống")
            }
            BundleReason::PartialWithName => {
                say!(f, lang => "a partial file records its own unit (aggregate --unit NAME): remove name", "tệp số liệu riêng đã ghi tên đơn vị của nó (aggregate --unit TÊN): bỏ name")
            }
            BundleReason::UnitSourceNotOne => {
                say!(f, lang => "give exactly one of partial = \"FILE\" and bundle = \"FOLDER\"", "ghi đúng một trong hai: partial = \"TỆP\" hoặc bundle = \"THƯ MỤC\"")
            }
            BundleReason::UnknownNumbering => {
                say!(f, lang => "expected auto, dash or none", "cần auto (tự đánh số), dash (gạch đầu dòng) hoặc none (không đánh số)")
            }
            BundleReason::UnknownList => {
                say!(f, lang => "expected tasks", "cần tasks (danh sách nhiệm vụ)")
            }
            BundleReason::NotUpperCase => {
                say!(f, lang => "authority and title lines are upper case (Nghị định 30/2020, ô 7a)", "dòng thẩm quyền và chức vụ người ký viết chữ in hoa (Nghị định 30/2020, ô 7a)")
            }
            BundleReason::NestedProvince => {
                say!(f, lang => "a unit of a province bundle is a district bundle with its own dossiers file; list the units of this bundle in the province bundle itself, or save its figures as a partial", "đơn vị của bộ hồ sơ cấp tỉnh phải là bộ hồ sơ cấp huyện có tệp hồ sơ riêng; liệt kê các đơn vị của bộ này ngay trong bộ hồ sơ cấp tỉnh, hoặc lưu số liệu của nó thành tệp số liệu riêng (partial)")
            }
            BundleReason::UnitWithoutDossiers => {
                say!(f, lang => "a unit's bundle must name its dossiers file in [files] dossiers", "bộ hồ sơ của đơn vị phải ghi tệp hồ sơ ở [files] dossiers")
            }
        }
    }
}
bilingual_via_fmt_in!(BundleReason);

/// What is wrong in a TOML file of the bundle ([`ReportError::Toml`]): the parser's message,
/// or a `portal.toml` value that is not a count or a percentage, named by its key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TomlReason {
    /// The TOML parser's message (syntax, or a value of the wrong shape that no key holds).
    Syntax(SyntaxMessage),
    /// The parser's message about one entry (a value of the wrong type, an unknown or
    /// missing field), with the entry's dotted key.
    Value {
        /// The dotted key (`signature.name`, `section[0].title`).
        key: String,
        /// The parser's message.
        message: SyntaxMessage,
    },
    /// A `portal.toml` value refused, with its key and the text as typed.
    PortalValue {
        /// The dotted key.
        key: String,
        /// The value as typed.
        typed: String,
        /// Why it is refused.
        fault: PortalFault,
    },
}

/// Why a `portal.toml` value is refused ([`TomlReason::PortalValue`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PortalFault {
    /// A negative integer, or one too large for a count.
    NotWholeCount,
    /// A decimal number where a count is expected.
    Decimal,
    /// Text that is neither a count nor a percentage.
    NotCountOrPercentage,
    /// A boolean, a date or an array.
    WrongKind,
}

impl TomlReason {
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TomlReason::Syntax(m) => write!(f, "{}", m.in_lang(lang)),
            TomlReason::Value { key, message } => {
                say!(f, lang => "key {key}: ", "khóa {key}: ")?;
                write!(f, "{}", message.in_lang(lang))
            }
            TomlReason::PortalValue { key, typed, fault } => {
                write!(f, "{key} = {typed}: ")?;
                match fault {
                    PortalFault::NotWholeCount => {
                        say!(f, lang => "a count must be a whole number and cannot be negative", "số lượng phải là số nguyên, không âm")
                    }
                    PortalFault::Decimal => {
                        say!(f, lang => "a count must be a whole number: write 1200 or \"1.200\" for one thousand two hundred, and a share as a string such as \"98,5\"", "số lượng phải là số nguyên: ghi 1200 hoặc \"1.200\" cho một nghìn hai trăm, còn tỷ lệ thì ghi trong dấu nháy, ví dụ \"98,5\"")
                    }
                    PortalFault::NotCountOrPercentage => {
                        say!(f, lang => "expected a count such as \"1.200\" or a percentage such as \"100\" or \"98,5\"", "cần một số lượng như \"1.200\" hoặc một tỷ lệ phần trăm như \"100\" hay \"98,5\"")
                    }
                    PortalFault::WrongKind => {
                        say!(f, lang => "expected an integer count, a percentage string or a table", "cần một số nguyên, một tỷ lệ phần trăm ghi trong dấu nháy hoặc một bảng")
                    }
                }
            }
        }
    }
}
bilingual_via_fmt_in!(TomlReason);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let src = "a = 1\nbé = \"x\nz";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        // "bé" is 3 bytes, 2 chars: offset of ' ' after it is 6 + 3.
        assert_eq!(line_col(src, 9), (2, 3));
    }

    #[test]
    fn toml_error_names_file_line_column() {
        let src = "title = \"x\"\nbad = \n";
        let err = toml::from_str::<toml::Table>(src).unwrap_err();
        let e = ReportError::from_toml("report.toml", src, &err);
        let msg = e.to_string();
        assert!(msg.starts_with("report.toml:2:"), "{msg}");
    }

    #[test]
    fn toml_errors_name_the_key() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Sig {
            name: String,
            lines: Vec<String>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Sec {
            title: String,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Doc {
            period: String,
            signature: Sig,
            #[serde(default)]
            section: Vec<Sec>,
        }
        let err = |src: &str| {
            let e = toml::from_str::<Doc>(src).unwrap_err();
            ReportError::from_toml("report.toml", src, &e)
        };
        let key = |e: &ReportError| match e {
            ReportError::Toml {
                message: TomlReason::Value { key, .. },
                ..
            } => key.clone(),
            other => panic!("no key: {other}"),
        };
        let base = "period = \"2021-H1\"\n[signature]\nname = \"A\"\nlines = [\"X\"]\n";
        let e = err(&base.replace("\"2021-H1\"", "2021"));
        assert_eq!(key(&e), "period");
        assert!(
            e.to_string()
                .starts_with("report.toml:1:10: key period: invalid type"),
            "{e}"
        );
        let e = err(&base.replace("name = \"A\"", "name = 5"));
        assert_eq!(key(&e), "signature.name");
        assert!(
            e.to_string()
                .starts_with("report.toml:3:8: key signature.name: "),
            "{e}"
        );
        let ReportError::Toml { message, .. } = &e else {
            panic!("{e}")
        };
        let vi = message.in_lang(Lang::Vi).to_string();
        assert!(vi.starts_with("khóa signature.name: sai kiểu"), "{vi}");
        let e = err(&base.replace("lines = [\"X\"]", "lines = [\"X\", 3]"));
        assert_eq!(key(&e), "signature.lines[1]");
        let e = err(&base.replace("name = \"A\"", "name = \"A\"\nnmae = \"B\""));
        assert_eq!(key(&e), "signature.nmae");
        assert!(
            e.to_string()
                .contains(":4:1: key signature.nmae: unknown field"),
            "{e}"
        );
        let e = err(&format!(
            "{base}[[section]]\ntitle = \"a\"\n[[section]]\ntitle = 1\n"
        ));
        assert_eq!(key(&e), "section[1].title");
        let e = err(&base.replace("name = \"A\"\n", ""));
        assert_eq!(key(&e), "signature");
        assert!(e.to_string().contains("missing field `name`"), "{e}");
        // A syntax error: line and column, no key.
        let e = err("period = \n");
        assert!(
            matches!(
                e,
                ReportError::Toml {
                    line: 1,
                    message: TomlReason::Syntax(_),
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn an_engine_error_names_its_file_once() {
        let bad = |path: &str| ReportError::Engine {
            path: "huyen/b.partial".into(),
            source: Box::new(minhbach_engine::EngineError::BadPartial {
                path: path.into(),
                reason: minhbach_engine::aggregate::PartialReason::Empty,
            }),
        };
        assert_eq!(
            bad("huyen/b.partial").to_string(),
            "huyen/b.partial: empty file, not a minhbach partial"
        );
        // Another file in the engine's message: both named.
        assert_eq!(
            bad("b.partial").to_string(),
            "huyen/b.partial: b.partial: empty file, not a minhbach partial"
        );
        // A file whose name starts with the other's: still both named.
        assert_eq!(
            bad("huyen/b.partial.bak").to_string(),
            "huyen/b.partial: huyen/b.partial.bak: empty file, not a minhbach partial"
        );
        // An error that names no file: the file first.
        let e = ReportError::Engine {
            path: "dossiers.csv".into(),
            source: Box::new(minhbach_engine::EngineError::UnknownPolicy { name: "x".into() }),
        };
        assert!(
            e.to_string().starts_with("dossiers.csv: unknown policy"),
            "{e}"
        );
    }
}
