//! How dossier files are read — the one home of reading options: the [`Reader`] builder
//! (columns, limits, duplicate check, rejected rows listed, sheet, bytes-read progress), the
//! [`Limits`] of every input, the [`DuplicateCheck`] and the [`ReadProgress`] count. What is counted is the [`Query`]'s business.

use std::io::{Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::row::RowParser;
use super::schema::{ColumnMapping, Schema};
use crate::aggregate::aggregation::Aggregation;
use crate::aggregate::ingest_report::IngestReport;
use crate::aggregate::query::Query;

/// How dossier files are read — which columns, what limits, how duplicate ids are found,
/// how many rejected rows are listed, which sheet — kept apart from the [`Query`], which says
/// what is counted. A builder: start from [`Reader::new`] (the defaults, which the free
/// functions [`aggregate_csv`](super::aggregate_csv), [`aggregate_file`](super::aggregate_file), … use) and call its `aggregate_*`
/// methods with a query.
///
/// ```
/// use minhbach_engine::aggregate::{ColumnMapping, DuplicateCheck, Field, Window, Query, Reader};
/// use minhbach_model::parse_datetime;
/// let t = |s| parse_datetime(s).unwrap();
/// let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") });
/// let reader = Reader::new()
///     .with_columns(ColumnMapping::new().map("Số biên nhận", Field::Id))
///     .with_duplicates(DuplicateCheck::Exact)
///     .with_max_rejected_listed(10);
/// let csv = "Số biên nhận,Ngày tiếp nhận\nX1,2021-03-01T08:00:00\nX1,2021-03-02T08:00:00\n";
/// let agg = reader.aggregate_csv_reader(csv.as_bytes(), "m.csv", &q).unwrap();
/// assert_eq!((agg.total().received(), agg.report.rows_rejected), (1, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Reader {
    /// Extra header → column mappings for files whose headers are not recognised.
    pub columns: ColumnMapping,
    /// Resource limits.
    pub limits: Limits,
    /// Duplicate-id detection (default [`DuplicateCheck::TwoPass`]).
    pub duplicates: DuplicateCheck,
    /// How many rejected rows the report lists (all are counted). Default 1000.
    pub max_rejected_listed: usize,
    /// The sheet of a workbook to read, by name or number (1-based); `None`: the first
    /// sheet whose header is found.
    pub sheet: Option<String>,
    /// A counter of the input bytes read, for a progress bar (not serialised).
    #[serde(skip)]
    pub progress: Option<ReadProgress>,
}

impl Default for Reader {
    fn default() -> Self {
        Reader {
            columns: ColumnMapping::default(),
            limits: Limits::default(),
            duplicates: DuplicateCheck::TwoPass,
            max_rejected_listed: 1000,
            sheet: None,
            progress: None,
        }
    }
}

impl Reader {
    /// The default reader.
    pub fn new() -> Reader {
        Reader::default()
    }

    /// Sets a header → column mapping.
    pub fn with_columns(mut self, mapping: ColumnMapping) -> Reader {
        self.columns = mapping;
        self
    }

    /// Sets the resource limits.
    pub fn with_limits(mut self, limits: Limits) -> Reader {
        self.limits = limits;
        self
    }

    /// Sets duplicate detection.
    pub fn with_duplicates(mut self, check: DuplicateCheck) -> Reader {
        self.duplicates = check;
        self
    }

    /// Sets how many rejected rows are listed.
    pub fn with_max_rejected_listed(mut self, n: usize) -> Reader {
        self.max_rejected_listed = n;
        self
    }

    /// Reads sheet `sheet` (a name, or a number from 1) of workbooks.
    pub fn with_sheet(mut self, sheet: impl Into<String>) -> Reader {
        self.sheet = Some(sheet.into());
        self
    }

    /// Counts the input bytes read in `progress` ([`ReadProgress`]).
    pub fn with_progress(mut self, progress: ReadProgress) -> Reader {
        self.progress = Some(progress);
        self
    }

    /// The reader applied to a query.
    pub(crate) fn job<'a>(&'a self, query: &'a Query) -> Job<'a> {
        Job {
            query,
            columns: self.columns.clone(),
            limits: self.limits,
            duplicates: self.duplicates,
            max_rejected_listed: self.max_rejected_listed,
            sheet: &self.sheet,
            progress: self.progress.as_ref(),
        }
    }
}

/// A shared count of the input bytes a [`Reader`] has read so far, summed over every file it
/// aggregates: poll [`ReadProgress::bytes`] from another thread (a progress bar) while the
/// reader works. CSV files and XLSX workbooks are counted as their bytes are read (the first
/// pass: the duplicate check's second pass over a CSV file is not counted again), so a file
/// ends at about its size; spreadsheets read through calamine (`.xls`, `.xlsb`, `.ods`) are
/// counted all at once when read. Clones share the count.
///
/// ```
/// use minhbach_engine::aggregate::{Query, ReadProgress, Reader, Window};
/// use minhbach_model::parse_datetime;
/// let t = |s| parse_datetime(s).unwrap();
/// let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") });
/// let progress = ReadProgress::new();
/// let reader = Reader::new().with_progress(progress.clone());
/// let csv = "id,received_at\nX1,2021-03-01T08:00:00\n";
/// reader.aggregate_csv_reader(csv.as_bytes(), "m.csv", &q).unwrap();
/// assert_eq!(progress.bytes(), csv.len() as u64);
/// ```
#[derive(Debug, Clone, Default)]
pub struct ReadProgress(Arc<AtomicU64>);

impl ReadProgress {
    /// A count at zero.
    pub fn new() -> ReadProgress {
        ReadProgress::default()
    }

    /// The bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }
}

/// Two handles are equal when they share one count.
impl PartialEq for ReadProgress {
    fn eq(&self, other: &ReadProgress) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for ReadProgress {}

/// A reader that adds the bytes it reads to a [`ReadProgress`] (when there is one).
pub(crate) struct ProgressReader<'p, R> {
    pub inner: R,
    pub progress: Option<&'p ReadProgress>,
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(p) = self.progress {
            p.add(n as u64);
        }
        Ok(n)
    }
}

impl<R: Seek> Seek for ProgressReader<'_, R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// How duplicate dossier ids are detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateCheck {
    /// Exact: every id kept in a hash set (memory grows with the number of rows, about
    /// 40 bytes + the id length per row). Default for in-memory data.
    Exact,
    /// Exact with bounded memory, for files: the main pass keeps a 52-bit fingerprint of
    /// every id (about 5 bytes per id, up to 56 MiB — about 11M ids — beyond which it falls
    /// back to a blocked Bloom filter of at most 16 MiB); a second pass over the id column
    /// confirms the candidates on the ids themselves, and runs only when there are any
    /// (true duplicates, or rarely a fingerprint collision). The default for files.
    TwoPass,
    /// No check: the caller guarantees unique ids.
    Off,
}

/// Resource limits for reading untrusted files: a file that exceeds one gets a clear error
/// (or, for one field, its row rejected) instead of exhausting memory. The defaults suit
/// one-stop exports; raise them with [`Reader::with_limits`] for
/// unusual data. This is the one
/// home of every input limit of the workspace: the report bundle reader and the CLI use
/// [`Limits::max_auxiliary_bytes`] and [`Limits::max_report_text_bytes`] too.
///
/// ```
/// use minhbach_engine::aggregate::Limits;
/// let l = Limits::default();
/// assert_eq!((l.max_record_bytes, l.max_field_bytes), (8 << 20, 64 << 10));
/// assert_eq!(l.max_spreadsheet_bytes, 512 << 20);
/// assert_eq!((l.max_auxiliary_bytes, l.max_groups), (64 << 20, 2_000_000));
/// let bigger = Limits { max_field_bytes: 1 << 20, ..Limits::default() };
/// assert!(bigger.max_field_bytes > l.max_field_bytes);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Longest CSV record (the header row or one data row, quoted newlines included), in
    /// bytes. A longer one — typically an unbalanced quote `"` that swallows the rest of the
    /// file, or a file that is not CSV — stops the run with an error naming its first line.
    /// Default 8 MiB.
    pub max_record_bytes: usize,
    /// Longest field, in bytes. A row with a longer field is rejected (listed with its line
    /// and column); the other rows are still counted. Default 64 KiB.
    pub max_field_bytes: usize,
    /// Largest total decompressed size of a spreadsheet's parts (XLSX / ODS are zip
    /// archives), and largest file size for other spreadsheet formats, in bytes. The sizes
    /// an archive declares are checked first, and every byte actually decompressed is
    /// counted (XLSX while it is read, other zip formats before they are parsed), so a zip
    /// bomb is refused whatever sizes its headers declare. Default 512 MiB.
    pub max_spreadsheet_bytes: u64,
    /// Largest auxiliary file read whole into memory, in bytes: every file of a report
    /// bundle but the dossiers (report.toml, registers, catalogues, portal statistics,
    /// checklists, targets), procedure catalogues, calendar schedules, index definitions and
    /// unit data. A larger file (or `/dev/zero`) is refused after reading at most this many
    /// bytes. Default 64 MiB.
    pub max_auxiliary_bytes: u64,
    /// Largest number of distinct groups (rows of the table) one aggregation may hold; one
    /// more stops the run with an error instead of exhausting memory. Default 2,000,000.
    pub max_groups: usize,
    /// Largest report text after `{placeholders}` are expanded, in bytes (used by
    /// `minhbach-report`): a `report.toml` repeating a long placeholder thousands of times is
    /// refused instead of growing without bound. Default 64 MiB.
    pub max_report_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_record_bytes: 8 << 20,
            max_field_bytes: 64 << 10,
            max_spreadsheet_bytes: 512 << 20,
            max_auxiliary_bytes: 64 << 20,
            max_groups: 2_000_000,
            max_report_text_bytes: 64 << 20,
        }
    }
}

/// A [`Reader`] applied to a [`Query`]: what the readers below work from. It dereferences to
/// the query and holds the reading options as fields.
pub(crate) struct Job<'a> {
    query: &'a Query,
    pub columns: ColumnMapping,
    pub limits: Limits,
    pub duplicates: DuplicateCheck,
    pub max_rejected_listed: usize,
    pub sheet: &'a Option<String>,
    pub progress: Option<&'a ReadProgress>,
}

impl std::ops::Deref for Job<'_> {
    type Target = Query;
    fn deref(&self) -> &Query {
        self.query
    }
}

impl<'a> Job<'a> {
    /// `reader`, counting the bytes it reads in [`Reader::progress`].
    pub(crate) fn counted<R>(&self, reader: R) -> ProgressReader<'a, R> {
        ProgressReader {
            inner: reader,
            progress: self.progress,
        }
    }

    /// Adds `n` bytes read at once to [`Reader::progress`].
    pub(crate) fn count(&self, n: u64) {
        if let Some(p) = self.progress {
            p.add(n);
        }
    }

    /// An empty aggregation listing at most `max_rejected_listed` rejected rows.
    pub(crate) fn empty(&self) -> Aggregation {
        let mut agg = Aggregation::empty(self.query);
        agg.report = IngestReport::new(self.max_rejected_listed);
        agg
    }

    /// The row parser of a file with `schema`.
    pub(crate) fn row_parser(&self, schema: Schema) -> RowParser {
        RowParser {
            schema,
            group_by: self.query.group_by.clone(),
            max_field: self.limits.max_field_bytes,
            max_groups: self.limits.max_groups,
        }
    }
}
