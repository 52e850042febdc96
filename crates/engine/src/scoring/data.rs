//! Unit data: one row per unit, one column per indicator id.

use std::collections::HashSet;
use std::io::Read;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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

fn parse_cell(s: &str) -> Result<Option<Decimal>, String> {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("na") || t.eq_ignore_ascii_case("n/a") {
        return Ok(None);
    }
    let lower = t.to_ascii_lowercase();
    if matches!(
        lower.trim_start_matches(['+', '-']),
        "nan" | "inf" | "infinity"
    ) {
        return Err("not a finite number (NaN/infinity is not allowed; leave the cell empty for a missing value)".into());
    }
    if t.contains(',') {
        return Err(
            "decimal comma is ambiguous in CSV; write the number with a decimal point".into(),
        );
    }
    Decimal::from_str(t)
        .or_else(|_| Decimal::from_scientific(t))
        .map(Some)
        .map_err(|_| "not a decimal number".to_string())
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
                reason: format!("{} values for {} columns", values.len(), self.columns.len()),
            });
        }
        if self.units.contains(&unit) {
            return Err(EngineError::UnitData {
                source_name: "<table>".into(),
                line: self.units.len() as u64 + 2,
                column: 1,
                column_name: "unit".into(),
                value: unit,
                reason: "duplicate unit".into(),
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
                        reason: "no such column".into(),
                    })?;
            if let Some(slot) = row.get_mut(pos) {
                *slot = v;
            }
        }
        self.push_unit(unit, row)
    }

    /// Reads a wide CSV: header `unit,<indicator id>,…`, then one row per unit.
    /// `source_name` appears in errors (line and column are 1-based).
    pub fn from_csv_reader<R: Read>(reader: R, source_name: &str) -> Result<Self, EngineError> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(reader);
        let err = |line: u64, column: usize, column_name: &str, value: &str, reason: String| {
            EngineError::UnitData {
                source_name: source_name.to_string(),
                line,
                column,
                column_name: column_name.to_string(),
                value: value.to_string(),
                reason,
            }
        };
        let headers = rdr
            .headers()
            .map_err(|e| err(1, 1, "", "", format!("cannot read the header: {e}")))?
            .clone();
        let first = headers
            .get(0)
            .map(|h| h.trim_start_matches('\u{feff}').trim())
            .unwrap_or("");
        if first != "unit" {
            return Err(err(
                1,
                1,
                first,
                first,
                "the first column must be named `unit`".into(),
            ));
        }
        let mut columns = Vec::new();
        let mut seen = HashSet::new();
        for (i, h) in headers.iter().enumerate().skip(1) {
            let h = h.trim();
            if h.is_empty() {
                return Err(err(1, i + 1, h, h, "empty column name".into()));
            }
            if !seen.insert(h.to_string()) {
                return Err(err(1, i + 1, h, h, "duplicate column".into()));
            }
            columns.push(h.to_string());
        }
        let mut table = UnitTable::new(columns);
        let mut unit_seen: HashSet<String> = HashSet::new();
        let mut record = csv::StringRecord::new();
        loop {
            match rdr.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    let reason = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => {
                            format!("row has {len} fields, the header has {expected_len}")
                        }
                        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
                        _ => e.to_string(),
                    };
                    return Err(err(line, 1, "", "", reason));
                }
            }
            let line = record.position().map_or(0, |p| p.line());
            let unit = record.get(0).unwrap_or("").trim().to_string();
            if unit.is_empty() {
                return Err(err(line, 1, "unit", "", "empty unit name".into()));
            }
            if !unit_seen.insert(unit.clone()) {
                return Err(err(line, 1, "unit", &unit, "duplicate unit".into()));
            }
            for (ci, col) in table.values.iter_mut().enumerate() {
                let cell = record.get(ci + 1).unwrap_or("");
                let name = table.columns.get(ci).map_or("", String::as_str);
                let v = parse_cell(cell).map_err(|reason| err(line, ci + 2, name, cell, reason))?;
                col.push(v);
            }
            table.units.push(unit);
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
