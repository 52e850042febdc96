//! Conservation checks run on every aggregation and are errors, not warnings: rows read =
//! rows counted + rows rejected, rows counted = dossiers in the table + outside the period +
//! refused at reception, and the Biểu 06 identity received + carried over = resolved +
//! pending (+ separate buckets) in every row. Partial results read back from JSON are checked
//! before they are merged.

use minhbach::engine::aggregate::{aggregate_csv_reader, GroupKey, Period, Policy, Query};
use minhbach::engine::{Aggregation, EngineError};
use minhbach::model::parse_datetime;

fn query(policy: Policy) -> Query {
    let t = |s| parse_datetime(s).unwrap();
    Query::new(Period {
        start: t("2021-01-01T00:00:00"),
        end: t("2021-06-30T23:59:59"),
    })
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

#[test]
fn every_policy_conserves_rows_and_satisfies_the_table_identities() {
    for policy in [Policy::bieu06(), Policy::decision766(), Policy::opencps()] {
        let a = run(policy.clone());
        let r = &a.report;
        assert_eq!(
            (r.rows_read, r.rows_counted, r.rows_rejected),
            (11, 8, 3),
            "{policy:?}"
        );
        let mut placed = a.outside_period;
        for (k, c) in a.groups.iter() {
            assert_eq!(
                c.received(),
                c.received_online + c.received_direct_postal,
                "{k:?}"
            );
            assert_eq!(
                c.resolved(),
                c.resolved_early + c.resolved_on_time + c.resolved_late,
                "{k:?}"
            );
            assert_eq!(
                c.pending(),
                c.pending_within_due + c.pending_overdue,
                "{k:?}"
            );
            assert_eq!(
                c.handled(),
                c.resolved() + c.pending() + c.separate(),
                "{k:?}"
            );
            placed += c.handled() + c.refused_at_reception;
        }
        assert_eq!(placed, r.rows_counted, "{policy:?}");
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
