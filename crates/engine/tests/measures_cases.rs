//! Published-style cases, built by hand: one quarter of eight dossiers (one carried over; one
//! resolved early, on time, late; one returned; one withdrawn; one pending overdue, one
//! pending within due) and the rates that each way of publishing gives, each case naming its
//! options. The expected values are computed by hand in the comments.
//!
//! | dossier | received | channel | due | resolved | outcome |
//! |---|---|---|---|---|---|
//! | C1 | 2020-12-20 (carried over) | direct | 05/01 | 04/01 (early) | approved |
//! | N1 | 10/01 | online | 15/01 17:00 | 15/01 10:00 (on the day) | approved |
//! | N2 | 11/01 | direct | 18/01 | 20/01 (late) | approved |
//! | N3 | 01/02 | direct | 05/02 | 02/02 | rejected (trả lại) |
//! | N4 | 03/02 | online | 10/02 | 04/02 | withdrawn (rút) |
//! | N5 | 01/03 | direct | 10/03 | — (overdue at 31/03) | |
//! | N6 | 25/03 | online | 05/04 | — (within due) | |
//! | N7 | 10/02 | postal | 20/02 | 12/02 (early) | approved |
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use minhbach_engine::aggregate::{
    aggregate_csv_reader, Denominator, EndedAs, MeasureId, MeasureOptions, OnlineDenominator,
    Policy, Query, Rounding, Window,
};
use minhbach_model::parse_datetime;
use rust_decimal::Decimal;

const CSV: &str = include_str!("../../cli/tests/data/dossiers-q1-measures.csv");

struct Case {
    name: &'static str,
    separate: bool,
    denominator: Denominator,
    online: OnlineDenominator,
    rounding: Rounding,
    decimals: u32,
    expected: &'static [(MeasureId, Option<&'static str>)],
}

use MeasureId::*;

const CASES: &[Case] = &[
    Case {
        // Biểu 06 as most press reports publish it: returned and withdrawn inside resolved
        // (both finished before their due day: early). Resolved 6 = early 4 + on time 1 + late 1.
        name: "press, over resolved",
        separate: false,
        denominator: Denominator::Resolved,
        online: OnlineDenominator::Received,
        rounding: Rounding::HalfUp,
        decimals: 2,
        expected: &[
            (OnTimeRate, Some("83.33")),         // 5/6
            (ResolvedEarlyRate, Some("66.67")),  // 4/6
            (ResolvedOnTimeRate, Some("16.67")), // 1/6
            (LateRate, Some("16.67")),           // 1/6
            (SetAsideRate, Some("0.00")),
            (OnlineRate, Some("42.86")),            // 3/7
            (Decision766OnTimeRate, Some("75.00")), // (4 + 1 + 1)/8
            (Decision766LateRate, Some("25.00")),   // (1 + 1)/8
        ],
    },
    Case {
        // A public-service portal's "Đã xử lý": returned and withdrawn in their own buckets,
        // kept out of the early / on-time / late split. Processed 6 = 4 resolved + 2.
        name: "portal, over processed",
        separate: true,
        denominator: Denominator::Processed,
        online: OnlineDenominator::Received,
        rounding: Rounding::HalfUp,
        decimals: 2,
        expected: &[
            (OnTimeRate, Some("50.00")),         // (2 + 1)/6
            (ResolvedEarlyRate, Some("33.33")),  // 2/6
            (ResolvedOnTimeRate, Some("16.67")), // 1/6
            (LateRate, Some("16.67")),           // 1/6
            (SetAsideRate, Some("33.33")),       // 2/6
        ],
    },
    Case {
        // "Hồ sơ đến hạn giải quyết": resolved 4 + pending overdue 1 + returned/withdrawn 2 = 7;
        // "trả lại hồ sơ và rút hồ sơ … chiếm 28,6%", one decimal.
        name: "province, over due, one decimal",
        separate: true,
        denominator: Denominator::Due,
        online: OnlineDenominator::Received,
        rounding: Rounding::HalfUp,
        decimals: 1,
        expected: &[
            (OnTimeRate, Some("42.9")),         // 3/7 = 42.857…
            (ResolvedEarlyRate, Some("28.6")),  // 2/7
            (ResolvedOnTimeRate, Some("14.3")), // 1/7
            (LateRate, Some("28.6")),           // (1 + 1)/7
            (SetAsideRate, Some("28.6")),       // 2/7
        ],
    },
    Case {
        // The same, truncated as a commune report did.
        name: "commune, over due, floor",
        separate: true,
        denominator: Denominator::Due,
        online: OnlineDenominator::Received,
        rounding: Rounding::Floor,
        decimals: 1,
        expected: &[
            (OnTimeRate, Some("42.8")),
            (LateRate, Some("28.5")),
            (SetAsideRate, Some("28.5")),
        ],
    },
    Case {
        // A Vĩnh Phúc-style notice: "đến hạn giải quyết là … hồ sơ. Đã có kết quả trả trước và
        // đúng hạn là … hồ sơ (đạt …%)", with no returned / withdrawn figures: those stay
        // inside resolved (finished early here), so the dossiers due are resolved 6 + pending
        // overdue 1 = 7, and nothing is set aside.
        name: "notice, over due, returned and withdrawn inside resolved",
        separate: false,
        denominator: Denominator::Due,
        online: OnlineDenominator::Received,
        rounding: Rounding::HalfUp,
        decimals: 2,
        expected: &[
            (OnTimeRate, Some("71.43")),         // (4 + 1)/7
            (ResolvedEarlyRate, Some("57.14")),  // 4/7
            (ResolvedOnTimeRate, Some("14.29")), // 1/7
            (LateRate, Some("28.57")),           // (1 + 1)/7
            (SetAsideRate, Some("0.00")),        // 0/7
        ],
    },
    Case {
        // "Cần xử lý" (Gia Lai): late = late + pending overdue over received + carried over;
        // on time = 100 % − late. Online over received + carried over (a quarterly figure).
        name: "province, over handled, online over received and carried",
        separate: false,
        denominator: Denominator::Handled,
        online: OnlineDenominator::ReceivedAndCarried,
        rounding: Rounding::HalfUp,
        decimals: 0,
        expected: &[
            (OnTimeRate, Some("75")), // (8 − 2)/8
            (LateRate, Some("25")),   // 2/8
            (OnlineRate, Some("38")), // 3/8 = 37.5 → 38
        ],
    },
    Case {
        // Decision 766 indicator 2.1 as the national system shows it.
        name: "Decision 766",
        separate: false,
        denominator: Denominator::Decision766,
        online: OnlineDenominator::Received,
        rounding: Rounding::HalfUp,
        decimals: 2,
        expected: &[
            (OnTimeRate, Some("75.00")),            // (4 + 1 + 1)/8
            (Decision766OnTimeRate, Some("75.00")), // the same, whatever the denominator
            (LateRate, Some("25.00")),
        ],
    },
];

fn table(separate: bool) -> minhbach_engine::aggregate::Table {
    let _t = |s| parse_datetime(s).unwrap();
    let mut policy = Policy::bieu06();
    if separate {
        policy.withdrawn = EndedAs::Separate;
        policy.rejected = EndedAs::Separate;
    }
    let q = Query::new("2021-Q1".parse().unwrap()).with_policy(policy);
    aggregate_csv_reader(CSV.as_bytes(), "q1.csv", &q)
        .unwrap()
        .table()
}

#[test]
fn published_style_cases() {
    for case in CASES {
        let opts = MeasureOptions {
            denominator: case.denominator,
            online_denominator: case.online,
            rounding: case.rounding,
            decimals: case.decimals,
        };
        let c = table(case.separate).total.counts;
        for (id, want) in case.expected {
            let got = id.measure().compute(&c, &opts).map(|d| d.to_string());
            assert_eq!(got.as_deref(), *want, "{}: {id}", case.name);
        }
    }
}

#[test]
fn the_quarter_is_classified_as_the_comments_say() {
    let c = table(true).total.counts;
    assert_eq!((c.received(), c.received_online, c.carried_over), (7, 3, 1));
    assert_eq!(
        (c.resolved_early, c.resolved_on_time, c.resolved_late),
        (2, 1, 1)
    );
    assert_eq!((c.rejected, c.withdrawn), (1, 1));
    assert_eq!((c.pending_within_due, c.pending_overdue), (1, 1));
    let c = table(false).total.counts;
    assert_eq!(c.resolved_early, 4);
}

#[test]
fn zero_denominators_give_none_never_zero() {
    let c = minhbach_engine::aggregate::Counts::default();
    for m in minhbach_engine::aggregate::Measure::all() {
        for d in Denominator::ALL {
            let o = MeasureOptions {
                denominator: d,
                ..MeasureOptions::default()
            };
            assert_eq!(m.compute(&c, &o), None, "{}", m.key);
        }
    }
    // Nothing resolved but some pending: the resolved rates are None, the 766 rate is not.
    let c = minhbach_engine::aggregate::Counts {
        received_direct_postal: 2,
        pending_within_due: 2,
        ..Default::default()
    };
    let o = MeasureOptions::default();
    assert_eq!(OnTimeRate.measure().compute(&c, &o), None);
    assert_eq!(
        Decision766OnTimeRate.measure().compute(&c, &o),
        Some(Decimal::new(10000, 2))
    );
}

/// OpenCPS fidelity (research/opencps.md, key facts 2 and 5): received strictly after the
/// period start, early when handed back before the due time; the same in the streaming
/// kernel and in the columnar fast path.
#[test]
fn opencps_receipt_and_early_rules() {
    let csv = "id,received_at,agency,channel,due_at,resolved_at\n\
               R0,2021-01-01 00:00:00,TP,direct,2021-01-05 17:00:00,2021-01-05 10:00:00\n\
               R1,2021-01-02 08:00:00,TP,online,2021-01-08 17:00:00,2021-01-08 17:00:00\n\
               R2,2021-01-03 08:00:00,TP,direct,2021-01-09 17:00:00,2021-01-07 10:00:00\n";
    let t = |s: &str| parse_datetime(s).unwrap();
    let period = "2021-Q1".parse::<Window>().unwrap();
    for (policy, carried, received, early, on_time) in [
        (Policy::bieu06(), 0, 3, 1, 2),
        (Policy::opencps(), 1, 2, 2, 1),
    ] {
        let q = Query::new(period).with_policy(policy.clone());
        let streamed = aggregate_csv_reader(csv.as_bytes(), "r.csv", &q)
            .unwrap()
            .table()
            .total
            .counts;
        let mut dossiers = Vec::new();
        let mut rdr = csv::Reader::from_reader(csv.as_bytes());
        for r in rdr.records() {
            let r = r.unwrap();
            dossiers.push(minhbach_model::Dossier {
                id: r[0].to_string(),
                received_at: t(&r[1]),
                procedure_code: None,
                agency: Some(r[2].to_string()),
                field: None,
                level: None,
                online_level: None,
                channel: if &r[3] == "online" {
                    minhbach_model::Channel::Online
                } else {
                    minhbach_model::Channel::Direct
                },
                due_at: Some(t(&r[4])),
                resolved_at: Some(t(&r[5])),
                outcome: None,
                pauses: Vec::new(),
            });
        }
        let columnar = minhbach_engine::aggregate::DossierColumns::from_dossiers(&dossiers)
            .aggregate(&q)
            .unwrap()
            .table()
            .total
            .counts;
        for c in [streamed, columnar] {
            assert_eq!(
                (
                    c.carried_over,
                    c.received(),
                    c.resolved_early,
                    c.resolved_on_time
                ),
                (carried, received, early, on_time),
                "{}",
                policy.name
            );
        }
    }
}
