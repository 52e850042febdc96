//! 10,000 partials at once (issue 14, "Must hold"): a province's communes, each a small
//! partial file made at test time, merged one file at a time into exact totals — every
//! unit's row equals its own file and the total equals the aggregation of all the dossiers
//! at once. The number of partials can be changed with `MINHBACH_TEST_PARTIALS` (for the
//! CPU-time and peak-memory figures of docs/performance.md, measured with `/usr/bin/time -v`
//! on this test binary).
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use std::io::Write;

use minhbach_engine::aggregate::partial::{MergeOptions, Merger, Partial};
use minhbach_engine::aggregate::{Counts, GroupKey, Query, Reader};

/// The dossiers of unit `i`: three rows with times that vary with `i` (early, on time,
/// late, pending, carried over), ids unique to the unit except every 97th unit, which shares
/// its first dossier with the unit before it (an inter-unit "liên thông" dossier).
fn rows(i: usize) -> String {
    let day = 1 + i % 28;
    let month = 1 + i % 6;
    let shared = if i % 97 == 0 && i > 0 { i - 1 } else { i };
    let mut s = String::new();
    s.push_str(&format!(
        "X{shared}-1,2021-{month:02}-{day:02}T08:00:00,2021-{month:02}-{day:02}T17:00:00,{}\n",
        if i % 3 == 0 {
            String::new()
        } else {
            format!("2021-{month:02}-{day:02}T1{}:00:00", i % 10)
        }
    ));
    s.push_str(&format!(
        "X{i}-2,2020-12-{day:02}T09:00:00,2021-01-{day:02}T17:00:00,2021-0{}-{day:02}T10:00:00\n",
        1 + i % 2
    ));
    s.push_str(&format!(
        "X{i}-3,2021-{month:02}-{day:02}T10:00:00,2021-07-{day:02}T17:00:00,\n"
    ));
    s
}

#[test]
fn ten_thousand_partials_merge_exactly() {
    let n: usize = std::env::var("MINHBACH_TEST_PARTIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let query = Query::new("2021-H1".parse().unwrap());
    let header = "id,received_at,due_at,resolved_at\n";
    let dir = tempfile::tempdir().unwrap();
    let all_path = dir.path().join("all.csv");
    let mut all = std::io::BufWriter::new(std::fs::File::create(&all_path).unwrap());
    all.write_all(header.as_bytes()).unwrap();
    let reader = Reader::new();
    let mut merger = Merger::new(MergeOptions::by([GroupKey::Unit]));
    let mut own: Vec<Counts> = Vec::with_capacity(n);
    let csv = dir.path().join("unit.csv");
    let partial = dir.path().join("unit.partial");
    for i in 0..n {
        let body = rows(i);
        all.write_all(body.as_bytes()).unwrap();
        std::fs::write(&csv, format!("{header}{body}")).unwrap();
        let p = Partial::read(&format!("xã số {i}"), &[csv.as_path()], &reader, &query).unwrap();
        own.push(p.aggregation.total());
        // Through the file format, one file at a time, as `minhbach merge` reads them.
        std::fs::write(&partial, p.to_bytes().unwrap()).unwrap();
        let bytes = std::fs::read(&partial).unwrap();
        merger
            .add_bytes(&format!("xa-{i}.partial"), &bytes)
            .unwrap();
    }
    drop(all);
    let merged = merger.finish().unwrap();
    assert_eq!(merged.partials, n as u64);
    assert_eq!(merged.units.len(), n);
    // Shared dossiers found by digest: every 97th unit's first dossier.
    let shared = (1..n).filter(|i| i % 97 == 0).count() as u64;
    assert_eq!(merged.shared.dossiers, shared);
    assert_eq!(merged.shared.removed, shared);
    // The total equals the aggregation of every dossier at once: the file holds each
    // shared dossier twice, and the reader's duplicate check keeps its first row, as the
    // merge keeps it in the first unit.
    let at_once = reader.aggregate_file(&all_path, &query).unwrap();
    assert_eq!(merged.aggregation.total(), at_once.total());
    assert_eq!(at_once.report.rows_rejected, shared);
    let units = merged.unit_counts();
    for (i, ((_, c), own)) in units.iter().zip(&own).enumerate() {
        if i % 97 == 0 && i > 0 {
            assert_eq!(c.handled() + 1, own.handled(), "unit {i}");
        } else {
            assert_eq!(c, own, "unit {i}");
        }
    }
    merged.aggregation.check().unwrap();
}
