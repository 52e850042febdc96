//! One data row (its fields as bytes) → a record (`classify::Prepared::record`), or the reason
//! it is rejected.
//!
//! The rules are the model's `check_times` (those of `Dossier::validate`), and the parsers
//! those of the model (with a byte-level fast path for `YYYY-MM-DDTHH:MM:SS` proven equal by
//! property tests), so a row is accepted here exactly when the same row converted to a
//! `Dossier` would be.

use std::borrow::Cow;

use minhbach_model::text::{may_hold_invisible, strip_invisible};
use minhbach_model::{check_times, parse_datetime_with, Channel, DateOnly, Outcome, TimeFault};

use super::schema::{Field, Schema};
use crate::aggregate::classify::Prepared;
use crate::aggregate::codes::{flags_of, Rec, NOT_RESOLVED, UNKNOWN};
use crate::aggregate::group;
use crate::aggregate::ingest_report::RowReason;
use crate::aggregate::query::GroupKey;
use crate::aggregate::time::{fast_timestamp, ts};

/// Why a row is rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowErr {
    pub column: Option<Field>,
    pub value: String,
    pub reason: RowReason,
}

fn err(column: Field, value: &[u8], reason: impl Into<RowReason>) -> RowErr {
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
pub(crate) const CLEANED: [Field; 8] = [
    Field::Id,
    Field::Agency,
    Field::ProcedureCode,
    Field::Field,
    Field::Level,
    Field::OnlineLevel,
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
    let s = std::str::from_utf8(b).map_err(|_| err(field, b, RowReason::NotUtf8))?;
    parse_datetime_with(s, date_only)
        .map(ts)
        .map_err(|e| err(field, b, e))
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
                std::str::from_utf8(b).map_err(|_| err(Field::Outcome, b, RowReason::NotUtf8))?;
            Outcome::parse(s).map_err(|e| err(Field::Outcome, b, e))
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
                std::str::from_utf8(b).map_err(|_| err(Field::Channel, b, RowReason::NotUtf8))?;
            Channel::parse(s).map_err(|e| err(Field::Channel, b, e))
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
            let spans = cols
                .iter()
                .map(|c| memchr::memchr_iter(b'\n', c).count())
                .sum::<usize>();
            let reason = RowReason::FieldCount {
                found: cols.len(),
                expected: self.schema.n_cols,
                lines: spans + 1,
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
                reason: RowReason::FieldTooLong {
                    field: i + 1,
                    bytes: long.len(),
                    limit: self.max_field,
                },
            });
        }
        let id = self.get(cols, Field::Id);
        if id.is_empty() {
            return Err(err(Field::Id, id, RowReason::EmptyId));
        }
        if memchr::memchr(0, id).is_some() {
            return Err(err(Field::Id, id, RowReason::IdContainsNul));
        }
        if !id.is_ascii() && std::str::from_utf8(id).is_err() {
            return Err(err(Field::Id, id, RowReason::NotUtf8));
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
        // The rules of Dossier::validate (`check_times`), with the values as found.
        if let Err(fault) = check_times(recv, data_due, res, out, pauses.iter().copied()) {
            let pause = |f: Field| self.get(cols, f);
            return Err(match fault {
                TimeFault::ResolvedBeforeReceived { .. } => err(
                    Field::ResolvedAt,
                    res_b,
                    RowReason::ResolvedBeforeReceived {
                        received: show(recv_b),
                    },
                ),
                TimeFault::DueBeforeReceived { .. } => err(
                    Field::DueAt,
                    due_b,
                    RowReason::DueBeforeReceived {
                        received: show(recv_b),
                    },
                ),
                TimeFault::OutcomeWithoutResolution { outcome } => err(
                    Field::ResolvedAt,
                    res_b,
                    RowReason::OutcomeWithoutResolution { outcome },
                ),
                TimeFault::PauseTooEarly { .. } => err(
                    Field::PauseStart,
                    pause(Field::PauseStart),
                    RowReason::PauseTooEarly,
                ),
                TimeFault::PauseEndsBeforeStart { .. } => err(
                    Field::PauseEnd,
                    pause(Field::PauseEnd),
                    RowReason::PauseEndsBeforeStart,
                ),
                TimeFault::PauseAfterResolution { .. } => err(
                    Field::PauseStart,
                    pause(Field::PauseStart),
                    RowReason::PauseAfterResolution,
                ),
            });
        }
        let proc_b = self.get(cols, Field::ProcedureCode);
        let rec = p.record(
            (
                recv,
                data_due.unwrap_or(UNKNOWN),
                res.unwrap_or(NOT_RESOLVED),
                flags_of(out, ch),
            ),
            &pauses,
            || std::str::from_utf8(proc_b).ok(),
        );
        Ok(Parsed { id, rec })
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
            return Err(err(Field::PauseEnd, eb, RowReason::MorePauseEnds));
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

    /// Appends the group key of a row to `buf` (values separated by 0x1F; the one builder,
    /// `group::key_values`).
    #[inline]
    pub(crate) fn key_bytes(&self, p: &Prepared, cols: &[&[u8]], rec: &Rec, buf: &mut Vec<u8>) {
        buf.clear();
        let text = |k: GroupKey| match k {
            GroupKey::OnlineLevel => group::online_level(
                self.get(cols, Field::OnlineLevel),
                self.get(cols, Field::ProcedureCode),
                &p.online_levels,
            ),
            _ => self.get(cols, Field::of_key(k)),
        };
        group::key_values(&self.group_by, rec.flags, rec.recv, text, |i, _, v| {
            if i > 0 {
                buf.push(0x1f);
            }
            buf.extend_from_slice(v);
        });
    }

    /// Checks that every value of a group key is text a table can hold: UTF-8 without NUL.
    pub(crate) fn check_key(&self, key: &[u8]) -> Result<(), RowErr> {
        if self.group_by.is_empty() {
            return Ok(());
        }
        for (v, k) in key.split(|b| *b == 0x1f).zip(&self.group_by) {
            let f = Field::of_key(*k);
            if memchr::memchr(0, v).is_some() {
                return Err(err(f, v, RowReason::ContainsNul));
            }
            if std::str::from_utf8(v).is_err() {
                return Err(err(f, v, RowReason::NotUtf8));
            }
        }
        Ok(())
    }

    /// The group key as strings (an error when a value is not UTF-8 or holds a NUL byte).
    pub(crate) fn key_strings(&self, key: &[u8]) -> Result<Vec<String>, RowErr> {
        self.check_key(key)?;
        if self.group_by.is_empty() {
            return Ok(Vec::new());
        }
        Ok(key
            .split(|b| *b == 0x1f)
            .zip(&self.group_by)
            .map(|(v, _)| String::from_utf8_lossy(v).into_owned())
            .collect())
    }
}

fn show(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
