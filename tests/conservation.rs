//! Conservation checks run on every aggregation and are errors, not warnings: rows read =
//! rows counted + rows rejected, rows counted = dossiers in the table + outside the period +
//! refused at reception, and the Biểu 06 identity received + carried over = resolved +
//! pending (+ separate buckets) in every row. Partial results read back from JSON are checked
//! before they are merged.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use minhbach::engine::aggregate::{aggregate_csv_reader, GroupKey, Policy, Query};
use minhbach::engine::{Aggregation, EngineError};

fn query(policy: Policy) -> Query {
    Query::new("2021-H1".parse().unwrap())
        .group_by([GroupKey::Agency, GroupKey::Channel])
        .with_policy(policy)
}

const CSV: &str = "id,received_at,due_at,resolved_at,agency,channel,outcome\n\
A1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T09:00:00,TP,online,approved\n\
A2,2020-12-20T08:00:00,2021-01-05T17:00:00,2021-01-08T09:00:00,TP,direct,approved\n\
A3,2021-03-01T08:00:00,2021-03-05T17:00:00,,VP,postal,\n\
A4,2021-06-01T08:00:00,2021-07-05T17:00:00,,VP,online,\n\
A5,2021-04-01T08:00:00,2021-04-05T17:00:00,2021-04-02T08:00:00,VP,direct,withdrawn\n\
A6,2021-04-01T08:00:00,2021-04-05T17:00:00,2021-04-02T08:00:00,TP,direct,rejected\n\
A7,2021-08-01T08:00:00,,,TP,direct,\n\
A8,2020-01-01T08:00:00,2020-01-05T17:00:00,2020-01-03T08:00:00,TP,direct,approved\n\
B1,2021-02-30T08:00:00,,,TP,,\n\
B2,2021-03-05T08:00:00,,2021-03-01T08:00:00,TP,,approved\n\
A1,2021-05-01T08:00:00,,,TP,,\n";

fn run(policy: Policy) -> Aggregation {
    aggregate_csv_reader(CSV.as_bytes(), "sample.csv", &query(policy)).unwrap()
}

/// The cells of one group, in Biểu 06 order plus the separate buckets: received online,
/// received direct or by post, carried over, resolved early, on time, late, pending within
/// the due date, pending overdue, withdrawn, rejected.
fn cells(c: &minhbach::engine::aggregate::Counts) -> [u64; 10] {
    [
        c.received_online,
        c.received_direct_postal,
        c.carried_over,
        c.resolved_early,
        c.resolved_on_time,
        c.resolved_late,
        c.pending_within_due,
        c.pending_overdue,
        c.withdrawn,
        c.rejected,
    ]
}

/// Every group's cells, worked out by hand from `CSV` (not from the code): A1 online,
/// resolved two days early; A2 carried over from 2020, resolved three days late; A3 by post,
/// pending past its due date at the end of the period; A4 online, pending and not yet due;
/// A5 withdrawn and A6 returned (rejected) on 02/04, before their due day; A7 received after
/// the period and A8 resolved before it (outside); B1 (30 February), B2 (resolved before it
/// was received) and the second A1 (a duplicate id) rejected.
fn expected(withdrawn_separate: bool) -> Vec<(Vec<&'static str>, [u64; 10])> {
    let a5 = if withdrawn_separate {
        [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    } else {
        [0, 1, 0, 1, 0, 0, 0, 0, 0, 0]
    };
    vec![
        (vec!["TP", "direct"], [0, 1, 1, 1, 0, 1, 0, 0, 0, 0]),
        (vec!["TP", "online"], [1, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
        (vec!["VP", "direct"], a5),
        (vec!["VP", "online"], [1, 0, 0, 0, 0, 0, 1, 0, 0, 0]),
        (vec!["VP", "postal"], [0, 1, 0, 0, 0, 0, 0, 1, 0, 0]),
    ]
}

#[test]
fn every_policy_places_each_row_where_the_rules_say() {
    for (policy, withdrawn_separate) in [
        (Policy::bieu06(), false),
        (Policy::decision766(), false),
        (Policy::opencps(), true),
    ] {
        let a = run(policy.clone());
        let r = &a.report;
        assert_eq!(
            (r.rows_read, r.rows_counted, r.rows_rejected),
            (11, 8, 3),
            "{policy:?}"
        );
        assert_eq!(a.outside_period, 2, "A7 and A8, {policy:?}");
        let got: Vec<(Vec<&str>, [u64; 10])> = a
            .groups
            .iter()
            .map(|(k, c)| (k.iter().map(String::as_str).collect(), cells(c)))
            .collect();
        assert_eq!(got, expected(withdrawn_separate), "{policy:?}");
        // The table's total row is the column sums of the groups.
        let table = a.table();
        let mut sum = [0u64; 10];
        for (_, c) in &got {
            for (s, v) in sum.iter_mut().zip(c) {
                *s += v;
            }
        }
        assert_eq!(cells(&table.total.counts), sum, "{policy:?}");
        assert!(a.check().is_ok());
    }
}

fn tampered(edit: impl Fn(&mut serde_json::Value)) -> Aggregation {
    let mut v = serde_json::to_value(run(Policy::bieu06())).unwrap();
    edit(&mut v);
    serde_json::from_value(v).unwrap()
}

fn assert_identity_error(a: &Aggregation, part: &str) {
    match a.check() {
        Err(EngineError::IdentityBroken { identity, .. }) => {
            assert!(identity.contains(part), "{identity}")
        }
        other => panic!("expected an identity error, got {other:?}"),
    }
    // Merging it into a good aggregation is refused too, before anything is added.
    let mut good = run(Policy::bieu06());
    let before = serde_json::to_value(&good).unwrap();
    assert!(matches!(
        good.merge(a),
        Err(EngineError::IdentityBroken { .. })
    ));
    assert_eq!(serde_json::to_value(&good).unwrap(), before);
}

#[test]
fn a_lost_row_is_an_error() {
    let a = tampered(|v| {
        let n = v["report"]["rows_read"].as_u64().unwrap();
        v["report"]["rows_read"] = (n + 1).into();
    });
    assert_identity_error(&a, "rows_read (12) = rows_counted (8) + rows_rejected (3)");
}

#[test]
fn a_row_counted_twice_is_an_error() {
    let a = tampered(|v| {
        let n = v["report"]["rows_counted"].as_u64().unwrap();
        v["report"]["rows_counted"] = (n + 1).into();
        let n = v["report"]["rows_read"].as_u64().unwrap();
        v["report"]["rows_read"] = (n + 1).into();
    });
    assert_identity_error(&a, "rows_counted (9)");
}

#[test]
fn a_broken_table_identity_is_an_error() {
    let a = tampered(|v| {
        let json = v.to_string();
        // Add one resolved-late dossier to the first group without a matching receipt.
        let bumped = json.replacen("\"resolved_late\":0", "\"resolved_late\":1", 1);
        assert_ne!(json, bumped, "the sample has a group without late dossiers");
        *v = serde_json::from_str(&bumped).unwrap();
    });
    assert_identity_error(&a, "received + carried_over");
}
