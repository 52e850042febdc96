//! The Biểu 06 table: rows of counts with rates computed on demand.

use rust_decimal::Decimal;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::aggregation::Aggregation;
use super::counts::{Column, Counts};
use super::measures::{Measure, MeasureId};
use super::policy::Policy;
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

impl Aggregation {
    /// The table: one row per group in key order, and the total row.
    pub fn table(&self) -> Table {
        Table::new(self)
    }
}

impl Table {
    fn new(agg: &Aggregation) -> Table {
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

impl Row {
    /// The value of measure `id` for this row under the row's policy; `None` when its
    /// denominator is 0.
    pub fn measure(&self, id: MeasureId) -> Option<Decimal> {
        id.measure().compute(&self.counts, &self.policy.measures)
    }

    /// (numerator, denominator) of the on-time rate under the policy's denominator.
    pub fn on_time_fraction(&self) -> (u64, u64) {
        let f = MeasureId::OnTimeRate
            .measure()
            .fraction(&self.counts, &self.policy.measures);
        let n = |v: i128| u64::try_from(v.max(0)).unwrap_or(u64::MAX);
        (n(f.numerator), n(f.denominator))
    }

    /// On-time rate in percent (tỷ lệ đúng hạn), `None` when the denominator is 0.
    pub fn on_time_rate(&self) -> Option<Decimal> {
        self.measure(MeasureId::OnTimeRate)
    }

    /// Late rate in percent.
    pub fn late_rate(&self) -> Option<Decimal> {
        self.measure(MeasureId::LateRate)
    }

    /// Online share in percent.
    pub fn online_rate(&self) -> Option<Decimal> {
        self.measure(MeasureId::OnlineRate)
    }

    /// Mean processing time of resolved dossiers in clock hours.
    pub fn mean_processing_hours(&self) -> Option<Decimal> {
        self.measure(MeasureId::MeanProcessingHours)
    }

    /// Mean processing time of resolved dossiers in working days (needs a calendar;
    /// `None` otherwise).
    pub fn mean_processing_working_days(&self) -> Option<Decimal> {
        self.measure(MeasureId::MeanProcessingWorkingDays)
    }

    /// The serialisable view of this row (the CLI's JSON shape).
    pub fn view(&self) -> RowView<'_> {
        RowView { row: self }
    }
}

/// A row as JSON: `{"key":{...},"received":..,...,"on_time_rate":"98.77",...}`.
///
/// Counts are numbers in [`Column::ALL`] order (without `handled`), then the processing
/// sums, then every measure of the catalogue ([`Measure::all`]) as a decimal string (or
/// `null` when its denominator is 0). `withdrawn` / `rejected` / `waiting` /
/// `refused_at_reception` appear only when the policy counts them separately;
/// `unknown_due` always appears.
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
        for col in Column::ALL {
            if col != Column::Handled && col.exists_under(p) {
                m.serialize_entry(col.as_str(), &c.get(col))?;
            }
        }
        m.serialize_entry("processing_seconds", &c.processing_seconds)?;
        m.serialize_entry("processing_working_days", &c.processing_working_days)?;
        for measure in Measure::all() {
            m.serialize_entry(measure.key, &measure.compute(c, &p.measures))?;
        }
        m.end()
    }
}
