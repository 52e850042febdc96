//! Reading dossier exports (CSV, XLSX) into aggregations.

mod idset;
mod reader;
mod reason;
mod row;
mod schema;
mod sheet;
mod stream;
mod xlsx;

use std::collections::{BTreeMap, HashSet};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

pub(crate) use reader::Job;
use reader::ProgressReader;
pub use reader::{DuplicateCheck, Limits, ReadProgress, Reader};
pub use reason::{FileReason, XmlFault};
pub use schema::{ColumnMapping, Field};

use self::idset::{Candidates, FilterBatch, FilterTuning, IdFilter};
use self::row::RowParser;
use self::schema::Schema;
use self::stream::{block_starts, run, FxMap, Mode, Sink};
use super::aggregation::{Aggregation, Aggregator};
use super::classify::Prepared;
use super::codes::is_counted;
use super::counts::{Column, Counts};
use super::ingest_report::{RejectedRow, RowReason};
use super::query::Query;
use crate::EngineError;

/// Where the rows come from: something that can be opened (twice, for the duplicate check).
trait Source {
    fn name(&self) -> &str;
    fn open(&self) -> Result<Box<dyn Read + '_>, EngineError>;
    fn len(&self) -> Option<u64>;
}

struct FileSource<'a> {
    path: &'a Path,
    name: String,
}

impl Source for FileSource<'_> {
    fn name(&self) -> &str {
        &self.name
    }
    fn open(&self) -> Result<Box<dyn Read + '_>, EngineError> {
        crate::files::open_regular(self.path, &self.name).map(|f| Box::new(f) as Box<dyn Read>)
    }
    fn len(&self) -> Option<u64> {
        std::fs::metadata(self.path).ok().map(|m| m.len())
    }
}

struct BytesSource<'a> {
    data: &'a [u8],
    name: &'a str,
}

impl Source for BytesSource<'_> {
    fn name(&self) -> &str {
        self.name
    }
    fn open(&self) -> Result<Box<dyn Read + '_>, EngineError> {
        Ok(Box::new(self.data))
    }
    fn len(&self) -> Option<u64> {
        Some(self.data.len() as u64)
    }
}

fn io_err(path: &str, source: std::io::Error) -> EngineError {
    EngineError::Io {
        path: path.to_string(),
        source,
    }
}

/// An error of the streaming reader: a limit (an `InvalidData` error carrying its
/// [`FileReason`]) is a bad file, anything else an I/O error.
fn stream_err(path: &str, e: std::io::Error) -> EngineError {
    match e.get_ref().and_then(|r| r.downcast_ref::<FileReason>()) {
        Some(reason) => bad(path, reason.clone()),
        None => io_err(path, e),
    }
}

fn bad(path: &str, reason: FileReason) -> EngineError {
    EngineError::BadFile {
        path: path.to_string(),
        reason,
    }
}

/// Says what a non-UTF-8 file probably is.
fn encoding_error(path: &str, sample: &[u8], at: usize) -> EngineError {
    let byte = sample.get(at).copied().unwrap_or(0);
    if sample.starts_with(&[0xff, 0xfe]) || sample.starts_with(&[0xfe, 0xff]) {
        let big_endian = sample.starts_with(&[0xfe, 0xff]);
        return bad(path, FileReason::Utf16 { big_endian });
    }
    let head = sample.get(..sample.len().min(4096)).unwrap_or(sample);
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in head.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    let nuls = even + odd;
    // UTF-16 text without a BOM: many NUL bytes (the high byte of ASCII characters), nearly
    // all on the same side of each 2-byte unit. Random bytes have few, on both sides.
    if nuls * 8 >= head.len() && even.max(odd) * 10 >= nuls * 9 {
        return bad(path, FileReason::NulBytes { count: nuls });
    }
    // Binary data: a NUL byte, or many control characters (text has tab, CR, LF and form
    // feed only). The first byte that cannot be text, or the first that is not UTF-8.
    let control = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f;
    let controls = head.iter().filter(|b| control(**b)).count();
    if nuls > 0 || controls * 20 > head.len() {
        let first = head
            .iter()
            .position(|b| control(*b))
            .map_or(at, |c| c.min(at));
        let line = sample
            .get(..first)
            .map_or(0, |b| memchr::memchr_iter(b'\n', b).count())
            + 1;
        return EngineError::NotText {
            path: path.to_string(),
            offset: first as u64,
            line: line as u64,
            byte: sample.get(first).copied().unwrap_or(0),
        };
    }
    let cp1258 = encoding_rs::WINDOWS_1258
        .decode_without_bom_handling_and_without_replacement(sample)
        .is_some();
    let line = sample
        .get(..at)
        .map_or(0, |b| memchr::memchr_iter(b'\n', b).count())
        + 1;
    bad(
        path,
        FileReason::NotUtf8 {
            line: line as u64,
            byte,
            offset: at as u64,
            cp1258,
        },
    )
}

/// Where the first record of `buf` ends (index after its `\n`), honouring quotes. The scan
/// resumes at `state.0` with the quote state `state.1` and leaves them where it stopped, so
/// a long header read chunk by chunk is scanned once (linear, not quadratic).
fn first_record_end(buf: &[u8], state: &mut (usize, bool)) -> Option<usize> {
    let (from, in_quotes) = state;
    for (i, c) in buf.iter().enumerate().skip(*from) {
        match c {
            b'"' => *in_quotes = !*in_quotes,
            b'\n' if !*in_quotes => return Some(i + 1),
            _ => {}
        }
    }
    *from = buf.len();
    None
}

/// Reads the header record; returns (headers, bytes read past it, physical lines it used).
fn read_header(
    reader: &mut dyn Read,
    path: &str,
    max_record: usize,
) -> Result<(Vec<String>, Vec<u8>, u64), EngineError> {
    let mut buf = Vec::new();
    let mut checked = false;
    let mut scan = (0usize, false);
    loop {
        let got = reader
            .take(64 << 10)
            .read_to_end(&mut buf)
            .map_err(|e| io_err(path, e))?;
        let cut = first_record_end(&buf, &mut scan);
        if !checked && (buf.len() >= 4096 || got == 0 || cut.is_some()) {
            checked = true;
            if buf.starts_with(&[0xff, 0xfe]) || buf.starts_with(&[0xfe, 0xff]) {
                return Err(encoding_error(path, &buf, 0));
            }
            if let Err(e) = std::str::from_utf8(&buf) {
                if e.error_len().is_some() || got == 0 {
                    return Err(encoding_error(path, &buf, e.valid_up_to()));
                }
            }
            // NUL bytes are valid UTF-8, but a header never holds one: UTF-16 without a BOM.
            let head = buf.get(..cut.unwrap_or(buf.len()).min(4096)).unwrap_or(b"");
            if let Some(nul) = memchr::memchr(0, head) {
                return Err(encoding_error(path, &buf, nul));
            }
        }
        let cut = match (cut, got) {
            (Some(c), _) => c,
            (None, 0) => buf.len(),
            (None, _) if buf.len() > max_record => {
                return Err(bad(path, FileReason::HeaderWithoutLineBreak { max_record }))
            }
            (None, _) => continue,
        };
        if buf.len() > max_record && cut > max_record {
            return Err(bad(
                path,
                FileReason::HeaderTooLong {
                    length: cut,
                    max_record,
                },
            ));
        }
        // A carriage return not followed by a line feed ends lines in classic Mac files;
        // read as one header line, every row after it would be lost.
        let header_bytes = buf.get(..cut).unwrap_or(b"");
        let bare_cr = header_bytes
            .windows(2)
            .any(|w| w.first() == Some(&b'\r') && w.get(1) != Some(&b'\n'))
            || (cut == buf.len() && header_bytes.last() == Some(&b'\r'));
        if bare_cr && memchr::memchr(b'"', header_bytes).is_none() {
            return Err(bad(path, FileReason::BareCarriageReturn));
        }
        if buf.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(bad(path, FileReason::Empty));
        }
        let header = buf.get(..cut).unwrap_or(b"");
        let header = header.strip_prefix(&[0xef, 0xbb, 0xbf]).unwrap_or(header);
        let lines = memchr::memchr_iter(b'\n', header).count() as u64;
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(header);
        let mut rec = csv::StringRecord::new();
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => return Err(bad(path, FileReason::NoHeaderRow)),
            Err(e) => {
                return Err(bad(
                    path,
                    FileReason::UnreadableHeader {
                        detail: e.to_string(),
                    },
                ))
            }
        }
        let headers: Vec<String> = rec.iter().map(|h| h.trim().to_string()).collect();
        let rest = buf.get(cut..).unwrap_or(b"").to_vec();
        return Ok((headers, rest, lines.max(1)));
    }
}

/// Collects the sinks of a run into an aggregation, emptying each sink as its groups move
/// into the aggregation so that the groups are not held twice (see [`move_groups`]).
fn collect(
    sinks: Vec<Sink<'_>>,
    query: &Job<'_>,
    schema: &Schema,
    first_data_line: u64,
) -> Aggregation {
    let mut agg = query.empty();
    let starts = block_starts(&sinks, first_data_line);
    let mut rejected: Vec<RejectedRow> = Vec::new();
    for mut s in sinks {
        agg.outside_period += s.outside;
        agg.report.rows_read += s.read;
        agg.report.rows_counted += s.counted;
        agg.report.rows_rejected += s.rejected_n;
        agg.report.invisible_chars_removed += s.invisible;
        for (b, rel, mut r) in std::mem::take(&mut s.rejected) {
            r.line = starts.get(&b).copied().unwrap_or(first_data_line) + rel;
            rejected.push(r);
        }
        move_groups(&mut s, &mut agg.groups);
    }
    rejected.sort_by_key(|r| r.line);
    rejected.truncate(query.max_rejected_listed);
    agg.report.rejected = rejected;
    agg.report.aliases_used = schema.aliases_used.clone();
    agg.report.ignored_columns = schema.ignored.clone();
    // Groups with nothing but zero counts cannot exist: every cell was created by a row.
    agg
}

/// Moves the groups of one worker into `groups` (adding the counts of a key both hold).
///
/// Memory: a group is held about once while it moves. The worker's cells are taken from the
/// end and its vectors shrunk as they empty (pages are only resident once written, so the
/// entries vector reserved in full grows in memory as the cells shrink); the entries are
/// sorted in place and built into a map with full nodes (`BTreeMap::from_iter` builds sorted
/// input in bulk, where inserting one at a time leaves nodes about half full), and
/// `BTreeMap::append` merges it with the groups so far, again into full nodes, freeing the
/// two maps' nodes as it goes. A key whose text was checked when its group was created
/// cannot fail here; if it did, its rows would be missing from the table and the
/// aggregation's identity check would refuse the run.
fn move_groups(s: &mut Sink<'_>, groups: &mut BTreeMap<Vec<String>, Counts>) {
    let (mut keys, mut cells) = s.take_groups();
    let mut entries: Vec<(Vec<String>, Counts)> = Vec::with_capacity(cells.len());
    while let Some(k) = keys.pop() {
        let Some(cell) = cells.pop() else { break };
        if let Ok(key) = s.parser.key_strings(&k) {
            entries.push((key, cell.counts()));
        }
        if cells.capacity() > 4096 && cells.len() < cells.capacity() - cells.capacity() / 8 {
            cells.shrink_to_fit();
            keys.shrink_to_fit();
        }
    }
    drop((keys, cells));
    // The keys of one worker are distinct.
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (key, counts) in &mut entries {
        if let Some(c) = groups.get(key) {
            counts.merge(c);
        }
    }
    // Values of `part` already include those of `groups` for the keys both hold.
    let mut part: BTreeMap<Vec<String>, Counts> = entries.into_iter().collect();
    groups.append(&mut part);
}

fn too_many_groups(name: &str, query: &Job<'_>) -> EngineError {
    EngineError::TooManyGroups {
        path: name.to_string(),
        limit: query.limits.max_groups,
    }
}

/// Stops a run in which a worker met more distinct groups than `Limits::max_groups` (it
/// stopped creating groups there, so memory stayed bounded).
fn check_groups(sinks: &[Sink<'_>], name: &str, query: &Job<'_>) -> Result<(), EngineError> {
    if sinks.iter().any(|s| s.too_many_groups) {
        return Err(too_many_groups(name, query));
    }
    Ok(())
}

fn workers() -> usize {
    rayon::current_num_threads().max(1)
}

fn aggregate_source(src: &dyn Source, query: &Job<'_>) -> Result<Aggregation, EngineError> {
    aggregate_source_tuned(src, query, FilterTuning::for_len(src.len()))
}

/// [`aggregate_source`] with the duplicate filter's knobs given (tests shrink them).
fn aggregate_source_tuned(
    src: &dyn Source,
    query: &Job<'_>,
    tuning: FilterTuning,
) -> Result<Aggregation, EngineError> {
    query.validate()?;
    let name = src.name();
    let p = Prepared::new(query);
    let mut reader = query.counted(src.open()?);
    let (headers, carry, header_lines) =
        read_header(&mut reader, name, query.limits.max_record_bytes)?;
    let schema = Schema::resolve(&headers, &query.columns, name)?;
    let parser = query.row_parser(schema.clone());
    let filter = match query.duplicates {
        DuplicateCheck::Off => None,
        _ => Some(IdFilter::new(tuning)),
    };
    let max = query.max_rejected_listed;
    let limits = (query.limits.max_record_bytes, header_lines + 1);
    let sinks = run(reader, carry, limits, workers(), || {
        Sink::new(
            &parser,
            &p,
            Some(name),
            Mode::Aggregate(filter.as_ref().map(FilterBatch::new)),
            max,
        )
    })
    .map_err(|e| stream_err(name, e))?;
    let first = header_lines + 1;
    check_groups(&sinks, name, query)?;
    let (stored, _) = filter
        .as_ref()
        .map_or((Vec::new(), false), |f| f.finish(workers()));
    let candidates = Candidates::new(
        sinks
            .iter()
            .flat_map(|s| s.candidates.iter().copied())
            .chain(stored),
        tuning.bits,
    );
    let mut agg = collect(sinks, query, &schema, first);
    if agg.groups.len() > query.limits.max_groups {
        return Err(too_many_groups(name, query));
    }
    if !candidates.is_empty() {
        remove_duplicates(src, query, &p, &parser, &candidates, first, &mut agg)?;
    }
    agg.check()?;
    Ok(agg)
}

/// Second pass: confirm candidate duplicates and take every occurrence after the first out
/// of the counts, into the rejected rows.
///
/// Each worker keeps, per candidate id, its earliest row, and takes every later row out of
/// the counts at once (`stream::Duplicates`); here the earliest rows of the workers are
/// compared, every one but the first of each id is taken out too, and the first
/// `max_rejected_listed` later rows in line order are listed. Memory grows with the
/// candidate ids and the groups, not with the rows that repeat an id.
fn remove_duplicates(
    src: &dyn Source,
    query: &Job<'_>,
    p: &Prepared,
    parser: &RowParser,
    candidates: &Candidates,
    first_data_line: u64,
    agg: &mut Aggregation,
) -> Result<(), EngineError> {
    let name = src.name();
    let mut reader = src.open()?;
    let (_, carry, _) = read_header(&mut reader, name, query.limits.max_record_bytes)?;
    let limits = (query.limits.max_record_bytes, first_data_line);
    let keep = query.max_rejected_listed;
    let mut sinks = run(reader, carry, limits, workers(), || {
        let mut s = Sink::new(parser, p, Some(name), Mode::Verify(candidates), 0);
        s.dups.keep = keep;
        s
    })
    .map_err(|e| stream_err(name, e))?;
    let starts = block_starts(&sinks, first_data_line);
    let line = |block: u64, rel: u64| starts.get(&block).copied().unwrap_or(0) + rel;
    // The first row of each id over all workers; the earliest rows of the other workers
    // are later rows, taken out below.
    let mut first: FxMap<&[u8], (u64, &stream::FirstSeen)> = FxMap::default();
    let mut later_firsts: Vec<(&[u8], &stream::FirstSeen)> = Vec::new();
    for s in &sinks {
        for (id, f) in &s.dups.firsts {
            let at = line(f.block, f.rel_line);
            match first.get_mut(id.as_ref()) {
                None => {
                    first.insert(id, (at, f));
                }
                Some(g) if at < g.0 => later_firsts.push((id, std::mem::replace(g, (at, f)).1)),
                Some(_) => later_firsts.push((id, f)),
            }
        }
    }
    // Those rows, as the workers took out theirs.
    let mut merged = stream::Duplicates {
        keep,
        ..stream::Duplicates::default()
    };
    for (id, f) in later_firsts {
        merged.take_out(
            p,
            id,
            stream::FirstSeen {
                block: f.block,
                rel_line: f.rel_line,
                found: f.found.clone(),
                key: f.key.clone(),
                code: f.code,
                rec: f.rec,
            },
        );
    }
    let first_line: FxMap<Box<[u8]>, u64> = first
        .into_iter()
        .map(|(id, (at, _))| (Box::from(id), at))
        .collect();
    let mut listed: Vec<(u64, stream::Later)> = Vec::new();
    let mut rows = 0u64;
    for d in sinks
        .iter_mut()
        .map(|s| &mut s.dups)
        .chain(std::iter::once(&mut merged))
    {
        rows += d.rows;
        for (key, cell) in d.minus.drain() {
            let Ok(key) = parser.key_strings(&key) else {
                continue;
            };
            if let Some(c) = agg.groups.get_mut(&key) {
                c.subtract(&cell.counts());
            }
        }
        agg.outside_period = agg.outside_period.saturating_sub(d.minus_outside);
        agg.report.rows_counted = agg.report.rows_counted.saturating_sub(d.taken_out);
        agg.report.rows_rejected += d.taken_out;
        d.trim();
        listed.extend(
            std::mem::take(&mut d.later)
                .into_iter()
                .map(|l| (line(l.block, l.rel_line), l)),
        );
    }
    agg.report.duplicate_candidates = rows;
    listed.sort_by_key(|(at, _)| *at);
    listed.truncate(keep);
    let rejected = listed.into_iter().map(|(at, l)| {
        let first = first_line.get(l.id.as_ref()).copied().unwrap_or(at);
        RejectedRow {
            file: Some(name.to_string()),
            line: at,
            id: Some(String::from_utf8_lossy(&l.id).into_owned()),
            column: Some("id".into()),
            value: String::from_utf8_lossy(&l.found).into_owned(),
            reason: RowReason::DuplicateId {
                first_line: Some(first),
            },
        }
    });
    agg.groups.retain(|_, c| *c != Counts::default());
    agg.report.rejected.extend(rejected);
    agg.report.rejected.sort_by_key(|r| r.line);
    agg.report.rejected.truncate(query.max_rejected_listed);
    Ok(())
}

fn path_name(path: &Path) -> String {
    path.display().to_string()
}

impl Reader {
    /// A row-by-row [`Aggregator`] for `query` that checks duplicate ids unless
    /// [`Reader::duplicates`] is [`DuplicateCheck::Off`] and lists at most
    /// [`Reader::max_rejected_listed`] rejected rows.
    pub fn aggregator(&self, query: &Query) -> Result<Aggregator, EngineError> {
        Aggregator::with_options(
            query,
            self.duplicates != DuplicateCheck::Off,
            self.max_rejected_listed,
        )
    }

    /// An empty aggregation of `query` listing at most [`Reader::max_rejected_listed`]
    /// rejected rows.
    pub fn empty(&self, query: &Query) -> Aggregation {
        self.job(query).empty()
    }

    /// Aggregates a dossier CSV file (design §5 format) for `query`, streaming: the file is
    /// read in 2 MiB blocks cut at record boundaries and parsed in parallel, so memory stays
    /// bounded (≈ 30 MiB with the duplicate check) whatever the file size. Rows that cannot be
    /// counted are listed in [`Aggregation::report`] with line, column, value and reason.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use minhbach_engine::aggregate::{aggregate_csv, GroupKey, Window, Query};
    /// use minhbach_model::parse_datetime;
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("dossiers.csv");
    /// std::fs::write(&path, "id,received_at,due_at,resolved_at,agency\n\
    ///     A1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-08T09:00:00,TP\n\
    ///     A2,2021-02-01T08:00:00,2021-02-31T17:00:00,,TP\n")?;
    /// let t = |s| parse_datetime(s).unwrap();
    /// let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") })
    ///     .group_by([GroupKey::Agency]);
    /// let agg = aggregate_csv(&path, &q)?;
    /// assert_eq!(agg.total().resolved_late, 1);
    /// let bad = &agg.report.rejected[0];
    /// assert_eq!((bad.line, bad.column.as_deref()), (3, Some("due_at")));
    /// # Ok(()) }
    /// ```
    pub fn aggregate_csv(
        &self,
        path: impl AsRef<Path>,
        query: &Query,
    ) -> Result<Aggregation, EngineError> {
        let path = path.as_ref();
        let src = FileSource {
            path,
            name: path_name(path),
        };
        aggregate_source(&src, &self.job(query))
    }

    /// Aggregates CSV data from any reader (read fully into memory first; use
    /// [`Reader::aggregate_csv`] for large files). `name` is used in errors and the report.
    pub fn aggregate_csv_reader(
        &self,
        mut reader: impl Read,
        name: &str,
        query: &Query,
    ) -> Result<Aggregation, EngineError> {
        let mut data = Vec::new();
        reader.read_to_end(&mut data).map_err(|e| io_err(name, e))?;
        aggregate_source(&BytesSource { data: &data, name }, &self.job(query))
    }

    /// Aggregates a CSV or spreadsheet file, chosen by extension (`.xlsx`, `.xlsm`, `.xls`,
    /// `.ods` are spreadsheets; anything else is CSV).
    pub fn aggregate_file(
        &self,
        path: impl AsRef<Path>,
        query: &Query,
    ) -> Result<Aggregation, EngineError> {
        let path = path.as_ref();
        if is_spreadsheet(path) {
            self.aggregate_xlsx(path, query)
        } else {
            self.aggregate_csv(path, query)
        }
    }

    /// Aggregates a spreadsheet export: XLSX/XLSM streamed row by row (memory: the
    /// shared-strings table plus one row), legacy `.xls`, `.xlsb` and `.ods` through calamine.
    /// The sheet is [`Reader::sheet`] or the first whose header is found; the header may sit below
    /// a title block of up to 20 rows and span two merged rows; date cells are read as Excel
    /// serials (1900 or 1904 system) or as text; totals and footer rows are skipped. Every such
    /// decision is in [`IngestReport::sheets`](crate::aggregate::IngestReport::sheets). Error
    /// cells (`#REF!`) and date serials outside Excel's calendar reject their row. Duplicate ids
    /// are checked exactly. Lines in the report are spreadsheet row numbers.
    pub fn aggregate_xlsx(
        &self,
        path: impl AsRef<Path>,
        query: &Query,
    ) -> Result<Aggregation, EngineError> {
        xlsx_pass(path.as_ref(), &self.job(query), false).map(|(agg, _)| agg)
    }

    /// Aggregates an XLSX (or XLSM) workbook from any seekable reader — an upload held in
    /// memory (`std::io::Cursor`), say — like [`Reader::aggregate_xlsx`]; `name` is used in errors and
    /// the report. Legacy `.xls` needs [`Reader::aggregate_xlsx`] with a path.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use minhbach_engine::aggregate::{aggregate_xlsx_reader, Window, Query};
    /// use minhbach_model::parse_datetime;
    /// let t = |s| parse_datetime(s).unwrap();
    /// let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") });
    /// let e = aggregate_xlsx_reader(std::io::Cursor::new(b"not a zip".to_vec()), "up.xlsx", &q);
    /// assert!(e.unwrap_err().to_string().contains("not a readable spreadsheet"));
    /// # Ok(()) }
    /// ```
    pub fn aggregate_xlsx_reader<R: Read + Seek>(
        &self,
        mut reader: R,
        name: &str,
        query: &Query,
    ) -> Result<Aggregation, EngineError> {
        let query = &self.job(query);
        query.validate()?;
        match check_size(&mut reader, name, query.limits.max_spreadsheet_bytes, false)? {
            SpreadsheetContainer::Zip => {
                sheet::aggregate_xlsx_stream(query.counted(reader), query, name, false)
                    .map(|(a, _)| a)
            }
            SpreadsheetContainer::Other => Err(bad(name, FileReason::NotXlsx)),
        }
    }

    /// Drill-down on a CSV file: the ids of the dossiers counted in one cell — the group
    /// whose key values (in `query.group_by` order) are `key`, and `column` — in file order.
    pub fn drill_down_csv(
        &self,
        path: impl AsRef<Path>,
        query: &Query,
        key: &[&str],
        column: Column,
    ) -> Result<Vec<String>, EngineError> {
        let query = &self.job(query);
        query.validate_drill_key(key)?;
        let path = path.as_ref();
        let src = FileSource {
            path,
            name: path_name(path),
        };
        let name = src.name();
        let p = Prepared::new(query);
        let mut reader = src.open()?;
        let (headers, carry, header_lines) =
            read_header(&mut reader, name, query.limits.max_record_bytes)?;
        let schema = Schema::resolve(&headers, &query.columns, name)?;
        let parser = query.row_parser(schema);
        let pred = |code: u8, k: &[String]| {
            column.matches(code) && k.len() == key.len() && k.iter().zip(key).all(|(a, b)| a == b)
        };
        let limits = (query.limits.max_record_bytes, header_lines + 1);
        let sinks = run(reader, carry, limits, workers(), || {
            Sink::new(&parser, &p, Some(name), Mode::Drill(&pred), 0)
        })
        .map_err(|e| stream_err(name, e))?;
        let starts = block_starts(&sinks, header_lines + 1);
        let mut found: Vec<(u64, String)> = sinks
            .iter()
            .flat_map(|s| s.drilled.iter())
            .map(|(b, rel, id)| (starts.get(b).copied().unwrap_or(0) + rel, id.clone()))
            .collect();
        found.sort();
        let mut seen = HashSet::new();
        Ok(found
            .into_iter()
            .filter(|(_, id)| seen.insert(id.clone()))
            .map(|(_, id)| id)
            .collect())
    }
}

/// Aggregates a dossier CSV file with the default [`Reader`] ([`Reader::aggregate_csv`]).
pub fn aggregate_csv(path: impl AsRef<Path>, query: &Query) -> Result<Aggregation, EngineError> {
    Reader::default().aggregate_csv(path, query)
}

/// Aggregates CSV data from any reader with the default [`Reader`]
/// ([`Reader::aggregate_csv_reader`]).
pub fn aggregate_csv_reader(
    reader: impl Read,
    name: &str,
    query: &Query,
) -> Result<Aggregation, EngineError> {
    Reader::default().aggregate_csv_reader(reader, name, query)
}

/// Aggregates a CSV or spreadsheet file with the default [`Reader`]
/// ([`Reader::aggregate_file`]).
pub fn aggregate_file(path: impl AsRef<Path>, query: &Query) -> Result<Aggregation, EngineError> {
    Reader::default().aggregate_file(path, query)
}

/// Aggregates a spreadsheet with the default [`Reader`] ([`Reader::aggregate_xlsx`]).
pub fn aggregate_xlsx(path: impl AsRef<Path>, query: &Query) -> Result<Aggregation, EngineError> {
    Reader::default().aggregate_xlsx(path, query)
}

/// Aggregates an XLSX workbook from a seekable reader with the default [`Reader`]
/// ([`Reader::aggregate_xlsx_reader`]).
pub fn aggregate_xlsx_reader<R: Read + Seek>(
    reader: R,
    name: &str,
    query: &Query,
) -> Result<Aggregation, EngineError> {
    Reader::default().aggregate_xlsx_reader(reader, name, query)
}

/// Drill-down on a CSV file with the default [`Reader`] ([`Reader::drill_down_csv`]).
pub fn drill_down_csv(
    path: impl AsRef<Path>,
    query: &Query,
    key: &[&str],
    column: Column,
) -> Result<Vec<String>, EngineError> {
    Reader::default().drill_down_csv(path, query, key, column)
}

/// Whether a path names a spreadsheet by its extension (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`,
/// `.ods`).
fn is_spreadsheet(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(
        ext.as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
    )
}

/// One dossier as a partial file records it: what [`aggregate_file`] counted for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LedgerRow {
    /// The dossier id (invisible characters removed).
    pub id: Vec<u8>,
    /// The values of the grouping keys.
    pub key: Vec<String>,
    /// The classification code (`classify`).
    pub code: u8,
    /// Seconds from receipt to resolution (resolved dossiers; 0 otherwise).
    pub secs: i64,
    /// Working days from receipt to resolution, when a calendar is known.
    pub wdays: Option<i64>,
}

/// The ledger of a file: one row per dossier that [`aggregate_file`] counts for `query` (in
/// the table or refused at reception) — valid rows only, once per id when the query checks
/// duplicates (the first occurrence, as the aggregation keeps it) — in file order. Summing
/// the rows per key gives the aggregation's groups exactly.
pub(crate) fn ledger_file(path: &Path, query: &Job<'_>) -> Result<Vec<LedgerRow>, EngineError> {
    query.validate()?;
    let p = Prepared::new(query);
    let mut occ = if is_spreadsheet(path) {
        xlsx_pass(path, query, true)?.1
    } else {
        let name = path_name(path);
        let src = FileSource {
            path,
            name: name.clone(),
        };
        let mut reader = src.open()?;
        let (headers, carry, header_lines) =
            read_header(&mut reader, &name, query.limits.max_record_bytes)?;
        let schema = Schema::resolve(&headers, &query.columns, &name)?;
        let parser = query.row_parser(schema);
        let limits = (query.limits.max_record_bytes, header_lines + 1);
        let sinks = run(reader, carry, limits, workers(), || {
            Sink::new(&parser, &p, Some(&name), Mode::Every, 0)
        })
        .map_err(|e| stream_err(&name, e))?;
        let starts = block_starts(&sinks, header_lines + 1);
        sinks
            .into_iter()
            .flat_map(|s| s.occurrences)
            .map(|o| (starts.get(&o.block).copied().unwrap_or(0) + o.rel_line, o))
            .collect()
    };
    occ.sort_by_key(|(line, _)| *line);
    let mut seen: HashSet<Vec<u8>> = HashSet::new();
    let check = query.duplicates != DuplicateCheck::Off;
    Ok(occ
        .into_iter()
        .filter(|(_, o)| !check || seen.insert(o.id.clone()))
        .filter(|(_, o)| is_counted(o.code))
        .map(|(_, o)| {
            let (secs, wdays) = p.processing(o.code, &o.rec);
            LedgerRow {
                id: o.id,
                key: o.key,
                code: o.code,
                secs,
                wdays,
            }
        })
        .collect())
}

/// Refuses a spreadsheet whose parts decompress to more than `max` bytes (a zip bomb), by
/// decompressing every part of the archive into a counter before calamine sees it; a file
/// that is not a zip archive (legacy `.xls`) is bounded by its size.
/// XLSX workbooks are not decompressed here: their streaming reader counts every byte it
/// inflates against the same limit (`xlsx::Budget`), so the sheet is decompressed once.
fn check_spreadsheet_size(
    path: &Path,
    name: &str,
    max: u64,
) -> Result<SpreadsheetContainer, EngineError> {
    let mut file = std::fs::File::open(path).map_err(|e| io_err(name, e))?;
    check_size(&mut file, name, max, !streamed(path))
}

/// [`check_spreadsheet_size`] on any seekable reader (left at its start); a zip archive is
/// decompressed into a counter only when `inflate` (formats read through calamine).
fn check_size<R: Read + Seek>(
    file: &mut R,
    name: &str,
    max: u64,
    inflate: bool,
) -> Result<SpreadsheetContainer, EngineError> {
    let mut magic = Vec::with_capacity(4);
    (&mut *file)
        .take(4)
        .read_to_end(&mut magic)
        .map_err(|e| io_err(name, e))?;
    if magic != b"PK\x03\x04" {
        let len = file.seek(SeekFrom::End(0)).map_err(|e| io_err(name, e))?;
        if len > max {
            return Err(bad(
                name,
                FileReason::SpreadsheetTooLarge { length: len, max },
            ));
        }
        if magic == [0xd0, 0xcf, 0x11, 0xe0] && is_encrypted(file, name)? {
            return Err(bad(name, FileReason::PasswordProtected));
        }
        file.seek(SeekFrom::Start(0)).map_err(|e| io_err(name, e))?;
        return Ok(SpreadsheetContainer::Other);
    }
    file.seek(SeekFrom::Start(0)).map_err(|e| io_err(name, e))?;
    if !inflate {
        return Ok(SpreadsheetContainer::Zip);
    }
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(&mut *file))
        .map_err(|e| bad(name, xlsx::unreadable(e)))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| bad(name, xlsx::unreadable(e)))?;
        let part_name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        let left = max.saturating_sub(total).saturating_add(1);
        let n = std::io::copy(&mut (&mut part).take(left), &mut std::io::sink()).map_err(|e| {
            bad(
                name,
                FileReason::CorruptPart {
                    part: part_name.clone(),
                    detail: e.to_string(),
                },
            )
        })?;
        total = total.saturating_add(n);
        if total > max {
            return Err(bad(
                name,
                FileReason::ZipBomb {
                    max,
                    part: part_name,
                },
            ));
        }
    }
    drop(zip);
    file.seek(SeekFrom::Start(0)).map_err(|e| io_err(name, e))?;
    Ok(SpreadsheetContainer::Zip)
}

/// What a spreadsheet file is.
enum SpreadsheetContainer {
    /// A zip archive (XLSX, XLSM, XLSB, ODS).
    Zip,
    /// Anything else (legacy `.xls`: an OLE compound file).
    Other,
}

/// Whether an OLE compound file is an encrypted Office document: it holds an
/// `EncryptedPackage` stream (the name is stored in UTF-16 in a directory sector).
fn is_encrypted<R: Read + Seek>(file: &mut R, name: &str) -> Result<bool, EngineError> {
    let pattern: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    file.seek(SeekFrom::Start(0)).map_err(|e| io_err(name, e))?;
    let mut data = Vec::new();
    file.read_to_end(&mut data).map_err(|e| io_err(name, e))?;
    Ok(memchr::memmem::find(&data, &pattern).is_some())
}

/// Reads the chosen worksheet: the aggregation, or with `every` the valid rows as
/// (spreadsheet row number, occurrence) for [`ledger_file`].
fn xlsx_pass(
    path: &Path,
    query: &Job<'_>,
    every: bool,
) -> Result<(Aggregation, Vec<(u64, stream::Occurrence)>), EngineError> {
    query.validate()?;
    let name = path_name(path);
    let kind = check_spreadsheet_size(path, &name, query.limits.max_spreadsheet_bytes)?;
    match kind {
        SpreadsheetContainer::Zip if streamed(path) => {
            let file = std::fs::File::open(path).map_err(|e| io_err(&name, e))?;
            // The ledger (`every`) reads a file a second time: only the first read counts.
            // Counted above the buffer: the bytes the zip reader asks for, not the buffer's
            // refills after each of its seeks.
            let counted = ProgressReader {
                inner: std::io::BufReader::new(file),
                progress: query.progress.filter(|_| !every),
            };
            sheet::aggregate_xlsx_stream(counted, query, &name, every)
        }
        _ => {
            let pass = sheet::aggregate_range_workbook(path, query, &name, every)?;
            if !every {
                query.count(std::fs::metadata(path).map_or(0, |m| m.len()));
            }
            Ok(pass)
        }
    }
}

/// Whether a zip-format spreadsheet is read by the streaming XLSX reader (not `.ods` or
/// `.xlsb`, which calamine reads).
fn streamed(path: &Path) -> bool {
    !is_ods(path)
}

fn is_ods(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("ods") || e.eq_ignore_ascii_case("xlsb"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{GroupKey, Window};
    use minhbach_model::parse_datetime;

    /// The progress count of a reader ends at the bytes of the files it read: a CSV file
    /// exactly its size (the duplicate check's second pass not counted again), two files
    /// their sum, an XLSX workbook close to its size; clones share the count.
    #[test]
    fn read_progress_counts_the_bytes_of_each_file_once() {
        let t = |s| parse_datetime(s).unwrap();
        let q = Query::new(Window {
            start: t("2021-01-01T00:00:00"),
            end: t("2021-06-30T23:59:59"),
        });
        let dir = tempfile::tempdir().unwrap();
        let mut csv = String::from("id,received_at,agency\n");
        for i in 0..5000 {
            // every 100th id repeats an earlier one: the second pass runs
            let id = if i % 100 == 99 { i - 50 } else { i };
            csv.push_str(&format!("D{id},2021-03-01T08:00:00,TP\n"));
        }
        let a = dir.path().join("a.csv");
        std::fs::write(&a, &csv).unwrap();
        let progress = ReadProgress::new();
        let reader = Reader::new().with_progress(progress.clone());
        let agg = reader.aggregate_file(&a, &q).unwrap();
        assert_eq!(agg.report.rows_rejected, 50, "the duplicates were checked");
        assert_eq!(progress.bytes(), csv.len() as u64);
        reader.aggregate_file(&a, &q).unwrap();
        assert_eq!(progress.bytes(), 2 * csv.len() as u64, "summed over files");

        let xlsx = dir.path().join("b.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (r, line) in csv.lines().enumerate() {
            for (c, v) in line.split(',').enumerate() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
        wb.save(&xlsx).unwrap();
        let size = std::fs::metadata(&xlsx).unwrap().len();
        let progress = ReadProgress::new();
        let agg = Reader::new()
            .with_progress(progress.clone())
            .aggregate_file(&xlsx, &q)
            .unwrap();
        assert_eq!(agg.report.rows_rejected, 50);
        let read = progress.bytes();
        assert!(
            read >= size * 9 / 10 && read <= size * 11 / 10,
            "{read} bytes counted for a {size}-byte workbook"
        );
        // a reader without a count reads the same
        let plain = Reader::new().aggregate_file(&xlsx, &q).unwrap();
        assert_eq!(plain.groups, agg.groups);
        assert_ne!(ReadProgress::new(), progress, "equal only when shared");
    }

    /// A file of several blocks with the id in the third column, duplicates spread over
    /// the blocks (some far apart, some ids three times), a short line and CRLF ends; the
    /// same file without the later occurrences; the lines of those.
    fn file_with_duplicates() -> (String, String, Vec<u64>) {
        let header = "agency,channel,id,received_at,due_at,resolved_at\r\n";
        let row = |i: u64, id: &str| {
            let day = 1 + i % 28;
            format!(
                "{},{},{id},2021-03-{day:02}T08:00:00,2021-03-{day:02}T17:00:00,2021-03-{:02}T09:00:00\r\n",
                ["TP", "YT", "VP"][(i % 3) as usize],
                ["online", "direct"][(i % 2) as usize],
                (day + i % 2).min(28),
            )
        };
        let n = 60_000u64;
        let dup_of = |i: u64| (i % 7_919 == 5).then_some(i / 3);
        let (mut with, mut without) = (String::from(header), String::from(header));
        let mut expected_lines = Vec::new();
        let mut line = 1u64;
        for i in 0..n {
            let r = row(i, &format!("H48.{i:08}"));
            with.push_str(&r);
            without.push_str(&r);
            line += 1;
            if let Some(j) = dup_of(i) {
                with.push_str(&row(i, &format!("H48.{j:08}")));
                line += 1;
                expected_lines.push(line);
            }
            if i % 20_000 == 7 {
                with.push_str(&row(i, "H48.00000001"));
                line += 1;
                expected_lines.push(line);
            }
            if i == 1_000 {
                with.push_str("TP,online\r\n");
                without.push_str("TP,online\r\n");
                line += 1;
            }
        }
        (with, without, expected_lines)
    }

    fn h1_by_agency() -> Query {
        Query::new(Window {
            start: parse_datetime("2021-01-01T00:00:00").unwrap(),
            end: parse_datetime("2021-06-30T23:59:59").unwrap(),
        })
        .group_by([GroupKey::Agency])
    }

    /// The two-pass check rejects exactly the later occurrences, and the counts equal those
    /// of the file without them.
    #[test]
    fn two_pass_finds_every_duplicate_across_blocks() {
        let (with, without, expected_lines) = file_with_duplicates();
        assert!(with.len() > 2 * stream::BLOCK, "several blocks");
        let q = h1_by_agency();
        let got = Reader::new()
            .with_duplicates(DuplicateCheck::TwoPass)
            .aggregate_csv_reader(with.as_bytes(), "d.csv", &q)
            .unwrap();
        let want = Reader::new()
            .with_duplicates(DuplicateCheck::Off)
            .aggregate_csv_reader(without.as_bytes(), "d.csv", &q)
            .unwrap();
        assert_eq!(got.groups, want.groups);
        assert_eq!(got.outside_period, want.outside_period);
        assert_eq!(got.report.rows_rejected, expected_lines.len() as u64 + 1);
        let dup_lines: Vec<u64> = got
            .report
            .rejected
            .iter()
            .filter(|r| matches!(r.reason, RowReason::DuplicateId { .. }))
            .map(|r| r.line)
            .collect();
        assert_eq!(dup_lines, expected_lines);
        assert!(!expected_lines.is_empty());
        // Exact fingerprints: the second pass saw only the rows of the repeated ids.
        let repeated_ids: HashSet<&Option<String>> = got
            .report
            .rejected
            .iter()
            .filter(|r| matches!(r.reason, RowReason::DuplicateId { .. }))
            .map(|r| &r.id)
            .collect();
        assert_eq!(
            got.report.duplicate_candidates,
            (repeated_ids.len() + dup_lines.len()) as u64
        );
    }

    /// Whatever the fingerprint (52 bits, or 6 bits where nearly every id collides) and
    /// whether the fingerprint store holds every id or falls back to the Bloom filter
    /// mid-file, the result is the same: every report field, every count, every listed row.
    #[test]
    fn collisions_and_the_store_fallback_give_the_same_result() {
        let (with, _, expected_lines) = file_with_duplicates();
        let q = h1_by_agency();
        let reader = Reader::new().with_max_rejected_listed(50);
        let job = reader.job(&q);
        let src = BytesSource {
            data: with.as_bytes(),
            name: "d.csv",
        };
        let default = FilterTuning::for_len(src.len());
        let base = aggregate_source_tuned(&src, &job, default).unwrap();
        assert_eq!(base.report.rows_rejected, expected_lines.len() as u64 + 1);
        // Room for the workers' partition tables (16 KiB each) and eight 64 KiB segments,
        // about 2,000 chunks of 4,096 partitions: the fallback comes after some thousand ids,
        // mid-file.
        let small = 4 * (1 << 14) + 8 * (1 << 16);
        for (bits, store_budget) in [(6, default.store_budget), (52, small), (6, small), (20, 0)] {
            let t = FilterTuning {
                bits,
                store_budget,
                bloom_bytes: 1 << 16,
            };
            let got = aggregate_source_tuned(&src, &job, t).unwrap();
            assert_eq!(got.groups, base.groups, "{t:?}");
            assert_eq!(got.outside_period, base.outside_period, "{t:?}");
            let mut report = got.report.clone();
            assert!(report.duplicate_candidates > base.report.duplicate_candidates);
            report.duplicate_candidates = base.report.duplicate_candidates;
            assert_eq!(report, base.report, "{t:?}");
        }
    }

    /// Invisible format characters are removed from ids and grouping values on every path
    /// (plain CSV, quoted CSV, XLSX), counted, and give the same figures as the clean data
    /// in memory.
    #[test]
    fn invisible_characters_are_removed_counted_and_agree_with_clean_data() {
        use crate::aggregate::DossierColumns;
        use minhbach_model::{Channel, Dossier, Outcome};
        let header = "id,received_at,due_at,resolved_at,agency,channel,outcome\n";
        let rows = [
            "G1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T09:00:00,TP,online,approved",
            // duplicate of G1 once the ZWSP is gone; agency with a trailing ZWJ is TP
            "G\u{200B}1,2021-03-01T08:00:00,,,TP\u{200D},direct,",
            "H2,2021-03-02T08:00:00,,,TP\u{200D},onl\u{00AD}ine,",
            "\u{FEFF}H3,2021-03-03T08:00:00,,,\u{202E}YT\u{202C},direct,",
            "H4,2021-03-04T08:00:00,,,Y\u{200B}T,tr\u{1EF1}c\u{200B} tuy\u{1EBF}n,",
        ];
        let plain = format!("{header}{}\n", rows.join("\n"));
        // the same rows with every field quoted (the quote-aware splitter)
        let quoted = format!(
            "{header}{}\n",
            rows.iter()
                .map(|r| r
                    .split(',')
                    .map(|f| format!("\"{f}\""))
                    .collect::<Vec<_>>()
                    .join(","))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let q = Query::new(Window {
            start: parse_datetime("2021-01-01T00:00:00").unwrap(),
            end: parse_datetime("2021-06-30T23:59:59").unwrap(),
        })
        .group_by([GroupKey::Agency]);
        let t = |s: &str| parse_datetime(s).unwrap();
        let d = |id: &str, recv: &str, agency: &str, channel: Channel| Dossier {
            id: id.into(),
            received_at: t(recv),
            procedure_code: None,
            agency: Some(agency.into()),
            field: None,
            level: None,
            online_level: None,
            channel,
            due_at: None,
            resolved_at: None,
            outcome: None,
            pauses: vec![],
        };
        let mut g1 = d("G1", "2021-02-01T08:00:00", "TP", Channel::Online);
        g1.due_at = Some(t("2021-02-05T17:00:00"));
        g1.resolved_at = Some(t("2021-02-03T09:00:00"));
        g1.outcome = Some(Outcome::Approved);
        // DossierColumns::from_dossiers takes built dossiers: given the clean values
        let clean = DossierColumns::from_dossiers(&[
            g1,
            d("H2", "2021-03-02T08:00:00", "TP", Channel::Online),
            d("H3", "2021-03-03T08:00:00", "YT", Channel::Direct),
            d("H4", "2021-03-04T08:00:00", "YT", Channel::Online),
        ])
        .aggregate(&q)
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let xlsx = dir.path().join("d.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for (r, line) in std::iter::once(header.trim_end()).chain(rows).enumerate() {
            for (c, v) in line.split(',').enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, v).unwrap();
                }
            }
        }
        wb.save(&xlsx).unwrap();
        let runs = [
            (
                "plain",
                aggregate_csv_reader(plain.as_bytes(), "d.csv", &q).unwrap(),
            ),
            (
                "quoted",
                aggregate_csv_reader(quoted.as_bytes(), "d.csv", &q).unwrap(),
            ),
            ("xlsx", aggregate_xlsx(&xlsx, &q).unwrap()),
        ];
        for (what, got) in runs {
            assert_eq!(got.groups, clean.groups, "{what}");
            assert_eq!(got.groups.len(), 2, "{what}: one TP and one YT group");
            assert_eq!(got.outside_period, clean.outside_period, "{what}");
            // ids G1 and H3, TP twice, online, YT twice, the Vietnamese channel: 8 values
            assert_eq!(got.report.invisible_chars_removed, 8, "{what}");
            assert_eq!(
                (
                    got.report.rows_read,
                    got.report.rows_counted,
                    got.report.rows_rejected
                ),
                (5, 4, 1),
                "{what}"
            );
            let r = &got.report.rejected[0];
            assert_eq!((r.line, r.id.as_deref()), (3, Some("G1")), "{what}");
            assert!(
                r.reason.to_string().starts_with("duplicate dossier id"),
                "{what}: {r}"
            );
            assert_eq!(r.value, "G\u{200B}1", "{what}: the value as found");
        }
        // the clean file reports nothing
        let none =
            aggregate_csv_reader(format!("{header}{}\n", rows[0]).as_bytes(), "d.csv", &q).unwrap();
        assert_eq!(none.report.invisible_chars_removed, 0);
        // merge adds the counts
        let mut a = crate::aggregate::IngestReport {
            invisible_chars_removed: 2,
            ..Default::default()
        };
        let b = crate::aggregate::IngestReport {
            invisible_chars_removed: 3,
            ..Default::default()
        };
        a.merge(&b);
        assert_eq!(a.invisible_chars_removed, 5);
    }

    #[test]
    fn online_level_groups_the_same_through_every_input() {
        use crate::aggregate::{Aggregator, DossierColumns};
        use minhbach_model::Dossier;
        // Row levels as exports spell them; empty rows take their procedure's level.
        let csv = "id,received_at,procedure_code,agency,Mức độ\n\
                   A1,2021-03-01T08:00:00,1.001,TP,Mức độ 4\n\
                   A2,2021-03-01T08:00:00,1.001,TP,4\n\
                   A3,2021-03-01T08:00:00,1.001,TP,\n\
                   A4,2021-03-01T08:00:00,1.002,TP,\n\
                   A5,2021-03-01T08:00:00,1.003,YT,\n\
                   A6,2021-03-01T08:00:00,1.003,YT,khác\n";
        let q = Query::new(Window {
            start: parse_datetime("2021-01-01T00:00:00").unwrap(),
            end: parse_datetime("2021-06-30T23:59:59").unwrap(),
        })
        .group_by([GroupKey::OnlineLevel])
        .with_online_levels(BTreeMap::from([
            ("1.001".to_string(), "Toàn trình".to_string()),
            ("1.002".to_string(), "một phần".to_string()),
        ]));
        let via_csv = aggregate_csv_reader(csv.as_bytes(), "l.csv", &q).unwrap();
        let rows: Vec<(String, u64)> = via_csv
            .groups
            .iter()
            .map(|(k, c)| (k.join("/"), c.received()))
            .collect();
        assert_eq!(
            rows,
            [
                (String::new(), 1),
                ("khác".into(), 1),
                ("một phần".into(), 1),
                ("mức độ 4".into(), 2),
                ("toàn trình".into(), 1),
            ]
        );
        let t = |s: &str| parse_datetime(s).unwrap();
        let ds: Vec<Dossier> = csv
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
                Dossier {
                    id: f[0].into(),
                    received_at: t(f[1]),
                    procedure_code: opt(f[2]),
                    agency: opt(f[3]),
                    field: None,
                    level: None,
                    online_level: opt(f[4]),
                    channel: minhbach_model::Channel::Direct,
                    due_at: None,
                    resolved_at: None,
                    outcome: None,
                    pauses: vec![],
                }
            })
            .collect();
        let mut a = Aggregator::new(&q).unwrap();
        a.extend(&ds);
        assert_eq!(a.finish().unwrap().groups, via_csv.groups);
        let cols = DossierColumns::from_dossiers(&ds);
        assert_eq!(cols.aggregate(&q).unwrap().groups, via_csv.groups);
        let by_both = q
            .clone()
            .group_by([GroupKey::Agency, GroupKey::OnlineLevel]);
        assert_eq!(
            cols.aggregate(&by_both).unwrap().groups,
            aggregate_csv_reader(csv.as_bytes(), "l.csv", &by_both)
                .unwrap()
                .groups
        );
    }
}
