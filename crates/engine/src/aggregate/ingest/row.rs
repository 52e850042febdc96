//! One data row (its fields as bytes) → a kernel record, or the reason it is rejected.
//!
//! The checks are those of `Dossier::validate`, and the parsers those of the model (with a
//! byte-level fast path for `YYYY-MM-DDTHH:MM:SS` proven equal by property tests), so a row
//! is accepted here exactly when the same row converted to a `Dossier` would be.

use std::borrow::Cow;

use minhbach_model::text::{may_hold_invisible, strip_invisible};
use minhbach_model::{parse_datetime_with, Channel, DateOnly, Outcome};

use super::schema::{Field, Schema};
use crate::aggregate::kernel::{
    self, channel_flag, fast_timestamp, Prepared, Rec, NOT_RESOLVED, OUT_REJECTED, OUT_WITHDRAWN,
    UNKNOWN,
};
use crate::aggregate::query::GroupKey;

/// Why a row is rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowErr {
    pub column: Option<Field>,
    pub value: String,
    pub reason: String,
}

fn err(column: Field, value: &[u8], reason: impl Into<String>) -> RowErr {
    RowErr {
        column: Some(column),
        value: String::from_utf8_lossy(value).into_owned(),
        reason: reason.into(),
    }
}

/// ASCII-whitespace trim of a field.
#[inline]
pub(crate) fn trim(b: &[u8]) -> &[u8] {
    let mut s = 0;
    let mut e = b.len();
    while s < e && matches!(b.get(s), Some(b' ' | b'\t' | b'\r')) {
        s += 1;
    }
    while e > s && matches!(b.get(e - 1), Some(b' ' | b'\t' | b'\r')) {
        e -= 1;
    }
    b.get(s..e).unwrap_or(b"")
}

/// The text fields cleaned of invisible format characters before use (dates are not: an
/// invisible character there makes the date unreadable and the row is rejected).
pub(crate) const CLEANED: [Field; 7] = [
    Field::Id,
    Field::Agency,
    Field::ProcedureCode,
    Field::Field,
    Field::Level,
    Field::Channel,
    Field::Outcome,
];

/// A field without its invisible format characters (`minhbach_model::text::strip_invisible`):
/// borrowed when it has none — decided by one byte scan, the usual case — and left as is when
/// it is not UTF-8 (the row's checks report that).
#[inline]
pub(crate) fn clean(b: &[u8]) -> Cow<'_, [u8]> {
    if !may_hold_invisible(b) {
        return Cow::Borrowed(b);
    }
    match std::str::from_utf8(b).map(strip_invisible) {
        Ok(Cow::Owned(s)) => Cow::Owned(s.into_bytes()),
        _ => Cow::Borrowed(b),
    }
}

/// Parses a date-time field: the fast path, else the model's parser.
#[inline]
fn time(field: Field, b: &[u8], date_only: DateOnly) -> Result<i64, RowErr> {
    if let Some(t) = fast_timestamp(b) {
        return Ok(t);
    }
    let s = std::str::from_utf8(b).map_err(|_| err(field, b, "not valid UTF-8"))?;
    parse_datetime_with(s, date_only)
        .map(kernel::ts)
        .map_err(|e| err(field, b, e.to_string()))
}

#[inline]
fn outcome(b: &[u8]) -> Result<Option<Outcome>, RowErr> {
    match b {
        b"" => Ok(None),
        b"approved" => Ok(Some(Outcome::Approved)),
        b"rejected" => Ok(Some(Outcome::Rejected)),
        b"withdrawn" => Ok(Some(Outcome::Withdrawn)),
        _ => {
            let s =
                std::str::from_utf8(b).map_err(|_| err(Field::Outcome, b, "not valid UTF-8"))?;
            Outcome::parse(s).map_err(|e| err(Field::Outcome, b, e.to_string()))
        }
    }
}

#[inline]
fn channel(b: &[u8]) -> Result<Channel, RowErr> {
    match b {
        b"" | b"direct" | b"1" => Ok(Channel::Direct),
        b"online" | b"2" => Ok(Channel::Online),
        b"postal" | b"3" => Ok(Channel::Postal),
        _ => {
            let s =
                std::str::from_utf8(b).map_err(|_| err(Field::Channel, b, "not valid UTF-8"))?;
            Channel::parse(s).map_err(|e| err(Field::Channel, b, e.to_string()))
        }
    }
}

/// A parsed row.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Parsed<'a> {
    pub id: &'a [u8],
    pub rec: Rec,
}

/// Row parser for one file.
#[derive(Debug, Clone)]
pub(crate) struct RowParser {
    pub schema: Schema,
    pub group_by: Vec<GroupKey>,
    /// Longest accepted field, in bytes (`Limits::max_field_bytes`).
    pub max_field: usize,
    /// Most distinct groups a worker may create (`Limits::max_groups`).
    pub max_groups: usize,
}

impl RowParser {
    /// The (trimmed) value of a column; empty when the file lacks the column.
    #[inline]
    pub(crate) fn get<'a>(&self, cols: &[&'a [u8]], f: Field) -> &'a [u8] {
        match self.schema.get(f) {
            Some(i) => trim(cols.get(i).copied().unwrap_or(b"")),
            None => b"",
        }
    }

    /// The row with its [`CLEANED`] fields cleaned of invisible format characters, and how many
    /// values changed; `None` (no allocation) when no value changes.
    #[inline]
    pub(crate) fn clean_row<'a>(&self, cols: &[&'a [u8]]) -> Option<(Vec<Cow<'a, [u8]>>, u64)> {
        let suspect = CLEANED.iter().any(|f| {
            self.schema
                .get(*f)
                .and_then(|i| cols.get(i))
                .is_some_and(|c| may_hold_invisible(c))
        });
        if !suspect {
            return None;
        }
        let mut out: Vec<Cow<'a, [u8]>> = cols.iter().map(|c| Cow::Borrowed(*c)).collect();
        let mut changed = 0u64;
        for f in CLEANED {
            let Some(slot) = self.schema.get(f).and_then(|i| out.get_mut(i)) else {
                continue;
            };
            if let Cow::Owned(v) = clean(slot) {
                *slot = Cow::Owned(v);
                changed += 1;
            }
        }
        (changed > 0).then_some((out, changed))
    }

    /// The dossier id of a row (for error reports), if any.
    pub(crate) fn id_of(&self, cols: &[&[u8]]) -> Option<String> {
        let b = self.get(cols, Field::Id);
        (!b.is_empty()).then(|| String::from_utf8_lossy(b).into_owned())
    }

    /// Parses and checks a row.
    pub(crate) fn parse<'a>(&self, p: &Prepared, cols: &[&'a [u8]]) -> Result<Parsed<'a>, RowErr> {
        if cols.len() != self.schema.n_cols {
            let reason = if cols.len() < self.schema.n_cols {
                format!(
                    "truncated row: {} fields, the header has {}",
                    cols.len(),
                    self.schema.n_cols
                )
            } else {
                format!(
                    "{} fields, the header has {}",
                    cols.len(),
                    self.schema.n_cols
                )
            };
            let spans = cols
                .iter()
                .map(|c| memchr::memchr_iter(b'\n', c).count())
                .sum::<usize>();
            let reason = if spans > 0 {
                format!(
                    "{reason}; the record spans {} lines: an unbalanced quote (\") probably \
                     joined them",
                    spans + 1
                )
            } else {
                reason
            };
            let value = cols
                .iter()
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(",");
            return Err(RowErr {
                column: None,
                value,
                reason,
            });
        }
        if let Some((i, long)) = cols
            .iter()
            .enumerate()
            .find(|(_, c)| c.len() > self.max_field)
        {
            let head: String = String::from_utf8_lossy(long.get(..64).unwrap_or(long))
                .chars()
                .take(32)
                .collect();
            return Err(RowErr {
                column: self.schema.field_at(i),
                value: format!("{head}…"),
                reason: format!(
                    "field {} is {} bytes long, over the limit of {} bytes \
                     (Limits::max_field_bytes)",
                    i + 1,
                    long.len(),
                    self.max_field
                ),
            });
        }
        let id = self.get(cols, Field::Id);
        if id.is_empty() {
            return Err(err(Field::Id, id, "the dossier id is empty"));
        }
        if memchr::memchr(0, id).is_some() {
            return Err(err(Field::Id, id, "the dossier id contains a NUL byte"));
        }
        if std::str::from_utf8(id).is_err() {
            return Err(err(Field::Id, id, "not valid UTF-8"));
        }
        let recv_b = self.get(cols, Field::ReceivedAt);
        let recv = time(Field::ReceivedAt, recv_b, DateOnly::StartOfDay)?;
        let due_b = self.get(cols, Field::DueAt);
        let data_due = if due_b.is_empty() {
            None
        } else {
            Some(time(Field::DueAt, due_b, DateOnly::EndOfDay)?)
        };
        let res_b = self.get(cols, Field::ResolvedAt);
        let res = if res_b.is_empty() {
            None
        } else {
            Some(time(Field::ResolvedAt, res_b, DateOnly::StartOfDay)?)
        };
        let out_b = self.get(cols, Field::Outcome);
        let out = outcome(out_b)?;
        let ch = channel(self.get(cols, Field::Channel))?;
        let pauses = self.pauses(cols)?;
        // The checks of Dossier::validate, in its order.
        if let Some(r) = res {
            if r < recv {
                return Err(err(
                    Field::ResolvedAt,
                    res_b,
                    format!("resolved before it was received at {}", show(recv_b)),
                ));
            }
        }
        if let Some(d) = data_due {
            if d < recv {
                return Err(err(
                    Field::DueAt,
                    due_b,
                    format!("due before it was received at {}", show(recv_b)),
                ));
            }
        }
        if let (Some(o), None) = (out, res) {
            return Err(err(
                Field::ResolvedAt,
                res_b,
                format!("outcome is {o} but there is no resolution time"),
            ));
        }
        let mut prev_end = recv;
        for (start, end) in &pauses {
            if *start < prev_end {
                return Err(err(
                    Field::PauseStart,
                    self.get(cols, Field::PauseStart),
                    "a pause starts before receipt or before the previous pause ends",
                ));
            }
            match end {
                Some(e) if e < start => {
                    return Err(err(
                        Field::PauseEnd,
                        self.get(cols, Field::PauseEnd),
                        "a pause ends before it starts",
                    ))
                }
                Some(e) => prev_end = *e,
                None => prev_end = *start,
            }
            if let Some(r) = res {
                if *start > r {
                    return Err(err(
                        Field::PauseStart,
                        self.get(cols, Field::PauseStart),
                        "a pause starts after resolution",
                    ));
                }
            }
        }
        let res = res.unwrap_or(NOT_RESOLVED);
        let mut flags = channel_flag(ch);
        flags |= match (out, res != NOT_RESOLVED) {
            (Some(Outcome::Rejected), _) => OUT_REJECTED,
            (Some(Outcome::Withdrawn), _) => OUT_WITHDRAWN,
            _ => 0,
        };
        let proc_b = self.get(cols, Field::ProcedureCode);
        let procedure = || std::str::from_utf8(proc_b).ok();
        let mut due = match data_due {
            Some(d) => d,
            None if p.catalogue.is_empty() => UNKNOWN,
            None => p.due_from_catalogue(recv, procedure()),
        };
        if !pauses.is_empty() {
            let (d, waiting) = p.apply_pauses(&pauses, res, due, procedure());
            due = d;
            if waiting {
                flags |= kernel::F_WAITING;
            }
        }
        Ok(Parsed {
            id,
            rec: Rec {
                recv,
                due,
                res,
                flags,
            },
        })
    }

    fn pauses(&self, cols: &[&[u8]]) -> Result<Vec<(i64, Option<i64>)>, RowErr> {
        let sb = self.get(cols, Field::PauseStart);
        let eb = self.get(cols, Field::PauseEnd);
        if sb.is_empty() && eb.is_empty() {
            return Ok(Vec::new());
        }
        let starts: Vec<&[u8]> = sb.split(|b| *b == b';').map(trim).collect();
        let ends: Vec<&[u8]> = if eb.is_empty() {
            Vec::new()
        } else {
            eb.split(|b| *b == b';').map(trim).collect()
        };
        if sb.is_empty() || ends.len() > starts.len() {
            return Err(err(
                Field::PauseEnd,
                eb,
                "more pause ends than pause starts",
            ));
        }
        let mut out = Vec::with_capacity(starts.len());
        for (i, s) in starts.iter().enumerate() {
            let start = time(Field::PauseStart, s, DateOnly::StartOfDay)?;
            let end = match ends.get(i) {
                Some(e) if !e.is_empty() => Some(time(Field::PauseEnd, e, DateOnly::StartOfDay)?),
                _ => None,
            };
            out.push((start, end));
        }
        Ok(out)
    }

    /// Appends the group key of a row to `buf` (values separated by 0x1F).
    #[inline]
    pub(crate) fn key_bytes(&self, cols: &[&[u8]], rec: &Rec, buf: &mut Vec<u8>) {
        buf.clear();
        for (i, k) in self.group_by.iter().enumerate() {
            if i > 0 {
                buf.push(0x1f);
            }
            match k {
                GroupKey::Agency => buf.extend_from_slice(self.get(cols, Field::Agency)),
                GroupKey::Procedure => buf.extend_from_slice(self.get(cols, Field::ProcedureCode)),
                GroupKey::Field => buf.extend_from_slice(self.get(cols, Field::Field)),
                GroupKey::Level => buf.extend_from_slice(self.get(cols, Field::Level)),
                GroupKey::Channel => {
                    buf.extend_from_slice(kernel::flag_channel(rec.flags).as_str().as_bytes())
                }
                GroupKey::Month => {
                    let (y, m) = year_month(rec.recv);
                    buf.extend_from_slice(format!("{y:04}-{m:02}").as_bytes());
                }
                GroupKey::Unit => {}
            }
        }
    }

    /// The group key as strings (`None` when a value is not UTF-8).
    pub(crate) fn key_strings(&self, key: &[u8]) -> Result<Vec<String>, RowErr> {
        if self.group_by.is_empty() {
            return Ok(Vec::new());
        }
        key.split(|b| *b == 0x1f)
            .zip(&self.group_by)
            .map(|(v, k)| {
                let f = || match k {
                    GroupKey::Agency => Field::Agency,
                    GroupKey::Procedure => Field::ProcedureCode,
                    GroupKey::Field => Field::Field,
                    GroupKey::Level => Field::Level,
                    GroupKey::Channel => Field::Channel,
                    GroupKey::Month => Field::ReceivedAt,
                    GroupKey::Unit => Field::Agency,
                };
                if memchr::memchr(0, v).is_some() {
                    return Err(err(f(), v, "contains a NUL byte"));
                }
                std::str::from_utf8(v)
                    .map(str::to_string)
                    .map_err(|_| err(f(), v, "not valid UTF-8"))
            })
            .collect()
    }
}

fn show(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// (year, month) of a timestamp.
#[inline]
pub(crate) fn year_month(t: i64) -> (i64, i64) {
    // H. Hinnant's civil_from_days.
    let z = kernel::day_of(t) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn year_month_matches_chrono(secs in -5_000_000_000i64..10_000_000_000i64) {
            let d = kernel::from_ts(secs).unwrap();
            use chrono::Datelike;
            prop_assert_eq!(year_month(secs), (d.year() as i64, d.month() as i64));
        }
    }
}
