//! The ingest report: rows read, counted, rejected, and why.

use std::fmt;

use serde::{Deserialize, Serialize};

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
    pub reason: String,
}

impl fmt::Display for RejectedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}:")?;
        }
        write!(f, "line {}", self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column {c}")?;
        }
        if let Some(id) = &self.id {
            write!(f, ", dossier {id}")?;
        }
        write!(f, ": {} (value {:?})", self.reason, self.value)
    }
}

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
