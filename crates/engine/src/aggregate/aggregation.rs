//! Partial aggregates ([`Aggregation`]) and the row-by-row [`Aggregator`].

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDateTime;
use minhbach_model::Dossier;
use serde::{Deserialize, Serialize};

use super::classify::Prepared;
use super::codes::{GroupCell, CODE_OUTSIDE};
use super::counts::Counts;
use super::group;
use super::ingest_report::{IngestReport, RejectedRow, RowReason};
use super::measures::MeasureOptions;
use super::policy::Policy;
use super::query::{GroupKey, Query, QuerySignature, Window};
use super::time::ts;
use crate::EngineError;

/// The result of aggregating dossiers: exact counts per group, plus the ingest report.
///
/// An `Aggregation` is a plain serde value. Two aggregations of the same query (period,
/// cut-off, grouping, policy) over disjoint sets of dossiers [`merge`](Aggregation::merge)
/// into the aggregation of their union, in any order and grouping.
///
/// ```
/// use minhbach_engine::aggregate::{Aggregator, Window, Query};
/// use minhbach_model::{parse_datetime, Channel, Dossier};
/// let t = |s| parse_datetime(s).unwrap();
/// let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") });
/// let dossier = |id: &str, online| Dossier {
///     id: id.into(), received_at: t("2021-02-01T08:00:00"), procedure_code: None,
///     agency: Some("TP".into()), field: None, level: None, online_level: None,
///     channel: if online { Channel::Online } else { Channel::Direct },
///     due_at: Some(t("2021-02-05T17:00:00")), resolved_at: Some(t("2021-02-03T10:00:00")),
///     outcome: None, pauses: vec![],
/// };
/// let mut a = Aggregator::new(&q).unwrap();
/// a.push(&dossier("A", true)).unwrap();
/// let mut b = Aggregator::new(&q).unwrap();
/// b.push(&dossier("B", false)).unwrap();
/// let mut all = a.finish().unwrap();
/// all.merge(&b.finish().unwrap()).unwrap();
/// let total = all.total();
/// assert_eq!((total.received(), total.received_online, total.resolved_early), (2, 1, 2));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregation {
    /// What these counts answer (period, cut-off, grouping, policy): read it with
    /// [`Aggregation::period`], [`Aggregation::cutoff`], [`Aggregation::group_by`] and
    /// [`Aggregation::policy`].
    pub(crate) query: QuerySignature,
    /// Counts per group; the key holds the values of `query.group_by`, in order.
    #[serde(with = "groups_serde")]
    pub groups: BTreeMap<Vec<String>, Counts>,
    /// Valid dossiers outside the table (received after the window or finished before the
    /// period).
    pub outside_period: u64,
    /// Rows read, counted and rejected.
    pub report: IngestReport,
}

mod groups_serde {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Counts;

    #[derive(Serialize, Deserialize)]
    struct GroupEntry {
        key: Vec<String>,
        counts: Counts,
    }

    pub fn serialize<S: Serializer>(
        g: &BTreeMap<Vec<String>, Counts>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        let v: Vec<GroupEntry> = g
            .iter()
            .map(|(k, c)| GroupEntry {
                key: k.clone(),
                counts: *c,
            })
            .collect();
        v.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<Vec<String>, Counts>, D::Error> {
        let v: Vec<GroupEntry> = Vec::deserialize(d)?;
        let mut out: BTreeMap<Vec<String>, Counts> = BTreeMap::new();
        for g in v {
            out.entry(g.key).or_default().merge(&g.counts);
        }
        Ok(out)
    }
}

impl Aggregation {
    /// The period counted.
    pub fn period(&self) -> Window {
        self.query.period
    }

    /// The cut-off ("as of") of the counts.
    pub fn cutoff(&self) -> NaiveDateTime {
        self.query.cutoff
    }

    /// The grouping dimensions, in key order.
    pub fn group_by(&self) -> &[GroupKey] {
        &self.query.group_by
    }

    /// The counting convention the counts follow.
    pub fn policy(&self) -> &Policy {
        &self.query.policy
    }

    /// The options of the rates (denominators, rounding, decimals): they change no count, so
    /// they may be chosen after counting (for a merged province table, say).
    pub fn measures_mut(&mut self) -> &mut MeasureOptions {
        &mut self.query.policy.measures
    }

    /// An empty aggregation of `query`.
    pub fn empty(query: &Query) -> Aggregation {
        Aggregation {
            query: query.signature(),
            groups: BTreeMap::new(),
            outside_period: 0,
            report: IngestReport::new(1000),
        }
    }

    /// Adds `other` into `self`. Both must answer the same query (period, cut-off,
    /// grouping, policy); the merge is associative and commutative. `other` must satisfy
    /// its identities ([`Aggregation::check`]): a partial result read back from JSON that
    /// does not is refused before anything is added.
    pub fn merge(&mut self, other: &Aggregation) -> Result<(), EngineError> {
        other.check()?;
        if self.query != other.query {
            return Err(EngineError::MergeMismatch {
                reason: crate::MergeReason::Queries {
                    detail: format!("{:?} vs {:?}", self.query, other.query),
                },
            });
        }
        for (k, c) in &other.groups {
            self.groups.entry(k.clone()).or_default().merge(c);
        }
        self.outside_period += other.outside_period;
        self.report.merge(&other.report);
        Ok(())
    }

    /// The total row: the sum of every group.
    pub fn total(&self) -> Counts {
        let mut t = Counts::default();
        for c in self.groups.values() {
            t.merge(c);
        }
        t
    }

    /// Checks every table identity of every row and the conservation of rows
    /// (`rows_read = rows_counted + rows_rejected`, and `rows_counted` = dossiers in the
    /// table + outside the period + refused at reception). A failure is an error.
    pub fn check(&self) -> Result<(), EngineError> {
        for (k, c) in &self.groups {
            c.check(&k.join(" / "))?;
        }
        let t = self.total();
        t.check("total")?;
        let r = &self.report;
        if r.rows_read != r.rows_counted + r.rows_rejected {
            return Err(EngineError::IdentityBroken {
                row: "ingest".into(),
                identity: format!(
                    "rows_read ({}) = rows_counted ({}) + rows_rejected ({})",
                    r.rows_read, r.rows_counted, r.rows_rejected
                ),
            });
        }
        let placed = t.handled() + t.refused_at_reception + self.outside_period;
        if r.rows_counted != placed {
            return Err(EngineError::IdentityBroken {
                row: "ingest".into(),
                identity: format!(
                    "rows_counted ({}) = in the table ({}) + refused at reception ({}) + outside the period ({})",
                    r.rows_counted,
                    t.handled(),
                    t.refused_at_reception,
                    self.outside_period
                ),
            });
        }
        Ok(())
    }
}

/// The values of the grouping keys of a dossier (the one builder, `group::key_values`).
pub(crate) fn dossier_key(d: &Dossier, keys: &[GroupKey], p: &Prepared) -> Vec<String> {
    fn bytes(v: &Option<String>) -> &[u8] {
        v.as_deref().unwrap_or("").as_bytes()
    }
    let text = |k: GroupKey| match k {
        GroupKey::Agency => bytes(&d.agency),
        GroupKey::Procedure => bytes(&d.procedure_code),
        GroupKey::Field => bytes(&d.field),
        GroupKey::Level => bytes(&d.level),
        GroupKey::OnlineLevel => group::online_level(
            bytes(&d.online_level),
            bytes(&d.procedure_code),
            &p.online_levels,
        ),
        _ => b"",
    };
    let flags = super::codes::channel_flag(d.channel);
    group::key_strings(keys, flags, ts(d.received_at), text)
}

/// The one check of an in-memory dossier before it is counted ([`Aggregator`] and
/// [`DossierColumns`](super::DossierColumns)): valid (`Dossier::validate`), and its id not
/// seen before (`is_duplicate` is asked only for valid dossiers). `line` is its 1-based
/// position.
pub(crate) fn admit(
    d: &Dossier,
    line: u64,
    is_duplicate: impl FnOnce(&str) -> bool,
) -> Result<(), Box<RejectedRow>> {
    let reject = |column: Option<String>, value: String, reason: RowReason| {
        Box::new(RejectedRow {
            file: None,
            line,
            id: Some(d.id.clone()),
            column,
            value,
            reason,
        })
    };
    if let Err(e) = d.validate() {
        return Err(match &e {
            minhbach_model::ModelError::InvalidDossier { field, .. } => reject(
                Some(field.to_string()),
                field_value(d, field),
                RowReason::Value(Box::new(e.clone())),
            ),
            _ => reject(None, String::new(), RowReason::Value(Box::new(e.clone()))),
        });
    }
    if is_duplicate(&d.id) {
        return Err(reject(
            Some("id".into()),
            d.id.clone(),
            RowReason::DuplicateId { first_line: None },
        ));
    }
    Ok(())
}

/// Aggregates dossiers one at a time. For large in-memory sets prefer
/// [`DossierColumns`](super::DossierColumns), which is columnar and parallel.
///
/// ```
/// use minhbach_engine::aggregate::{Aggregator, GroupKey, Window, Query};
/// use minhbach_model::{parse_datetime, Channel, Dossier};
/// let t = |s| parse_datetime(s).unwrap();
/// let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") })
///     .group_by([GroupKey::Agency]);
/// let mut agg = Aggregator::new(&q).unwrap();
/// let d = Dossier {
///     id: "H48.38-201228-000001".into(), received_at: t("2020-12-28T09:00:00"),
///     procedure_code: None, agency: Some("TP".into()), field: None, level: None,
///     online_level: None,
///     channel: Channel::Direct, due_at: Some(t("2021-01-08T17:00:00")),
///     resolved_at: None, outcome: None, pauses: vec![],
/// };
/// agg.push(&d).unwrap();
/// assert!(agg.push(&d).is_err()); // duplicate id, reported and not counted
/// let result = agg.finish().unwrap();
/// let tp = &result.groups[&vec!["TP".to_string()]];
/// assert_eq!((tp.carried_over, tp.pending_overdue), (1, 1));
/// assert_eq!(result.report.rows_rejected, 1);
/// ```
#[derive(Debug)]
pub struct Aggregator {
    prepared: Prepared,
    query: Query,
    groups: HashMap<Vec<String>, GroupCell>,
    outside: u64,
    report: IngestReport,
    seen: Option<HashSet<String>>,
}

impl Aggregator {
    /// A new aggregator for `query`: duplicate ids are rejected, at most 1000 rejected rows
    /// listed ([`Reader::aggregator`](super::Reader::aggregator) chooses otherwise).
    pub fn new(query: &Query) -> Result<Aggregator, EngineError> {
        Aggregator::with_options(query, true, 1000)
    }

    /// A new aggregator checking duplicate ids or not, listing at most `max_listed` rejected
    /// rows.
    pub(crate) fn with_options(
        query: &Query,
        check_duplicates: bool,
        max_listed: usize,
    ) -> Result<Aggregator, EngineError> {
        query.validate()?;
        Ok(Aggregator {
            prepared: Prepared::new(query),
            query: query.clone(),
            groups: HashMap::new(),
            outside: 0,
            report: IngestReport::new(max_listed),
            seen: check_duplicates.then(HashSet::new),
        })
    }

    /// Adds one dossier. An invalid dossier (fields that contradict each other, a duplicate
    /// id) is not counted: it is recorded in the report and returned as the error.
    pub fn push(&mut self, d: &Dossier) -> Result<(), Box<RejectedRow>> {
        let line = self.report.rows_read + 1;
        let seen = &mut self.seen;
        let admitted = admit(d, line, |id| {
            seen.as_mut().is_some_and(|s| !s.insert(id.to_string()))
        });
        if let Err(row) = admitted {
            self.report.reject((*row).clone());
            return Err(row);
        }
        self.report.rows_read += 1;
        self.report.rows_counted += 1;
        let rec = self.prepared.dossier_record(d);
        let code = self.prepared.classify(&rec);
        if code == CODE_OUTSIDE {
            self.outside += 1;
            return Ok(());
        }
        let cell = self
            .groups
            .entry(dossier_key(d, &self.query.group_by, &self.prepared))
            .or_default();
        self.prepared.count(cell, code, &rec);
        Ok(())
    }

    /// Adds many dossiers; rejected ones are in the report.
    pub fn extend<'a>(&mut self, dossiers: impl IntoIterator<Item = &'a Dossier>) {
        for d in dossiers {
            let _ = self.push(d);
        }
    }

    /// The aggregation so far, its identities checked.
    pub fn finish(self) -> Result<Aggregation, EngineError> {
        let mut agg = Aggregation::empty(&self.query);
        agg.groups = self
            .groups
            .into_iter()
            .map(|(k, c)| (k, c.counts()))
            .collect();
        agg.outside_period = self.outside;
        agg.report = self.report;
        agg.check()?;
        Ok(agg)
    }
}

/// The text of a dossier field, for a rejected-row entry.
pub(crate) fn field_value(d: &Dossier, field: &str) -> String {
    let t = |x: Option<chrono::NaiveDateTime>| x.map(|v| v.to_string()).unwrap_or_default();
    match field {
        "id" => d.id.clone(),
        "resolved_at" => t(d.resolved_at),
        "due_at" => t(d.due_at),
        "received_at" => d.received_at.to_string(),
        "pause_start" => d
            .pauses
            .iter()
            .map(|p| p.start.to_string())
            .collect::<Vec<_>>()
            .join(";"),
        "pause_end" => d
            .pauses
            .iter()
            .map(|p| t(p.end))
            .collect::<Vec<_>>()
            .join(";"),
        _ => String::new(),
    }
}
