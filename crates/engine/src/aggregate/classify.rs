//! The one classification of a dossier, design §4 under the chosen `Policy`: a record
//! ([`Rec`]) is reduced to [`CONDITION_BITS`] yes/no conditions (received after the window,
//! resolved in it, late, early, due after the cut-off, …), and [`Prepared::decide`] maps
//! conditions to a (scope, fate) code. Every input path classifies through the lookup table
//! generated from `decide` ([`Prepared::classify`]); the columnar fast path's narrower table
//! is generated from it too. Also the one record builder ([`Prepared::record`]): due dates
//! from the catalogue and the calendar, and the pause rule.
//!
//! Layering: above `time`, `codes`, `due`, `query` and `policy`; below the aggregation and
//! every input (CSV/XLSX reader, columnar store, row-by-row aggregator).

use std::collections::HashMap;

use minhbach_model::Dossier;

use super::codes::{
    flags_of, is_timed, GroupCell, Rec, CODE_OUTSIDE, CODE_REFUSED, FATE_EARLY, FATE_LATE,
    FATE_ON_TIME, FATE_OVERDUE, FATE_REJECTED, FATE_UNKNOWN_DUE, FATE_WAITING, FATE_WITHDRAWN,
    FATE_WITHIN, FORCED_LATE, F_ONLINE, F_WAITING, NEVER_DUE, NOT_RESOLVED, OUT_REJECTED,
    OUT_WITHDRAWN, SCOPE_CARRIED, SCOPE_DIRECT, SCOPE_ONLINE, UNKNOWN,
};
use super::due::DueTable;
use super::policy::{EarlyRule, EndedAs, Lateness, PauseRule, ReceiptRule, UnknownDue};
use super::query::Query;
use super::time::{day_of, ts};

/// Number of condition bits of a record ([`Prepared::conditions`]):
/// 0 received after the window (recv > T), 1 received in the period (recv ≥ S, or > S),
/// 2 resolved before the period (res < S), 3 resolved in the window (res ≤ T), 4 rejected,
/// 5 withdrawn, 6 online (the record's three low flag bits), 7 late (day(res) > day(due), or
/// res > due), 8 early (day(res) < day(due), or res < due), 9 due at or after the cut-off,
/// 10 resolved when received (res = recv), 11 due date unknown, 12 waiting for
/// supplementation.
pub(crate) const CONDITION_BITS: usize = 13;
/// Entries of the classification table.
const TABLE_SIZE: usize = 1 << CONDITION_BITS;
/// Condition bit: due date unknown.
pub(crate) const BIT_UNKNOWN_DUE: usize = 1 << 11;
/// Condition bit: waiting for supplementation.
pub(crate) const BIT_WAITING: usize = 1 << 12;

// Condition bits 4..6 are the record's three low flag bits.
const _: () = assert!(OUT_REJECTED == 1 && OUT_WITHDRAWN == 2 && F_ONLINE == 4);

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
    /// Online service level per procedure code (`Query::online_levels`).
    pub online_levels: HashMap<String, String>,
    /// The classification code of every combination of condition bits, generated from
    /// [`Prepared::decide`].
    table: Box<[u8; TABLE_SIZE]>,
}

impl Prepared {
    pub(crate) fn new(q: &Query) -> Prepared {
        let p = &q.policy;
        let c = ts(q.cutoff());
        let mut prepared = Prepared {
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
            online_levels: q
                .online_levels
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            table: Box::new([CODE_OUTSIDE; TABLE_SIZE]),
        };
        let mut table = Box::new([CODE_OUTSIDE; TABLE_SIZE]);
        for (bits, code) in table.iter_mut().enumerate() {
            *code = prepared.decide(bits);
        }
        prepared.table = table;
        prepared
    }

    /// The condition bits of a record ([`CONDITION_BITS`]).
    #[inline]
    pub(crate) fn conditions(&self, r: &Rec) -> usize {
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
        usize::from(r.recv > self.t)
            | usize::from(r.recv >= self.s_recv) << 1
            | usize::from(r.res < self.s) << 2
            | usize::from(r.res <= self.t) << 3
            | usize::from(r.flags & 7) << 4
            | usize::from(late) << 7
            | usize::from(early) << 8
            | usize::from(r.due >= self.c) << 9
            | usize::from(r.res == r.recv) << 10
            | usize::from(r.due == UNKNOWN) << 11
            | usize::from(r.flags & F_WAITING != 0) << 12
    }

    /// The classification code of a record: the table generated from [`Prepared::decide`].
    #[inline]
    pub(crate) fn classify(&self, r: &Rec) -> u8 {
        // Outside the window whatever the other conditions (`decide`: bit 0, or bit 2 without
        // bit 1): received after it, or received and resolved before the period. Most rows
        // of a long export are one or the other; they skip the 13 bits and the lookup.
        if r.recv > self.t || (r.recv < self.s_recv && r.res < self.s) {
            return CODE_OUTSIDE;
        }
        self.code_of(self.conditions(r))
    }

    /// The classification code of condition bits (from the generated table).
    #[inline]
    pub(crate) fn code_of(&self, bits: usize) -> u8 {
        self.table
            .get(bits & (TABLE_SIZE - 1))
            .copied()
            .unwrap_or(CODE_OUTSIDE)
    }

    /// THE classification (design §4 under the policy): condition bits → code. Combinations
    /// no record can have (received after the window yet resolved before the period) get
    /// some code; nothing reads them.
    pub(crate) fn decide(&self, bits: usize) -> u8 {
        let has = |b: usize| bits & (1 << b) != 0;
        let (rejected, withdrawn, online) = (has(4), has(5), has(6));
        let unknown_due = bits & BIT_UNKNOWN_DUE != 0;
        if self.exclude_refused && rejected && has(10) {
            return if has(1) && !has(0) {
                CODE_REFUSED
            } else {
                CODE_OUTSIDE
            };
        }
        let scope = if has(0) {
            return CODE_OUTSIDE;
        } else if has(1) {
            if online {
                SCOPE_ONLINE
            } else {
                SCOPE_DIRECT
            }
        } else if has(2) {
            return CODE_OUTSIDE;
        } else {
            SCOPE_CARRIED
        };
        let fate = if has(3) {
            if self.withdrawn_sep && withdrawn {
                FATE_WITHDRAWN
            } else if self.rejected_sep && rejected {
                FATE_REJECTED
            } else if unknown_due {
                if self.unknown_on_time {
                    FATE_ON_TIME
                } else {
                    FATE_UNKNOWN_DUE
                }
            } else if has(7) {
                FATE_LATE
            } else if has(8) {
                FATE_EARLY
            } else {
                FATE_ON_TIME
            }
        } else if self.waiting_sep && bits & BIT_WAITING != 0 {
            FATE_WAITING
        } else if unknown_due {
            if self.unknown_on_time {
                FATE_WITHIN
            } else {
                FATE_UNKNOWN_DUE
            }
        } else if has(9) {
            FATE_WITHIN
        } else {
            FATE_OVERDUE
        };
        (scope << 4) | fate
    }

    /// THE record builder: the record of a validated dossier given as timestamps (`due`
    /// [`UNKNOWN`] and `res` [`NOT_RESOLVED`] when absent), its flags ([`flags_of`]) and
    /// pauses; the due date comes from the catalogue when missing, then the pause rule
    /// applies. `procedure` gives the procedure code, asked only when needed.
    #[inline(always)]
    pub(crate) fn record<'p>(
        &self,
        (recv, due, res, flags): (i64, i64, i64, u8),
        pauses: &[(i64, Option<i64>)],
        procedure: impl Fn() -> Option<&'p str>,
    ) -> Rec {
        let mut due = due;
        let mut flags = flags;
        if due == UNKNOWN && !self.catalogue.is_empty() {
            due = self.due_from_catalogue(recv, procedure());
        }
        if !pauses.is_empty() {
            let (new_due, waiting) = self.apply_pauses(pauses, res, due, procedure());
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

    /// The record of a validated [`Dossier`] ([`Prepared::record`]).
    pub(crate) fn dossier_record(&self, d: &Dossier) -> Rec {
        let pauses: Vec<(i64, Option<i64>)> = d
            .pauses
            .iter()
            .map(|p| (ts(p.start), p.end.map(ts)))
            .collect();
        self.record(
            (
                ts(d.received_at),
                d.due_at.map_or(UNKNOWN, ts),
                d.resolved_at.map_or(NOT_RESOLVED, ts),
                flags_of(d.effective_outcome(), d.channel),
            ),
            &pauses,
            || d.procedure_code.as_deref(),
        )
    }

    /// The processing time a dossier of classification `code` adds: (seconds from receipt to
    /// resolution, working days when a calendar is known) when resolved; (0, None) for any
    /// other code.
    #[inline]
    pub(crate) fn processing(&self, code: u8, r: &Rec) -> (i64, Option<i64>) {
        if is_timed(code) {
            (
                r.res - r.recv,
                self.days
                    .as_ref()
                    .and_then(|t| t.working_days_between_ts(r.recv, r.res)),
            )
        } else {
            (0, None)
        }
    }

    /// Counts a classified record in `cell`, with its processing time.
    #[inline(always)]
    pub(crate) fn count(&self, cell: &mut GroupCell, code: u8, r: &Rec) {
        let (secs, wdays) = self.processing(code, r);
        cell.add_parts(code, secs, wdays);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::codes::{NOT_RESOLVED, UNKNOWN};
    use crate::aggregate::query::{Query, Window};
    use crate::aggregate::Policy;
    use minhbach_model::parse_datetime;

    /// The early exit of `classify` for rows outside the window gives the code the table
    /// gives, for every policy and every placement of the times around S, T and C.
    #[test]
    fn classify_equals_the_table_on_every_placement() {
        let t = |s: &str| parse_datetime(s).unwrap();
        let q = Query::new(Window {
            start: t("2021-01-01T00:00:00"),
            end: t("2021-06-30T23:59:59"),
        })
        .as_of(t("2021-06-15T12:00:00"));
        let mut policies = vec![Policy::bieu06(), Policy::decision766(), Policy::opencps()];
        let mut refused = Policy::bieu06();
        refused.exclude_refused_at_reception = true;
        policies.push(refused);
        for policy in policies {
            let p = Prepared::new(&q.clone().with_policy(policy));
            let marks = [
                p.s - 86_400,
                p.s - 1,
                p.s,
                p.s + 1,
                p.t - 1,
                p.t,
                p.t + 1,
                p.c,
                p.c + 1,
            ];
            let mut checked = 0;
            for &recv in &marks {
                for res in marks.iter().copied().chain([recv, NOT_RESOLVED]) {
                    for due in marks.iter().copied().chain([UNKNOWN]) {
                        for flags in 0..16u8 {
                            let r = Rec {
                                recv,
                                due,
                                res,
                                flags,
                            };
                            assert_eq!(p.classify(&r), p.code_of(p.conditions(&r)), "{r:?}");
                            checked += 1;
                        }
                    }
                }
            }
            assert!(checked > 10_000);
        }
    }
}
