//! Decision 766 indicators computed from the aggregation engine's [`Counts`] through the
//! measures catalogue, so that they are never re-typed by hand nor computed a second way.

use minhbach_model::vi::round_half_up;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::aggregate::measures::Unit;
use crate::aggregate::{Counts, Fraction, MeasureId, MeasureOptions, Rounding};

/// The Decision 766 inputs that a dossier export does not carry, when the office knows them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision766Extras {
    /// Dossiers synchronised to the National Public Service Portal (indicator 1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synced: Option<u64>,
    /// Dossiers with a complaint, petition or "dislike" rating (indicator 5.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_complaint_or_dislike: Option<u64>,
}

/// Indicator values (percentages on 0–100, hours) derived from a row of [`Counts`], keyed by
/// the ids of the `decision766` preset. `None` when the denominator is 0 or an input is
/// unknown (the national system shows "N/A"; never a silent 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision766Values {
    /// 1.4 `dossiers_synced`: synced / received × 100.
    pub dossiers_synced: Option<Decimal>,
    /// 2.1 `on_time_rate`: the catalogue's `decision766_on_time_rate`, (early + on time +
    /// pending within due) / (received + carried over) × 100.
    pub on_time_rate: Option<Decimal>,
    /// 2.2 `mean_processing_hours`: the catalogue's `mean_processing_hours`.
    pub mean_processing_hours: Option<Decimal>,
    /// 3.3 `online_dossier_share`: the catalogue's `online_rate` (over received), times the
    /// sync share when `synced` is known.
    pub online_dossier_share: Option<Decimal>,
    /// 5.4 `tthc_satisfaction`: 100 − (late share + complaint/dislike share), the late share
    /// being the catalogue's `decision766_late_rate` and both over received + carried over.
    pub tthc_satisfaction: Option<Decimal>,
}

impl Decision766Values {
    /// Computes the Decision 766 indicator values of one unit from its aggregated dossier
    /// counts (a table row: total or per agency) and the extras. With `decimals`,
    /// percentages and hours are rounded half-up to that many places (the national system
    /// displays 2); `None` keeps full precision (28 significant digits).
    ///
    /// ```
    /// use minhbach_engine::aggregate::Counts;
    /// use minhbach_engine::scoring::{Decision766Extras, Decision766Values};
    /// let c = Counts { received_online: 2000, received_direct_postal: 4691,
    ///     resolved_early: 5000, resolved_on_time: 1608, pending_within_due: 83,
    ///     ..Counts::default() };
    /// let v = Decision766Values::from_counts(&c, &Decision766Extras::default(), Some(2));
    /// assert_eq!(v.on_time_rate.map(|d| d.to_string()), Some("100.00".into()));
    /// assert_eq!(v.online_dossier_share.map(|d| d.to_string()), Some("29.89".into()));
    /// assert_eq!(v.tthc_satisfaction, None); // complaints unknown
    /// ```
    pub fn from_counts(
        c: &Counts,
        extras: &Decision766Extras,
        decimals: Option<u32>,
    ) -> Decision766Values {
        let opts = MeasureOptions::default();
        let fraction = |id: MeasureId| id.measure().fraction(c, &opts);
        let value = |f: Fraction| match decimals {
            Some(dp) => f.round(dp, Rounding::HalfUp),
            None => f.exact(),
        };
        let round = |v: Option<Decimal>| match decimals {
            Some(dp) => v.map(|d| round_half_up(d, dp)),
            None => v,
        };
        let received = i128::from(c.received());
        let share = |n: u64, den: i128| {
            Fraction {
                numerator: i128::from(n),
                denominator: den,
                unit: Unit::Percent,
            }
            .exact()
        };
        // online/received × synced/received × 100, with a single division.
        let online_share = match extras.synced {
            None => value(fraction(MeasureId::OnlineRate)),
            Some(synced) => value(Fraction {
                numerator: i128::from(c.received_online).saturating_mul(i128::from(synced)),
                denominator: received.saturating_mul(received),
                unit: Unit::Percent,
            }),
        };
        let handled = i128::from(c.handled());
        let satisfaction = extras.with_complaint_or_dislike.and_then(|n| {
            let late = fraction(MeasureId::Decision766LateRate).exact()?;
            let complaints = share(n, handled)?;
            Some(Decimal::ONE_HUNDRED - late - complaints)
        });
        Decision766Values {
            dossiers_synced: round(extras.synced.and_then(|s| share(s, received))),
            on_time_rate: value(fraction(MeasureId::Decision766OnTimeRate)),
            mean_processing_hours: value(fraction(MeasureId::MeanProcessingHours)),
            online_dossier_share: online_share,
            tthc_satisfaction: round(satisfaction),
        }
    }

    /// `(indicator id, value)` pairs for [`super::UnitTable::push_unit_pairs`].
    pub fn pairs(&self) -> [(&'static str, Option<Decimal>); 5] {
        [
            ("dossiers_synced", self.dossiers_synced),
            ("on_time_rate", self.on_time_rate),
            ("mean_processing_hours", self.mean_processing_hours),
            ("online_dossier_share", self.online_dossier_share),
            ("tthc_satisfaction", self.tthc_satisfaction),
        ]
    }
}
