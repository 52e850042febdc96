//! The one reader of the model's CSV formats (procedure catalogue, documents register): a
//! header row matched against each column's aliases with [`fold`] (case, diacritics,
//! `_`/`-`/`.` and a trailing parenthesised unit ignored), then data rows whose cells are
//! looked up by role. Every cell is checked for control characters, so no record built from
//! a table carries one. Errors are [`ModelError::Csv`] with the line (1 = header) and the
//! column header as written.

use std::fmt;

use crate::text::{fold, is_forbidden};
use crate::{say, Bilingual, Lang, ModelError};

/// Why a CSV cell, row or header is refused ([`ModelError::Csv`]).
///
/// ```
/// use minhbach_model::{Bilingual, CsvReason, Lang};
/// let r = CsvReason::EmptyRequired;
/// assert_eq!(r.to_string(), "required value is empty");
/// assert_eq!(r.in_lang(Lang::Vi).to_string(), "ô bắt buộc để trống");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CsvReason {
    /// A row with another number of fields than the header.
    FieldCount {
        /// The header's number of fields.
        expected: u64,
        /// The row's number of fields.
        found: u64,
        /// The CSV reader's message (English), the English wording.
        detail: String,
    },
    /// Any other refusal of the CSV reader.
    Reader {
        /// The CSV reader's message (English).
        detail: String,
    },
    /// Two headers of one column role.
    SameColumn {
        /// The first header of that role, as written.
        first: String,
    },
    /// A required column is missing.
    MissingColumn {
        /// The column's canonical name.
        name: &'static str,
        /// The accepted headers, comma-separated.
        accepted: String,
    },
    /// A control character in a cell.
    ControlCharacter {
        /// The character.
        character: char,
        /// Its 0-based position in the cell, in characters.
        at: usize,
    },
    /// A required cell is empty.
    EmptyRequired,
    /// A `level` column whose first value is neither a government level nor an online
    /// service level.
    LevelKind,
    /// A value the model refused (a document number, a date, a type, a duplicate key …).
    Value(Box<ModelError>),
}

impl CsvReason {
    /// Both wordings, one arm per variant (`Display` is the English, `Bilingual` the
    /// Vietnamese).
    fn fmt_in(&self, lang: Lang, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvReason::FieldCount {
                expected,
                found,
                detail,
            } => {
                say!(f, lang => "{detail}", "dòng có {found} ô trong khi dòng tiêu đề có {expected} cột (kiểm tra dấu phẩy và dấu ngoặc kép trong dòng)")
            }
            CsvReason::Reader { detail } => {
                say!(f, lang => "{detail}", "không đọc được dòng CSV (thông báo của bộ đọc CSV: {detail})")
            }
            CsvReason::SameColumn { first } => {
                say!(f, lang => "this column means the same as column {first:?}", "cột này trùng nghĩa với cột {first:?}")
            }
            CsvReason::MissingColumn { name, accepted } => {
                say!(f, lang => "missing column {name:?} (accepted headers: {accepted})", "thiếu cột {name:?} (các tên cột được chấp nhận: {accepted})")
            }
            CsvReason::ControlCharacter { character, at } => {
                let code = u32::from(*character);
                say!(f, lang => "control character U+{code:04X} at character {at}", "ký tự điều khiển U+{code:04X} ở ký tự thứ {at}")
            }
            CsvReason::EmptyRequired => {
                say!(f, lang => "required value is empty", "ô bắt buộc để trống")
            }
            CsvReason::LevelKind => {
                say!(f, lang => "a level column holds government levels (cấp tỉnh, cấp huyện, cấp xã) or online service levels (1–4, mức độ 3, toàn trình, một phần)", "cột cấp độ ghi cấp chính quyền (cấp tỉnh, cấp huyện, cấp xã) hoặc mức độ dịch vụ công trực tuyến (1–4, mức độ 3, toàn trình, một phần)")
            }
            CsvReason::Value(e) => write!(f, "{}", e.in_lang(lang)),
        }
    }
}

crate::bilingual_via_fmt_in!(CsvReason);

impl From<csv::Error> for CsvReason {
    fn from(e: csv::Error) -> CsvReason {
        match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => CsvReason::FieldCount {
                expected: *expected_len,
                found: *len,
                detail: e.to_string(),
            },
            _ => CsvReason::Reader {
                detail: e.to_string(),
            },
        }
    }
}

/// A column role of a CSV format.
pub(crate) trait ColumnRole: Copy + Eq + 'static {
    /// Every role, in the order errors and documentation list them.
    const ALL: &'static [Self];
    /// The accepted headers, the canonical name first (matched folded).
    fn aliases(self) -> &'static [&'static str];
    /// The canonical name, as errors name a missing column.
    fn name(self) -> &'static str {
        self.aliases().first().copied().unwrap_or("")
    }
}

/// The role of a header: its folded form, or the folded form without a trailing
/// parenthesised part (`Thời hạn giải quyết (ngày làm việc)`), equals a folded alias.
fn role_of<R: ColumnRole>(header: &str) -> Option<R> {
    let folded = fold(header);
    let find = |h: &str| {
        R::ALL
            .iter()
            .copied()
            .find(|r| r.aliases().iter().any(|a| fold(a) == h))
    };
    find(&folded).or_else(|| {
        let (head, _) = folded.split_once('(')?;
        find(head.trim())
    })
}

/// A CSV text read whole: the recognised columns and the data rows.
pub(crate) struct CsvTable<R> {
    /// (role, column index, header as written), in header order.
    cols: Vec<(R, usize, String)>,
    rows: Vec<(u64, csv::StringRecord)>,
}

/// One data row of a [`CsvTable`].
pub(crate) struct CsvRow<'a, R> {
    /// 1-based line of the row in the text.
    pub line: u64,
    cols: &'a [(R, usize, String)],
    record: &'a csv::StringRecord,
}

impl<R: ColumnRole> CsvTable<R> {
    /// Reads `text` (UTF-8, optional BOM, comma-separated, quoted fields allowed, every row
    /// as long as the header). Headers no role claims are ignored; two headers of one role
    /// and a missing `required` role are errors on line 1.
    pub(crate) fn parse(text: &str, required: &[R]) -> Result<CsvTable<R>, ModelError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let csv_err = |e: csv::Error| ModelError::Csv {
            line: e.position().map_or(0, csv::Position::line),
            column: String::new(),
            value: String::new(),
            reason: CsvReason::from(e),
        };
        let headers = rdr.headers().map_err(csv_err)?.clone();
        let mut cols: Vec<(R, usize, String)> = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            check_cell(1, h, h)?;
            if let Some(role) = role_of::<R>(h) {
                if let Some((_, _, first)) = cols.iter().find(|c| c.0 == role) {
                    return Err(ModelError::Csv {
                        line: 1,
                        column: h.to_string(),
                        value: h.to_string(),
                        reason: CsvReason::SameColumn {
                            first: first.clone(),
                        },
                    });
                }
                cols.push((role, i, h.to_string()));
            }
        }
        for &role in required {
            if !cols.iter().any(|c| c.0 == role) {
                return Err(ModelError::Csv {
                    line: 1,
                    column: role.name().to_string(),
                    value: headers.iter().collect::<Vec<_>>().join(","),
                    reason: CsvReason::MissingColumn {
                        name: role.name(),
                        accepted: role.aliases().join(", "),
                    },
                });
            }
        }
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(csv_err)?;
            let line = rec.position().map_or(0, csv::Position::line);
            for (i, v) in rec.iter().enumerate() {
                check_cell(line, headers.get(i).unwrap_or(""), v)?;
            }
            rows.push((line, rec));
        }
        Ok(CsvTable { cols, rows })
    }

    /// The header of the column of this role, as written.
    pub(crate) fn header(&self, role: R) -> Option<&str> {
        self.cols.iter().find(|c| c.0 == role).map(|c| c.2.as_str())
    }

    /// The data rows, in order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = CsvRow<'_, R>> {
        self.rows.iter().map(|(line, record)| CsvRow {
            line: *line,
            cols: &self.cols,
            record,
        })
    }
}

impl<R: ColumnRole> CsvRow<'_, R> {
    /// The trimmed cell of this role and its header, `None` when the column is absent or the
    /// cell empty.
    pub(crate) fn cell(&self, role: R) -> Option<(&str, &str)> {
        let (_, i, header) = self.cols.iter().find(|c| c.0 == role)?;
        let v = self.record.get(*i)?.trim();
        (!v.is_empty()).then_some((v, header.as_str()))
    }

    /// The cell of this role as an owned string, `None` when absent or empty.
    pub(crate) fn text(&self, role: R) -> Option<String> {
        self.cell(role).map(|(v, _)| v.to_string())
    }

    /// The cell of a required role; an empty cell is an error naming the column.
    pub(crate) fn required(&self, role: R) -> Result<(&str, &str), ModelError> {
        self.cell(role).ok_or_else(|| {
            let header = self
                .cols
                .iter()
                .find(|c| c.0 == role)
                .map_or(role.name(), |c| c.2.as_str());
            self.error(header, "", CsvReason::EmptyRequired)
        })
    }

    /// The cell of this role parsed by `parse`; its error becomes a [`ModelError::Csv`] on
    /// this row and column.
    pub(crate) fn parsed<T>(
        &self,
        role: R,
        parse: impl FnOnce(&str) -> Result<T, ModelError>,
    ) -> Result<Option<T>, ModelError> {
        match self.cell(role) {
            Some((v, header)) => parse(v)
                .map(Some)
                .map_err(|e| self.error(header, v, CsvReason::Value(Box::new(e)))),
            None => Ok(None),
        }
    }

    /// An error on this row.
    pub(crate) fn error(&self, column: &str, value: &str, reason: CsvReason) -> ModelError {
        ModelError::Csv {
            line: self.line,
            column: column.to_string(),
            value: value.to_string(),
            reason,
        }
    }

    /// A value the model refused, as an error on this row.
    pub(crate) fn refused(&self, column: &str, value: &str, e: ModelError) -> ModelError {
        self.error(column, value, CsvReason::Value(Box::new(e)))
    }
}

/// Refuses a cell holding a control character (see [`is_forbidden`]).
fn check_cell(line: u64, column: &str, value: &str) -> Result<(), ModelError> {
    match value.chars().enumerate().find(|(_, c)| is_forbidden(*c)) {
        Some((i, c)) => Err(ModelError::Csv {
            line,
            column: column.to_string(),
            value: value.to_string(),
            reason: CsvReason::ControlCharacter {
                character: c,
                at: i,
            },
        }),
        None => Ok(()),
    }
}
