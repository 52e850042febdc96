//! Decision 766 indicators computed from dossier counts (the aggregation engine's output),
//! so that they are never re-typed by hand.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// The dossier counts a Decision 766 score needs for one unit and period. Fill it from the
/// aggregation engine's table row (total or per agency).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierFigures {
    /// Received in the period (all channels).
    pub received: u64,
    /// Of which received online.
    pub received_online: u64,
    /// Carried over from the previous period.
    pub carried_over: u64,
    /// Resolved early (trước hạn).
    pub resolved_early: u64,
    /// Resolved on the due date (đúng hạn).
    pub resolved_on_time: u64,
    /// Resolved late (quá hạn).
    pub resolved_late: u64,
    /// Pending, not yet due (trong hạn).
    pub pending_within_due: u64,
    /// Pending and overdue (quá hạn).
    pub pending_overdue: u64,
    /// Sum of processing times of the resolved dossiers, in seconds.
    pub total_processing_seconds: u64,
    /// Dossiers synchronised to the National Public Service Portal, when known (indicator 1.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synced: Option<u64>,
    /// Dossiers with a complaint, petition or "dislike" rating, when known (indicator 5.4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_complaint_or_dislike: Option<u64>,
}

/// Indicator values (percentages on 0–100, hours) derived from [`DossierFigures`], keyed by the
/// ids of the `decision766` preset. `None` when the denominator is 0 or an input is unknown
/// (the national system shows "N/A"; never a silent 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision766Values {
    /// 1.4 `dossiers_synced`: synced / received × 100.
    pub dossiers_synced: Option<Decimal>,
    /// 2.1 `on_time_rate`: (early + on time + pending within due) / (resolved + pending) × 100.
    pub on_time_rate: Option<Decimal>,
    /// 2.2 `mean_processing_hours`: total processing seconds / resolved / 3600.
    pub mean_processing_hours: Option<Decimal>,
    /// 3.3 `online_dossier_share`: online / received × 100, times the sync share when `synced` is known.
    pub online_dossier_share: Option<Decimal>,
    /// 5.4 `tthc_satisfaction`: 100 − (late share + complaint/dislike share), late =
    /// resolved late + pending overdue over resolved + pending.
    pub tthc_satisfaction: Option<Decimal>,
}

impl Decision766Values {
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

fn ratio(num: u64, den: u64) -> Option<Decimal> {
    if den == 0 {
        return None;
    }
    Decimal::from(num)
        .checked_mul(Decimal::ONE_HUNDRED)?
        .checked_div(Decimal::from(den))
}

impl DossierFigures {
    /// Resolved = early + on time + late.
    pub fn resolved(&self) -> u64 {
        self.resolved_early
            .saturating_add(self.resolved_on_time)
            .saturating_add(self.resolved_late)
    }

    /// Pending = within due + overdue.
    pub fn pending(&self) -> u64 {
        self.pending_within_due.saturating_add(self.pending_overdue)
    }

    /// Computes the Decision 766 indicator values. With `decimals`, percentages and hours are
    /// rounded half-up to that many places (the national system displays 2); `None` keeps
    /// full precision (28 significant digits).
    ///
    /// ```
    /// use minhbach_engine::scoring::DossierFigures;
    /// let f = DossierFigures { received: 6691, received_online: 2000, resolved_early: 5000,
    ///     resolved_on_time: 1608, resolved_late: 0, pending_within_due: 83,
    ///     ..Default::default() };
    /// let v = f.decision766_values(Some(2));
    /// assert_eq!(v.on_time_rate.map(|d| d.to_string()), Some("100.00".into()));
    /// assert_eq!(v.online_dossier_share.map(|d| d.to_string()), Some("29.89".into()));
    /// ```
    pub fn decision766_values(&self, decimals: Option<u32>) -> Decision766Values {
        let handled = self.resolved().saturating_add(self.pending());
        let good = self
            .resolved_early
            .saturating_add(self.resolved_on_time)
            .saturating_add(self.pending_within_due);
        let late = self.resolved_late.saturating_add(self.pending_overdue);
        let sync_share = self.synced.and_then(|s| ratio(s, self.received));
        // online/received × synced/received × 100, with a single division.
        let online = match self.synced {
            None => ratio(self.received_online, self.received),
            Some(_) if self.received == 0 => None,
            Some(synced) => Decimal::from(self.received_online)
                .checked_mul(Decimal::ONE_HUNDRED)
                .and_then(|x| x.checked_mul(Decimal::from(synced)))
                .and_then(|x| {
                    let den =
                        Decimal::from(self.received).checked_mul(Decimal::from(self.received))?;
                    x.checked_div(den)
                }),
        };
        let mean_hours = if self.resolved() == 0 {
            None
        } else {
            Decimal::from(self.total_processing_seconds)
                .checked_div(Decimal::from(self.resolved()))
                .and_then(|s| s.checked_div(Decimal::from(3600)))
        };
        let satisfaction = self.with_complaint_or_dislike.and_then(|c| {
            let late_share = ratio(late, handled)?;
            let complaint_share = ratio(c, handled)?;
            Some(Decimal::ONE_HUNDRED - late_share - complaint_share)
        });
        let round = |v: Option<Decimal>| match decimals {
            Some(dp) => v.map(|d| {
                let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
                r.rescale(dp);
                r
            }),
            None => v,
        };
        Decision766Values {
            dossiers_synced: round(sync_share),
            on_time_rate: round(ratio(good, handled)),
            mean_processing_hours: round(mean_hours),
            online_dossier_share: round(online),
            tthc_satisfaction: round(satisfaction),
        }
    }
}
