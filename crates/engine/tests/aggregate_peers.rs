//! The per-agency table must equal the DuckDB / Polars reference outputs (peers/README.md):
//! the peers' `resolved_on_time` is our early + on_time, `pending_not_due` our within_due,
//! and their mean hours are over resolved dossiers.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use std::path::Path;

use minhbach_engine::aggregate::{DuplicateCheck, GroupKey, Query, Reader, Table};
use rust_decimal::Decimal;
use serde_json::Value;

fn query() -> Query {
    Query::new("2021-H1".parse().unwrap()).group_by([GroupKey::Agency])
}

/// Our table in the peers' shape: (agency, [counts], mean hours).
fn peers_view(table: &Table) -> Vec<(String, [u64; 7], Option<Decimal>)> {
    table
        .rows
        .iter()
        .chain(std::iter::once(&table.total))
        .map(|r| {
            let c = &r.counts;
            let name = r.key.first().map(|k| k.1.clone()).unwrap_or("TOTAL".into());
            (
                name,
                [
                    c.received(),
                    c.carried_over,
                    c.resolved_early + c.resolved_on_time,
                    c.resolved_late,
                    c.pending_within_due,
                    c.pending_overdue,
                    c.received_online,
                ],
                r.mean_processing_hours(),
            )
        })
        .collect()
}

fn expected(json: &str) -> Vec<(String, [u64; 7], Option<Decimal>)> {
    let v: Vec<Value> = serde_json::from_str(json).unwrap();
    v.iter()
        .map(|o| {
            let n = |k: &str| o[k].as_u64().unwrap();
            (
                o["agency"].as_str().unwrap().to_string(),
                [
                    n("received"),
                    n("carried_over"),
                    n("resolved_on_time"),
                    n("resolved_late"),
                    n("pending_not_due"),
                    n("pending_overdue"),
                    n("online"),
                ],
                o["mean_processing_hours"]
                    .as_f64()
                    .map(|f| f.to_string().parse().unwrap()),
            )
        })
        .collect()
}

fn check(csv: &Path, json: &str, dup: DuplicateCheck) {
    let agg = Reader::new()
        .with_duplicates(dup)
        .aggregate_csv(csv, &query())
        .unwrap();
    assert_eq!(agg.report.rows_rejected, 0, "{:?}", agg.report.rejected);
    assert_eq!(peers_view(&agg.table()), expected(json));
}

#[test]
fn checked_in_sample_equals_duckdb_and_polars() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let json = std::fs::read_to_string(dir.join("peers_3k_expected.json")).unwrap();
    for dup in [DuplicateCheck::TwoPass, DuplicateCheck::Off] {
        check(&dir.join("peers_3k.csv"), &json, dup);
    }
}

/// The 1M-row file: `MINHBACH_PEERS_CSV=…/dossiers_1m.csv MINHBACH_PEERS_EXPECTED=…/expected_1m.json
/// cargo test --release -p minhbach-engine --test aggregate_peers -- --ignored`
/// (scripts/compare-peers.sh does this).
#[test]
#[ignore = "needs the generated peers file; run by scripts/compare-peers.sh"]
fn one_million_rows_equal_expected() {
    let csv = std::env::var("MINHBACH_PEERS_CSV").expect("set MINHBACH_PEERS_CSV");
    let json_path = std::env::var("MINHBACH_PEERS_EXPECTED").expect("set MINHBACH_PEERS_EXPECTED");
    let json = std::fs::read_to_string(json_path).unwrap();
    check(Path::new(&csv), &json, DuplicateCheck::TwoPass);
}
