//! Merging partials is exact: for random splits of random dossier files, the merged total
//! and every merged group equal the aggregation of all the dossiers at once.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use std::path::PathBuf;

use chrono::NaiveDate;
use minhbach_engine::aggregate::generate::{Generator, GeneratorConfig, Layout};
use minhbach_engine::aggregate::partial::{MergeOptions, Merger, Partial, SharedPolicy};
use minhbach_engine::aggregate::{aggregate_file, GroupKey, Policy, Query, Window};
use proptest::prelude::*;

fn csv(rows: u64, seed: u64) -> String {
    let cfg = GeneratorConfig {
        rows,
        seed,
        first_day: NaiveDate::from_ymd_opt(2020, 11, 1).unwrap(),
        last_day: NaiveDate::from_ymd_opt(2021, 7, 15).unwrap(),
        ..GeneratorConfig::default()
    };
    let mut out = Vec::new();
    Generator::new(cfg)
        .write_csv(&mut out, Layout::Full)
        .unwrap();
    String::from_utf8(out).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn merged_partials_equal_the_whole(
        rows in 1u64..400,
        seed in any::<u64>(),
        cuts in prop::collection::vec(0.0f64..1.0, 0..5),
        by_month in any::<bool>(),
        decision766 in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let text = csv(rows, seed);
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        let body: Vec<&str> = lines.collect();
        let mut points: Vec<usize> = cuts.iter().map(|c| (c * body.len() as f64) as usize).collect();
        points.push(0);
        points.push(body.len());
        points.sort_unstable();
        points.dedup();
        let whole = dir.path().join("all.csv");
        std::fs::write(&whole, &text).unwrap();
        let mut keys = vec![GroupKey::Agency];
        if by_month { keys.push(GroupKey::Month); }
        let policy = if decision766 { Policy::decision766() } else { Policy::bieu06() };
        let period = Window::days(
            NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(),
        ).unwrap();
        let q = Query::new(period).group_by(keys.clone()).with_policy(policy);
        let expected = aggregate_file(&whole, &q).unwrap();
        let mut opts = MergeOptions::by(keys.clone());
        opts.shared = SharedPolicy::Once;
        let mut merger = Merger::new(opts);
        let mut by_unit = Merger::new(MergeOptions::by([GroupKey::Unit]));
        for (i, w) in points.windows(2).enumerate() {
            let part: PathBuf = dir.path().join(format!("p{i}.csv"));
            std::fs::write(&part, format!("{header}\n{}\n", body[w[0]..w[1]].join("\n"))).unwrap();
            let p = Partial::from_files(&format!("unit {i}"), &[part.as_path()], &q).unwrap();
            let bytes = p.to_bytes().unwrap();
            let p = Partial::from_bytes(&bytes, "p.json").unwrap();
            merger.add("p.json", &p).unwrap();
            by_unit.add_bytes("p.json", &bytes).unwrap();
        }
        let merged = merger.finish().unwrap();
        prop_assert_eq!(merged.shared.dossiers, 0);
        prop_assert_eq!(&merged.aggregation.groups, &expected.groups);
        prop_assert_eq!(merged.aggregation.total(), expected.total());
        prop_assert_eq!(merged.aggregation.outside_period, expected.outside_period);
        prop_assert_eq!(merged.aggregation.report.rows_read, expected.report.rows_read);
        let units = by_unit.finish().unwrap();
        prop_assert_eq!(units.aggregation.total(), expected.total());
    }
}

/// Duplicated ids across partials: counted once (the total equals the file without the
/// second copies) or per unit (the sum of both).
#[test]
fn shared_ids_once_equals_the_deduplicated_whole() {
    let dir = tempfile::tempdir().unwrap();
    let text = csv(300, 7);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let body: Vec<&str> = lines.collect();
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    std::fs::write(&a, format!("{header}\n{}\n", body[..200].join("\n"))).unwrap();
    // b repeats rows 150..200 of a (liên thông) and adds its own.
    std::fs::write(&b, format!("{header}\n{}\n", body[150..].join("\n"))).unwrap();
    let whole = dir.path().join("all.csv");
    std::fs::write(&whole, &text).unwrap();
    let period = Window::days(
        NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(),
    )
    .unwrap();
    let q = Query::new(period).group_by([GroupKey::Agency]);
    let pa = Partial::from_files("A", &[a.as_path()], &q).unwrap();
    let pb = Partial::from_files("B", &[b.as_path()], &q).unwrap();
    let mut once = Merger::new(MergeOptions::by([GroupKey::Agency]));
    once.add("a", &pa).unwrap();
    once.add("b", &pb).unwrap();
    let once = once.finish().unwrap();
    let expected = aggregate_file(&whole, &q).unwrap();
    assert_eq!(once.aggregation.groups, expected.groups);
    assert_eq!(once.shared.dossiers, 50);
    assert_eq!(once.shared.removed, 50);
    let mut opts = MergeOptions::by([GroupKey::Agency]);
    opts.shared = SharedPolicy::PerUnit;
    let mut per = Merger::new(opts);
    per.add("a", &pa).unwrap();
    per.add("b", &pb).unwrap();
    let per = per.finish().unwrap();
    let mut sum = pa.aggregation.total();
    sum.merge(&pb.aggregation.total());
    assert_eq!(per.aggregation.total(), sum);
    assert_eq!(per.shared.removed, 0);
}

/// A version 1 file (records base64 inside the JSON) is still read, and gives the same
/// partial as the version 2 file (JSON header, newline, raw records).
#[test]
fn version_1_files_are_still_read() {
    use base64::Engine as _;
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    std::fs::write(&a, csv(120, 3)).unwrap();
    let period = Window::days(
        NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2021, 6, 30).unwrap(),
    )
    .unwrap();
    let q = Query::new(period).group_by([GroupKey::Agency]);
    let p = Partial::from_files("A", &[a.as_path()], &q).unwrap();
    let v2 = p.to_bytes().unwrap();
    // Version 2: the JSON header ends with a newline, then count × 25 bytes.
    let header_end = v2.len() - p.digests.records.len();
    assert_eq!(v2[header_end - 1], b'\n');
    assert_eq!(p.digests.records.len() as u64, p.digests.count * 25);
    let header: serde_json::Value = serde_json::from_slice(&v2[..header_end]).unwrap();
    assert_eq!(header["version"], 2);
    assert!(header["digests"].get("data").is_none());
    let mut v1 = header.clone();
    v1["version"] = 1.into();
    v1["digests"]["data"] = base64::engine::general_purpose::STANDARD
        .encode(&p.digests.records)
        .into();
    let back = Partial::from_bytes(v1.to_string().as_bytes(), "v1.json").unwrap();
    assert_eq!(back, Partial::from_bytes(&v2, "v2.json").unwrap());
    assert_eq!(back, p);
    // Cut short: the records no longer match the count.
    let err = Partial::from_bytes(&v2[..v2.len() - 3], "cut.json")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("cut.json") && err.contains("truncated"),
        "{err}"
    );
    // A version 2 header without its records.
    let err = Partial::from_bytes(&v2[..header_end - 1], "h.json")
        .unwrap_err()
        .to_string();
    assert!(err.contains("no digest records"), "{err}");
    // Newer versions are refused with the version named.
    let mut v9 = header;
    v9["version"] = 9.into();
    let err = Partial::from_bytes(v9.to_string().as_bytes(), "v9.json")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("version 9") && err.contains("update minhbach"),
        "{err}"
    );
}
