//! The classification kernel: one dossier, reduced to a few integers, to a (scope, fate)
//! code; and the per-group accumulator cell. Times are whole seconds since
//! 1970-01-01T00:00:00 of the naive local clock.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDateTime};
use minhbach_model::{Channel, Dossier, Outcome, Pause};

use super::counts::Counts;
use super::due::DueTable;
use super::policy::{EarlyRule, EndedAs, Lateness, PauseRule, ReceiptRule, UnknownDue};
use super::query::Query;

/// `resolved_at` of a dossier not finished.
pub(crate) const NOT_RESOLVED: i64 = i64::MAX;
/// `due_at` unknown.
pub(crate) const UNKNOWN: i64 = i64::MIN;
/// A due date that forces late / overdue (Decision 766 second supplementation).
pub(crate) const FORCED_LATE: i64 = i64::MIN + 1;
/// A due date that is never reached (clock stopped).
pub(crate) const NEVER_DUE: i64 = i64::MAX;

pub(crate) const SECS_PER_DAY: i64 = 86_400;

pub(crate) const SCOPE_ONLINE: u8 = 1;
pub(crate) const SCOPE_DIRECT: u8 = 2;
pub(crate) const SCOPE_CARRIED: u8 = 3;

pub(crate) const FATE_EARLY: u8 = 0;
pub(crate) const FATE_ON_TIME: u8 = 1;
pub(crate) const FATE_LATE: u8 = 2;
pub(crate) const FATE_WITHIN: u8 = 3;
pub(crate) const FATE_OVERDUE: u8 = 4;
pub(crate) const FATE_WITHDRAWN: u8 = 5;
pub(crate) const FATE_REJECTED: u8 = 6;
pub(crate) const FATE_WAITING: u8 = 7;
pub(crate) const FATE_UNKNOWN_DUE: u8 = 8;

/// Not in the table (received after the window, or finished before the period).
pub(crate) const CODE_OUTSIDE: u8 = 0;
/// Refused at reception and excluded (OpenCPS).
pub(crate) const CODE_REFUSED: u8 = 1;

/// Splits a code into (scope, fate) when the dossier is in the table.
pub(crate) fn split_code(code: u8) -> Option<(u8, u8)> {
    (code >= 16).then_some((code >> 4, code & 15))
}

/// Flag bits of a record.
pub(crate) const OUT_REJECTED: u8 = 1;
pub(crate) const OUT_WITHDRAWN: u8 = 2;
pub(crate) const F_ONLINE: u8 = 4;
pub(crate) const F_WAITING: u8 = 8;
pub(crate) const F_POSTAL: u8 = 16;
/// Column store only: the dossier has pauses (slow path).
pub(crate) const F_PAUSES: u8 = 32;

/// One dossier as the kernel sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rec {
    pub recv: i64,
    pub due: i64,
    pub res: i64,
    pub flags: u8,
}

/// The query reduced to integers.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub s: i64,
    /// min(E, C): the window's end for receipt and resolution.
    pub t: i64,
    pub c: i64,
    pub withdrawn_sep: bool,
    pub rejected_sep: bool,
    pub date_late: bool,
    /// First second counted as received in the period: S, or S + 1 when receipt must be
    /// strictly after the start (OpenCPS).
    pub s_recv: i64,
    /// Early when resolved before the due time (OpenCPS), not only before the due day.
    pub early_time: bool,
    pub waiting_sep: bool,
    pub exclude_refused: bool,
    pub unknown_on_time: bool,
    pub pauses: PauseRule,
    pub late_if_twice: bool,
    /// Working-day tables when a calendar is given.
    pub days: Option<DueTable>,
    /// Statutory working days per procedure code.
    pub catalogue: HashMap<String, u32>,
}

/// Seconds since the epoch of a naive date-time.
pub(crate) fn ts(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

/// The naive date-time of a timestamp.
pub(crate) fn from_ts(s: i64) -> Option<NaiveDateTime> {
    chrono::DateTime::from_timestamp(s, 0).map(|d| d.naive_utc())
}

impl Prepared {
    pub(crate) fn new(q: &Query) -> Prepared {
        let p = &q.policy;
        let c = ts(q.cutoff());
        Prepared {
            s: ts(q.period.start),
            t: ts(q.period.end).min(c),
            c,
            withdrawn_sep: p.withdrawn == EndedAs::Separate,
            rejected_sep: p.rejected == EndedAs::Separate,
            date_late: p.lateness == Lateness::Date,
            s_recv: match p.receipt {
                ReceiptRule::FromStart => ts(q.period.start),
                ReceiptRule::AfterStart => ts(q.period.start).saturating_add(1),
            },
            early_time: p.early == EarlyRule::BeforeDueTime,
            waiting_sep: p.waiting_separate,
            exclude_refused: p.exclude_refused_at_reception,
            unknown_on_time: p.unknown_due == UnknownDue::OnTime,
            pauses: p.pauses,
            late_if_twice: p.late_if_supplemented_twice,
            days: q.calendar().map(|cal| {
                let first = q.period.start.date() - chrono::Days::new(731);
                let last = q.cutoff().date() + chrono::Days::new(731);
                let mut n: Vec<u32> = q.due_dates.catalogue().map(|(_, v)| v).collect();
                n.sort_unstable();
                n.dedup();
                DueTable::new(cal.clone(), first, last, &n)
            }),
            catalogue: q
                .due_dates
                .catalogue()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        }
    }

    /// The classification code of a record.
    #[inline]
    pub(crate) fn classify(&self, r: &Rec) -> u8 {
        let resolved_in = r.res <= self.t; // res >= s is implied for in-scope rows
        if self.exclude_refused && r.flags & OUT_REJECTED != 0 && r.res == r.recv {
            return if r.recv >= self.s_recv && r.recv <= self.t {
                CODE_REFUSED
            } else {
                CODE_OUTSIDE
            };
        }
        let scope = if r.recv > self.t {
            return CODE_OUTSIDE;
        } else if r.recv >= self.s_recv {
            if r.flags & F_ONLINE != 0 {
                SCOPE_ONLINE
            } else {
                SCOPE_DIRECT
            }
        } else if r.res < self.s {
            return CODE_OUTSIDE;
        } else {
            SCOPE_CARRIED
        };
        let fate = if resolved_in {
            if self.withdrawn_sep && r.flags & OUT_WITHDRAWN != 0 {
                FATE_WITHDRAWN
            } else if self.rejected_sep && r.flags & OUT_REJECTED != 0 {
                FATE_REJECTED
            } else if r.due == UNKNOWN {
                if self.unknown_on_time {
                    FATE_ON_TIME
                } else {
                    FATE_UNKNOWN_DUE
                }
            } else {
                let (rd, dd) = (day_of(r.res), day_of(r.due));
                let late = if self.date_late {
                    rd > dd
                } else {
                    r.res > r.due
                };
                let early = if self.early_time {
                    r.res < r.due
                } else {
                    rd < dd
                };
                if late {
                    FATE_LATE
                } else if early {
                    FATE_EARLY
                } else {
                    FATE_ON_TIME
                }
            }
        } else if self.waiting_sep && r.flags & F_WAITING != 0 {
            FATE_WAITING
        } else if r.due == UNKNOWN {
            if self.unknown_on_time {
                FATE_WITHIN
            } else {
                FATE_UNKNOWN_DUE
            }
        } else if r.due >= self.c {
            FATE_WITHIN
        } else {
            FATE_OVERDUE
        };
        (scope << 4) | fate
    }

    /// Builds the record of a validated dossier, computing the due date from the catalogue
    /// when missing and applying the pause policy.
    pub(crate) fn record(&self, d: &Dossier) -> Rec {
        let recv = ts(d.received_at);
        let res = d.resolved_at.map(ts).unwrap_or(NOT_RESOLVED);
        let mut flags = match d.effective_outcome() {
            Some(Outcome::Rejected) => OUT_REJECTED,
            Some(Outcome::Withdrawn) => OUT_WITHDRAWN,
            _ => 0,
        };
        flags |= channel_flag(d.channel);
        let mut due = match d.due_at {
            Some(t) => ts(t),
            None => self.due_from_catalogue(recv, d.procedure_code.as_deref()),
        };
        if !d.pauses.is_empty() {
            let pauses: Vec<(i64, Option<i64>)> = d
                .pauses
                .iter()
                .map(|p: &Pause| (ts(p.start), p.end.map(ts)))
                .collect();
            let (new_due, waiting) =
                self.apply_pauses(&pauses, res, due, d.procedure_code.as_deref());
            due = new_due;
            if waiting {
                flags |= F_WAITING;
            }
        }
        Rec {
            recv,
            due,
            res,
            flags,
        }
    }

    /// The due date from the catalogue and the calendar, or [`UNKNOWN`].
    #[inline]
    pub(crate) fn due_from_catalogue(&self, recv: i64, procedure: Option<&str>) -> i64 {
        let Some(days) = procedure.and_then(|p| self.catalogue.get(p)) else {
            return UNKNOWN;
        };
        self.due_after(recv, *days)
    }

    #[inline]
    pub(crate) fn due_after(&self, recv: i64, days: u32) -> i64 {
        match &self.days {
            Some(t) => t.due_timestamp(recv, days),
            None => UNKNOWN,
        }
    }

    /// Applies the pause policy; returns the effective due and whether the dossier is
    /// waiting for supplementation at the cut-off.
    pub(crate) fn apply_pauses(
        &self,
        pauses: &[(i64, Option<i64>)],
        res: i64,
        due: i64,
        procedure: Option<&str>,
    ) -> (i64, bool) {
        let t = self.t;
        let pending_at_t = res > t;
        let started: Vec<&(i64, Option<i64>)> = pauses.iter().filter(|p| p.0 <= t).collect();
        let open = started
            .iter()
            .find(|p| p.1.is_none_or(|e| e > t))
            .map(|p| p.0)
            .filter(|_| pending_at_t);
        let waiting = open.is_some();
        if self.late_if_twice && started.len() > 1 {
            return (FORCED_LATE, waiting);
        }
        let due = match self.pauses {
            PauseRule::Ignore => due,
            PauseRule::Restart => {
                if open.is_some() {
                    NEVER_DUE
                } else {
                    let last_end = started.iter().filter_map(|p| p.1).max();
                    let days = procedure.and_then(|p| self.catalogue.get(p));
                    match (last_end, days) {
                        (Some(e), Some(n)) if self.days.is_some() => self.due_after(e, *n),
                        _ => due,
                    }
                }
            }
            PauseRule::SubtractPause => {
                if due == UNKNOWN {
                    due
                } else {
                    let paused: i64 = started
                        .iter()
                        .filter_map(|p| p.1.filter(|e| *e <= t).map(|e| e - p.0))
                        .sum();
                    let due = due.saturating_add(paused);
                    match open {
                        Some(start) if start <= due => NEVER_DUE,
                        Some(_) => FORCED_LATE,
                        None => due,
                    }
                }
            }
        };
        (due, waiting)
    }
}

/// The flag bits of a channel.
#[inline]
pub(crate) fn channel_flag(c: Channel) -> u8 {
    match c {
        Channel::Online => F_ONLINE,
        Channel::Postal => F_POSTAL,
        Channel::Direct => 0,
    }
}

/// The channel of flag bits.
pub(crate) fn flag_channel(f: u8) -> Channel {
    if f & F_ONLINE != 0 {
        Channel::Online
    } else if f & F_POSTAL != 0 {
        Channel::Postal
    } else {
        Channel::Direct
    }
}

/// Day number (days since 1970-01-01) of a timestamp.
#[inline]
pub(crate) fn day_of(t: i64) -> i64 {
    t.div_euclid(SECS_PER_DAY)
}

/// The accumulator of one group.
/// The processing time a resolved dossier adds: (seconds from receipt to resolution, working
/// days when a calendar is known); (0, None) for any other code.
#[inline]
pub(crate) fn processing(code: u8, r: &Rec, days: Option<&DueTable>) -> (i64, Option<i64>) {
    if code >= 16 && (code & 15) <= FATE_LATE {
        (
            r.res - r.recv,
            days.and_then(|t| t.working_days_between_ts(r.recv, r.res)),
        )
    } else {
        (0, None)
    }
}

/// Whether a code is one a [`Cell`] counts (a scope and a fate in the table, or refused at
/// reception); codes read back from a file are checked with it.
pub(crate) fn is_counted(code: u8) -> bool {
    code == CODE_REFUSED || (matches!(code >> 4, 1..=3) && (code & 15) <= FATE_UNKNOWN_DUE)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Cell {
    /// 0..3 scopes (online, direct, carried), 3 refused, 4.. fates.
    pub n: [u64; 16],
    pub secs: i128,
    pub wdays: i64,
    pub wd_n: u64,
}

impl Cell {
    /// Counts one classified record (code != outside).
    // Indexing cannot panic: `n` has 16 slots and every index is masked with `& 15`.
    #[allow(clippy::indexing_slicing)]
    #[inline]
    pub(crate) fn add(&mut self, code: u8, r: &Rec, days: Option<&DueTable>) {
        let (secs, wdays) = processing(code, r, days);
        self.add_parts(code, secs, wdays);
    }

    /// Counts one classified dossier from its code and its processing time (seconds and
    /// working days, as [`processing`] gives them): the form a partial file's digest
    /// records keep.
    // Indexing cannot panic: `n` has 16 slots and every index is masked with `& 15`.
    #[allow(clippy::indexing_slicing)]
    #[inline]
    pub(crate) fn add_parts(&mut self, code: u8, secs: i64, wdays: Option<i64>) {
        if code < 16 {
            if code == CODE_REFUSED {
                self.n[3] += 1;
            }
            return;
        }
        let (scope, fate) = ((code >> 4) as usize, (code & 15) as usize);
        self.n[(scope.wrapping_sub(1)) & 15] += 1;
        self.n[(4 + fate) & 15] += 1;
        if fate <= FATE_LATE as usize {
            self.secs += secs as i128;
            if let Some(w) = wdays {
                self.wdays += w;
                self.wd_n += 1;
            }
        }
    }

    pub(crate) fn merge(&mut self, o: &Cell) {
        for (a, b) in self.n.iter_mut().zip(o.n.iter()) {
            *a += *b;
        }
        self.secs += o.secs;
        self.wdays += o.wdays;
        self.wd_n += o.wd_n;
    }

    // Indexing cannot panic: `n` has 16 slots and every index is a constant below 16 or
    // masked with `& 15`.
    #[allow(clippy::indexing_slicing)]
    pub(crate) fn counts(&self) -> Counts {
        let f = |i: u8| self.n[(4 + i as usize) & 15];
        Counts {
            received_online: self.n[0],
            received_direct_postal: self.n[1],
            carried_over: self.n[2],
            refused_at_reception: self.n[3],
            resolved_early: f(FATE_EARLY),
            resolved_on_time: f(FATE_ON_TIME),
            resolved_late: f(FATE_LATE),
            pending_within_due: f(FATE_WITHIN),
            pending_overdue: f(FATE_OVERDUE),
            withdrawn: f(FATE_WITHDRAWN),
            rejected: f(FATE_REJECTED),
            waiting: f(FATE_WAITING),
            unknown_due: f(FATE_UNKNOWN_DUE),
            processing_seconds: self.secs,
            processing_working_days: self.wdays,
            working_days_counted: self.wd_n,
        }
    }
}

/// First year of [`YEARS`].
const YEAR0: i64 = 1900;
/// Per year from [`YEAR0`]: (days from 1970-01-01 to its 1 January, leap year).
// Indexes are constants below the array length or masked to it (hot path: no `get`).
#[allow(clippy::indexing_slicing)]
const YEARS: [(i64, bool); 256] = {
    let mut t = [(0i64, false); 256];
    let mut i = 0;
    while i < 256 {
        let y = YEAR0 + i as i64;
        t[i] = (
            days_from_civil(y, 1, 1),
            (y % 4 == 0 && y % 100 != 0) || y % 400 == 0,
        );
        i += 1;
    }
    t
};
/// Days before the first of each month, common and leap years.
const MONTH_START: [[i64; 12]; 2] = [
    [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334],
    [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335],
];
/// Days in each month, common and leap years.
const MONTH_DAYS: [[i64; 12]; 2] = [
    [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
    [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31],
];

/// Parses `YYYY-MM-DDTHH:MM:SS` (exactly 19 bytes, `T` or space) to a timestamp without
/// allocation; `None` for anything else (the caller then uses the model's parser). Years
/// 1900–2155 use a table; others the general formula.
#[inline]
pub(crate) fn fast_timestamp(b: &[u8]) -> Option<i64> {
    let b: &[u8; 19] = b.try_into().ok()?;
    Some(fast_date(b)? + fast_time_of_day(b)?)
}

/// Seconds since 1970-01-01 of the date `YYYY-MM-DD` in bytes 0..10.
#[inline]
// Indexes are constants below the array length or masked to it (hot path: no `get`).
#[allow(clippy::indexing_slicing)]
fn fast_date(b: &[u8; 19]) -> Option<i64> {
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let mut bad = 0u8;
    for i in [0, 1, 2, 3, 5, 6, 8, 9] {
        bad |= u8::from(b[i].wrapping_sub(b'0') > 9);
    }
    if bad != 0 {
        return None;
    }
    let d = |i: usize| i64::from(b[i] - b'0');
    let y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    let m = d(5) * 10 + d(6);
    let day = d(8) * 10 + d(9);
    if !(1..=12).contains(&m) || day < 1 {
        return None;
    }
    let (days, leap) = match YEARS.get((y - YEAR0) as usize) {
        Some(&(y_days, leap)) => (y_days, leap),
        None => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            (days_from_civil(y, 1, 1), leap)
        }
    };
    let mi = (m - 1) as usize;
    let li = usize::from(leap);
    if day > MONTH_DAYS[li][mi] {
        return None;
    }
    Some((days + MONTH_START[li][mi] + day - 1) * SECS_PER_DAY)
}

/// Seconds of `[T ]HH:MM:SS` in bytes 10..19.
#[inline]
// Indexes are constants below the array length or masked to it (hot path: no `get`).
#[allow(clippy::indexing_slicing)]
fn fast_time_of_day(b: &[u8; 19]) -> Option<i64> {
    if (b[10] != b'T' && b[10] != b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let mut bad = 0u8;
    for i in [11, 12, 14, 15, 17, 18] {
        bad |= u8::from(b[i].wrapping_sub(b'0') > 9);
    }
    if bad != 0 {
        return None;
    }
    let d = |i: usize| i64::from(b[i] - b'0');
    let hh = d(11) * 10 + d(12);
    let mm = d(14) * 10 + d(15);
    let ss = d(17) * 10 + d(18);
    if hh > 23 || mm > 59 || ss > 59 {
        return None;
    }
    Some(hh * 3600 + mm * 60 + ss)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
#[inline]
pub(crate) const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM` of a timestamp.
pub(crate) fn month_label(t: i64) -> String {
    match from_ts(t) {
        Some(d) => format!("{:04}-{:02}", d.year(), d.month()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use minhbach_model::parse_datetime;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn fast_parser_equals_model_parser(secs in -2_000_000_000i64..8_000_000_000i64, sep in prop::bool::ANY) {
            let t = from_ts(secs).unwrap();
            let s = t.format(if sep { "%Y-%m-%dT%H:%M:%S" } else { "%Y-%m-%d %H:%M:%S" }).to_string();
            prop_assert_eq!(fast_timestamp(s.as_bytes()), Some(ts(parse_datetime(&s).unwrap())));
        }

        #[test]
        fn fast_parser_never_disagrees(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}") {
            let model = parse_datetime(&s).ok().map(ts);
            prop_assert_eq!(fast_timestamp(s.as_bytes()), model);
        }

        #[test]
        fn fast_parser_never_panics(b in prop::collection::vec(any::<u8>(), 0..24)) {
            let _ = fast_timestamp(&b);
        }
    }
}
