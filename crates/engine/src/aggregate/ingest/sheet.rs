//! Spreadsheet exports as one-stop systems write them: the sheet is chosen (by name, number,
//! or the first whose header is recognised), the header row is found below a title block,
//! a two-row merged header is joined, date cells are read as Excel serials (1900 or 1904
//! system) or as text, totals and footer rows are skipped — and every such decision is
//! recorded in the ingest report ([`SheetReport`]). Rows are streamed (XLSX: [`super::xlsx`];
//! legacy `.xls`, `.xlsb`, `.ods`: calamine's in-memory range) and only the columns in use
//! are converted.

use std::io::{Read, Seek};
use std::path::Path;

use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};
use minhbach_model::text::fold;

use super::row::RowErr;
use super::schema::{ColumnMapping, Field, Schema};
use super::stream::{Mode, Occurrence, Sink};
use super::xlsx::{self, XResult};
use super::{bad, collect, FileReason, RowParser};
use super::{DuplicateCheck, Job};
use crate::aggregate::aggregation::Aggregation;
use crate::aggregate::classify::Prepared;
use crate::aggregate::ingest_report::{RowReason, SheetReport};
use crate::EngineError;

/// How many rows above the header a title block may take.
pub(crate) const MAX_TITLE_ROWS: usize = 20;

/// The value of a cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Val {
    /// Text (the cell's text is in the row buffer).
    Text,
    /// A number in a non-date format.
    Number(f64),
    /// A number in a date format: an Excel serial.
    Date(f64),
    /// A date cell that the reader already wrote as text (calamine's legacy readers apply
    /// the workbook's date system themselves); reported as a serial date like [`Val::Date`].
    DateText,
    /// An error value (`#REF!`, `#N/A` …).
    Error,
}

/// One cell of a row: its column (0-based), value and text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CellVal {
    pub col: u32,
    pub val: Val,
    start: usize,
    end: usize,
}

/// One row as read: its index (0-based) and the cells asked for.
#[derive(Debug, Default)]
pub(crate) struct SheetRow {
    pub index: u32,
    pub cells: Vec<CellVal>,
    /// Cells with content in columns not asked for.
    pub skipped: u32,
    text: String,
}

impl SheetRow {
    pub(crate) fn clear(&mut self) {
        self.cells.clear();
        self.text.clear();
        self.skipped = 0;
    }

    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    pub(crate) fn push_text(&mut self, col: u32, val: Val, s: &str) {
        let start = self.text.len();
        self.text.push_str(s);
        self.cells.push(CellVal {
            col,
            val,
            start,
            end: self.text.len(),
        });
    }

    /// Replaces Excel's `_xHHHH_` escapes in the last cell's text (pushed from `from`).
    pub(crate) fn unescape_last(&mut self, from: usize) {
        xlsx::unescape_excel(&mut self.text, from);
        if let Some(c) = self.cells.last_mut() {
            c.end = self.text.len();
        }
    }

    pub(crate) fn text(&self, c: &CellVal) -> &str {
        self.text.get(c.start..c.end).unwrap_or("")
    }

    fn get(&self, col: u32) -> Option<&CellVal> {
        self.cells.iter().find(|c| c.col == col)
    }

    /// The row as header texts, one per column up to its last cell.
    fn dense(&self, date_system: DateSystem) -> Vec<String> {
        let width = self.cells.iter().map(|c| c.col + 1).max().unwrap_or(0) as usize;
        let mut out = vec![String::new(); width];
        for c in &self.cells {
            if let Some(slot) = out.get_mut(c.col as usize) {
                *slot = display(self, c, date_system).trim().to_string();
            }
        }
        out
    }

    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| self.text(c).trim().is_empty())
    }
}

/// Something that yields rows in order.
pub(crate) trait RowSource {
    /// Reads the next row that has an element in the file, keeping the cells of the columns
    /// `want` accepts; `false` at the end of the sheet.
    fn next_row(&mut self, want: &dyn Fn(u32) -> bool, row: &mut SheetRow) -> XResult<bool>;
}

/// The date system of a workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateSystem {
    /// Serial 1 is 1900-01-01 (with Excel's phantom 1900-02-29 as serial 60).
    S1900,
    /// Serial 0 is 1904-01-01 (old Mac workbooks).
    S1904,
}

/// Excel's last serial (9999-12-31) in each system.
const MAX_SERIAL_1900: f64 = 2_958_466.0;
const MAX_SERIAL_1904: f64 = 2_957_004.0;

/// An Excel serial as a date-time, rounded to the second; `Err` says why it is not one.
pub(crate) fn serial_datetime(v: f64, system: DateSystem) -> Result<NaiveDateTime, RowReason> {
    if !v.is_finite() {
        return Err(RowReason::SerialNotFinite {
            value: v.to_string(),
        });
    }
    let (min, max, base) = match system {
        DateSystem::S1900 => (1.0, MAX_SERIAL_1900, NaiveDate::from_ymd_opt(1899, 12, 30)),
        DateSystem::S1904 => (0.0, MAX_SERIAL_1904, NaiveDate::from_ymd_opt(1904, 1, 1)),
    };
    if v < min || v >= max {
        return Err(RowReason::SerialOutOfRange {
            value: v.to_string(),
            system: match system {
                DateSystem::S1900 => 1900,
                DateSystem::S1904 => 1904,
            },
        });
    }
    let mut days = v.floor() as i64;
    let mut secs = ((v - v.floor()) * 86_400.0).round() as i64;
    if secs >= 86_400 {
        days += 1;
        secs -= 86_400;
    }
    if system == DateSystem::S1900 {
        if days == 60 {
            return Err(RowReason::SerialLeapBug);
        }
        if days < 60 {
            days += 1;
        }
    }
    base.and_then(|b| b.and_hms_opt(0, 0, 0))
        .and_then(|b| b.checked_add_signed(Duration::days(days)))
        .and_then(|d| d.checked_add_signed(Duration::seconds(secs)))
        .ok_or_else(|| RowReason::SerialOutsideCalendar {
            value: v.to_string(),
        })
}

/// A number as a CSV export would write it (`12`, not `12.0`).
fn number_text(n: f64, raw: &str) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else if n.is_finite() {
        n.to_string()
    } else {
        raw.to_string()
    }
}

/// A serial as text: `YYYY-MM-DD` for a whole day, else `YYYY-MM-DDTHH:MM:SS`.
fn serial_text(v: f64, system: DateSystem) -> Result<String, RowReason> {
    let mut out = String::with_capacity(19);
    push_serial(&mut out, v, system, false)?;
    Ok(out)
}

/// Appends a serial as [`serial_text`] writes it (`date_only`: the day alone), digit by digit:
/// a formatter per date cell was a tenth of the time of reading a workbook.
fn push_serial(
    out: &mut String,
    v: f64,
    system: DateSystem,
    date_only: bool,
) -> Result<(), RowReason> {
    use chrono::Datelike;
    let d = serial_datetime(v, system)?;
    let push = |out: &mut String, n: u32, width: u32| {
        for p in (0..width).rev() {
            let digit = (n / 10u32.pow(p)) % 10;
            out.push(char::from(b'0' + digit as u8));
        }
    };
    // Excel's calendar ends in 9999 and starts in 1900: four-digit years
    push(out, d.year().unsigned_abs(), 4);
    out.push('-');
    push(out, d.month(), 2);
    out.push('-');
    push(out, d.day(), 2);
    let secs = d.num_seconds_from_midnight();
    if !date_only && secs != 0 {
        out.push('T');
        push(out, secs / 3600, 2);
        out.push(':');
        push(out, secs / 60 % 60, 2);
        out.push(':');
        push(out, secs % 60, 2);
    }
    Ok(())
}

/// The text of a cell as a reader sees it (dates as ISO text when valid).
fn display(row: &SheetRow, c: &CellVal, system: DateSystem) -> String {
    match c.val {
        Val::Text | Val::DateText | Val::Error => row.text(c).to_string(),
        Val::Number(n) => number_text(n, row.text(c)),
        Val::Date(n) => serial_text(n, system).unwrap_or_else(|_| row.text(c).to_string()),
    }
}

/// Which part of a value a physical column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Whole,
    /// The date of a date-time split over two columns ("Ngày" under "Ngày tiếp nhận").
    Date,
    /// The time of day of a split date-time ("Giờ").
    Time,
}

/// The columns as the parser sees them: names, and for each the physical columns it joins.
#[derive(Debug, Clone)]
struct HeaderColumns {
    headers: Vec<String>,
    parts: Vec<Vec<(u32, Part)>>,
    /// How two-row headers were joined ("Hồ sơ / Mã → Mã hồ sơ").
    joined: Vec<String>,
}

impl HeaderColumns {
    fn single(headers: Vec<String>) -> HeaderColumns {
        let parts = (0..headers.len() as u32)
            .map(|c| vec![(c, Part::Whole)])
            .collect();
        HeaderColumns {
            headers,
            parts,
            joined: Vec::new(),
        }
    }
}

const DATE_FIELDS: [Field; 5] = [
    Field::ReceivedAt,
    Field::DueAt,
    Field::ResolvedAt,
    Field::PauseStart,
    Field::PauseEnd,
];

fn is_date_field(f: Field) -> bool {
    DATE_FIELDS.contains(&f)
}

/// Joins a parent header row over a child row (merged cells: the parent's text is in its
/// first cell and spans the children to its right).
fn join_headers(parent: &[String], child: &[String], mapping: &ColumnMapping) -> HeaderColumns {
    let width = parent.len().max(child.len());
    let at = |v: &[String], i: usize| v.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
    let mut headers: Vec<String> = Vec::new();
    let mut parts: Vec<Vec<(u32, Part)>> = Vec::new();
    let mut joined = Vec::new();
    let mut span: Option<String> = None;
    // the virtual column of a split date-time, by parent
    let mut split: Vec<(String, usize)> = Vec::new();
    for i in 0..width {
        let (p_here, c) = (at(parent, i), at(child, i));
        let p = if !p_here.is_empty() {
            span = Some(p_here.clone());
            p_here
        } else if !c.is_empty() {
            span.clone().unwrap_or_default()
        } else {
            span = None;
            String::new()
        };
        let col = i as u32;
        if p.is_empty() || c.is_empty() {
            let name = if c.is_empty() { p } else { c };
            headers.push(name);
            parts.push(vec![(col, Part::Whole)]);
            continue;
        }
        let found = |s: &str| Field::for_header(s, mapping).map(|(f, _)| f);
        let child_first = format!("{c} {p}");
        let parent_first = format!("{p} {c}");
        let role = match fold(&c).as_str() {
            "ngay" | "date" | "ngay thang" | "ngay thang nam" => Some(Part::Date),
            "gio" | "time" | "thoi gian" | "gio phut" | "thoi diem" => Some(Part::Time),
            _ => None,
        };
        if found(&child_first).is_some() {
            joined.push(format!("{p} / {c} → {child_first}"));
            headers.push(child_first);
            parts.push(vec![(col, Part::Whole)]);
        } else if found(&parent_first).is_some() {
            joined.push(format!("{p} / {c} → {parent_first}"));
            headers.push(parent_first);
            parts.push(vec![(col, Part::Whole)]);
        } else if let (Some(role), Some(f)) = (role, found(&p)) {
            if !is_date_field(f) {
                headers.push(parent_first);
                parts.push(vec![(col, Part::Whole)]);
                continue;
            }
            joined.push(format!("{p} / {c} → {p} ({})", fold_part(role)));
            match split.iter().find(|(name, _)| *name == p) {
                Some((_, v)) => {
                    if let Some(list) = parts.get_mut(*v) {
                        list.push((col, role));
                    }
                }
                None => {
                    split.push((p.clone(), headers.len()));
                    headers.push(p);
                    parts.push(vec![(col, role)]);
                }
            }
        } else {
            headers.push(parent_first);
            parts.push(vec![(col, Part::Whole)]);
        }
    }
    HeaderColumns {
        headers,
        parts,
        joined,
    }
}

fn fold_part(p: Part) -> &'static str {
    match p {
        Part::Date => "date",
        Part::Time => "time of day",
        Part::Whole => "whole",
    }
}

/// The header found: where, and the layout.
struct FoundHeader {
    /// Position in the buffered rows of the (first) header row.
    at: usize,
    rows: usize,
    layout: HeaderColumns,
    schema: Schema,
}

/// Finds the header among the first rows: the first row (or pair of rows, when the next one
/// is a sub-header) whose names resolve to a schema. Else the resolution error of the row
/// that named the most columns.
fn find_header(
    rows: &[SheetRow],
    mapping: &ColumnMapping,
    name: &str,
    system: DateSystem,
) -> Result<FoundHeader, EngineError> {
    let mut best: Option<(usize, EngineError)> = None;
    for (i, r) in rows.iter().enumerate().take(MAX_TITLE_ROWS + 1) {
        let heads = r.dense(system);
        let single = Schema::resolve(&heads, mapping, name);
        let next = rows.get(i + 1).filter(|n| n.index == r.index + 1);
        if let Some(n) = next {
            let sub = n.dense(system);
            // a sub-header is text only, and has nothing under a one-row header's id column
            let texty = n.cells.iter().all(|c| c.val == Val::Text);
            let id_free = match &single {
                Ok(s) => s
                    .get(Field::Id)
                    .is_none_or(|c| sub.get(c).is_none_or(|t| t.is_empty())),
                Err(_) => true,
            };
            if texty && id_free && !n.is_blank() {
                let layout = join_headers(&heads, &sub, mapping);
                if let Ok(schema) = Schema::resolve(&layout.headers, mapping, name) {
                    let better = match &single {
                        Ok(s) => fields(&schema) > fields(s) || !layout.joined.is_empty(),
                        Err(_) => true,
                    };
                    if better {
                        return Ok(FoundHeader {
                            at: i,
                            rows: 2,
                            layout,
                            schema,
                        });
                    }
                }
            }
        }
        match single {
            Ok(schema) => {
                return Ok(FoundHeader {
                    at: i,
                    rows: 1,
                    layout: HeaderColumns::single(heads),
                    schema,
                })
            }
            Err(e) => {
                let named = heads
                    .iter()
                    .filter(|h| Field::for_header(h, mapping).is_some())
                    .count();
                if best.as_ref().is_none_or(|(n, _)| named > *n) {
                    best = Some((named, e));
                }
            }
        }
    }
    Err(best
        .map(|(_, e)| e)
        .unwrap_or_else(|| bad(name, FileReason::EmptyWorksheet)))
}

fn fields(s: &Schema) -> usize {
    Field::ALL.iter().filter(|f| s.get(**f).is_some()).count()
}

/// Whether a text marks a totals row ("Tổng cộng", "Tổng số", "Cộng", "Total").
fn is_totals(text: &str) -> bool {
    let f = fold(text);
    let f = f.trim_end_matches(':').trim();
    f.starts_with("tong cong")
        || f.starts_with("tong so")
        || f == "tong"
        || f == "cong"
        || f.starts_with("cong:")
        || f == "total"
        || f.starts_with("total ")
        || f.starts_with("grand total")
}

/// Whether a row numbers the columns (`1 2 3 …` or `(1) (2) (3) …`), as printed forms do
/// under the header.
fn is_column_numbers(row: &SheetRow, system: DateSystem) -> bool {
    let mut n = 0;
    for c in &row.cells {
        let t = display(row, c, system);
        let t = t.trim().trim_start_matches('(').trim_end_matches(')');
        if t.is_empty() {
            continue;
        }
        if t.parse::<u32>().is_err() {
            return false;
        }
        n += 1;
    }
    n >= 3
}

/// The sheet to read: by name, by number (1-based), or the first whose header is found.
fn choose(sheets: &[(String, String)], wanted: &str) -> Option<usize> {
    if let Some(i) = sheets.iter().position(|(n, _)| n == wanted) {
        return Some(i);
    }
    let f = fold(wanted);
    if let Some(i) = sheets.iter().position(|(n, _)| fold(n) == f) {
        return Some(i);
    }
    wanted
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=sheets.len()).contains(n))
        .map(|n| n - 1)
}

fn no_such_sheet(name: &str, wanted: &str, sheets: &[(String, String)]) -> EngineError {
    bad(
        name,
        FileReason::NoSuchSheet {
            wanted: wanted.to_string(),
            sheets: sheets.iter().map(|(n, _)| n.clone()).collect(),
        },
    )
}

/// Buffers the first rows of a sheet (every column), up to the title block and a two-row
/// header.
fn head_rows(src: &mut dyn RowSource, name: &str) -> Result<(Vec<SheetRow>, bool), EngineError> {
    let mut rows = Vec::new();
    loop {
        if rows.len() > MAX_TITLE_ROWS + 1 {
            return Ok((rows, false));
        }
        let mut r = SheetRow::default();
        if !src.next_row(&|_| true, &mut r).map_err(|e| bad(name, e))? {
            return Ok((rows, true));
        }
        if !r.is_blank() {
            rows.push(r);
        }
    }
}

/// Aggregates the rows of a sheet whose header was found among the buffered `head` rows
/// (`ended`: the sheet has no more rows).
fn aggregate_rows(
    src: &mut dyn RowSource,
    head: Vec<SheetRow>,
    ended: bool,
    found: FoundHeader,
    ctx: &SheetContext<'_>,
    mut report: SheetReport,
) -> Result<Pass, EngineError> {
    let (query, name, system) = (ctx.query, ctx.name, ctx.system);
    let FoundHeader {
        at,
        rows: header_rows,
        layout,
        schema,
    } = found;
    let header_index = head.get(at).map_or(0, |r| r.index);
    report.header_row = u64::from(header_index) + 1;
    report.header_rows = header_rows as u64;
    report.title_rows = at as u64;
    report.joined_headers = layout.joined.clone();
    let parser = RowParser {
        schema: schema.clone(),
        group_by: query.group_by.clone(),
        max_field: query.limits.max_field_bytes,
        max_groups: query.limits.max_groups,
    };
    let p = Prepared::new(query);
    let mode = if ctx.every {
        Mode::Every
    } else if query.duplicates == DuplicateCheck::Off {
        Mode::Aggregate(None)
    } else {
        Mode::Exact(super::stream::IdSet::default())
    };
    let mut sink = Sink::new(&parser, &p, Some(name), mode, query.max_rejected_listed);
    // The virtual columns in use, and the physical columns they read.
    let used: Vec<(usize, Field)> = Field::ALL
        .iter()
        .filter_map(|f| schema.get(*f).map(|i| (i, *f)))
        .collect();
    let id_col = schema.get(Field::Id);
    let received_col = schema.get(Field::ReceivedAt);
    let mut wanted: Vec<u32> = used
        .iter()
        .flat_map(|(i, _)| layout.parts.get(*i).into_iter().flatten().map(|(c, _)| *c))
        .collect();
    // the first columns too: "Tổng cộng" is usually written there
    wanted.extend(0..3);
    wanted.sort_unstable();
    wanted.dedup();
    let max_wanted = wanted.last().copied().unwrap_or(0);
    let mut mask = vec![false; max_wanted as usize + 1];
    for c in &wanted {
        if let Some(m) = mask.get_mut(*c as usize) {
            *m = true;
        }
    }
    let want = |c: u32| mask.get(c as usize).copied().unwrap_or(false);
    let n_cols = schema.n_cols;
    let mut texts: Vec<String> = vec![String::new(); n_cols];
    let mut after_totals = false;
    let mut first_data = true;
    let mut handle = |row: &SheetRow, sink: &mut Sink<'_>, report: &mut SheetReport| {
        for t in texts.iter_mut() {
            t.clear();
        }
        let mut fault: Option<RowErr> = None;
        let mut serials = 0u64;
        for (i, f) in &used {
            let (Some(slot), Some(parts)) = (texts.get_mut(*i), layout.parts.get(*i)) else {
                continue;
            };
            for (col, part) in parts {
                let Some(c) = row.get(*col) else { continue };
                // the piece is written after a separating space, taken back if it is empty
                let mark = slot.len();
                if !slot.is_empty() {
                    slot.push(' ');
                }
                let from = slot.len();
                match (c.val, part) {
                    (Val::Error, _) => {
                        fault.get_or_insert(RowErr {
                            column: Some(*f),
                            value: row.text(c).to_string(),
                            reason: RowReason::ErrorCell {
                                text: row.text(c).to_string(),
                            },
                        });
                    }
                    (Val::Text, _) => slot.push_str(row.text(c)),
                    (Val::DateText, _) => {
                        serials += 1;
                        slot.push_str(row.text(c));
                    }
                    (Val::Number(n) | Val::Date(n), Part::Whole | Part::Date)
                        if is_date_field(*f) || *part == Part::Date =>
                    {
                        let (v, date_only) = if *part == Part::Date {
                            (n.floor(), true)
                        } else {
                            (n, false)
                        };
                        match push_serial(slot, v, system, date_only) {
                            Ok(()) => serials += 1,
                            Err(reason) => {
                                slot.truncate(from);
                                fault.get_or_insert(RowErr {
                                    column: Some(*f),
                                    value: row.text(c).to_string(),
                                    reason,
                                });
                            }
                        }
                    }
                    (Val::Number(n) | Val::Date(n), Part::Time) => {
                        if !n.is_finite() || !(0.0..1.0).contains(&n.fract().abs()) {
                            slot.push_str(row.text(c));
                        } else {
                            serials += 1;
                            let s = (n.fract().abs() * 86_400.0).round() as u32;
                            let s = s.min(86_399);
                            use std::fmt::Write;
                            let _ =
                                write!(slot, "{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
                        }
                    }
                    (Val::Date(n), _) => {
                        if push_serial(slot, n, system, false).is_err() {
                            slot.truncate(from);
                            slot.push_str(row.text(c));
                        }
                    }
                    (Val::Number(n), _) => slot.push_str(&number_text(n, row.text(c))),
                }
                if slot.len() == from {
                    slot.truncate(mark);
                }
            }
        }
        let line = u64::from(row.index);
        let text_of = |f: Option<usize>| {
            f.and_then(|i| texts.get(i))
                .map_or("", |t: &String| t.trim())
        };
        let (id, received) = (text_of(id_col), text_of(received_col));
        let all_empty = fault.is_none() && texts.iter().all(|t| t.trim().is_empty());
        // A totals row: a "Tổng cộng" label, and no dossier id or no date of receipt.
        if (id.is_empty() || received.is_empty())
            && row
                .cells
                .iter()
                .any(|c| c.val == Val::Text && is_totals(row.text(c)))
        {
            report.totals_rows.push(line + 1);
            after_totals = true;
            return;
        }
        // After a totals row the table is over: rows without an id or a date of receipt are
        // signatures and notes.
        if all_empty || (after_totals && (id.is_empty() || received.is_empty())) {
            if after_totals {
                report.footer_rows += 1;
            } else if !row.is_blank() || row.skipped > 0 {
                report.rows_without_data += 1;
            }
            return;
        }
        report.serial_dates += serials;
        let cols: Vec<&[u8]> = texts.iter().map(|t| t.as_bytes()).collect();
        match fault {
            Some(e) => sink.reject_row(0, line, &cols, e),
            None => sink.row(0, line, &cols),
        }
    };
    let mut on_row = |r: &SheetRow, sink: &mut Sink<'_>, report: &mut SheetReport| {
        if first_data && is_column_numbers(r, system) {
            report.number_row = Some(u64::from(r.index) + 1);
            first_data = false;
            return;
        }
        first_data = false;
        handle(r, sink, report);
    };
    // the buffered rows after the header
    for r in head.iter().skip(at + header_rows) {
        on_row(r, &mut sink, &mut report);
    }
    drop(head);
    if !ended {
        in_batches(src, name, &want, |r| on_row(r, &mut sink, &mut report))?;
    }
    let occurrences = std::mem::take(&mut sink.occurrences)
        .into_iter()
        .map(|o| (1 + o.rel_line, o))
        .collect();
    super::check_groups(std::slice::from_ref(&sink), name, query)?;
    let mut agg = collect(vec![sink], query, &schema, 1);
    agg.report.rejected.truncate(query.max_rejected_listed);
    agg.report.sheets.push(report);
    if !ctx.every {
        agg.check()?;
    }
    Ok((agg, occurrences))
}

/// Rows per batch handed from the reading thread to the handling one.
const BATCH_ROWS: usize = 512;
/// Batches in flight between the two.
const BATCHES_QUEUED: usize = 4;

/// Reads the rest of a sheet's rows on this thread (decompression and XML, or calamine's
/// range) and hands them in batches to `f` on another: each side is about half of the work.
/// Rows reach `f` in order; batches are recycled, so memory is a few batches of rows.
fn in_batches(
    src: &mut dyn RowSource,
    name: &str,
    want: &dyn Fn(u32) -> bool,
    mut f: impl FnMut(&SheetRow) + Send,
) -> Result<(), EngineError> {
    use std::sync::mpsc;
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<Vec<SheetRow>>(BATCHES_QUEUED);
        let (empty_tx, empty_rx) = mpsc::channel::<Vec<SheetRow>>();
        let worker = scope.spawn(move || {
            for batch in full_rx {
                for r in &batch {
                    f(r);
                }
                // the reader may be gone (an error): nothing to recycle then
                let _ = empty_tx.send(batch);
            }
        });
        let mut result = Ok(());
        loop {
            let mut batch = empty_rx.try_recv().unwrap_or_default();
            let mut n = 0usize;
            let mut more = true;
            while n < BATCH_ROWS {
                if batch.len() <= n {
                    batch.push(SheetRow::default());
                }
                let Some(row) = batch.get_mut(n) else { break };
                match src.next_row(want, row) {
                    Ok(true) => n += 1,
                    Ok(false) => {
                        more = false;
                        break;
                    }
                    Err(e) => {
                        result = Err(bad(name, e));
                        more = false;
                        break;
                    }
                }
            }
            batch.truncate(n);
            if result.is_err() || (n > 0 && full_tx.send(batch).is_err()) || !more {
                break;
            }
        }
        drop(full_tx);
        if worker.join().is_err() && result.is_ok() {
            // a defect, like a stopped CSV worker (`stream::run`): an I/O error of the read
            result = Err(EngineError::Io {
                path: name.to_string(),
                source: std::io::Error::other(
                    "internal error: the thread handling the rows stopped",
                ),
            });
        }
        result
    })
}

/// What a sheet is read for.
struct SheetContext<'a> {
    query: &'a Job<'a>,
    name: &'a str,
    system: DateSystem,
    /// Keep every valid row as an occurrence (the ledger of a partial file).
    every: bool,
}

/// An aggregation and, for the ledger, the valid rows by spreadsheet row number.
type Pass = (Aggregation, Vec<(u64, Occurrence)>);

/// Reads the chosen (or first usable) sheet of a workbook.
fn aggregate_workbook(book: &mut dyn Book, ctx: &SheetContext<'_>) -> Result<Pass, EngineError> {
    let (query, name, system) = (ctx.query, ctx.name, ctx.system);
    let sheets = book.sheets();
    if sheets.is_empty() {
        return Err(bad(name, FileReason::NoWorksheet));
    }
    let report = |i: usize, skipped: Vec<String>| SheetReport {
        file: name.to_string(),
        sheet: sheets.get(i).map(|s| s.0.clone()).unwrap_or_default(),
        sheet_number: i as u64 + 1,
        sheets: sheets.iter().map(|s| s.0.clone()).collect(),
        sheets_without_header: skipped,
        date_system: if system == DateSystem::S1904 {
            1904
        } else {
            1900
        },
        ..SheetReport::default()
    };
    if let Some(wanted) = &query.sheet {
        let i = choose(&sheets, wanted).ok_or_else(|| no_such_sheet(name, wanted, &sheets))?;
        let mut src = book.open(i, name)?;
        let (head, ended) = head_rows(src.as_mut(), name)?;
        let found = find_header(&head, &query.columns, name, system)?;
        return aggregate_rows(src.as_mut(), head, ended, found, ctx, report(i, Vec::new()));
    }
    let mut first_err = None;
    let mut skipped = Vec::new();
    for i in 0..sheets.len() {
        let mut src = book.open(i, name)?;
        let (head, ended) = head_rows(src.as_mut(), name)?;
        match find_header(&head, &query.columns, name, system) {
            Ok(found) => {
                return aggregate_rows(src.as_mut(), head, ended, found, ctx, report(i, skipped))
            }
            Err(e) => {
                skipped.push(sheets.get(i).map(|s| s.0.clone()).unwrap_or_default());
                first_err.get_or_insert(e);
            }
        }
    }
    Err(first_err.unwrap_or_else(|| bad(name, FileReason::NoWorksheet)))
}

/// A workbook whose sheets can be read one at a time.
pub(crate) trait Book {
    /// The sheets: (name, part).
    fn sheets(&self) -> Vec<(String, String)>;
    /// A row source over sheet `i` (0-based).
    fn open(&mut self, i: usize, name: &str) -> Result<Box<dyn RowSource + '_>, EngineError>;
}

impl<R: Read + Seek> Book for xlsx::Workbook<R> {
    fn sheets(&self) -> Vec<(String, String)> {
        self.sheets.clone()
    }
    fn open(&mut self, i: usize, name: &str) -> Result<Box<dyn RowSource + '_>, EngineError> {
        let r = self.sheet(i).map_err(|e| bad(name, e))?;
        Ok(Box::new(r))
    }
}

/// Aggregates an XLSX (or XLSM) workbook, streaming its sheet.
pub(crate) fn aggregate_xlsx_stream<R: Read + Seek>(
    reader: R,
    query: &Job<'_>,
    name: &str,
    every: bool,
) -> Result<Pass, EngineError> {
    let mut wb = xlsx::Workbook::open(reader, query.limits.max_spreadsheet_bytes)
        .map_err(|e| bad(name, e))?;
    let system = if wb.is_1904 {
        DateSystem::S1904
    } else {
        DateSystem::S1900
    };
    let ctx = SheetContext {
        query,
        name,
        system,
        every,
    };
    aggregate_workbook(&mut wb, &ctx)
}

/// Rows of a calamine range (legacy `.xls`, `.xlsb`, `.ods`).
pub(crate) struct RangeRows {
    range: calamine::Range<calamine::Data>,
    next: usize,
}

impl RowSource for RangeRows {
    fn next_row(&mut self, want: &dyn Fn(u32) -> bool, row: &mut SheetRow) -> XResult<bool> {
        use calamine::Data;
        row.clear();
        let (r0, c0) = self.range.start().unwrap_or((0, 0));
        let Some(cells) = self.range.rows().nth(self.next) else {
            return Ok(false);
        };
        row.index = r0 + self.next as u32;
        self.next += 1;
        for (j, d) in cells.iter().enumerate() {
            let col = c0 + j as u32;
            if !want(col) {
                continue;
            }
            match d {
                Data::Empty => {}
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                    row.push_text(col, Val::Text, s)
                }
                Data::Int(i) => row.push_text(col, Val::Number(*i as f64), &i.to_string()),
                Data::Float(f) => row.push_text(col, Val::Number(*f), &f.to_string()),
                Data::Bool(b) => row.push_text(col, Val::Text, if *b { "true" } else { "false" }),
                Data::DateTime(dt) => {
                    let v = dt.as_f64();
                    if v.is_finite() && (1.0..MAX_SERIAL_1900).contains(&v) {
                        // calamine applies the workbook's date system
                        let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
                        let t = if (h, mi, s) == (0, 0, 0) {
                            format!("{y:04}-{mo:02}-{d:02}")
                        } else {
                            format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
                        };
                        row.push_text(col, Val::DateText, &t)
                    } else {
                        row.push_text(col, Val::Date(v), &v.to_string())
                    }
                }
                Data::Error(e) => row.push_text(col, Val::Error, &e.to_string()),
            }
        }
        Ok(true)
    }
}

/// Aggregates a legacy `.xls`, `.xlsb` or `.ods` workbook through calamine (held in memory;
/// these formats are bounded by the file-size limit).
pub(crate) fn aggregate_range_workbook(
    path: &Path,
    query: &Job<'_>,
    name: &str,
    every: bool,
) -> Result<Pass, EngineError> {
    use calamine::Reader;
    let wb = calamine::open_workbook_auto(path).map_err(|e| bad(name, xlsx::unreadable(e)))?;
    let sheets: Vec<(String, String)> = wb
        .sheet_names()
        .into_iter()
        .map(|n| (n.clone(), n))
        .collect();
    let mut book = RangeBook { wb, sheets };
    let ctx = SheetContext {
        query,
        name,
        system: DateSystem::S1900,
        every,
    };
    aggregate_workbook(&mut book, &ctx)
}

struct RangeBook {
    wb: calamine::Sheets<std::io::BufReader<std::fs::File>>,
    sheets: Vec<(String, String)>,
}

impl Book for RangeBook {
    fn sheets(&self) -> Vec<(String, String)> {
        self.sheets.clone()
    }
    fn open(&mut self, i: usize, name: &str) -> Result<Box<dyn RowSource + '_>, EngineError> {
        use calamine::Reader;
        let n = self.sheets.get(i).map(|s| s.0.clone()).unwrap_or_default();
        let range = self.wb.worksheet_range(&n).map_err(|e| {
            bad(
                name,
                FileReason::UnreadableWorksheet {
                    sheet: n.clone(),
                    detail: e.to_string(),
                },
            )
        })?;
        Ok(Box::new(RangeRows { range, next: 0 }))
    }
}
