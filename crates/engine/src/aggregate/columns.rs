//! The in-memory columnar path: dossiers as a struct of arrays, aggregated in parallel.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;

use minhbach_model::Dossier;
use rayon::prelude::*;

use super::aggregation::{admit, Aggregation};
use super::classify::Prepared;
use super::codes::{
    flags_of, is_timed, GroupCell, Rec, CODE_OUTSIDE, F_PAUSES, NOT_RESOLVED, UNKNOWN,
};
use super::counts::Column;
use super::group::{self, channel_number};
use super::ingest_report::{IngestReport, RejectedRow};
use super::query::{GroupKey, Query};
use super::time::{month_number, ts};
use crate::EngineError;

/// Pause intervals (start, end) as timestamps.
type Pauses = Vec<(i64, Option<i64>)>;

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
/// Memory: about 37 bytes per dossier plus its id (pauses, when present, extra).
///
/// ```
/// use minhbach_engine::aggregate::{Column, DossierColumns, GroupKey, Window, Query};
/// use minhbach_model::{parse_datetime, Channel, Dossier};
/// let t = |s: &str| parse_datetime(s).unwrap();
/// let d = |id: &str, agency: &str, resolved: &str| Dossier {
///     id: id.into(), received_at: t("2021-03-01T08:00:00"), procedure_code: None,
///     agency: Some(agency.into()), field: None, level: None, online_level: None,
///     channel: Channel::Online,
///     due_at: Some(t("2021-03-05T17:00:00")),
///     resolved_at: Some(t(resolved)), outcome: None, pauses: vec![],
/// };
/// let cols = DossierColumns::from_dossiers(&[
///     d("A1", "TP", "2021-03-05T17:30:00"),
///     d("A2", "TP", "2021-03-02T08:00:00"),
///     d("B1", "YT", "2021-03-05T09:00:00"),
/// ]);
/// let q = Query::new(Window { start: t("2021-01-01T00:00:00"), end: t("2021-06-30T23:59:59") })
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
    /// Times as seconds since 1970-01-01 in 32 bits (see [`enc`]): 12 bytes per row
    /// instead of 24, which is what the aggregation loop reads.
    recv: Vec<u32>,
    due: Vec<u32>,
    res: Vec<u32>,
    flags: Vec<u8>,
    /// (row, [recv, due, res]) for rows with a time outside the 32-bit range (flag
    /// [`F_WIDE`]), in row order.
    wide: Vec<(usize, [i64; 3])>,
    /// agency, procedure, field, level, online level (as found)
    dims: [Vec<u32>; 5],
    dicts: [Interner; 5],
    /// (row, pauses) for rows with pauses, in row order.
    pauses: Vec<(usize, Pauses)>,
    report: IngestReport,
    seen: HashMap<u64, usize>,
    collided: HashSet<String>,
    min_recv: i64,
    max_recv: i64,
}

/// Rows per parallel task.
const CHUNK: usize = 1 << 16;
/// Column store only: a time of the row does not fit the 32-bit columns (slow path).
const F_WIDE: u8 = 64;
/// 32-bit `due` of an unknown due date.
const DUE_UNKNOWN32: u32 = 0;
/// 32-bit `res` of a dossier not resolved.
const NOT_RESOLVED32: u32 = u32::MAX;

/// A real timestamp in the 32-bit columns: 1 ..= `u32::MAX` − 1 (1970-01-01T00:00:01 …
/// 2106-02-07); 0 and `u32::MAX` are the sentinels.
#[inline]
fn enc(t: i64) -> Option<u32> {
    u32::try_from(t)
        .ok()
        .filter(|x| *x != DUE_UNKNOWN32 && *x != NOT_RESOLVED32)
}
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
    pub fn push(&mut self, d: &Dossier) -> Result<(), Box<RejectedRow>> {
        let line = self.report.rows_read + 1;
        if let Err(row) = admit(d, line, |id| self.is_duplicate(id)) {
            self.report.reject((*row).clone());
            return Err(row);
        }
        self.report.rows_read += 1;
        self.report.rows_counted += 1;
        let row = self.recv.len();
        self.ids.push_str(&d.id);
        self.id_ends.push(self.ids.len());
        let recv = ts(d.received_at);
        self.min_recv = self.min_recv.min(recv);
        self.max_recv = self.max_recv.max(recv);
        let due = d.due_at.map(ts);
        let res = d.resolved_at.map(ts);
        let narrow = (
            enc(recv),
            due.map_or(Some(DUE_UNKNOWN32), enc),
            res.map_or(Some(NOT_RESOLVED32), enc),
        );
        let mut f = flags_of(d.effective_outcome(), d.channel);
        if !d.pauses.is_empty() {
            f |= F_PAUSES;
            self.pauses.push((
                row,
                d.pauses
                    .iter()
                    .map(|p| (ts(p.start), p.end.map(ts)))
                    .collect(),
            ));
        }
        match narrow {
            (Some(a), Some(b), Some(c)) => {
                self.recv.push(a);
                self.due.push(b);
                self.res.push(c);
            }
            _ => {
                f |= F_WIDE;
                self.recv.push(0);
                self.due.push(DUE_UNKNOWN32);
                self.res.push(NOT_RESOLVED32);
                self.wide.push((
                    row,
                    [recv, due.unwrap_or(UNKNOWN), res.unwrap_or(NOT_RESOLVED)],
                ));
            }
        }
        self.flags.push(f);
        let vals = [
            d.agency.as_deref(),
            d.procedure_code.as_deref(),
            d.field.as_deref(),
            d.level.as_deref(),
            d.online_level.as_deref(),
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

    /// The record of row `i` (`Prepared::record`).
    #[inline]
    fn record(&self, p: &Prepared, i: usize) -> Option<Rec> {
        let flags = *self.flags.get(i)?;
        let times = if flags & F_WIDE != 0 {
            let k = self.wide.binary_search_by_key(&i, |x| x.0).ok()?;
            let [recv, due, res] = self.wide.get(k)?.1;
            (recv, due, res, flags & !(F_WIDE | F_PAUSES))
        } else {
            let due = *self.due.get(i)?;
            let res = *self.res.get(i)?;
            (
                i64::from(*self.recv.get(i)?),
                if due == DUE_UNKNOWN32 {
                    UNKNOWN
                } else {
                    i64::from(due)
                },
                if res == NOT_RESOLVED32 {
                    NOT_RESOLVED
                } else {
                    i64::from(res)
                },
                flags & !F_PAUSES,
            )
        };
        let pauses: &[(i64, Option<i64>)] = if flags & F_PAUSES != 0 {
            let k = self.pauses.binary_search_by_key(&i, |x| x.0).ok()?;
            &self.pauses.get(k)?.1
        } else {
            &[]
        };
        let proc_id = *self.dims[1].get(i)?;
        Some(p.record(times, pauses, || Some(self.dicts[1].name(proc_id))))
    }

    /// Aggregates every dossier held for `query`, in parallel over the cores. The result is
    /// identical to the sequential [`Aggregator`](super::Aggregator).
    pub fn aggregate(&self, query: &Query) -> Result<Aggregation, EngineError> {
        query.validate()?;
        let p = Prepared::new(query);
        let fast = Fast::new(&p);
        let grouper = Grouper::new(self, &query.group_by, &p);
        let n = self.len();
        let ranges: Vec<Range<usize>> = (0..n.div_ceil(CHUNK))
            .map(|k| k * CHUNK..((k + 1) * CHUNK).min(n))
            .collect();
        let mut acc = ranges
            .into_par_iter()
            .fold(
                || Acc::new(&grouper),
                |mut acc, r| {
                    self.aggregate_range(&p, &fast, &grouper, r, &mut acc);
                    acc
                },
            )
            .reduce(|| Acc::new(&grouper), Acc::merge);
        acc.flush();
        let mut agg = Aggregation::empty(query);
        agg.outside_period = acc.outside;
        agg.report = self.report.clone();
        for (g, cell) in acc.cells() {
            agg.groups
                .entry(grouper.key_of_group(self, g))
                .or_default()
                .merge(&cell.counts());
        }
        agg.check()?;
        Ok(agg)
    }

    /// One row through the general path (pauses, unknown due, wide times, many groups).
    #[inline(never)]
    fn aggregate_row_slow(&self, p: &Prepared, grouper: &Grouper, i: usize, acc: &mut Acc) {
        let Some(rec) = self.record(p, i) else {
            return;
        };
        let code = p.classify(&rec);
        if code == CODE_OUTSIDE {
            acc.outside += 1;
            return;
        }
        let g = grouper.group_of(self, i, rec.recv);
        p.count(acc.cell(g), code, &rec);
    }

    // Indexes are constants below the array length or masked to it (hot path: no `get`).
    #[allow(clippy::indexing_slicing)]
    fn aggregate_range(
        &self,
        p: &Prepared,
        fast: &Fast,
        grouper: &Grouper,
        r: Range<usize>,
        acc: &mut Acc,
    ) {
        let (Some(recv), Some(due), Some(res), Some(flags)) = (
            self.recv.get(r.clone()),
            self.due.get(r.clone()),
            self.res.get(r.clone()),
            self.flags.get(r.clone()),
        ) else {
            return;
        };
        if !acc.use_dense {
            for i in r {
                self.aggregate_row_slow(p, grouper, i, acc);
            }
            return;
        }
        // The common case, one interned dimension: the group is the column value.
        let single: Option<&[u32]> = match grouper.dims.as_slice() {
            [(GroupKey::Agency, _)] => self.dims[0].get(r.clone()),
            [(GroupKey::Procedure, _)] => self.dims[1].get(r.clone()),
            [(GroupKey::Field, _)] => self.dims[2].get(r.clone()),
            [(GroupKey::Level, _)] => self.dims[3].get(r.clone()),
            _ => None,
        };
        let computed: Vec<u32>;
        let groups: &[u32] = match single {
            Some(col) => col,
            None => {
                computed = r
                    .clone()
                    .zip(recv)
                    .map(|(i, &rv)| grouper.group_of(self, i, i64::from(rv)) as u32)
                    .collect();
                &computed
            }
        };
        let days = p.days.as_ref();
        let Fast {
            s,
            s_recv,
            t,
            c,
            date_late,
            early_time,
            ref lut,
        } = *fast;
        let ngroups = acc.secs.len();
        let mut local = vec![GroupCounts::default(); ngroups];
        let mut outside = 0u64;
        let rows = recv.iter().zip(due).zip(res).zip(flags).zip(groups);
        for (k, ((((&rv, &du), &rs), &fl), &g)) in rows.enumerate() {
            if du == DUE_UNKNOWN32 || fl & (F_PAUSES | F_WIDE) != 0 {
                self.aggregate_row_slow(p, grouper, r.start + k, acc);
                continue;
            }
            // Outside the table whatever the rest (also when refused at reception): received
            // after the window, or received and resolved before it. Rows come mostly in order
            // of receipt, so these branches are well predicted.
            if rv > t || (rv < s && rs < s) {
                outside += 1;
                continue;
            }
            let (a, b) = if date_late {
                (rs / SECS32, du / SECS32)
            } else {
                (rs, du)
            };
            let early = if early_time {
                rs < du
            } else {
                rs / SECS32 < du / SECS32
            };
            let bits = usize::from(rv > t)
                | usize::from(rv >= s_recv) << 1
                | usize::from(rs < s) << 2
                | usize::from(rs <= t) << 3
                | usize::from(fl & 7) << 4
                | usize::from(a > b) << 7
                | usize::from(early) << 8
                | usize::from(du >= c) << 9
                | usize::from(rs == rv) << 10;
            let v = lut[bits & (LUT_SIZE - 1)];
            // g < number of groups by construction.
            let Some(gc) = local.get_mut(g as usize) else {
                continue;
            };
            gc.codes[usize::from(v & CODE_MASK)] += 1;
            // Branch-free: add the processing time only when the lookup says so.
            gc.secs += (i64::from(rs) - i64::from(rv)) & -i64::from(v >> 7);
            if let Some(d) = days {
                if v & TIMED != 0 {
                    if let (Some(w), Some(cell)) = (
                        d.working_days_between_ts(i64::from(rv), i64::from(rs)),
                        acc.dense.get_mut(g as usize),
                    ) {
                        cell.wdays += w;
                        cell.wd_n += 1;
                    }
                }
            }
        }
        acc.outside += outside;
        // At most CHUNK rows of at most 2^32 s each: no overflow in u32 counts and i64 sums.
        for ((codes, secs), gc) in acc
            .codes
            .chunks_exact_mut(CODES)
            .zip(acc.secs.iter_mut())
            .zip(&local)
        {
            for (a, b) in codes.iter_mut().zip(gc.codes) {
                *a += u64::from(b);
            }
            *secs += i128::from(gc.secs);
        }
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
        query.validate_drill_key(key)?;
        let p = Prepared::new(query);
        let grouper = Grouper::new(self, &query.group_by, &p);
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
            if grouper
                .key_of_group(self, g)
                .iter()
                .zip(key)
                .all(|(a, b)| a == b)
            {
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
    /// The online service levels, when grouped by them.
    online: OnlineLevels,
}

/// The online service level of every row, numbered: a row's own level (interned), else its
/// procedure's (`group::online_level`), as distinct values as found.
#[derive(Debug, Default)]
struct OnlineLevels {
    /// The values, by number (0: none).
    names: Vec<String>,
    /// Number of each own level (by interned id; 0 is none, taken from the procedure).
    by_own: Vec<u32>,
    /// Number of each procedure's level (by interned procedure id).
    by_procedure: Vec<u32>,
}

impl OnlineLevels {
    fn new(c: &DossierColumns, p: &Prepared) -> OnlineLevels {
        let mut numbers = Interner::default();
        let own = c.dicts.get(4).map_or(&[][..], |d| d.names.as_slice());
        let procedures = c.dicts.get(1).map_or(&[][..], |d| d.names.as_slice());
        let mut number = |v: &[u8]| numbers.id(Some(String::from_utf8_lossy(v).as_ref()));
        let by_own = own.iter().map(|v| number(v.as_bytes())).collect();
        let by_procedure = procedures
            .iter()
            .map(|code| number(group::online_level(b"", code.as_bytes(), &p.online_levels)))
            .collect();
        OnlineLevels {
            names: numbers.names,
            by_own,
            by_procedure,
        }
    }

    #[inline]
    fn of_row(&self, c: &DossierColumns, i: usize) -> u64 {
        let at = |j: usize| c.dims.get(j).and_then(|d| d.get(i)).copied().unwrap_or(0);
        let number = match at(4) {
            0 => self.by_procedure.get(at(1) as usize),
            own => self.by_own.get(own as usize),
        };
        u64::from(number.copied().unwrap_or(0))
    }
}

impl Grouper {
    fn new(c: &DossierColumns, keys: &[GroupKey], p: &Prepared) -> Grouper {
        let online = if keys.contains(&GroupKey::OnlineLevel) {
            OnlineLevels::new(c, p)
        } else {
            OnlineLevels::default()
        };
        let month0 = if c.is_empty() {
            0
        } else {
            month_number(c.min_recv)
        };
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
                    GroupKey::OnlineLevel => online.names.len() as u64,
                    GroupKey::Channel => 3,
                    GroupKey::Month => months,
                    GroupKey::Unit => 1,
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
            online,
        }
    }

    #[inline]
    fn value(&self, c: &DossierColumns, k: GroupKey, i: usize, recv: i64) -> u64 {
        let dim = |j: usize| c.dims.get(j).and_then(|d| d.get(i)).copied().unwrap_or(0) as u64;
        match k {
            GroupKey::Agency => dim(0),
            GroupKey::Procedure => dim(1),
            GroupKey::Field => dim(2),
            GroupKey::Level => dim(3),
            GroupKey::OnlineLevel => self.online.of_row(c, i),
            GroupKey::Channel => channel_number(c.flags.get(i).copied().unwrap_or(0)),
            GroupKey::Month => (month_number(recv) - self.month0).max(0) as u64,
            GroupKey::Unit => 0,
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

    /// The key of group number `g` (the one builder, `group::key_values`, given the interned
    /// values and a channel and receipt time standing for the group's).
    fn key_of_group(&self, c: &DossierColumns, mut g: u64) -> Vec<String> {
        let mut values = vec![0u64; self.dims.len()];
        for ((_, card), v) in self.dims.iter().zip(values.iter_mut()).rev() {
            *v = g % card;
            g /= card;
        }
        let value = |key: GroupKey| {
            self.dims
                .iter()
                .zip(&values)
                .find(|((k, _), _)| *k == key)
                .map_or(0, |(_, v)| *v)
        };
        let flags = group::channel_flags(value(GroupKey::Channel));
        let recv = group::month_start(self.month0 + value(GroupKey::Month) as i64);
        let text = |key: GroupKey| {
            let dict = match key {
                GroupKey::OnlineLevel => {
                    let n = usize::try_from(value(key)).unwrap_or(0);
                    return self.online.names.get(n).map_or(&b""[..], |s| s.as_bytes());
                }
                GroupKey::Agency => 0,
                GroupKey::Procedure => 1,
                GroupKey::Field => 2,
                _ => 3,
            };
            c.dicts
                .get(dict)
                .map_or("", |d| d.name(value(key) as u32))
                .as_bytes()
        };
        let keys: Vec<GroupKey> = self.dims.iter().map(|(k, _)| *k).collect();
        group::key_strings(&keys, flags, recv, text)
    }
}

/// The fast path's counts of one group over one range of rows.
#[derive(Debug, Clone, Copy)]
struct GroupCounts {
    codes: [u32; CODES],
    secs: i64,
}

impl Default for GroupCounts {
    fn default() -> Self {
        GroupCounts {
            codes: [0; CODES],
            secs: 0,
        }
    }
}

/// Seconds per day in the 32-bit time columns.
const SECS32: u32 = 86_400;
/// Codes per group in the dense code counts (a code is < 64).
const CODES: usize = 64;
const CODE_MASK: u8 = 63;
/// Lookup-table flag: the dossier counts in the processing time.
const TIMED: u8 = 128;
/// Entries of the classification lookup table (11 condition bits).
const LUT_SIZE: usize = 1 << 11;

/// The query's thresholds in the 32-bit time space and a lookup table from the first 11
/// condition bits (`classify::CONDITION_BITS`, same order) to the classification code,
/// generated from the one classification: the fast path for rows with a known due date, no
/// pauses and narrow times.
#[derive(Debug)]
struct Fast {
    s: u32,
    s_recv: u32,
    t: u32,
    c: u32,
    date_late: bool,
    early_time: bool,
    lut: Box<[u8; LUT_SIZE]>,
}

impl Fast {
    fn new(p: &Prepared) -> Fast {
        let max = i64::from(u32::MAX);
        // Real 32-bit times lie in 1 ..= MAX − 1; these clamps keep every comparison with
        // them (and with the not-resolved sentinel MAX) equal to the comparison in i64.
        let narrow = |x: i64, lo: i64, hi: i64| x.clamp(lo, hi) as u32;
        let mut lut = Box::new([0u8; LUT_SIZE]);
        // The fast path's rows have a known due date and no pauses (so never wait): the
        // first 11 condition bits of the classification table.
        for (bits, v) in lut.iter_mut().enumerate() {
            let code = p.code_of(bits);
            *v = if is_timed(code) { code | TIMED } else { code };
        }
        Fast {
            s: narrow(p.s, 1, max),
            s_recv: narrow(p.s_recv, 1, max),
            t: narrow(p.t, 0, max - 1),
            c: narrow(p.c, 1, max),
            date_late: p.date_late,
            early_time: p.early_time,
            lut,
        }
    }
}

/// Per-task accumulator: dense cells (and dense code counts for the fast path) when the
/// groups are few, a map otherwise.
#[derive(Debug)]
struct Acc {
    dense: Vec<GroupCell>,
    /// Fast path: rows per (group, code), `CODES` per group.
    codes: Vec<u64>,
    /// Fast path: processing seconds per group.
    secs: Vec<i128>,
    sparse: BTreeMap<u64, GroupCell>,
    outside: u64,
    use_dense: bool,
}

impl Acc {
    fn new(g: &Grouper) -> Acc {
        let use_dense = g.total <= DENSE_LIMIT;
        let n = if use_dense { g.total as usize } else { 0 };
        Acc {
            dense: vec![GroupCell::default(); n],
            codes: vec![0; n * CODES],
            secs: vec![0; n],
            sparse: BTreeMap::new(),
            outside: 0,
            use_dense,
        }
    }

    #[inline]
    fn cell(&mut self, g: u64) -> &mut GroupCell {
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
        for (a, b) in self.codes.iter_mut().zip(other.codes.iter()) {
            *a += *b;
        }
        for (a, b) in self.secs.iter_mut().zip(other.secs.iter()) {
            *a += *b;
        }
        for (g, c) in other.sparse {
            self.sparse.entry(g).or_default().merge(&c);
        }
        self.outside += other.outside;
        self
    }

    /// Moves the fast path's code counts into the cells (as [`GroupCell::add`] would have).
    // Indexes are constants below the array length or masked to it (hot path: no `get`).
    #[allow(clippy::indexing_slicing)]
    fn flush(&mut self) {
        for ((cell, codes), secs) in self
            .dense
            .iter_mut()
            .zip(self.codes.chunks_exact_mut(CODES))
            .zip(self.secs.iter_mut())
        {
            for (code, n) in codes.iter_mut().enumerate() {
                let count = std::mem::take(n);
                if count == 0 {
                    continue;
                }
                let code = code as u8;
                if code == CODE_OUTSIDE {
                    self.outside += count;
                } else {
                    cell.add_codes(code, count);
                }
            }
            cell.secs += std::mem::take(secs);
        }
    }

    fn cells(&self) -> Vec<(u64, GroupCell)> {
        let empty = GroupCell::default();
        let mut out: Vec<(u64, GroupCell)> = self
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{Aggregator, EndedAs, Lateness, Policy, Window};
    use minhbach_model::{Channel, Outcome};
    use proptest::prelude::*;

    include!("../../tests/support/policies.rs");

    /// Timestamps at and around the edges of the 32-bit columns, and ordinary ones.
    fn edge_ts() -> impl Strategy<Value = i64> {
        let max = i64::from(u32::MAX);
        prop_oneof![
            prop::sample::select(vec![
                -86_400 * 400,
                -1,
                0,
                1,
                2,
                86_399,
                86_400,
                max - 86_400,
                max - 2,
                max - 1,
                max,
                max + 1,
                max + 86_400,
            ]),
            1_609_459_200i64..1_609_459_200 + 200 * 86_400,
        ]
    }

    fn dt(t: i64) -> chrono::NaiveDateTime {
        crate::aggregate::time::from_ts(t).unwrap()
    }

    prop_compose! {
        fn dossier()(
            recv in edge_ts(),
            due in prop::option::weighted(0.9, prop_oneof![edge_ts(), -3i64 * 86_400..3 * 86_400]),
            res in prop::option::weighted(0.7, prop_oneof![edge_ts(), -3i64 * 86_400..3 * 86_400]),
            outcome in prop::option::of(0usize..3),
            ch in 0usize..3,
            agency in 0usize..3,
            same in prop::bool::weighted(0.1),
        ) -> Dossier {
            // Small values are offsets from the receipt.
            let rel = |x: i64| if x.abs() <= 3 * 86_400 { recv + x } else { x };
            let res = if same { Some(recv) } else { res.map(rel) };
            let mut d = Dossier {
                id: String::new(),
                received_at: dt(recv),
                procedure_code: None,
                agency: Some(["TP", "YT", "VP"][agency].into()),
                field: None,
                level: None,
                online_level: None,
                channel: Channel::ALL[ch],
                due_at: due.map(rel).map(dt),
                resolved_at: res.map(dt),
                outcome: outcome.map(|o| [Outcome::Approved, Outcome::Rejected, Outcome::Withdrawn][o]),
                pauses: vec![],
            };
            if d.resolved_at.is_some_and(|r| r < d.received_at) {
                d.resolved_at = Some(d.received_at);
            }
            d
        }
    }

    proptest! {
        /// The 32-bit fast path and the wide-time slow path equal the sequential
        /// aggregator, with periods and times at the edges of the 32-bit range.
        #[test]
        fn narrow_and_wide_times_equal_sequential(
            ds in prop::collection::vec(dossier(), 0..60),
            s in edge_ts(),
            len in 0i64..400 * 86_400,
            cut in -5i64 * 86_400..5 * 86_400,
            preset in 0usize..3,
            w in any::<bool>(),
            r in any::<bool>(),
            date in any::<bool>(),
            by_month in any::<bool>(),
        ) {
            let ds: Vec<Dossier> = ds
                .into_iter()
                .enumerate()
                .map(|(i, mut d)| {
                    d.id = format!("D{i}");
                    d
                })
                .collect();
            let pol = preset_variant(preset, w, r, date);
            let period = Window { start: dt(s), end: dt(s + len) };
            let keys = if by_month { vec![GroupKey::Agency, GroupKey::Month] } else { vec![GroupKey::Agency] };
            let q = Query::new(period)
                .as_of(dt(s + len + cut))
                .group_by(keys)
                .with_policy(pol);
            let mut seq = Aggregator::new(&q).unwrap();
            seq.extend(&ds);
            let seq = seq.finish().unwrap();
            let cols = DossierColumns::from_dossiers(&ds);
            let par = cols.aggregate(&q).unwrap();
            prop_assert_eq!(&par.groups, &seq.groups);
            prop_assert_eq!(par.outside_period, seq.outside_period);
            prop_assert_eq!(&par.report, &seq.report);
        }
    }
}
