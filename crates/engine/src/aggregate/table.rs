//! The Biểu 06 table: rows of counts with rates computed on demand.

use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::aggregation::Aggregation;
use super::counts::Counts;
use super::policy::{Denominator, EndedAs, Policy, Rounding};
use super::query::GroupKey;

/// A table: one [`Row`] per group in key order, then the total.
///
/// ```
/// use minhbach_engine::aggregate::{Aggregator, Period, Query};
/// use minhbach_model::parse_datetime;
/// let t = |s| parse_datetime(s).unwrap();
/// let q = Query::new(Period { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") });
/// let table = Aggregator::new(&q).unwrap().finish().unwrap().table();
/// assert_eq!(table.total.counts.received(), 0);
/// assert_eq!(table.total.on_time_rate(), None); // no denominator: no rate
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The grouping dimensions.
    pub group_by: Vec<GroupKey>,
    /// The policy the counts follow.
    pub policy: Policy,
    /// One row per group, in key order.
    pub rows: Vec<Row>,
    /// The total row (its key is empty).
    pub total: Row,
}

impl Table {
    pub(crate) fn new(agg: &Aggregation) -> Table {
        let policy = agg.query.policy.clone();
        let group_by = agg.query.group_by.clone();
        let rows = agg
            .groups
            .iter()
            .map(|(k, c)| Row {
                key: group_by.iter().copied().zip(k.iter().cloned()).collect(),
                counts: *c,
                policy: policy.clone(),
            })
            .collect();
        Table {
            total: Row {
                key: Vec::new(),
                counts: agg.total(),
                policy: policy.clone(),
            },
            group_by,
            policy,
            rows,
        }
    }

    /// The rows then the total, as serialisable views.
    pub fn views(&self) -> Vec<RowView<'_>> {
        self.rows
            .iter()
            .chain(std::iter::once(&self.total))
            .map(Row::view)
            .collect()
    }

    /// The row of a group key (values in `group_by` order), if present.
    pub fn row(&self, key: &[&str]) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.key.len() == key.len() && r.key.iter().zip(key).all(|(a, b)| a.1 == *b))
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The grouping key: (dimension, value) in `group_by` order; empty for the total.
    pub key: Vec<(GroupKey, String)>,
    /// The counts.
    pub counts: Counts,
    /// The policy (for rates and which columns exist).
    pub policy: Policy,
}

/// `num × 100 / den` (or `num / den` with `scale` = 1) rounded to `dp` decimals, exactly
/// (integer arithmetic), half away from zero or towards zero.
fn ratio(num: i128, den: i128, scale: i128, dp: u32, rounding: Rounding) -> Option<Decimal> {
    if den <= 0 {
        return None;
    }
    let dp = dp.min(12);
    let p = 10i128.checked_pow(dp)?;
    let scaled = num.checked_mul(scale)?.checked_mul(p)?;
    let (q, r) = (scaled / den, scaled % den);
    let q = match rounding {
        Rounding::Floor => q,
        Rounding::HalfUp => {
            if 2 * r.abs() >= den {
                q + scaled.signum()
            } else {
                q
            }
        }
    };
    Decimal::try_from_i128_with_scale(q, dp).ok()
}

impl Row {
    fn pct(&self, num: u64, den: u64) -> Option<Decimal> {
        ratio(
            num as i128,
            den as i128,
            100,
            self.policy.decimals,
            self.policy.rounding,
        )
    }

    /// (numerator, denominator) of the on-time rate under the policy's denominator.
    pub fn on_time_fraction(&self) -> (u64, u64) {
        let c = &self.counts;
        let early_on_time = c.resolved_early + c.resolved_on_time;
        match self.policy.denominator {
            Denominator::Resolved => (early_on_time, c.resolved()),
            Denominator::Due => (early_on_time, c.resolved() + c.pending_overdue),
            Denominator::Handled => {
                let late = c.resolved_late + c.pending_overdue;
                (c.handled().saturating_sub(late), c.handled())
            }
            Denominator::Decision766 => (early_on_time + c.pending_within_due, c.handled()),
        }
    }

    /// (numerator, denominator) of the late rate under the policy's denominator.
    pub fn late_fraction(&self) -> (u64, u64) {
        let c = &self.counts;
        match self.policy.denominator {
            Denominator::Resolved => (c.resolved_late, c.resolved()),
            Denominator::Due => (
                c.resolved_late + c.pending_overdue,
                c.resolved() + c.pending_overdue,
            ),
            Denominator::Handled | Denominator::Decision766 => {
                (c.resolved_late + c.pending_overdue, c.handled())
            }
        }
    }

    /// On-time rate in percent (tỷ lệ đúng hạn), `None` when the denominator is 0.
    pub fn on_time_rate(&self) -> Option<Decimal> {
        let (n, d) = self.on_time_fraction();
        self.pct(n, d)
    }

    /// Late rate in percent.
    pub fn late_rate(&self) -> Option<Decimal> {
        let (n, d) = self.late_fraction();
        self.pct(n, d)
    }

    /// Online share of dossiers received in the period, in percent.
    pub fn online_rate(&self) -> Option<Decimal> {
        self.pct(self.counts.received_online, self.counts.received())
    }

    /// Mean processing time of resolved dossiers in clock hours.
    pub fn mean_processing_hours(&self) -> Option<Decimal> {
        let n = self.counts.resolved() as i128;
        ratio(
            self.counts.processing_seconds,
            n.checked_mul(3600)?,
            1,
            self.policy.decimals.max(2),
            Rounding::HalfUp,
        )
    }

    /// Mean processing time of resolved dossiers in working days (needs a calendar;
    /// `None` otherwise).
    pub fn mean_processing_working_days(&self) -> Option<Decimal> {
        ratio(
            self.counts.processing_working_days as i128,
            self.counts.working_days_counted as i128,
            1,
            self.policy.decimals.max(2),
            Rounding::HalfUp,
        )
    }

    /// The serialisable view of this row (the CLI's JSON shape).
    pub fn view(&self) -> RowView<'_> {
        RowView { row: self }
    }
}

/// A row as JSON: `{"key":{...},"received":..,...,"on_time_rate":"98.77",...}`.
///
/// Counts are numbers, rates are decimal strings (or `null` when the denominator is 0).
/// `withdrawn` / `rejected` / `waiting` / `refused_at_reception` appear only when the
/// policy counts them separately; `unknown_due` always appears.
///
/// ```
/// use minhbach_engine::aggregate::{Aggregator, Period, Query};
/// use minhbach_model::parse_datetime;
/// let t = |s| parse_datetime(s).unwrap();
/// let q = Query::new(Period { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") });
/// let table = Aggregator::new(&q).unwrap().finish().unwrap().table();
/// let json = serde_json::to_string(&table.total.view()).unwrap();
/// assert!(json.starts_with(r#"{"key":{},"received":0,"received_online":0,"#), "{json}");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RowView<'a> {
    row: &'a Row,
}

impl Serialize for RowView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Key<'a>(&'a [(GroupKey, String)]);
        impl Serialize for Key<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (k, v) in self.0 {
                    m.serialize_entry(k.as_str(), v)?;
                }
                m.end()
            }
        }
        let r = self.row;
        let c = &r.counts;
        let p = &r.policy;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("key", &Key(&r.key))?;
        m.serialize_entry("received", &c.received())?;
        m.serialize_entry("received_online", &c.received_online)?;
        m.serialize_entry("received_direct_postal", &c.received_direct_postal)?;
        m.serialize_entry("carried_over", &c.carried_over)?;
        m.serialize_entry("resolved", &c.resolved())?;
        m.serialize_entry("resolved_early", &c.resolved_early)?;
        m.serialize_entry("resolved_on_time", &c.resolved_on_time)?;
        m.serialize_entry("resolved_late", &c.resolved_late)?;
        m.serialize_entry("pending", &c.pending())?;
        m.serialize_entry("pending_within_due", &c.pending_within_due)?;
        m.serialize_entry("pending_overdue", &c.pending_overdue)?;
        if p.withdrawn == EndedAs::Separate {
            m.serialize_entry("withdrawn", &c.withdrawn)?;
        }
        if p.rejected == EndedAs::Separate {
            m.serialize_entry("rejected", &c.rejected)?;
        }
        if p.waiting_separate {
            m.serialize_entry("waiting", &c.waiting)?;
        }
        if p.exclude_refused_at_reception {
            m.serialize_entry("refused_at_reception", &c.refused_at_reception)?;
        }
        m.serialize_entry("unknown_due", &c.unknown_due)?;
        m.serialize_entry("processing_seconds", &c.processing_seconds)?;
        m.serialize_entry("processing_working_days", &c.processing_working_days)?;
        m.serialize_entry("on_time_rate", &r.on_time_rate())?;
        m.serialize_entry("late_rate", &r.late_rate())?;
        m.serialize_entry("online_rate", &r.online_rate())?;
        m.serialize_entry("mean_processing_hours", &r.mean_processing_hours())?;
        m.serialize_entry(
            "mean_processing_working_days",
            &r.mean_processing_working_days(),
        )?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn exact_half_up_and_floor() {
        assert_eq!(
            ratio(6691, 6774, 100, 2, Rounding::HalfUp),
            Some(dec!(98.77))
        );
        // 1/8 = 12.5 % → 13 half-up, 12 floored
        assert_eq!(ratio(1, 8, 100, 0, Rounding::HalfUp), Some(dec!(13)));
        assert_eq!(ratio(1, 8, 100, 0, Rounding::Floor), Some(dec!(12)));
        assert_eq!(ratio(1, 0, 100, 2, Rounding::HalfUp), None);
        // 283.1 h: the peers' TOTAL figure format
        assert_eq!(
            ratio(1019160, 3600, 1, 2, Rounding::HalfUp),
            Some(dec!(283.10))
        );
    }
}
