//! Unit data: one row per unit, one column per indicator id.

use std::collections::HashSet;
use std::io::Read;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::reason::{UnitDataReason, UnitRowReason};
use crate::EngineError;

/// Raw indicator values for a set of units, stored by column.
///
/// Missing values are `None`. In CSV a missing value is an empty cell or `NA` / `N/A`
/// (any case); any other text that is not a decimal number is an error with line and column.
///
/// ```
/// use minhbach_engine::scoring::UnitTable;
/// let csv = "unit,on_time,online\nLý Sơn,97.5,40\nBình Sơn,88,\n";
/// let t = UnitTable::from_csv_reader(csv.as_bytes(), "demo.csv")?;
/// assert_eq!(t.units(), ["Lý Sơn", "Bình Sơn"]);
/// assert_eq!(t.value("Bình Sơn", "online"), Some(None));
/// # Ok::<(), minhbach_engine::EngineError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitTable {
    columns: Vec<String>,
    units: Vec<String>,
    /// `values[column][unit]`.
    values: Vec<Vec<Option<Decimal>>>,
}

/// A row of unit data left out: by [`UnitTable::from_csv_reader_lenient`] (a bad cell, an
/// empty or repeated unit name, a row of the wrong length) or by
/// [`CompiledIndex::score_lenient`](super::CompiledIndex::score_lenient) (a value outside
/// an indicator's domain, one normalisation cannot take, a missing value the index does
/// not allow). A dossier row left out is an [`aggregate::RejectedRow`](crate::aggregate::RejectedRow).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedUnitRow {
    /// 1-based line of the data file.
    pub line: u64,
    /// The unit named on the row (may be empty).
    pub unit: String,
    /// The column (header or indicator id) at fault, or empty.
    pub column: String,
    /// The offending value as written, or empty.
    pub value: String,
    /// Why the row was left out.
    pub reason: UnitRowReason,
}

/// What lenient reading of unit data found: rows read, rows left out with their reason, and
/// the line of each unit kept. Rows read = units kept + rows rejected; blank rows are not
/// rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitTableReport {
    /// Where the data came from (file name).
    pub source_name: String,
    /// Data rows read (the header and blank rows excluded).
    pub rows_read: u64,
    /// Rows left out, in line order.
    pub rejected: Vec<RejectedUnitRow>,
    /// `(unit, line)` of each unit kept, in table order.
    pub unit_lines: Vec<(String, u64)>,
}

impl UnitTableReport {
    /// The line a unit was read from.
    pub fn line_of(&self, unit: &str) -> Option<u64> {
        self.unit_lines
            .iter()
            .find(|(u, _)| u == unit)
            .map(|(_, l)| *l)
    }

    /// Leaves a unit out after reading: it moves from the kept units to the rejected rows.
    pub(crate) fn reject_unit(
        &mut self,
        unit: &str,
        column: String,
        value: String,
        reason: UnitRowReason,
    ) {
        let line = self.line_of(unit).unwrap_or(0);
        self.unit_lines.retain(|(u, _)| u != unit);
        self.rejected.push(RejectedUnitRow {
            line,
            unit: unit.to_string(),
            column,
            value,
            reason,
        });
        self.rejected.sort_by_key(|r| r.line);
    }
}

fn parse_cell(s: &str) -> Result<Option<Decimal>, UnitDataReason> {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("na") || t.eq_ignore_ascii_case("n/a") {
        return Ok(None);
    }
    let lower = t.to_ascii_lowercase();
    if matches!(
        lower.trim_start_matches(['+', '-']),
        "nan" | "inf" | "infinity"
    ) {
        return Err(UnitDataReason::NotFinite);
    }
    if t.contains(',') {
        return Err(UnitDataReason::DecimalComma);
    }
    Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .map(Some)
        .map_err(|_| match t.parse::<f64>() {
            // A number, but not one an exact decimal holds.
            Ok(x) if x.abs() >= 1.0 => UnitDataReason::NumberTooLarge,
            Ok(_) => UnitDataReason::TooManyDecimals,
            Err(_) => UnitDataReason::NotANumber,
        })
}

fn unit_data_error(
    source_name: &str,
    line: u64,
    column: usize,
    column_name: &str,
    value: &str,
    reason: UnitDataReason,
) -> EngineError {
    EngineError::UnitData {
        source_name: source_name.to_string(),
        line,
        column,
        column_name: column_name.to_string(),
        value: value.to_string(),
        reason,
    }
}

/// A CSV reader of a unit table with its header row; `flexible` lets rows of another length
/// through (the lenient reader rejects them itself), else the reader refuses them.
fn csv_reader<R: Read>(reader: R, flexible: bool) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(flexible)
        .from_reader(reader)
}

/// Reads the next row into `record`; `false` at the end. A row the CSV reader cannot read is
/// the file's error at that line: not UTF-8, another number of fields than the header, or
/// else `unreadable` of the reader's message.
fn next_record<R: Read>(
    rdr: &mut csv::Reader<R>,
    record: &mut csv::StringRecord,
    source_name: &str,
    unreadable: fn(String) -> UnitDataReason,
) -> Result<bool, EngineError> {
    rdr.read_record(record).map_err(|e| {
        let line = e.position().map_or(0, csv::Position::line);
        let reason = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => UnitDataReason::RowLength {
                fields: *len,
                expected: *expected_len,
            },
            csv::ErrorKind::Utf8 { .. } => UnitDataReason::NotUtf8,
            _ => unreadable(e.to_string()),
        };
        unit_data_error(source_name, line, 1, "", "", reason)
    })
}

/// Reads and checks the header `unit,<indicator id>,…`: the indicator columns.
fn read_header<R: Read>(
    rdr: &mut csv::Reader<R>,
    source_name: &str,
) -> Result<Vec<String>, EngineError> {
    let err = |column: usize, name: &str, reason: UnitDataReason| {
        unit_data_error(source_name, 1, column, name, name, reason)
    };
    let headers = rdr
        .headers()
        .map_err(|e| {
            err(
                1,
                "",
                UnitDataReason::HeaderUnreadable {
                    detail: e.to_string(),
                },
            )
        })?
        .clone();
    let first = headers
        .get(0)
        .map(|h| h.trim_start_matches('\u{feff}').trim())
        .unwrap_or("");
    if first != "unit" {
        return Err(err(1, first, UnitDataReason::FirstColumnNotUnit));
    }
    let mut columns = Vec::new();
    let mut seen = HashSet::new();
    for (i, h) in headers.iter().enumerate().skip(1) {
        let h = h.trim();
        if h.is_empty() {
            return Err(err(i + 1, h, UnitDataReason::EmptyColumnName));
        }
        if !seen.insert(h.to_string()) {
            return Err(err(i + 1, h, UnitDataReason::DuplicateColumn));
        }
        columns.push(h.to_string());
    }
    Ok(columns)
}

impl UnitTable {
    /// An empty table with the given indicator columns.
    pub fn new<I, S>(columns: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let columns: Vec<String> = columns.into_iter().map(Into::into).collect();
        let values = vec![Vec::new(); columns.len()];
        UnitTable {
            columns,
            units: Vec::new(),
            values,
        }
    }

    /// Adds a unit with one value per column (in column order).
    pub fn push_unit(
        &mut self,
        unit: impl Into<String>,
        values: Vec<Option<Decimal>>,
    ) -> Result<(), EngineError> {
        let unit = unit.into();
        if values.len() != self.columns.len() {
            return Err(EngineError::UnitData {
                source_name: "<table>".into(),
                line: self.units.len() as u64 + 2,
                column: values.len().min(self.columns.len()) + 1,
                column_name: unit.clone(),
                value: String::new(),
                reason: UnitDataReason::ValueCount {
                    values: values.len(),
                    columns: self.columns.len(),
                },
            });
        }
        if self.units.contains(&unit) {
            return Err(EngineError::UnitData {
                source_name: "<table>".into(),
                line: self.units.len() as u64 + 2,
                column: 1,
                column_name: "unit".into(),
                value: unit,
                reason: UnitDataReason::DuplicateUnit,
            });
        }
        for (col, v) in self.values.iter_mut().zip(values) {
            col.push(v);
        }
        self.units.push(unit);
        Ok(())
    }

    /// Adds a unit from `(column, value)` pairs; columns not named get `None`; unknown columns
    /// are an error.
    pub fn push_unit_pairs<'a, I>(
        &mut self,
        unit: impl Into<String>,
        pairs: I,
    ) -> Result<(), EngineError>
    where
        I: IntoIterator<Item = (&'a str, Option<Decimal>)>,
    {
        let mut row = vec![None; self.columns.len()];
        for (k, v) in pairs {
            let pos =
                self.columns
                    .iter()
                    .position(|c| c == k)
                    .ok_or_else(|| EngineError::UnitData {
                        source_name: "<table>".into(),
                        line: self.units.len() as u64 + 2,
                        column: 0,
                        column_name: k.to_string(),
                        value: v.map(|d| d.to_string()).unwrap_or_default(),
                        reason: UnitDataReason::NoSuchColumn,
                    })?;
            if let Some(slot) = row.get_mut(pos) {
                *slot = v;
            }
        }
        self.push_unit(unit, row)
    }

    /// Reads a wide CSV like [`UnitTable::from_csv_reader`], but leaves out the rows it
    /// cannot take (a bad cell, an empty or repeated unit name, a row with more or fewer
    /// fields than the header) instead of failing, and reports them with line, column,
    /// value and reason. Blank rows are skipped. A bad header or text that is not CSV is
    /// still an error.
    ///
    /// ```
    /// use minhbach_engine::scoring::UnitTable;
    /// let csv = "unit,on_time\nLý Sơn,97.5\nBình Sơn,88%\nLý Sơn,90\n,\nSơn Tịnh,70\n";
    /// let (t, report) = UnitTable::from_csv_reader_lenient(csv.as_bytes(), "d.csv")?;
    /// assert_eq!(t.units(), ["Lý Sơn", "Sơn Tịnh"]);
    /// assert_eq!(report.rows_read, 4);
    /// let lines: Vec<u64> = report.rejected.iter().map(|r| r.line).collect();
    /// assert_eq!(lines, [3, 4]);
    /// assert_eq!(report.rejected[0].value, "88%");
    /// assert_eq!(report.line_of("Sơn Tịnh"), Some(6)); // the blank row on line 5 is skipped // the blank row 5 is skipped
    /// # Ok::<(), minhbach_engine::EngineError>(())
    /// ```
    pub fn from_csv_reader_lenient<R: Read>(
        reader: R,
        source_name: &str,
    ) -> Result<(Self, UnitTableReport), EngineError> {
        let mut rdr = csv_reader(reader, true);
        let mut table = UnitTable::new(read_header(&mut rdr, source_name)?);
        let mut seen = HashSet::new();
        let mut report = UnitTableReport {
            source_name: source_name.to_string(),
            ..UnitTableReport::default()
        };
        let mut record = csv::StringRecord::new();
        let unreadable = |detail| UnitDataReason::NotReadableCsv { detail };
        while next_record(&mut rdr, &mut record, source_name, unreadable)? {
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            report.rows_read += 1;
            let line = record.position().map_or(0, csv::Position::line);
            let unit = record.get(0).unwrap_or("").trim().to_string();
            let reject = |column: &str, value: &str, reason: UnitDataReason| RejectedUnitRow {
                line,
                unit: unit.clone(),
                column: column.to_string(),
                value: value.to_string(),
                reason: reason.into(),
            };
            let expected = table.columns.len() + 1;
            if record.len() != expected {
                report.rejected.push(reject(
                    "",
                    "",
                    UnitDataReason::RowLength {
                        fields: record.len() as u64,
                        expected: expected as u64,
                    },
                ));
                continue;
            }
            match table.parse_row(&record, &unit, &seen) {
                Ok(values) => {
                    report.unit_lines.push((unit.clone(), line));
                    seen.insert(unit.clone());
                    table.push_parsed(unit, values);
                }
                Err((column, value, reason)) => {
                    report.rejected.push(reject(&column, &value, reason))
                }
            }
        }
        Ok((table, report))
    }

    /// One data row's values, or the first problem as (column, value, reason).
    fn parse_row(
        &self,
        record: &csv::StringRecord,
        unit: &str,
        seen: &HashSet<String>,
    ) -> Result<Vec<Option<Decimal>>, (String, String, UnitDataReason)> {
        if unit.is_empty() {
            return Err(("unit".into(), String::new(), UnitDataReason::EmptyUnit));
        }
        if seen.contains(unit) {
            return Err((
                "unit".into(),
                unit.to_string(),
                UnitDataReason::DuplicateUnit,
            ));
        }
        self.columns
            .iter()
            .enumerate()
            .map(|(ci, name)| {
                let cell = record.get(ci + 1).unwrap_or("");
                parse_cell(cell).map_err(|reason| (name.clone(), cell.to_string(), reason))
            })
            .collect()
    }

    fn push_parsed(&mut self, unit: String, values: Vec<Option<Decimal>>) {
        for (col, v) in self.values.iter_mut().zip(values) {
            col.push(v);
        }
        self.units.push(unit);
    }

    /// A copy without one unit (the others in the same order); `None` if there is no such
    /// unit.
    pub fn without_unit(&self, unit: &str) -> Option<UnitTable> {
        let pos = self.units.iter().position(|u| u == unit)?;
        let mut t = self.clone();
        t.units.remove(pos);
        for col in &mut t.values {
            if pos < col.len() {
                col.remove(pos);
            }
        }
        Some(t)
    }

    /// Reads a wide CSV: header `unit,<indicator id>,…`, then one row per unit.
    /// `source_name` appears in errors (line and column are 1-based). The first bad row is
    /// an error; [`UnitTable::from_csv_reader_lenient`] leaves bad rows out instead.
    pub fn from_csv_reader<R: Read>(reader: R, source_name: &str) -> Result<Self, EngineError> {
        let mut rdr = csv_reader(reader, false);
        let mut table = UnitTable::new(read_header(&mut rdr, source_name)?);
        let mut seen = HashSet::new();
        let mut record = csv::StringRecord::new();
        let unreadable = |detail| UnitDataReason::Csv { detail };
        while next_record(&mut rdr, &mut record, source_name, unreadable)? {
            let line = record.position().map_or(0, csv::Position::line);
            let unit = record.get(0).unwrap_or("").trim().to_string();
            let values =
                table
                    .parse_row(&record, &unit, &seen)
                    .map_err(|(column, value, reason)| {
                        let index = match table.columns.iter().position(|c| *c == column) {
                            Some(i) if column != "unit" => i + 2,
                            _ => 1,
                        };
                        unit_data_error(source_name, line, index, &column, &value, reason)
                    })?;
            seen.insert(unit.clone());
            table.push_parsed(unit, values);
        }
        Ok(table)
    }

    /// Reads a wide CSV file.
    pub fn from_csv_path(path: &std::path::Path) -> Result<Self, EngineError> {
        let file = std::fs::File::open(path).map_err(|source| EngineError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_csv_reader(std::io::BufReader::new(file), &path.display().to_string())
    }

    /// Unit names, in row order.
    pub fn units(&self) -> &[String] {
        &self.units
    }

    /// Column (indicator) ids, in column order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The values of one column, in unit order.
    pub fn column(&self, id: &str) -> Option<&[Option<Decimal>]> {
        let pos = self.columns.iter().position(|c| c == id)?;
        self.values.get(pos).map(Vec::as_slice)
    }

    /// One cell: `None` if the unit or column does not exist, `Some(None)` if missing.
    pub fn value(&self, unit: &str, column: &str) -> Option<Option<Decimal>> {
        let u = self.units.iter().position(|x| x == unit)?;
        self.column(column)?.get(u).copied()
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// True when there are no units.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// A copy with the units in the order given by `perm` (a permutation of `0..len`).
    /// Returns `None` if `perm` is not a permutation.
    pub fn permuted(&self, perm: &[usize]) -> Option<UnitTable> {
        if perm.len() != self.units.len() {
            return None;
        }
        let mut seen = vec![false; perm.len()];
        for &p in perm {
            let slot = seen.get_mut(p)?;
            if *slot {
                return None;
            }
            *slot = true;
        }
        let units = perm
            .iter()
            .filter_map(|&p| self.units.get(p).cloned())
            .collect();
        let values = self
            .values
            .iter()
            .map(|col| perm.iter().filter_map(|&p| col.get(p).copied()).collect())
            .collect();
        Some(UnitTable {
            columns: self.columns.clone(),
            units,
            values,
        })
    }
}

/// Reads min–max anchors from a CSV with the columns `indicator,min,max` (header required,
/// in any order; `chi_tieu`/`chỉ tiêu` is accepted for `indicator`): one row per indicator,
/// decimal points. Errors name the line and column. Apply them with
/// [`IndexDefinition::set_anchors`](super::IndexDefinition::set_anchors).
///
/// ```
/// use minhbach_engine::scoring::read_anchors_csv;
/// use rust_decimal::Decimal;
/// let rows = read_anchors_csv("indicator,min,max\ntransparency_docs,3.2,7.9\n".as_bytes(), "a.csv")?;
/// assert_eq!(rows, [("transparency_docs".to_string(), Decimal::new(32, 1), Decimal::new(79, 1))]);
/// # Ok::<(), minhbach_engine::EngineError>(())
/// ```
pub fn read_anchors_csv<R: Read>(
    reader: R,
    source_name: &str,
) -> Result<Vec<(String, Decimal, Decimal)>, EngineError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(reader);
    let headers = rdr
        .headers()
        .map_err(|e| {
            unit_data_error(
                source_name,
                1,
                1,
                "",
                "",
                UnitDataReason::HeaderUnreadable {
                    detail: e.to_string(),
                },
            )
        })?
        .clone();
    let find = |names: &[&str]| {
        headers.iter().position(|h| {
            let f = minhbach_model::text::fold(h.trim_start_matches('\u{feff}'));
            names.iter().any(|n| f == *n)
        })
    };
    let (Some(ci), Some(cmin), Some(cmax)) = (
        find(&["indicator", "chi tieu", "id"]),
        find(&["min"]),
        find(&["max"]),
    ) else {
        let h: Vec<&str> = headers.iter().collect();
        return Err(unit_data_error(
            source_name,
            1,
            1,
            "",
            &h.join(","),
            UnitDataReason::AnchorsHeader,
        ));
    };
    let mut out = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            unit_data_error(
                source_name,
                line,
                1,
                "",
                "",
                UnitDataReason::NotReadableCsv {
                    detail: e.to_string(),
                },
            )
        })?;
        if r.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = r.position().map_or(0, csv::Position::line);
        let id = r.get(ci).unwrap_or("").trim();
        if id.is_empty() {
            return Err(unit_data_error(
                source_name,
                line,
                ci + 1,
                "indicator",
                "",
                UnitDataReason::EmptyIndicatorId,
            ));
        }
        let num = |c: usize, name: &str| -> Result<Decimal, EngineError> {
            let cell = r.get(c).unwrap_or("");
            match parse_cell(cell) {
                Ok(Some(d)) => Ok(d),
                Ok(None) => Err(unit_data_error(
                    source_name,
                    line,
                    c + 1,
                    name,
                    cell,
                    UnitDataReason::EmptyAnchor,
                )),
                Err(reason) => Err(unit_data_error(
                    source_name,
                    line,
                    c + 1,
                    name,
                    cell,
                    reason,
                )),
            }
        };
        out.push((id.to_string(), num(cmin, "min")?, num(cmax, "max")?));
    }
    Ok(out)
}
