//! The audit's only door to the rate formulas: every rate it recomputes is asked of the
//! aggregation's own code (`Row` and `Policy` of `aggregate::table`), never re-typed here.
//!
//! TEMPORARY (until the measures catalogue of issue #10 lands): the rates the table does not
//! compute yet (`resolved_early_rate`, `resolved_on_time_rate`, `set_aside_rate`, the
//! `processed` denominator and the `received_and_carried` online denominator) are not
//! recomputed; a stated rate of that kind is reported as unchecked.

use rust_decimal::Decimal;

use super::names::FigureName;
use crate::aggregate::{Counts, Denominator, Policy, Rounding, Row};

/// The Biểu 06 cells a stated figure is made of, in a fixed order.
pub(super) const BASE: usize = 10;

/// Sets base cell `i` of `c`.
pub(super) fn set_base(c: &mut Counts, i: usize, v: u64) {
    match i {
        0 => c.received_online = v,
        1 => c.received_direct_postal = v,
        2 => c.carried_over = v,
        3 => c.resolved_early = v,
        4 => c.resolved_on_time = v,
        5 => c.resolved_late = v,
        6 => c.pending_within_due = v,
        7 => c.pending_overdue = v,
        8 => c.withdrawn = v,
        _ => c.rejected = v,
    }
}

fn row(counts: &Counts, denominator: Denominator) -> Row {
    Row {
        key: Vec::new(),
        counts: *counts,
        policy: Policy {
            denominator,
            ..Policy::default()
        },
    }
}

/// The value of a stated count on `counts`, from the aggregation's own definitions
/// (`None` for rates).
pub(super) fn count_value(name: FigureName, c: &Counts) -> Option<u64> {
    use FigureName as N;
    Some(match name {
        N::Received => c.received(),
        N::ReceivedOnline => c.received_online,
        N::ReceivedDirectPostal => c.received_direct_postal,
        N::CarriedOver => c.carried_over,
        N::Handled => c.handled(),
        N::Due => row(c, Denominator::Due).on_time_fraction().1,
        // TEMPORARY: "processed" (resolved + separate returned/withdrawn) until the catalogue.
        N::Processed => c.resolved() + c.withdrawn + c.rejected,
        N::Resolved => c.resolved(),
        N::ResolvedInTime => row(c, Denominator::Resolved).on_time_fraction().0,
        N::ResolvedEarly => c.resolved_early,
        N::ResolvedOnTime => c.resolved_on_time,
        N::ResolvedLate => c.resolved_late,
        N::Pending => c.pending(),
        N::PendingWithinDue => c.pending_within_due,
        N::PendingOverdue => c.pending_overdue,
        N::LateOrOverdue => row(c, Denominator::Due).late_fraction().0,
        N::SetAside => c.withdrawn + c.rejected,
        N::Withdrawn => c.withdrawn,
        N::Rejected => c.rejected,
        _ => return None,
    })
}

/// One way of computing a stated rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Convention {
    /// The catalogue's name of the denominator (or online denominator).
    pub denominator: &'static str,
    /// Whether `denominator` is an online denominator.
    pub online: bool,
    /// Rounding.
    pub rounding: Rounding,
    /// Decimals.
    pub decimals: u32,
}

impl Convention {
    /// `denominator=resolved rounding=half_up decimals=2` (JSON `conventions`).
    pub fn label(&self) -> String {
        format!(
            "{}={} rounding={} decimals={}",
            if self.online {
                "online_denominator"
            } else {
                "denominator"
            },
            self.denominator,
            rounding_name(self.rounding),
            self.decimals
        )
    }
}

/// `half_up` / `floor`.
pub(super) fn rounding_name(r: Rounding) -> &'static str {
    match r {
        Rounding::HalfUp => "half_up",
        Rounding::Floor => "floor",
    }
}

/// The roundings the catalogue offers.
pub(super) const ROUNDINGS: [Rounding; 2] = [Rounding::HalfUp, Rounding::Floor];

fn denominator(name: &str) -> Option<Denominator> {
    Some(match name {
        "resolved" => Denominator::Resolved,
        "due" => Denominator::Due,
        "handled" => Denominator::Handled,
        "decision766" => Denominator::Decision766,
        _ => return None,
    })
}

/// The denominators the catalogue computes `measure` under, and whether they are online
/// denominators. Empty when the catalogue cannot compute the measure.
pub(super) fn denominators(measure: FigureName) -> (&'static [&'static str], bool) {
    match measure {
        FigureName::OnTimeRate | FigureName::LateRate => {
            (&["resolved", "due", "handled", "decision766"], false)
        }
        FigureName::OnlineRate => (&["received"], true),
        _ => (&[], false),
    }
}

/// (numerator, denominator) of `measure` under `denominator` on `counts`.
pub(super) fn fraction(measure: FigureName, denominator_name: &str, c: &Counts) -> Option<(u64, u64)> {
    match measure {
        FigureName::OnTimeRate => Some(row(c, denominator(denominator_name)?).on_time_fraction()),
        FigureName::LateRate => Some(row(c, denominator(denominator_name)?).late_fraction()),
        // TEMPORARY: the table's online rate is over received; its fraction is not exposed.
        FigureName::OnlineRate if denominator_name == "received" => {
            Some((c.received_online, c.received()))
        }
        _ => None,
    }
}

/// The rate of `measure` under `conv` on `counts`, in percent, as the table rounds it.
pub(super) fn rate(measure: FigureName, conv: &Convention, c: &Counts) -> Option<Decimal> {
    let mut r = row(c, denominator(conv.denominator).unwrap_or(Denominator::Resolved));
    r.policy.rounding = conv.rounding;
    r.policy.decimals = conv.decimals;
    match measure {
        FigureName::OnTimeRate => r.on_time_rate(),
        FigureName::LateRate => r.late_rate(),
        FigureName::OnlineRate if conv.denominator == "received" => r.online_rate(),
        _ => None,
    }
}
