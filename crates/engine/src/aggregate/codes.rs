//! The vocabulary of the classification: a dossier reduced to a record of four integers
//! ([`Rec`]), the (scope, fate) code a record is classified into, the flag bits, and the
//! per-group accumulator ([`GroupCell`]) that turns codes into [`Counts`]. Above `time` and
//! `counts`; below `due`, `query` and the classification (`classify`).

use minhbach_model::{Channel, Outcome};

use super::counts::{Column, Counts};

/// `resolved_at` of a dossier not finished.
pub(crate) const NOT_RESOLVED: i64 = i64::MAX;
/// `due_at` unknown.
pub(crate) const UNKNOWN: i64 = i64::MIN;
/// A due date that forces late / overdue (Decision 766 second supplementation).
pub(crate) const FORCED_LATE: i64 = i64::MIN + 1;
/// A due date that is never reached (clock stopped).
pub(crate) const NEVER_DUE: i64 = i64::MAX;

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

/// One dossier as the classification sees it: receipt, due and resolution times and flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rec {
    pub recv: i64,
    pub due: i64,
    pub res: i64,
    pub flags: u8,
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

/// The flag bits of a dossier's outcome and channel: the one place a record's flags are
/// made (outcome `approved`, or none, sets no bit).
#[inline]
pub(crate) fn flags_of(outcome: Option<Outcome>, channel: Channel) -> u8 {
    let out = match outcome {
        Some(Outcome::Rejected) => OUT_REJECTED,
        Some(Outcome::Withdrawn) => OUT_WITHDRAWN,
        _ => 0,
    };
    out | channel_flag(channel)
}

/// Whether a dossier of classification `code` adds its processing time (resolved early, on
/// time or late).
#[inline]
pub(crate) fn is_timed(code: u8) -> bool {
    code >= 16 && (code & 15) <= FATE_LATE
}

/// Whether a code is one a [`GroupCell`] counts (a scope and a fate in the table, or refused at
/// reception); codes read back from a file are checked with it.
pub(crate) fn is_counted(code: u8) -> bool {
    code == CODE_REFUSED || (matches!(code >> 4, 1..=3) && (code & 15) <= FATE_UNKNOWN_DUE)
}

/// The accumulator of one group: rows per scope and per fate, and the processing sums.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct GroupCell {
    /// 0..3 scopes (online, direct, carried), 3 refused, 4.. fates.
    pub n: [u64; 16],
    pub secs: i128,
    pub wdays: i64,
    pub wd_n: u64,
}

impl GroupCell {
    /// Counts `n` dossiers of classification `code` (nothing for [`CODE_OUTSIDE`]), without
    /// their processing time.
    // Indexing cannot panic: `n` has 16 slots and every index is masked with `& 15`.
    #[allow(clippy::indexing_slicing)]
    #[inline]
    pub(crate) fn add_codes(&mut self, code: u8, n: u64) {
        if code < 16 {
            if code == CODE_REFUSED {
                self.n[3] += n;
            }
            return;
        }
        let (scope, fate) = ((code >> 4) as usize, (code & 15) as usize);
        self.n[(scope.wrapping_sub(1)) & 15] += n;
        self.n[(4 + fate) & 15] += n;
    }

    /// Counts one classified dossier from its code and its processing time (seconds and
    /// working days, as `Prepared::processing` gives them): the form a partial file's digest
    /// records keep.
    #[inline]
    pub(crate) fn add_parts(&mut self, code: u8, secs: i64, wdays: Option<i64>) {
        self.add_codes(code, 1);
        if is_timed(code) {
            self.secs += secs as i128;
            if let Some(w) = wdays {
                self.wdays += w;
                self.wd_n += 1;
            }
        }
    }

    /// Adds another cell.
    pub(crate) fn merge(&mut self, o: &GroupCell) {
        for (a, b) in self.n.iter_mut().zip(o.n.iter()) {
            *a += *b;
        }
        self.secs += o.secs;
        self.wdays += o.wdays;
        self.wd_n += o.wd_n;
    }

    /// The counts of the cell.
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

impl Column {
    /// Whether a dossier of classification `code` is counted in this column (drill-down).
    pub(crate) fn matches(self, code: u8) -> bool {
        let Some((scope, fate)) = split_code(code) else {
            return self == Column::RefusedAtReception && code == CODE_REFUSED;
        };
        match self {
            Column::Handled => true,
            Column::Received => scope != SCOPE_CARRIED,
            Column::ReceivedOnline => scope == SCOPE_ONLINE,
            Column::ReceivedDirectPostal => scope == SCOPE_DIRECT,
            Column::CarriedOver => scope == SCOPE_CARRIED,
            Column::Resolved => fate <= FATE_LATE,
            Column::ResolvedEarly => fate == FATE_EARLY,
            Column::ResolvedOnTime => fate == FATE_ON_TIME,
            Column::ResolvedLate => fate == FATE_LATE,
            Column::Pending => fate == FATE_WITHIN || fate == FATE_OVERDUE,
            Column::PendingWithinDue => fate == FATE_WITHIN,
            Column::PendingOverdue => fate == FATE_OVERDUE,
            Column::Withdrawn => fate == FATE_WITHDRAWN,
            Column::Rejected => fate == FATE_REJECTED,
            Column::Waiting => fate == FATE_WAITING,
            Column::UnknownDue => fate == FATE_UNKNOWN_DUE,
            Column::RefusedAtReception => false,
        }
    }
}
