//! Property tests of the aggregation: an independent reference classifier, the table
//! identities, merge of partitions, parallel = sequential, row order, CSV = in-memory, and
//! drill-down = counts.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDateTime};
use minhbach_engine::aggregate::{
    Aggregation, Aggregator, Column, Counts, DossierColumns, DuplicateCheck, EndedAs, GroupKey,
    Lateness, PauseRule, Policy, Query, Reader, Window,
};
use minhbach_model::{parse_datetime, Channel, Dossier, Outcome, Pause};
use proptest::prelude::*;

include!("support/policies.rs");

fn t(s: &str) -> NaiveDateTime {
    parse_datetime(s).unwrap()
}

fn period() -> Window {
    "2021-H1".parse::<Window>().unwrap()
}

prop_compose! {
    fn dossier()(
        recv_off in -200i64 * 86_400..210 * 86_400,
        due in prop::option::weighted(0.9, -2i64 * 86_400..40 * 86_400),
        res in prop::option::weighted(0.7, -86_400i64..60 * 86_400),
        outcome in prop::option::of(0usize..3),
        ch in 0usize..3,
        agency in 0usize..3,
        procedure in 0usize..3,
        pause in prop::option::weighted(0.15, (0i64..20 * 86_400, prop::option::of(0i64..10 * 86_400))),
        same_day in prop::bool::weighted(0.05),
    ) -> Dossier {
        let received_at = t("2021-01-01T00:00:00") + Duration::seconds(recv_off);
        let resolved_at = if same_day { Some(received_at) } else {
            res.map(|r| received_at + Duration::seconds(r))
        };
        Dossier {
            id: String::new(),
            received_at,
            procedure_code: Some(["1.001", "1.002", "1.003"][procedure].into()),
            agency: Some(["TP", "YT", "Phòng Tư pháp"][agency].into()),
            field: Some("Hộ tịch".into()),
            level: Some(if agency == 0 { "xa" } else { "huyen" }.into()),
            online_level: [Some("Mức độ 3"), None, Some("4")][procedure].map(String::from),
            channel: Channel::ALL[ch],
            due_at: due.map(|d| received_at + Duration::seconds(d)),
            resolved_at,
            outcome: outcome.map(|o| [Outcome::Approved, Outcome::Rejected, Outcome::Withdrawn][o]),
            pauses: pause
                .map(|(s, e)| {
                    let start = received_at + Duration::seconds(s);
                    vec![Pause { start, end: e.map(|e| start + Duration::seconds(e)) }]
                })
                .unwrap_or_default(),
        }
    }
}

/// Dossiers with ids; `dup_every` > 0 repeats an earlier id now and then.
fn dossiers(max: usize, dups: bool) -> impl Strategy<Value = Vec<Dossier>> {
    prop::collection::vec((dossier(), 0usize..20), 0..max).prop_map(move |v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (mut d, r))| {
                d.id = if dups && r == 0 && i > 0 {
                    format!("H{:05}", i / 2)
                } else {
                    format!("H{i:05}")
                };
                d
            })
            .collect()
    })
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        0usize..3,
        prop::bool::ANY,
        prop::bool::ANY,
        prop::bool::ANY,
        0usize..3,
    )
        .prop_map(|(preset, w, r, date, pauses)| {
            let mut p = preset_variant(preset, w, r, date);
            p.pauses = [
                PauseRule::Ignore,
                PauseRule::Restart,
                PauseRule::SubtractPause,
            ][pauses];
            p
        })
}

fn query(policy: Policy, cutoff_days: i64, keys: Vec<GroupKey>) -> Query {
    Query::new(period())
        .as_of(period().end + Duration::days(cutoff_days))
        .group_by(keys)
        .with_policy(policy)
}

fn group_keys() -> impl Strategy<Value = Vec<GroupKey>> {
    prop::sample::subsequence(
        GroupKey::ALL
            .into_iter()
            .filter(|k| *k != GroupKey::Unit)
            .collect::<Vec<_>>(),
        0..3,
    )
}

fn run(q: &Query, ds: &[Dossier]) -> Aggregation {
    let mut a = Aggregator::new(q).unwrap();
    a.extend(ds);
    a.finish().unwrap()
}

/// The reference: design §4 read literally, on date-times, for policies without pauses.
fn reference(q: &Query, ds: &[Dossier]) -> BTreeMap<String, Counts> {
    let p = &q.policy;
    let (s, e, c) = (q.period.start, q.period.end, q.cutoff());
    let tt = e.min(c);
    let mut out: BTreeMap<String, Counts> = BTreeMap::new();
    let mut seen = std::collections::HashSet::new();
    for d in ds {
        if d.validate().is_err() || !seen.insert(d.id.clone()) {
            continue;
        }
        let outcome = d.effective_outcome();
        let refused = p.exclude_refused_at_reception
            && outcome == Some(Outcome::Rejected)
            && d.resolved_at == Some(d.received_at);
        let after_start = p.receipt == minhbach_engine::aggregate::ReceiptRule::AfterStart;
        let in_period = if after_start {
            d.received_at > s
        } else {
            d.received_at >= s
        };
        let received = in_period && d.received_at <= tt;
        let carried = !in_period && d.resolved_at.is_none_or(|r| r >= s);
        let k = out.entry(d.agency.clone().unwrap_or_default()).or_default();
        if refused {
            if received {
                k.refused_at_reception += 1;
            }
            continue;
        }
        if !received && !carried {
            continue;
        }
        if received {
            if d.channel == Channel::Online {
                k.received_online += 1;
            } else {
                k.received_direct_postal += 1;
            }
        } else {
            k.carried_over += 1;
        }
        match d.resolved_at.filter(|r| *r <= tt) {
            Some(r) => {
                if p.withdrawn == EndedAs::Separate && outcome == Some(Outcome::Withdrawn) {
                    k.withdrawn += 1;
                } else if p.rejected == EndedAs::Separate && outcome == Some(Outcome::Rejected) {
                    k.rejected += 1;
                } else {
                    match d.due_at {
                        None if p.unknown_due == minhbach_engine::aggregate::UnknownDue::OnTime => {
                            k.resolved_on_time += 1;
                            k.processing_seconds += (r - d.received_at).num_seconds() as i128;
                        }
                        None => k.unknown_due += 1,
                        Some(due) => {
                            let late = match p.lateness {
                                Lateness::DateTime => r > due,
                                Lateness::Date => r.date() > due.date(),
                            };
                            let early = match p.early {
                                minhbach_engine::aggregate::EarlyRule::BeforeDueDay => {
                                    r.date() < due.date()
                                }
                                minhbach_engine::aggregate::EarlyRule::BeforeDueTime => r < due,
                            };
                            if late {
                                k.resolved_late += 1;
                            } else if early {
                                k.resolved_early += 1;
                            } else {
                                k.resolved_on_time += 1;
                            }
                            k.processing_seconds += (r - d.received_at).num_seconds() as i128;
                        }
                    }
                }
            }
            None => match d.due_at {
                None if p.unknown_due == minhbach_engine::aggregate::UnknownDue::OnTime => {
                    k.pending_within_due += 1
                }
                None => k.unknown_due += 1,
                Some(due) if due >= c => k.pending_within_due += 1,
                Some(_) => k.pending_overdue += 1,
            },
        }
    }
    out.retain(|_, v| *v != Counts::default());
    out
}

fn to_csv(ds: &[Dossier]) -> String {
    let f = |x: Option<NaiveDateTime>| {
        x.map(|v| v.format("%Y-%m-%dT%H:%M:%S").to_string())
            .unwrap_or_default()
    };
    let mut s = String::from(
        "Mã hồ sơ,Ngày tiếp nhận,MaTTHC,Đơn vị,field,level,Mức độ,Kênh,Ngày hẹn trả,Ngày có kết quả,outcome,pause_start,pause_end\r\n",
    );
    for d in ds {
        let quote = |v: &str| {
            if v.contains(' ') {
                format!("\"{v}\"")
            } else {
                v.to_string()
            }
        };
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n",
            d.id,
            // alternate layouts of the same instant
            if d.id.ends_with('7') {
                d.received_at.format("%d/%m/%Y %H:%M:%S").to_string()
            } else {
                f(Some(d.received_at))
            },
            d.procedure_code.as_deref().unwrap_or(""),
            quote(d.agency.as_deref().unwrap_or("")),
            d.field.as_deref().unwrap_or(""),
            d.level.as_deref().unwrap_or(""),
            quote(d.online_level.as_deref().unwrap_or("")),
            if d.id.ends_with('3') {
                d.channel.vietnamese()
            } else {
                d.channel.as_str()
            },
            f(d.due_at),
            f(d.resolved_at),
            d.outcome.map(|o| o.as_str()).unwrap_or(""),
            d.pauses
                .iter()
                .map(|p| f(Some(p.start)))
                .collect::<Vec<_>>()
                .join(";"),
            d.pauses
                .iter()
                .map(|p| f(p.end))
                .collect::<Vec<_>>()
                .join(";"),
        ));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn equals_the_reference_classifier(ds in dossiers(60, true), pol in policy(), cut in -20i64..20) {
        let mut pol = pol;
        pol.pauses = PauseRule::Ignore;
        pol.late_if_supplemented_twice = false;
        pol.waiting_separate = false;
        let q = query(pol, cut, vec![GroupKey::Agency]);
        let agg = run(&q, &ds);
        let ours: BTreeMap<String, Counts> = agg
            .groups
            .iter()
            .map(|(k, c)| {
                let mut c = *c;
                c.processing_working_days = 0;
                c.working_days_counted = 0;
                (k[0].clone(), c)
            })
            .collect();
        prop_assert_eq!(ours, reference(&q, &ds));
    }

    #[test]
    fn identities_hold_under_every_policy(ds in dossiers(60, true), pol in policy(), cut in -20i64..20, keys in group_keys()) {
        let q = query(pol, cut, keys);
        let agg = run(&q, &ds);
        agg.check().unwrap();
        let table = agg.table();
        for row in table.rows.iter().chain(std::iter::once(&table.total)) {
            // Scope (received + carried over) and fate (resolved + pending + separate buckets)
            // are filled by different branches of the classification: they must meet.
            let c = &row.counts;
            prop_assert_eq!(c.received() + c.carried_over, c.resolved() + c.pending() + c.separate());
        }
        // The total row is the column sums of the group rows, for every column.
        for column in Column::ALL {
            let sum: u64 = table.rows.iter().map(|r| r.counts.get(column)).sum();
            prop_assert_eq!(table.total.counts.get(column), sum, "{:?}", column);
        }
        let r = &agg.report;
        prop_assert_eq!(r.rows_read, ds.len() as u64);
        prop_assert_eq!(r.rows_read, r.rows_counted + r.rows_rejected);
    }

    #[test]
    fn merged_partitions_equal_the_whole(ds in dossiers(60, false), pol in policy(), keys in group_keys(), cuts in prop::collection::vec(0usize..60, 0..4)) {
        let q = query(pol, 0, keys);
        let whole = run(&q, &ds);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(ds.len())).collect();
        cuts.push(0);
        cuts.push(ds.len());
        cuts.sort_unstable();
        let parts: Vec<Aggregation> = cuts.windows(2).map(|w| run(&q, &ds[w[0]..w[1]])).collect();
        // merge in reverse order, through a JSON round trip
        let mut merged = Aggregation::empty(&q);
        for p in parts.iter().rev() {
            let json = serde_json::to_string(p).unwrap();
            merged.merge(&serde_json::from_str(&json).unwrap()).unwrap();
        }
        prop_assert_eq!(&merged.groups, &whole.groups);
        prop_assert_eq!(merged.outside_period, whole.outside_period);
        prop_assert_eq!(merged.report.rows_counted, whole.report.rows_counted);
        merged.check().unwrap();
    }

    #[test]
    fn parallel_columns_equal_sequential(ds in dossiers(80, true), pol in policy(), cut in -20i64..20, keys in group_keys()) {
        let q = query(pol, cut, keys);
        let seq = run(&q, &ds);
        let cols = DossierColumns::from_dossiers(&ds);
        let par = cols.aggregate(&q).unwrap();
        prop_assert_eq!(&par.groups, &seq.groups);
        prop_assert_eq!(par.outside_period, seq.outside_period);
        prop_assert_eq!(&par.report, &seq.report);
    }

    #[test]
    fn row_order_does_not_matter(ds in dossiers(60, false), pol in policy(), keys in group_keys(), seed in any::<u64>()) {
        let q = query(pol, 0, keys);
        let mut shuffled = ds.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(run(&q, &shuffled).groups, run(&q, &ds).groups);
    }

    #[test]
    fn csv_path_equals_in_memory_path(ds in dossiers(60, true), pol in policy(), cut in -20i64..20, keys in group_keys()) {
        for dup in [DuplicateCheck::TwoPass, DuplicateCheck::Exact] {
            let q = query(pol.clone(), cut, keys.clone());
            let mem = run(&q, &ds);
            let csv = Reader::new()
                .with_duplicates(dup)
                .aggregate_csv_reader(to_csv(&ds).as_bytes(), "p.csv", &q)
                .unwrap();
            prop_assert_eq!(&csv.groups, &mem.groups);
            prop_assert_eq!(csv.outside_period, mem.outside_period);
            prop_assert_eq!(csv.report.rows_rejected, mem.report.rows_rejected);
            let lines: Vec<u64> = csv.report.rejected.iter().map(|r| r.line - 1).collect();
            let positions: Vec<u64> = mem.report.rejected.iter().map(|r| r.line).collect();
            prop_assert_eq!(lines, positions);
        }
    }

    #[test]
    fn drill_down_lists_exactly_the_counted_dossiers(ds in dossiers(60, true), pol in policy(), keys in group_keys()) {
        let q = query(pol, 0, keys);
        let cols = DossierColumns::from_dossiers(&ds);
        let agg = cols.aggregate(&q).unwrap();
        let table = agg.table();
        for row in &table.rows {
            let key: Vec<&str> = row.key.iter().map(|(_, v)| v.as_str()).collect();
            for column in Column::ALL {
                let ids = cols.drill_down(&q, &key, column).unwrap();
                prop_assert_eq!(ids.len() as u64, row.counts.get(column), "{:?} {:?}", key, column);
            }
        }
    }
}

// ---- the measures catalogue ----

use minhbach_engine::aggregate::{
    Denominator, Measure, MeasureId, MeasureOptions, OnlineDenominator, Rounding,
};
use rust_decimal::{Decimal, RoundingStrategy};

fn measure_options() -> impl Strategy<Value = MeasureOptions> {
    (0usize..5, prop::bool::ANY, prop::bool::ANY, 0u32..=4).prop_map(|(d, o, f, decimals)| {
        MeasureOptions {
            denominator: Denominator::ALL[d],
            online_denominator: if o {
                OnlineDenominator::ReceivedAndCarried
            } else {
                OnlineDenominator::Received
            },
            rounding: if f { Rounding::Floor } else { Rounding::HalfUp },
            decimals,
        }
    })
}

/// Each measure as the issue defines it, written independently of the catalogue: rust_decimal
/// division then rounding.
fn definition(id: MeasureId, c: &Counts, o: &MeasureOptions) -> Option<Decimal> {
    let resolved = c.resolved_early + c.resolved_on_time + c.resolved_late;
    let set_aside = c.rejected + c.withdrawn;
    let received = c.received_online + c.received_direct_postal;
    let handled = received + c.carried_over;
    let late_and_overdue = c.resolved_late + c.pending_overdue;
    let den = match o.denominator {
        Denominator::Resolved => resolved,
        Denominator::Processed => resolved + set_aside,
        Denominator::Due => resolved + c.pending_overdue + set_aside,
        Denominator::Handled | Denominator::Decision766 => handled,
    };
    let rate = |num: u64, den: u64| (i128::from(num) * 100, i128::from(den));
    let (num, mean) = match id {
        MeasureId::OnTimeRate => {
            let num = match o.denominator {
                Denominator::Handled => handled - late_and_overdue,
                Denominator::Decision766 => {
                    c.resolved_early + c.resolved_on_time + c.pending_within_due
                }
                _ => c.resolved_early + c.resolved_on_time,
            };
            (rate(num, den), false)
        }
        MeasureId::ResolvedEarlyRate => (rate(c.resolved_early, den), false),
        MeasureId::ResolvedOnTimeRate => (rate(c.resolved_on_time, den), false),
        MeasureId::LateRate => {
            let num = match o.denominator {
                Denominator::Resolved | Denominator::Processed => c.resolved_late,
                _ => late_and_overdue,
            };
            (rate(num, den), false)
        }
        MeasureId::SetAsideRate => (rate(set_aside, den), false),
        MeasureId::OnlineRate => {
            let den = match o.online_denominator {
                OnlineDenominator::Received => received,
                OnlineDenominator::ReceivedAndCarried => handled,
            };
            (rate(c.received_online, den), false)
        }
        MeasureId::MeanProcessingHours => {
            ((c.processing_seconds, i128::from(resolved) * 3600), true)
        }
        MeasureId::MeanProcessingWorkingDays => (
            (
                i128::from(c.processing_working_days),
                i128::from(c.working_days_counted),
            ),
            true,
        ),
        MeasureId::Decision766OnTimeRate => (
            rate(
                c.resolved_early + c.resolved_on_time + c.pending_within_due,
                handled,
            ),
            false,
        ),
        MeasureId::Decision766LateRate => (rate(late_and_overdue, handled), false),
        other => panic!("no definition for {other}"),
    };
    let (n, d) = num;
    if d == 0 {
        return None;
    }
    let (dp, strategy) = if mean {
        (o.decimals.max(2), RoundingStrategy::MidpointAwayFromZero)
    } else {
        (
            o.decimals,
            match o.rounding {
                Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
                Rounding::Floor => RoundingStrategy::ToZero,
            },
        )
    };
    let v = Decimal::from_i128_with_scale(n, 0) / Decimal::from_i128_with_scale(d, 0);
    Some(v.round_dp_with_strategy(dp, strategy))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_measure_equals_its_definition(ds in dossiers(60, true), pol in policy(), opts in measure_options(), cut in -20i64..20, keys in group_keys()) {
        let mut pol = pol;
        pol.measures = opts;
        let q = query(pol, cut, keys);
        let table = run(&q, &ds).table();
        for row in table.rows.iter().chain(std::iter::once(&table.total)) {
            for m in Measure::all() {
                let got = row.measure(m.id);
                prop_assert_eq!(got, definition(m.id, &row.counts, &opts), "{} {:?}", m.key, row.counts);
                if let Some(v) = got {
                    prop_assert_eq!(v.scale(), m.decimals(&opts), "{} has its decimals", m.key);
                }
            }
        }
    }

    #[test]
    fn shares_add_up_with_the_new_buckets(ds in dossiers(60, true), pol in policy(), opts in measure_options(), cut in -20i64..20) {
        let q = query(pol, cut, vec![]);
        let c = run(&q, &ds).table().total.counts;
        let num = |id: MeasureId| id.measure().fraction(&c, &opts).numerator;
        let den = MeasureId::OnTimeRate.measure().fraction(&c, &opts).denominator;
        match opts.denominator {
            // early + on time + late (+ overdue) + returned/withdrawn = the denominator
            Denominator::Processed | Denominator::Due => prop_assert_eq!(
                num(MeasureId::ResolvedEarlyRate) + num(MeasureId::ResolvedOnTimeRate)
                    + num(MeasureId::LateRate) + num(MeasureId::SetAsideRate),
                den
            ),
            Denominator::Resolved => prop_assert_eq!(
                num(MeasureId::ResolvedEarlyRate) + num(MeasureId::ResolvedOnTimeRate)
                    + num(MeasureId::LateRate),
                den
            ),
            // Gia Lai: on time = 100 % − late
            Denominator::Handled => prop_assert_eq!(num(MeasureId::OnTimeRate) + num(MeasureId::LateRate), den),
            Denominator::Decision766 => prop_assert!(num(MeasureId::OnTimeRate) + num(MeasureId::LateRate) <= den),
        }
        prop_assert_eq!(num(MeasureId::OnTimeRate) >= 0, true);
        prop_assert_eq!(
            num(MeasureId::ResolvedEarlyRate) + num(MeasureId::ResolvedOnTimeRate),
            i128::from(c.resolved_in_time())
        );
    }

    #[test]
    fn merged_partials_give_every_measure_of_the_whole(ds in dossiers(60, false), pol in policy(), opts in measure_options(), keys in group_keys(), cut in 0usize..60) {
        let mut pol = pol;
        pol.measures = opts;
        let q = query(pol, 0, keys);
        let whole = run(&q, &ds).table();
        let cut = cut.min(ds.len());
        let mut merged = run(&q, &ds[cut..]);
        merged.merge(&run(&q, &ds[..cut])).unwrap();
        let merged = merged.table();
        prop_assert_eq!(merged.rows.len(), whole.rows.len());
        for (a, b) in merged.rows.iter().chain([&merged.total]).zip(whole.rows.iter().chain([&whole.total])) {
            for m in Measure::all() {
                prop_assert_eq!(a.measure(m.id), b.measure(m.id), "{}", m.key);
            }
        }
    }
}
