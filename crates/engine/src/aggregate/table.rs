//! The Biểu 06 table: rows of counts with rates computed on demand.

use std::sync::Arc;

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
/// A table holds every row at once; a writer of large tables (a million groups) streams
/// [`Aggregation::rows`] instead, which makes each row when it is asked for. Every row shares
/// the table's one [`Policy`].
///
/// ```
/// use minhbach_engine::aggregate::{Aggregator, Window, Query};
/// use minhbach_model::parse_datetime;
/// let t = |s| parse_datetime(s).unwrap();
/// let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") });
/// let table = Aggregator::new(&q).unwrap().finish().unwrap().table();
/// assert_eq!(table.total.counts.received(), 0);
/// assert_eq!(table.total.on_time_rate(), None); // no denominator: no rate
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The grouping dimensions.
    pub group_by: Vec<GroupKey>,
    /// The policy the counts follow (shared with every row).
    pub policy: Arc<Policy>,
    /// One row per group, in key order.
    pub rows: Vec<Row>,
    /// The total row (its key is empty).
    pub total: Row,
}

impl Aggregation {
    /// The table: one row per group in key order, and the total row.
    pub fn table(&self) -> Table {
        let policy = Arc::new(self.query.policy.clone());
        Table {
            group_by: self.query.group_by.clone(),
            rows: self.rows_sharing(Arc::clone(&policy)).collect(),
            total: self.total_row_with(&policy),
            policy,
        }
    }

    /// The rows of the [table](Aggregation::table), in key order, made one at a time: a
    /// writer that streams them holds one row, not one per group.
    ///
    /// ```
    /// use minhbach_engine::aggregate::{aggregate_csv_reader, GroupKey, Window, Query};
    /// use minhbach_model::parse_datetime;
    /// let csv = "id,received_at,due_at,resolved_at,agency\n\
    ///            A1,2021-03-01T08:00:00,2021-03-05T17:00:00,2021-03-04T10:00:00,TP\n\
    ///            A2,2021-03-01T09:00:00,2021-03-05T17:00:00,,YT\n";
    /// let t = |s| parse_datetime(s).unwrap();
    /// let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") })
    ///     .group_by([GroupKey::Agency]);
    /// let agg = aggregate_csv_reader(csv.as_bytes(), "export.csv", &q).unwrap();
    /// let keys: Vec<String> = agg.rows().map(|r| r.key[0].1.clone()).collect();
    /// assert_eq!(keys, ["TP", "YT"]);
    /// assert_eq!(agg.rows().collect::<Vec<_>>(), agg.table().rows);
    /// ```
    pub fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        self.rows_sharing(Arc::new(self.query.policy.clone()))
    }

    fn rows_sharing(&self, policy: Arc<Policy>) -> impl Iterator<Item = Row> + '_ {
        self.groups.iter().map(move |(k, c)| Row {
            key: self
                .query
                .group_by
                .iter()
                .copied()
                .zip(k.iter().cloned())
                .collect(),
            counts: *c,
            policy: Arc::clone(&policy),
        })
    }

    /// The total row of the [table](Aggregation::table) (its key is empty).
    pub fn total_row(&self) -> Row {
        self.total_row_with(&Arc::new(self.query.policy.clone()))
    }

    fn total_row_with(&self, policy: &Arc<Policy>) -> Row {
        Row {
            key: Vec::new(),
            counts: self.total(),
            policy: Arc::clone(policy),
        }
    }
}

impl Table {
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
    /// The policy (for rates and which columns exist), shared by the rows of a table.
    pub policy: Arc<Policy>,
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
/// Counts are numbers in [`Column::ALL`] order (without `handled`), then `handled` (Biểu 06's
/// "Tổng số": received + carried over), then the processing sums, then every measure of the catalogue ([`Measure::all`]) as a decimal string (or
/// `null` when its denominator is 0). `withdrawn` / `rejected` / `waiting` /
/// `refused_at_reception` appear only when the policy counts them separately;
/// `unknown_due` always appears.
///
/// ```
/// use minhbach_engine::aggregate::{Aggregator, Window, Query};
/// use minhbach_model::parse_datetime;
/// let t = |s| parse_datetime(s).unwrap();
/// let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") });
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
        struct KeyJson<'a>(&'a [(GroupKey, String)]);
        impl Serialize for KeyJson<'_> {
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
        m.serialize_entry("key", &KeyJson(&r.key))?;
        for col in Column::ALL {
            if col != Column::Handled && col.exists_under(p) {
                m.serialize_entry(col.as_str(), &c.get(col))?;
            }
        }
        // Biểu 06's "Tổng số" (received + carried over), added after the other counts.
        m.serialize_entry(Column::Handled.as_str(), &c.get(Column::Handled))?;
        m.serialize_entry("processing_seconds", &c.processing_seconds)?;
        m.serialize_entry("processing_working_days", &c.processing_working_days)?;
        for measure in Measure::all() {
            m.serialize_entry(measure.key, &measure.compute(c, &p.measures))?;
        }
        m.end()
    }
}
