//! The in-memory columnar path: dossiers as a struct of arrays, aggregated in parallel.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;

use minhbach_model::{Dossier, Outcome};
use rayon::prelude::*;

use super::aggregation::{field_value, Aggregation};
use super::counts::Column;
use super::kernel::{
    self, channel_flag, flag_channel, Cell, Prepared, Rec, CODE_OUTSIDE, F_PAUSES,
    NOT_RESOLVED, OUT_REJECTED, OUT_WITHDRAWN, UNKNOWN,
};
use super::query::{GroupKey, Query};
use super::report::{IngestReport, RejectedRow};
use crate::EngineError;

/// Interned strings; id 0 is the empty string (a missing value).
#[derive(Debug, Clone)]
struct Interner {
    names: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            names: vec![String::new()],
            ids: HashMap::from([(String::new(), 0)]),
        }
    }
}

impl Interner {
    fn id(&mut self, s: Option<&str>) -> u32 {
        let s = s.unwrap_or("");
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_string());
        self.ids.insert(s.to_string(), i);
        i
    }

    fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map(String::as_str).unwrap_or("")
    }
}

/// Dossiers held column by column (struct of arrays) for fast, parallel aggregation of
/// several queries over the same data. Build it from a slice or push dossiers one by one;
/// invalid dossiers and duplicate ids are rejected at push time and listed in
/// [`DossierColumns::report`].
///
/// Memory: about 41 bytes per dossier plus its id (pauses, when present, extra).
///
/// ```
/// use minhbach_engine::aggregate::{Column, DossierColumns, GroupKey, Period, Query};
/// use minhbach_model::{parse_datetime, Channel, Dossier};
/// let t = |s: &str| parse_datetime(s).unwrap();
/// let d = |id: &str, agency: &str, resolved: &str| Dossier {
///     id: id.into(), received_at: t("2021-03-01T08:00:00"), procedure_code: None,
///     agency: Some(agency.into()), field: None, level: None, channel: Channel::Online,
///     due_at: Some(t("2021-03-05T17:00:00")),
///     resolved_at: Some(t(resolved)), outcome: None, pauses: vec![],
/// };
/// let cols = DossierColumns::from_dossiers(&[
///     d("A1", "TP", "2021-03-05T17:30:00"),
///     d("A2", "TP", "2021-03-02T08:00:00"),
///     d("B1", "YT", "2021-03-05T09:00:00"),
/// ]);
/// let q = Query::new(Period { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") })
///     .group_by([GroupKey::Agency]);
/// let table = cols.aggregate(&q).unwrap().table();
/// let tp = table.row(&["TP"]).unwrap();
/// assert_eq!((tp.counts.resolved_early, tp.counts.resolved_late), (1, 1));
/// assert_eq!(tp.on_time_rate().unwrap().to_string(), "50.00");
/// assert_eq!(cols.drill_down(&q, &["TP"], Column::ResolvedLate).unwrap(), vec!["A1"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct DossierColumns {
    ids: String,
    id_ends: Vec<usize>,
    recv: Vec<i64>,
    due: Vec<i64>,
    res: Vec<i64>,
    flags: Vec<u8>,
    /// agency, procedure, field, level
    dims: [Vec<u32>; 4],
    dicts: [Interner; 4],
    /// (row, pauses) for rows with pauses, in row order.
    pauses: Vec<(usize, Vec<(i64, Option<i64>)>)>,
    report: IngestReport,
    seen: HashMap<u64, usize>,
    collided: HashSet<String>,
    min_recv: i64,
    max_recv: i64,
}

/// Rows per parallel task.
const CHUNK: usize = 1 << 16;
/// Largest number of groups held in a dense array.
const DENSE_LIMIT: u64 = 1 << 12;

impl DossierColumns {
    /// An empty store.
    pub fn new() -> DossierColumns {
        DossierColumns {
            report: IngestReport::new(1000),
            min_recv: i64::MAX,
            max_recv: i64::MIN,
            ..DossierColumns::default()
        }
    }

    /// A store holding `dossiers` (invalid ones rejected and reported).
    pub fn from_dossiers(dossiers: &[Dossier]) -> DossierColumns {
        let mut c = DossierColumns::new();
        c.reserve(dossiers.len());
        for d in dossiers {
            let _ = c.push(d);
        }
        c
    }

    /// Reserves room for `n` more dossiers.
    pub fn reserve(&mut self, n: usize) {
        self.id_ends.reserve(n);
        self.recv.reserve(n);
        self.due.reserve(n);
        self.res.reserve(n);
        self.flags.reserve(n);
        for d in &mut self.dims {
            d.reserve(n);
        }
    }

    /// Number of dossiers held.
    pub fn len(&self) -> usize {
        self.recv.len()
    }

    /// Whether no dossier is held.
    pub fn is_empty(&self) -> bool {
        self.recv.is_empty()
    }

    /// Rows pushed, held and rejected.
    pub fn report(&self) -> &IngestReport {
        &self.report
    }

    /// The id of row `i`.
    pub fn id(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.id_ends.get(i - 1).copied().unwrap_or(0)
        };
        let end = self.id_ends.get(i).copied().unwrap_or(start);
        self.ids.get(start..end).unwrap_or("")
    }

    /// Adds one dossier; an invalid one or a duplicate id is rejected and reported.
    pub fn push(&mut self, d: &Dossier) -> Result<(), RejectedRow> {
        let line = self.report.rows_read + 1;
        let reject = |column: Option<String>, value: String, reason: String| RejectedRow {
            file: None,
            line,
            id: Some(d.id.clone()),
            column,
            value,
            reason,
        };
        if let Err(e) = d.validate() {
            let row = match &e {
                minhbach_model::ModelError::InvalidDossier { field, .. } => reject(
                    Some(field.to_string()),
                    field_value(d, field),
                    e.to_string(),
                ),
                _ => reject(None, String::new(), e.to_string()),
            };
            self.report.reject(row.clone());
            return Err(row);
        }
        if self.is_duplicate(&d.id) {
            let row = reject(
                Some("id".into()),
                d.id.clone(),
                "duplicate dossier id (an earlier row has the same id)".into(),
            );
            self.report.reject(row.clone());
            return Err(row);
        }
        self.report.rows_read += 1;
        self.report.rows_counted += 1;
        let row = self.recv.len();
        self.ids.push_str(&d.id);
        self.id_ends.push(self.ids.len());
        let recv = kernel::ts(d.received_at);
        self.min_recv = self.min_recv.min(recv);
        self.max_recv = self.max_recv.max(recv);
        self.recv.push(recv);
        self.due.push(d.due_at.map(kernel::ts).unwrap_or(UNKNOWN));
        self.res
            .push(d.resolved_at.map(kernel::ts).unwrap_or(NOT_RESOLVED));
        let mut f = match d.effective_outcome() {
            Some(Outcome::Rejected) => OUT_REJECTED,
            Some(Outcome::Withdrawn) => OUT_WITHDRAWN,
            _ => 0,
        } | channel_flag(d.channel);
        if !d.pauses.is_empty() {
            f |= F_PAUSES;
            self.pauses.push((
                row,
                d.pauses
                    .iter()
                    .map(|p| (kernel::ts(p.start), p.end.map(kernel::ts)))
                    .collect(),
            ));
        }
        self.flags.push(f);
        let vals = [
            d.agency.as_deref(),
            d.procedure_code.as_deref(),
            d.field.as_deref(),
            d.level.as_deref(),
        ];
        for ((col, dict), v) in self.dims.iter_mut().zip(self.dicts.iter_mut()).zip(vals) {
            col.push(dict.id(v));
        }
        Ok(())
    }

    fn is_duplicate(&mut self, id: &str) -> bool {
        let mut h = DefaultHasher::new();
        id.hash(&mut h);
        let h = h.finish();
        match self.seen.get(&h) {
            None => {
                self.seen.insert(h, self.recv.len());
                false
            }
            Some(&row) if self.id(row) == id => true,
            Some(_) => !self.collided.insert(id.to_string()),
        }
    }

    /// The kernel record of row `i`.
    #[inline]
    fn record(&self, p: &Prepared, i: usize) -> Option<Rec> {
        let flags = *self.flags.get(i)?;
        let mut r = Rec {
            recv: *self.recv.get(i)?,
            due: *self.due.get(i)?,
            res: *self.res.get(i)?,
            flags,
        };
        if r.due == UNKNOWN {
            let proc_id = *self.dims[1].get(i)?;
            r.due = p.due_from_catalogue(r.recv, Some(self.dicts[1].name(proc_id)));
        }
        if flags & F_PAUSES != 0 {
            let k = self.pauses.binary_search_by_key(&i, |x| x.0).ok()?;
            let pauses = &self.pauses.get(k)?.1;
            let proc_id = *self.dims[1].get(i)?;
            let (due, waiting) =
                p.apply_pauses(pauses, r.res, r.due, Some(self.dicts[1].name(proc_id)));
            r.due = due;
            if waiting {
                r.flags |= kernel::F_WAITING;
            }
        }
        Some(r)
    }

    /// Aggregates every dossier held for `query`, in parallel over the cores. The result is
    /// identical to the sequential [`Aggregator`](super::Aggregator).
    pub fn aggregate(&self, query: &Query) -> Result<Aggregation, EngineError> {
        query.validate()?;
        let p = Prepared::new(query);
        let grouper = Grouper::new(self, &query.group_by);
        let n = self.len();
        let ranges: Vec<Range<usize>> = (0..n.div_ceil(CHUNK))
            .map(|k| k * CHUNK..((k + 1) * CHUNK).min(n))
            .collect();
        let acc = ranges
            .into_par_iter()
            .map(|r| self.aggregate_range(&p, &grouper, r))
            .reduce(|| Acc::new(&grouper), Acc::merge);
        let mut agg = Aggregation::empty(query);
        agg.outside_period = acc.outside;
        agg.report = self.report.clone();
        agg.report.max_listed = query.max_rejected_listed;
        agg.report.rejected.truncate(query.max_rejected_listed);
        for (g, cell) in acc.cells() {
            agg.groups
                .entry(grouper.key_of_group(self, g))
                .or_default()
                .merge(&cell.counts());
        }
        agg.check()?;
        Ok(agg)
    }

    fn aggregate_range(&self, p: &Prepared, grouper: &Grouper, r: Range<usize>) -> Acc {
        let mut acc = Acc::new(grouper);
        let days = p.days.as_ref();
        let (Some(recv), Some(due), Some(res), Some(flags)) = (
            self.recv.get(r.clone()),
            self.due.get(r.clone()),
            self.res.get(r.clone()),
            self.flags.get(r.clone()),
        ) else {
            return acc;
        };
        for (k, (((&rv, &du), &rs), &fl)) in recv.iter().zip(due).zip(res).zip(flags).enumerate() {
            let i = r.start + k;
            let rec = if du == UNKNOWN || fl & F_PAUSES != 0 {
                match self.record(p, i) {
                    Some(x) => x,
                    None => continue,
                }
            } else {
                Rec {
                    recv: rv,
                    due: du,
                    res: rs,
                    flags: fl,
                }
            };
            let code = p.classify(&rec);
            if code == CODE_OUTSIDE {
                acc.outside += 1;
                continue;
            }
            let g = grouper.group_of(self, i, rv);
            acc.cell(g).add(code, &rec, days);
        }
        acc
    }

    /// Drill-down: the ids of the dossiers counted in one cell of the table — the group
    /// whose key values (in `query.group_by` order) are `key`, and `column`. An empty `key`
    /// with no grouping is the total row.
    pub fn drill_down(
        &self,
        query: &Query,
        key: &[&str],
        column: Column,
    ) -> Result<Vec<&str>, EngineError> {
        query.validate()?;
        if key.len() != query.group_by.len() {
            return Err(EngineError::InvalidQuery {
                reason: format!(
                    "drill-down key has {} values but the query groups by {} keys",
                    key.len(),
                    query.group_by.len()
                ),
            });
        }
        let p = Prepared::new(query);
        let grouper = Grouper::new(self, &query.group_by);
        let mut out = Vec::new();
        for i in 0..self.len() {
            let Some(rec) = self.record(&p, i) else {
                continue;
            };
            let code = p.classify(&rec);
            if code == CODE_OUTSIDE || !column.matches(code) {
                continue;
            }
            let g = grouper.group_of(self, i, rec.recv);
            if grouper.key_of_group(self, g).iter().zip(key).all(|(a, b)| a == b) {
                out.push(self.id(i));
            }
        }
        Ok(out)
    }
}

/// Maps rows to group numbers (mixed radix over the grouping dimensions).
#[derive(Debug)]
struct Grouper {
    dims: Vec<(GroupKey, u64)>,
    total: u64,
    /// First month number (year × 12 + month − 1) of receipt.
    month0: i64,
}

fn month_number(t: i64) -> i64 {
    match kernel::from_ts(t) {
        Some(d) => {
            use chrono::Datelike;
            d.year() as i64 * 12 + d.month0() as i64
        }
        None => 0,
    }
}

impl Grouper {
    fn new(c: &DossierColumns, keys: &[GroupKey]) -> Grouper {
        let month0 = if c.is_empty() { 0 } else { month_number(c.min_recv) };
        let months = if c.is_empty() {
            1
        } else {
            (month_number(c.max_recv) - month0 + 1).max(1) as u64
        };
        let dims: Vec<(GroupKey, u64)> = keys
            .iter()
            .map(|k| {
                let card = match k {
                    GroupKey::Agency => c.dicts[0].names.len() as u64,
                    GroupKey::Procedure => c.dicts[1].names.len() as u64,
                    GroupKey::Field => c.dicts[2].names.len() as u64,
                    GroupKey::Level => c.dicts[3].names.len() as u64,
                    GroupKey::Channel => 3,
                    GroupKey::Month => months,
                };
                (*k, card.max(1))
            })
            .collect();
        let total = dims
            .iter()
            .fold(1u64, |a, (_, card)| a.saturating_mul(*card));
        Grouper {
            dims,
            total,
            month0,
        }
    }

    #[inline]
    fn value(&self, c: &DossierColumns, k: GroupKey, i: usize, recv: i64) -> u64 {
        let dim = |j: usize| c.dims[j].get(i).copied().unwrap_or(0) as u64;
        match k {
            GroupKey::Agency => dim(0),
            GroupKey::Procedure => dim(1),
            GroupKey::Field => dim(2),
            GroupKey::Level => dim(3),
            GroupKey::Channel => match flag_channel(c.flags.get(i).copied().unwrap_or(0)) {
                minhbach_model::Channel::Direct => 0,
                minhbach_model::Channel::Online => 1,
                minhbach_model::Channel::Postal => 2,
            },
            GroupKey::Month => (month_number(recv) - self.month0).max(0) as u64,
        }
    }

    #[inline]
    fn group_of(&self, c: &DossierColumns, i: usize, recv: i64) -> u64 {
        match self.dims.as_slice() {
            [] => 0,
            [(k, _)] => self.value(c, *k, i, recv),
            dims => dims.iter().fold(0u64, |acc, (k, card)| {
                acc.wrapping_mul(*card)
                    .wrapping_add(self.value(c, *k, i, recv))
            }),
        }
    }

    fn key_of_group(&self, c: &DossierColumns, mut g: u64) -> Vec<String> {
        let mut parts = Vec::with_capacity(self.dims.len());
        for (k, card) in self.dims.iter().rev() {
            let v = g % card;
            g /= card;
            parts.push(match k {
                GroupKey::Agency => c.dicts[0].name(v as u32).to_string(),
                GroupKey::Procedure => c.dicts[1].name(v as u32).to_string(),
                GroupKey::Field => c.dicts[2].name(v as u32).to_string(),
                GroupKey::Level => c.dicts[3].name(v as u32).to_string(),
                GroupKey::Channel => ["direct", "online", "postal"]
                    .get(v as usize)
                    .copied()
                    .unwrap_or("")
                    .to_string(),
                GroupKey::Month => {
                    let m = self.month0 + v as i64;
                    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
                }
            });
        }
        parts.reverse();
        parts
    }
}

/// Per-task accumulator: dense cells when the groups are few, a map otherwise.
#[derive(Debug)]
struct Acc {
    dense: Vec<Cell>,
    sparse: BTreeMap<u64, Cell>,
    outside: u64,
    use_dense: bool,
}

impl Acc {
    fn new(g: &Grouper) -> Acc {
        let use_dense = g.total <= DENSE_LIMIT;
        Acc {
            dense: if use_dense {
                vec![Cell::default(); g.total as usize]
            } else {
                Vec::new()
            },
            sparse: BTreeMap::new(),
            outside: 0,
            use_dense,
        }
    }

    #[inline]
    fn cell(&mut self, g: u64) -> &mut Cell {
        if self.use_dense {
            let len = self.dense.len();
            // g < total by construction; clamp defensively instead of panicking.
            let idx = (g as usize).min(len.saturating_sub(1));
            if let Some(c) = self.dense.get_mut(idx) {
                return c;
            }
        }
        self.sparse.entry(g).or_default()
    }

    fn merge(mut self, other: Acc) -> Acc {
        for (a, b) in self.dense.iter_mut().zip(other.dense.iter()) {
            a.merge(b);
        }
        for (g, c) in other.sparse {
            self.sparse.entry(g).or_default().merge(&c);
        }
        self.outside += other.outside;
        self
    }

    fn cells(&self) -> Vec<(u64, Cell)> {
        let empty = Cell::default();
        let mut out: Vec<(u64, Cell)> = self
            .dense
            .iter()
            .enumerate()
            .filter(|(_, c)| **c != empty)
            .map(|(g, c)| (g as u64, *c))
            .collect();
        out.extend(self.sparse.iter().map(|(g, c)| (*g, *c)));
        out
    }
}
