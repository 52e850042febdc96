//! The ingest report: rows read, counted, rejected, and why.

use std::fmt;

use minhbach_model::{say, Bilingual, Lang, ModelError, Outcome};
use serde::{Deserialize, Serialize};

/// Why an input row was rejected ([`RejectedRow::reason`]).
///
/// Its `Display` is the English sentence (what the JSON output and the partial files carry);
/// [`Bilingual::in_lang`] gives the Vietnamese one. Values the reason names (a date-time as
/// found, line numbers, limits) are kept as they are in both.
///
/// ```
/// use minhbach_engine::aggregate::RowReason;
/// use minhbach_model::{Bilingual, Lang};
/// let r = RowReason::DuplicateId { first_line: Some(12) };
/// assert_eq!(r.to_string(), "duplicate dossier id (first seen on line 12)");
/// assert_eq!(r.in_lang(Lang::Vi).to_string(), "mã hồ sơ bị trùng (đã gặp ở dòng 12)");
/// ```
///
/// Serialized as its English text; read back (from a partial file) as
/// [`RowReason::Recorded`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RowReason {
    /// A field that is not UTF-8 text.
    NotUtf8,
    /// The dossier id is empty.
    EmptyId,
    /// The dossier id contains a NUL byte.
    IdContainsNul,
    /// A grouping value contains a NUL byte.
    ContainsNul,
    /// A value the model refused: a date-time, a channel, an outcome, or (for in-memory
    /// dossiers) the dossier's times (`Dossier::validate`).
    Value(Box<ModelError>),
    /// The id was seen before: on `first_line` when known.
    DuplicateId {
        /// The line of the first row with this id, when the reader knows it.
        first_line: Option<u64>,
    },
    /// Resolved before it was received.
    ResolvedBeforeReceived {
        /// The receipt time as found.
        received: String,
    },
    /// Due before it was received.
    DueBeforeReceived {
        /// The receipt time as found.
        received: String,
    },
    /// An outcome without a resolution time.
    OutcomeWithoutResolution {
        /// The outcome.
        outcome: Outcome,
    },
    /// A pause starts before receipt or before the previous pause ends.
    PauseTooEarly,
    /// A pause ends before it starts.
    PauseEndsBeforeStart,
    /// A pause starts after resolution.
    PauseAfterResolution,
    /// More pause ends than pause starts.
    MorePauseEnds,
    /// A row with another number of fields than the header.
    FieldCount {
        /// Fields in the row.
        found: usize,
        /// Fields in the header.
        expected: usize,
        /// Physical lines the record spans (more than 1: an unbalanced quote joined them).
        lines: usize,
    },
    /// A field longer than `Limits::max_field_bytes`.
    FieldTooLong {
        /// 1-based position of the field.
        field: usize,
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// More distinct groups than `Limits::max_groups`.
    TooManyGroups {
        /// The limit.
        limit: usize,
    },
    /// A spreadsheet cell holding a formula error (`#VALUE!`, `#N/A`).
    ErrorCell {
        /// The cell as shown.
        text: String,
    },
    /// A spreadsheet date cell holding no finite number.
    SerialNotFinite {
        /// The value as shown.
        value: String,
    },
    /// A spreadsheet date serial outside Excel's dates.
    SerialOutOfRange {
        /// The serial as shown.
        value: String,
        /// The workbook's date system: 1900 or 1904.
        system: u16,
    },
    /// Serial 60 of the 1900 date system: 1900-02-29, which does not exist.
    SerialLeapBug,
    /// A spreadsheet date serial outside the calendar.
    SerialOutsideCalendar {
        /// The serial as shown.
        value: String,
    },
    /// A reason read back from a serialized report (a partial file), as written there.
    Recorded(String),
}

impl RowReason {
    /// Both wordings, one arm per reason ([`minhbach_model::bilingual_via_fmt_in`]).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowReason::NotUtf8 => {
                say!(f, lang => "not valid UTF-8", "không phải văn bản UTF-8 hợp lệ")
            }
            RowReason::EmptyId => {
                say!(f, lang => "the dossier id is empty", "mã hồ sơ để trống")
            }
            RowReason::IdContainsNul => {
                say!(f, lang => "the dossier id contains a NUL byte", "mã hồ sơ chứa byte NUL")
            }
            RowReason::ContainsNul => {
                say!(f, lang => "contains a NUL byte", "chứa byte NUL")
            }
            RowReason::Value(e) => write!(f, "{}", e.in_lang(lang)),
            RowReason::DuplicateId { first_line: None } => {
                say!(f, lang => "duplicate dossier id (an earlier row has the same id)", "mã hồ sơ bị trùng (một dòng trước đó có cùng mã)")
            }
            RowReason::DuplicateId {
                first_line: Some(l),
            } => {
                say!(f, lang => "duplicate dossier id (first seen on line {l})", "mã hồ sơ bị trùng (đã gặp ở dòng {l})")
            }
            RowReason::ResolvedBeforeReceived { received } => {
                say!(f, lang => "resolved before it was received at {received}", "thời gian giải quyết trước thời gian tiếp nhận {received}")
            }
            RowReason::DueBeforeReceived { received } => {
                say!(f, lang => "due before it was received at {received}", "hạn giải quyết trước thời gian tiếp nhận {received}")
            }
            RowReason::OutcomeWithoutResolution { outcome } => {
                say!(f, lang => "outcome is {outcome} but there is no resolution time", "kết quả là {outcome} nhưng không có thời gian giải quyết")
            }
            RowReason::PauseTooEarly => {
                say!(f, lang => "a pause starts before receipt or before the previous pause ends", "thời gian tạm dừng bắt đầu trước khi tiếp nhận hoặc trước khi lần tạm dừng trước kết thúc")
            }
            RowReason::PauseEndsBeforeStart => {
                say!(f, lang => "a pause ends before it starts", "thời gian tạm dừng kết thúc trước khi bắt đầu")
            }
            RowReason::PauseAfterResolution => {
                say!(f, lang => "a pause starts after resolution", "thời gian tạm dừng bắt đầu sau khi giải quyết")
            }
            RowReason::MorePauseEnds => {
                say!(f, lang => "more pause ends than pause starts", "số lần kết thúc tạm dừng nhiều hơn số lần bắt đầu")
            }
            RowReason::FieldCount {
                found,
                expected,
                lines,
            } => {
                if found < expected {
                    say!(f, lang => "truncated row: ", "dòng bị cắt cụt: ")?;
                }
                say!(f, lang => "{found} fields, the header has {expected}", "có {found} trường, dòng tiêu đề có {expected}")?;
                if *lines > 1 {
                    say!(f, lang => "; the record spans {lines} lines: an unbalanced quote (\") probably joined them", "; bản ghi trải trên {lines} dòng: có lẽ một dấu ngoặc kép (\") không đóng đã nối các dòng")?;
                }
                Ok(())
            }
            RowReason::FieldTooLong {
                field,
                bytes,
                limit,
            } => {
                say!(f, lang => "field {field} is {bytes} bytes long, over the limit of {limit} bytes (Limits::max_field_bytes)", "trường thứ {field} dài {bytes} byte, vượt giới hạn {limit} byte (Limits::max_field_bytes)")
            }
            RowReason::TooManyGroups { limit } => {
                say!(f, lang => "more than {limit} distinct groups (Limits::max_groups)", "nhiều hơn {limit} nhóm khác nhau (Limits::max_groups)")
            }
            RowReason::ErrorCell { text } => {
                say!(f, lang => "error cell {text}: the export holds a formula error, not a value", "ô lỗi {text}: tệp xuất chứa lỗi công thức, không phải giá trị")
            }
            RowReason::SerialNotFinite { value } => {
                say!(f, lang => "date cell holds {value}, not a number: not a date (Excel serials are finite)", "ô ngày chứa {value}, không phải một số: không phải ngày (số ngày của Excel là số hữu hạn)")
            }
            RowReason::SerialOutOfRange { value, system } => {
                let range = serial_range(*system, lang);
                say!(f, lang => "date serial {value} is outside Excel's dates: {range} in the {system} date system", "số ngày {value} nằm ngoài các ngày của Excel: {range} trong hệ ngày {system}")
            }
            RowReason::SerialLeapBug => {
                say!(f, lang => "date serial 60 is 1900-02-29, a day that does not exist (Excel's leap-year bug)", "số ngày 60 là 1900-02-29, một ngày không có thật (lỗi năm nhuận của Excel)")
            }
            RowReason::SerialOutsideCalendar { value } => {
                say!(f, lang => "date serial {value} is outside the calendar", "số ngày {value} nằm ngoài lịch")
            }
            RowReason::Recorded(text) => f.write_str(text),
        }
    }
}

minhbach_model::bilingual_via_fmt_in!(RowReason);

/// The serials of a date system, from 1 or 0 to 9999-12-31, in `lang`.
fn serial_range(system: u16, lang: Lang) -> &'static str {
    if system == 1904 {
        lang.pick(
            "0 (1904-01-01) to 2957003 (9999-12-31)",
            "0 (1904-01-01) đến 2957003 (9999-12-31)",
        )
    } else {
        lang.pick(
            "1 (1900-01-01) to 2958465 (9999-12-31)",
            "1 (1900-01-01) đến 2958465 (9999-12-31)",
        )
    }
}

impl Serialize for RowReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RowReason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RowReason, D::Error> {
        String::deserialize(d).map(RowReason::Recorded)
    }
}

impl From<ModelError> for RowReason {
    fn from(e: ModelError) -> RowReason {
        RowReason::Value(Box::new(e))
    }
}

/// One rejected input row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RejectedRow {
    /// The file, when the row came from one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based physical line of the file where the row starts (the header is line 1), or
    /// 1-based position of the dossier for in-memory input.
    pub line: u64,
    /// The dossier id, when it could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The column at fault (canonical name, e.g. `received_at`), when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The offending value as found.
    pub value: String,
    /// Why the row was rejected.
    pub reason: RowReason,
}

impl RejectedRow {
    /// Both wordings ([`minhbach_model::bilingual_via_fmt_in`]).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
        }
        let line = self.line;
        say!(f, lang => "line {line}", "dòng {line}")?;
        if let Some(c) = &self.column {
            say!(f, lang => ", column {c}", ", cột {c}")?;
        }
        if let Some(id) = &self.id {
            say!(f, lang => ", dossier {id}", ", hồ sơ {id}")?;
        }
        let (reason, value) = (self.reason.in_lang(lang), &self.value);
        say!(f, lang => ": {reason} (value {value:?})", ": {reason} (giá trị {value:?})")
    }
}

minhbach_model::bilingual_via_fmt_in!(RejectedRow);

impl std::error::Error for RejectedRow {}

/// A header that was matched through an alias or a user mapping.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AliasUsed {
    /// The header as written in the file.
    pub header: String,
    /// The canonical column it was read as.
    pub column: String,
}

/// What happened to the input rows. Mergeable like the counts.
///
/// Conservation: `rows_read = rows_counted + rows_rejected`, checked after every run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IngestReport {
    /// Data rows read (the header excluded).
    pub rows_read: u64,
    /// Valid rows: in the table, outside the period, or excluded by the policy.
    pub rows_counted: u64,
    /// Rows rejected (all are counted here; at most `max_listed` are listed).
    pub rows_rejected: u64,
    /// The first rejected rows, in input order.
    pub rejected: Vec<RejectedRow>,
    /// How many rejected rows are listed at most.
    pub max_listed: usize,
    /// Headers read through an alias or a user mapping.
    pub aliases_used: Vec<AliasUsed>,
    /// Columns of the file that were not used.
    pub ignored_columns: Vec<String>,
    /// Rows re-read to confirm duplicate-id candidates (two-pass check), if any.
    pub duplicate_candidates: u64,
    /// Field values (id, agency, procedure code, field, level, channel, outcome) from which
    /// invisible format characters were removed before use — zero-width spaces and joiners,
    /// direction marks, a byte order mark, soft hyphens (see
    /// `minhbach_model::text::is_invisible`) — counted over every row read, rejected or not.
    /// Such values are matched, grouped and checked for duplicates without those characters.
    pub invisible_chars_removed: u64,
    /// How each spreadsheet was read: the sheet, where its header was found, the rows left
    /// out as title, totals or footer — one entry per spreadsheet file.
    pub sheets: Vec<SheetReport>,
}

/// The decisions taken reading one spreadsheet, for the officer to check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SheetReport {
    /// The file.
    pub file: String,
    /// The sheet read.
    pub sheet: String,
    /// Its position in the workbook (1-based).
    pub sheet_number: u64,
    /// Every sheet of the workbook, in order.
    pub sheets: Vec<String>,
    /// Sheets before the one read that were passed over because no header was found in
    /// them (when no sheet was named).
    pub sheets_without_header: Vec<String>,
    /// The spreadsheet row (1-based) of the header (of its first row when it has two).
    pub header_row: u64,
    /// Rows the header takes: 1, or 2 for a merged two-row header.
    pub header_rows: u64,
    /// How the two header rows were joined, one entry per column (`Hồ sơ / Mã → Mã Hồ sơ`).
    pub joined_headers: Vec<String>,
    /// Non-empty rows above the header (title block: unit, period, "Biểu số …"), skipped.
    pub title_rows: u64,
    /// The row under the header that numbers the columns (`(1) (2) (3) …`), skipped.
    pub number_row: Option<u64>,
    /// Totals rows ("Tổng cộng", "Cộng") skipped, by spreadsheet row.
    pub totals_rows: Vec<u64>,
    /// Rows without a dossier id or a date of receipt after a totals row (signatures,
    /// notes), skipped.
    pub footer_rows: u64,
    /// Rows with values only in columns not used (notes beside the table), skipped.
    pub rows_without_data: u64,
    /// The workbook's date system: 1900, or 1904 (old Mac workbooks).
    pub date_system: u16,
    /// Date cells read as Excel serial numbers.
    pub serial_dates: u64,
}

impl IngestReport {
    /// An empty report listing at most `max_listed` rejected rows.
    pub fn new(max_listed: usize) -> IngestReport {
        IngestReport {
            max_listed,
            ..IngestReport::default()
        }
    }

    /// Records a rejected row.
    pub fn reject(&mut self, row: RejectedRow) {
        self.rows_read += 1;
        self.rows_rejected += 1;
        if self.rejected.len() < self.max_listed {
            self.rejected.push(row);
        }
    }

    /// Adds `other` (rows and lists; the list is kept in (file, line) order and capped).
    pub fn merge(&mut self, other: &IngestReport) {
        self.rows_read += other.rows_read;
        self.rows_counted += other.rows_counted;
        self.rows_rejected += other.rows_rejected;
        self.duplicate_candidates += other.duplicate_candidates;
        self.invisible_chars_removed += other.invisible_chars_removed;
        self.max_listed = self.max_listed.max(other.max_listed);
        self.rejected.extend(other.rejected.iter().cloned());
        self.rejected
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        self.rejected.truncate(self.max_listed);
        for a in &other.aliases_used {
            if !self.aliases_used.contains(a) {
                self.aliases_used.push(a.clone());
            }
        }
        self.sheets.extend(other.sheets.iter().cloned());
        for c in &other.ignored_columns {
            if !self.ignored_columns.contains(c) {
                self.ignored_columns.push(c.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One value of every reason (`Recorded` aside: it is the text as written, in no language).
    fn every_reason() -> Vec<RowReason> {
        let date = minhbach_model::parse_date("31/02/2021").unwrap_err();
        let all = vec![
            RowReason::NotUtf8,
            RowReason::EmptyId,
            RowReason::IdContainsNul,
            RowReason::ContainsNul,
            RowReason::Value(Box::new(date)),
            RowReason::DuplicateId { first_line: None },
            RowReason::DuplicateId {
                first_line: Some(3),
            },
            RowReason::ResolvedBeforeReceived {
                received: "2021-02-03T08:00:00".into(),
            },
            RowReason::DueBeforeReceived {
                received: "2021-02-03T08:00:00".into(),
            },
            RowReason::OutcomeWithoutResolution {
                outcome: Outcome::Withdrawn,
            },
            RowReason::PauseTooEarly,
            RowReason::PauseEndsBeforeStart,
            RowReason::PauseAfterResolution,
            RowReason::MorePauseEnds,
            RowReason::FieldCount {
                found: 3,
                expected: 5,
                lines: 2,
            },
            RowReason::FieldCount {
                found: 7,
                expected: 5,
                lines: 1,
            },
            RowReason::FieldTooLong {
                field: 2,
                bytes: 70_000,
                limit: 65_536,
            },
            RowReason::TooManyGroups { limit: 10 },
            RowReason::ErrorCell {
                text: "#N/A".into(),
            },
            RowReason::SerialNotFinite {
                value: "NaN".into(),
            },
            RowReason::SerialOutOfRange {
                value: "-1".into(),
                system: 1904,
            },
            RowReason::SerialLeapBug,
            RowReason::SerialOutsideCalendar {
                value: "1e300".into(),
            },
        ];
        // A new reason must be added above: this match is exhaustive.
        for r in &all {
            match r {
                RowReason::NotUtf8
                | RowReason::EmptyId
                | RowReason::IdContainsNul
                | RowReason::ContainsNul
                | RowReason::Value(_)
                | RowReason::DuplicateId { .. }
                | RowReason::ResolvedBeforeReceived { .. }
                | RowReason::DueBeforeReceived { .. }
                | RowReason::OutcomeWithoutResolution { .. }
                | RowReason::PauseTooEarly
                | RowReason::PauseEndsBeforeStart
                | RowReason::PauseAfterResolution
                | RowReason::MorePauseEnds
                | RowReason::FieldCount { .. }
                | RowReason::FieldTooLong { .. }
                | RowReason::TooManyGroups { .. }
                | RowReason::ErrorCell { .. }
                | RowReason::SerialNotFinite { .. }
                | RowReason::SerialOutOfRange { .. }
                | RowReason::SerialLeapBug
                | RowReason::SerialOutsideCalendar { .. }
                | RowReason::Recorded(_) => {}
            }
        }
        all
    }

    #[test]
    fn every_row_reason_has_a_vietnamese_wording() {
        assert_eq!(
            minhbach_model::untranslated(&every_reason()),
            Vec::<String>::new()
        );
    }

    #[test]
    fn english_wordings_are_the_sentences_of_before() {
        let words: Vec<String> = every_reason().iter().map(|r| r.to_string()).collect();
        assert_eq!(
            words.get(4).map(String::as_str),
            Some("invalid date-time \"31/02/2021\": no such day in that month")
        );
        assert!(words.contains(
            &"truncated row: 3 fields, the header has 5; the record spans 2 lines: an \
              unbalanced quote (\") probably joined them"
                .to_string()
        ));
        assert!(words.contains(&"7 fields, the header has 5".to_string()));
        assert!(words.contains(
            &"date serial -1 is outside Excel's dates: 0 (1904-01-01) to 2957003 (9999-12-31) \
              in the 1904 date system"
                .to_string()
        ));
    }

    #[test]
    fn a_rejected_row_serializes_its_reason_as_the_english_text() {
        let row = RejectedRow {
            file: None,
            line: 2,
            id: Some("A1".into()),
            column: Some("id".into()),
            value: "A1".into(),
            reason: RowReason::DuplicateId {
                first_line: Some(1),
            },
        };
        let json = serde_json::to_string(&row).unwrap();
        assert!(
            json.contains(r#""reason":"duplicate dossier id (first seen on line 1)""#),
            "{json}"
        );
        let back: RejectedRow = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_string(), row.to_string());
        assert_eq!(
            row.in_lang(Lang::Vi).to_string(),
            "dòng 2, cột id, hồ sơ A1: mã hồ sơ bị trùng (đã gặp ở dòng 1) (giá trị \"A1\")"
        );
    }
}
