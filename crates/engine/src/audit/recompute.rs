//! The audit's only door to the rate formulas: every rate it recomputes, and every total a
//! report may state (due, processed, in time, late or overdue), is asked of the measures
//! catalogue (`aggregate::measures`) and of [`Counts`]; nothing is re-typed here.

use super::names::{FigureName, StatedSum};
use crate::aggregate::{
    Counts, Denominator, Fraction, MeasureId, MeasureOptions, OnlineDenominator, Rounding,
};

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

/// The base cells that hold returned and withdrawn dossiers.
pub(super) const SET_ASIDE_CELLS: [usize; 2] = [8, 9];

fn options(denominator: Denominator) -> MeasureOptions {
    MeasureOptions {
        denominator,
        ..MeasureOptions::default()
    }
}

fn denominator_value(c: &Counts, denominator: Denominator) -> Option<u64> {
    let f = MeasureId::OnTimeRate
        .measure()
        .fraction(c, &options(denominator));
    u64::try_from(f.denominator).ok()
}

/// The value of a stated count on `counts`, from the catalogue's own definitions (`None` for
/// rates).
pub(super) fn count_value(name: FigureName, c: &Counts) -> Option<u64> {
    Some(match name {
        FigureName::Count(column) => c.get(column),
        FigureName::Sum(StatedSum::Due) => denominator_value(c, Denominator::Due)?,
        FigureName::Sum(StatedSum::Processed) => denominator_value(c, Denominator::Processed)?,
        FigureName::Sum(StatedSum::ResolvedInTime) => c.resolved_in_time(),
        FigureName::Sum(StatedSum::LateOrOverdue) => {
            let f = MeasureId::LateRate
                .measure()
                .fraction(c, &options(Denominator::Due));
            u64::try_from(f.numerator).ok()?
        }
        FigureName::Sum(StatedSum::SetAside) => c.set_aside(),
        FigureName::Rate(_) => return None,
    })
}

/// One way of computing a stated rate: the catalogue's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RateConvention {
    /// The catalogue's options (denominator or online denominator, rounding, decimals).
    pub options: MeasureOptions,
    /// Whether the measure follows the online denominator rather than the rate denominator.
    pub online: bool,
}

impl RateConvention {
    /// The denominator's name in the catalogue.
    pub fn denominator(&self) -> &'static str {
        if self.online {
            self.options.online_denominator.as_str()
        } else {
            self.options.denominator.as_str()
        }
    }

    /// `denominator=resolved rounding=half_up decimals=2` (JSON `conventions`).
    pub fn label(&self) -> String {
        format!(
            "{}={} rounding={} decimals={}",
            if self.online {
                "online_denominator"
            } else {
                "denominator"
            },
            self.denominator(),
            rounding_name(self.options.rounding),
            self.options.decimals
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

/// The catalogue measure of a stated rate.
fn measure(rate: FigureName) -> Option<MeasureId> {
    rate.measure()
}

/// Every convention of the catalogue for `rate` at `decimals`: each denominator the measure
/// follows (or each online denominator) under each rounding.
pub(super) fn conventions(rate: FigureName, decimals: u32) -> Vec<RateConvention> {
    let Some(id) = measure(rate) else {
        return Vec::new();
    };
    let m = id.measure();
    let mut out = Vec::new();
    for rounding in Rounding::ALL {
        let base = MeasureOptions {
            rounding,
            decimals,
            ..MeasureOptions::default()
        };
        if id == MeasureId::OnlineRate {
            for online_denominator in OnlineDenominator::ALL {
                out.push(RateConvention {
                    options: MeasureOptions {
                        online_denominator,
                        ..base
                    },
                    online: true,
                });
            }
        } else if m.follows_denominator() {
            for denominator in Denominator::ALL {
                out.push(RateConvention {
                    options: MeasureOptions {
                        denominator,
                        ..base
                    },
                    online: false,
                });
            }
        } else {
            out.push(RateConvention {
                options: base,
                online: false,
            });
        }
    }
    out
}

/// The catalogue's fraction of `rate` under `conv` on `counts`.
pub(super) fn fraction(rate: FigureName, conv: &RateConvention, c: &Counts) -> Option<Fraction> {
    Some(measure(rate)?.measure().fraction(c, &conv.options))
}
