//! A deterministic synthetic dossier generator for benchmarks, tests and demos.
//!
//! Same configuration and seed → the same dossiers and byte-identical CSV, on every
//! platform (the PRNG is splitmix64, implemented here). Receipts fall on working days
//! (Monday–Friday, minus holidays when a [`WorkCalendar`] is given) in office hours
//! 07:30–11:30 and 13:30–17:00, in time order; due dates are 1–30 working days after the
//! day of receipt at 17:00; a share is pending, a share late, and outcomes are approved,
//! rejected or withdrawn.
//!
//! ```
//! use minhbach_engine::aggregate::generate::{Generator, GeneratorConfig, Layout};
//! let cfg = GeneratorConfig { rows: 100, ..GeneratorConfig::default() };
//! let mut a = Vec::new();
//! Generator::new(cfg.clone()).write_csv(&mut a, Layout::Compact).unwrap();
//! let mut b = Vec::new();
//! Generator::new(cfg).write_csv(&mut b, Layout::Compact).unwrap();
//! assert_eq!(a, b);
//! assert!(a.starts_with(b"id,procedure_code,agency,channel,received_at,due_at,resolved_at,outcome\n"));
//! assert_eq!(a.iter().filter(|c| **c == b'\n').count(), 101);
//! ```

use std::io::Write;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, Weekday};
use minhbach_model::{Channel, Dossier, Outcome, Pause};

use super::query::WorkCalendar;
use super::time::{days_from_civil, from_ts, SECS_PER_DAY};

/// The splitmix64 generator.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// True with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as u64
    }
}

/// What the generator produces.
#[derive(Debug, Clone)]
pub struct GeneratorConfig {
    /// Number of dossiers.
    pub rows: u64,
    /// PRNG seed.
    pub seed: u64,
    /// First day of receipt.
    pub first_day: NaiveDate,
    /// Last day of receipt.
    pub last_day: NaiveDate,
    /// Agencies: (code, number used in ids, weight).
    pub agencies: Vec<(String, u32, u32)>,
    /// Number of procedures (codes `1.00xxxx`, popularity ~ 1/rank).
    pub procedures: u32,
    /// Pending share, per mille.
    pub pending_per_mille: u32,
    /// Late share of resolved dossiers, per mille.
    pub late_per_mille: u32,
    /// Online share, per mille.
    pub online_per_mille: u32,
    /// Postal share, per mille.
    pub postal_per_mille: u32,
    /// Rejected share of resolved dossiers, per mille.
    pub rejected_per_mille: u32,
    /// Withdrawn share of resolved dossiers, per mille.
    pub withdrawn_per_mille: u32,
    /// Share with one supplementation pause, per mille (written in the `Full` layout).
    pub paused_per_mille: u32,
    /// Working-day calendar (holidays); Monday–Friday when `None`.
    pub calendar: Option<Arc<dyn WorkCalendar>>,
}

impl Default for GeneratorConfig {
    fn default() -> Self {
        let agencies = [
            ("TP", 38, 18),
            ("TCKH", 22, 12),
            ("TNMT", 29, 14),
            ("LDTBXH", 24, 10),
            ("VHTT", 31, 6),
            ("GDDT", 19, 8),
            ("YT", 35, 9),
            ("KTHT", 27, 7),
            ("NV", 33, 5),
            ("TTr", 36, 2),
            ("VP", 40, 4),
            ("NNPTNT", 25, 5),
        ];
        GeneratorConfig {
            rows: 10_000,
            seed: 42,
            first_day: NaiveDate::from_ymd_opt(2020, 10, 1).unwrap_or_default(),
            last_day: NaiveDate::from_ymd_opt(2021, 12, 31).unwrap_or_default(),
            agencies: agencies
                .iter()
                .map(|(c, n, w)| (c.to_string(), *n, *w))
                .collect(),
            procedures: 300,
            pending_per_mille: 20,
            late_per_mille: 40,
            online_per_mille: 250,
            postal_per_mille: 50,
            rejected_per_mille: 20,
            withdrawn_per_mille: 10,
            paused_per_mille: 0,
            calendar: None,
        }
    }
}

/// The CSV layout written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Every column of design §5, pauses included: `id,procedure_code,agency,field,level,
    /// channel,received_at,due_at,resolved_at,outcome,pause_start,pause_end`.
    Full,
    /// The compact layout, the one the DuckDB and Polars peers read in docs/performance.md:
    /// `id,procedure_code,agency,channel,received_at,due_at,resolved_at,outcome`.
    Compact,
}

impl Layout {
    /// Both layouts, the default (`full`) first.
    pub const ALL: [Layout; 2] = [Layout::Full, Layout::Compact];

    /// The name used by the command line (`minhbach generate --layout`): `full` or `compact`.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Full => "full",
            Layout::Compact => "compact",
        }
    }

    /// The columns written, in order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Layout::Full => &[
                "id",
                "procedure_code",
                "agency",
                "field",
                "level",
                "channel",
                "received_at",
                "due_at",
                "resolved_at",
                "outcome",
                "pause_start",
                "pause_end",
            ],
            Layout::Compact => &[
                "id",
                "procedure_code",
                "agency",
                "channel",
                "received_at",
                "due_at",
                "resolved_at",
                "outcome",
            ],
        }
    }

    /// Parses a name of [`Layout::as_str`]; the error lists the names.
    pub fn parse(s: &str) -> Result<Layout, crate::EngineError> {
        super::measures::parse_named(s, &Layout::ALL, Layout::as_str, crate::OptionKind::Layout)
    }
}

const FIELDS: [&str; 8] = [
    "Hộ tịch",
    "Chứng thực",
    "Đất đai",
    "Xây dựng",
    "Lao động",
    "Giáo dục",
    "Y tế",
    "Văn hóa",
];

/// One generated dossier in compact form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenRow {
    /// Agency index in the configuration.
    pub agency: usize,
    /// Day number (days since 1970-01-01) of receipt.
    pub day: i64,
    /// Running number of the dossier for its agency and day.
    pub seq: u32,
    /// Procedure index.
    pub procedure: u32,
    /// Channel.
    pub channel: Channel,
    /// Receipt timestamp (seconds since 1970-01-01T00:00:00, naive).
    pub received: i64,
    /// Due timestamp.
    pub due: i64,
    /// Resolution timestamp, if resolved.
    pub resolved: Option<i64>,
    /// Outcome, if resolved.
    pub outcome: Option<Outcome>,
    /// A supplementation pause (start, end), if any.
    pub pause: Option<(i64, i64)>,
}

/// The generator: an iterator of [`GenRow`]s in receipt order.
#[derive(Debug, Clone)]
pub struct Generator {
    cfg: GeneratorConfig,
    rng: SplitMix64,
    /// Working days (day numbers) from the first day to 60 working days past the last.
    days: Vec<i64>,
    /// Index in `days` of the last receipt day.
    last_receipt: usize,
    agency_cum: Vec<u64>,
    proc_cum: Vec<u64>,
    proc_codes: Vec<u32>,
    produced: u64,
    day_idx: usize,
    today: Vec<GenRow>,
    seq: Vec<u32>,
}

fn is_working(cal: Option<&Arc<dyn WorkCalendar>>, d: NaiveDate) -> bool {
    match cal {
        Some(c) => c.is_working_day(d),
        None => !matches!(d.weekday(), Weekday::Sat | Weekday::Sun),
    }
}

fn day_number(d: NaiveDate) -> i64 {
    days_from_civil(d.year() as i64, d.month() as i64, d.day() as i64)
}

impl Generator {
    /// A generator for `cfg`.
    pub fn new(cfg: GeneratorConfig) -> Generator {
        let mut rng = SplitMix64::new(cfg.seed);
        let mut days = Vec::new();
        let mut d = cfg.first_day;
        let mut last_receipt = 0;
        let mut extra = 0;
        while extra < 60 {
            if is_working(cfg.calendar.as_ref(), d) {
                if d <= cfg.last_day {
                    last_receipt = days.len();
                } else {
                    extra += 1;
                }
                days.push(day_number(d));
            } else if d > cfg.last_day && d.year() > cfg.last_day.year() + 2 {
                break;
            }
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        let mut acc = 0u64;
        let agency_cum = cfg
            .agencies
            .iter()
            .map(|a| {
                acc += a.2 as u64;
                acc
            })
            .collect();
        let mut acc = 0u64;
        let proc_cum = (1..=cfg.procedures.max(1) as u64)
            .map(|r| {
                acc += 1_000_000 / r;
                acc
            })
            .collect();
        let mut proc_codes: Vec<u32> = Vec::new();
        while proc_codes.len() < cfg.procedures.max(1) as usize {
            let c = 1000 + rng.below(9000) as u32;
            if !proc_codes.contains(&c) {
                proc_codes.push(c);
            }
        }
        let n_agencies = cfg.agencies.len();
        Generator {
            cfg,
            rng,
            days,
            last_receipt,
            agency_cum,
            proc_cum,
            proc_codes,
            produced: 0,
            day_idx: 0,
            today: Vec::new(),
            seq: vec![0; n_agencies],
        }
    }

    fn pick(cum: &[u64], rng: &mut SplitMix64) -> usize {
        let total = cum.last().copied().unwrap_or(0);
        let x = rng.below(total);
        cum.partition_point(|c| *c <= x)
            .min(cum.len().saturating_sub(1))
    }

    /// Fills `today` with the dossiers of the next receipt day.
    fn next_day(&mut self) -> bool {
        let n_days = (self.last_receipt + 1) as u64;
        if self.day_idx as u64 >= n_days || self.produced >= self.cfg.rows {
            return false;
        }
        let i = self.day_idx as u64;
        let rows = self.cfg.rows;
        // In u128 so that no row count can overflow (rows × days < 2^128).
        let (rows, i, n) = (u128::from(rows), u128::from(i), u128::from(n_days));
        let count = usize::try_from(rows * (i + 1) / n - rows * i / n).unwrap_or(usize::MAX);
        let Some(&day) = self.days.get(self.day_idx) else {
            return false;
        };
        self.seq.iter_mut().for_each(|s| *s = 0);
        let mut times: Vec<i64> = (0..count)
            .map(|_| {
                let s = self.rng.below(7 * 3600 + 1800) as i64;
                if s < 4 * 3600 {
                    7 * 3600 + 1800 + s
                } else {
                    13 * 3600 + 1800 + (s - 4 * 3600)
                }
            })
            .collect();
        times.sort_unstable();
        self.today.clear();
        for t in times {
            let received = day * SECS_PER_DAY + t;
            let agency = Self::pick(&self.agency_cum, &mut self.rng);
            let seq = match self.seq.get_mut(agency) {
                Some(s) => {
                    *s += 1;
                    *s
                }
                None => 1,
            };
            let procedure = Self::pick(&self.proc_cum, &mut self.rng) as u32;
            let c = self.rng.below(1000) as u32;
            let channel = if c < self.cfg.online_per_mille {
                Channel::Online
            } else if c < self.cfg.online_per_mille + self.cfg.postal_per_mille {
                Channel::Postal
            } else {
                Channel::Direct
            };
            let n = 1 + self.rng.below(30) as usize;
            let due_day = self
                .days
                .get(self.day_idx + n)
                .copied()
                .unwrap_or(day + n as i64);
            let due = due_day * SECS_PER_DAY + 17 * 3600;
            let pending = self.rng.chance(self.cfg.pending_per_mille);
            let late = self.rng.chance(self.cfg.late_per_mille);
            let span = (due - received).max(0) as u64;
            let resolved = if pending {
                None
            } else if late {
                Some(due + 1 + self.rng.below(20 * SECS_PER_DAY as u64) as i64)
            } else {
                Some(received + self.rng.below(span + 1) as i64)
            };
            let o = self.rng.below(1000) as u32;
            let outcome = resolved.map(|_| {
                if o < self.cfg.rejected_per_mille {
                    Outcome::Rejected
                } else if o < self.cfg.rejected_per_mille + self.cfg.withdrawn_per_mille {
                    Outcome::Withdrawn
                } else {
                    Outcome::Approved
                }
            });
            let pause = if self.rng.chance(self.cfg.paused_per_mille) {
                let end = resolved.unwrap_or(due);
                let len = (end - received).max(0) as u64;
                let a = received + self.rng.below(len / 2 + 1) as i64;
                let b = a + self.rng.below((end - a).max(0) as u64 + 1) as i64;
                Some((a, b))
            } else {
                None
            };
            self.today.push(GenRow {
                agency,
                day,
                seq,
                procedure,
                channel,
                received,
                due,
                resolved,
                outcome,
                pause,
            });
        }
        self.today.reverse();
        self.day_idx += 1;
        true
    }

    /// The procedure code of a procedure index, `1.00xxxx`.
    pub fn procedure_code(&self, procedure: u32) -> String {
        format!(
            "1.00{:04}",
            self.proc_codes
                .get(procedure as usize)
                .copied()
                .unwrap_or(0)
        )
    }

    /// The dossier id of a row, `H48.<agency no>-<yymmdd>-<nnnnnn>`.
    pub fn id(&self, r: &GenRow) -> String {
        let (y, m, d) = civil(r.day);
        let no = self.cfg.agencies.get(r.agency).map(|a| a.1).unwrap_or(0);
        format!("H48.{no}-{:02}{m:02}{d:02}-{:06}", y.rem_euclid(100), r.seq)
    }

    /// The agency code of a row.
    pub fn agency(&self, r: &GenRow) -> &str {
        self.cfg
            .agencies
            .get(r.agency)
            .map(|a| a.0.as_str())
            .unwrap_or("")
    }

    /// The full [`Dossier`] of a row.
    pub fn dossier(&self, r: &GenRow) -> Dossier {
        let t = |s: i64| from_ts(s).unwrap_or_default();
        Dossier {
            id: self.id(r),
            received_at: t(r.received),
            procedure_code: Some(self.procedure_code(r.procedure)),
            agency: Some(self.agency(r).to_string()),
            field: FIELDS
                .get(r.procedure as usize % FIELDS.len())
                .map(|s| s.to_string()),
            level: Some(if r.agency % 3 == 0 { "xa" } else { "huyen" }.to_string()),
            online_level: None,
            channel: r.channel,
            due_at: Some(t(r.due)),
            resolved_at: r.resolved.map(t),
            outcome: r.outcome,
            pauses: r
                .pause
                .map(|(a, b)| {
                    vec![Pause {
                        start: t(a),
                        end: Some(t(b)),
                    }]
                })
                .unwrap_or_default(),
        }
    }

    /// All dossiers (for in-memory use).
    pub fn dossiers(mut self) -> Vec<Dossier> {
        let mut out = Vec::with_capacity(usize::try_from(self.cfg.rows.min(1 << 20)).unwrap_or(0));
        while let Some(r) = self.next() {
            out.push(self.dossier(&r));
        }
        out
    }

    /// Writes every dossier as CSV in `layout` (UTF-8, `\n` line ends, no quoting).
    pub fn write_csv(mut self, w: impl Write, layout: Layout) -> std::io::Result<()> {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        w.write_all(layout.columns().join(",").as_bytes())?;
        w.write_all(b"\n")?;
        let mut line = Vec::with_capacity(256);
        while let Some(r) = self.next() {
            line.clear();
            line.extend_from_slice(self.id(&r).as_bytes());
            line.push(b',');
            line.extend_from_slice(self.procedure_code(r.procedure).as_bytes());
            line.push(b',');
            line.extend_from_slice(self.agency(&r).as_bytes());
            line.push(b',');
            if layout == Layout::Full {
                let f = FIELDS.get(r.procedure as usize % FIELDS.len()).copied();
                line.extend_from_slice(f.unwrap_or("").as_bytes());
                line.push(b',');
                line.extend_from_slice(if r.agency % 3 == 0 { b"xa" } else { b"huyen" });
                line.push(b',');
            }
            line.extend_from_slice(r.channel.as_str().as_bytes());
            line.push(b',');
            push_ts(&mut line, r.received);
            line.push(b',');
            push_ts(&mut line, r.due);
            line.push(b',');
            if let Some(t) = r.resolved {
                push_ts(&mut line, t);
            }
            line.push(b',');
            if let Some(o) = r.outcome {
                line.extend_from_slice(o.as_str().as_bytes());
            }
            if layout == Layout::Full {
                line.push(b',');
                if let Some((a, _)) = r.pause {
                    push_ts(&mut line, a);
                }
                line.push(b',');
                if let Some((_, b)) = r.pause {
                    push_ts(&mut line, b);
                }
            }
            line.push(b'\n');
            w.write_all(&line)?;
        }
        w.flush()
    }
}

impl Iterator for Generator {
    type Item = GenRow;

    fn next(&mut self) -> Option<GenRow> {
        loop {
            if self.produced >= self.cfg.rows {
                return None;
            }
            if let Some(r) = self.today.pop() {
                self.produced += 1;
                return Some(r);
            }
            if !self.next_day() {
                return None;
            }
        }
    }
}

/// (year, month, day) of a day number.
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Appends `YYYY-MM-DDTHH:MM:SS`.
fn push_ts(out: &mut Vec<u8>, t: i64) {
    let (y, m, d) = civil(t.div_euclid(SECS_PER_DAY));
    let s = t.rem_euclid(SECS_PER_DAY);
    let _ = write!(
        out,
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        s / 3600,
        s / 60 % 60,
        s % 60
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_layout_writes_its_columns_and_reads_back_by_name() {
        for layout in Layout::ALL {
            assert_eq!(Layout::parse(layout.as_str()).unwrap(), layout);
            let mut out = Vec::new();
            Generator::new(GeneratorConfig {
                rows: 50,
                ..GeneratorConfig::default()
            })
            .write_csv(&mut out, layout)
            .unwrap();
            let text = String::from_utf8(out).unwrap();
            let mut lines = text.lines();
            let header: Vec<&str> = lines.next().unwrap().split(',').collect();
            assert_eq!(header, layout.columns());
            for line in lines {
                assert_eq!(line.split(',').count(), layout.columns().len(), "{line}");
            }
        }
        assert_eq!(Layout::parse(" Compact ").unwrap(), Layout::Compact);
        let e = Layout::parse("peers").unwrap_err().to_string();
        assert!(e.contains("full, compact"), "{e}");
    }

    #[test]
    fn rows_are_valid_sorted_and_unique() {
        let g = Generator::new(GeneratorConfig {
            rows: 3000,
            paused_per_mille: 100,
            ..GeneratorConfig::default()
        });
        let ds = g.dossiers();
        assert_eq!(ds.len(), 3000);
        let mut ids = std::collections::HashSet::new();
        for w in ds.windows(2) {
            assert!(w[0].received_at <= w[1].received_at);
        }
        for d in &ds {
            d.validate().unwrap();
            assert!(ids.insert(d.id.clone()), "{}", d.id);
        }
        let pending = ds.iter().filter(|d| d.resolved_at.is_none()).count();
        assert!((20..=120).contains(&pending), "{pending}");
    }

    #[test]
    fn csv_timestamps_match_chrono() {
        let mut v = Vec::new();
        push_ts(&mut v, 1_612_166_400 + 3661);
        assert_eq!(
            String::from_utf8(v).unwrap(),
            from_ts(1_612_166_400 + 3661)
                .unwrap()
                .format("%Y-%m-%dT%H:%M:%S")
                .to_string()
        );
    }
}
