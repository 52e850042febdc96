//! End-to-end tests of `minhbach aggregate --save-partial` and `minhbach merge`.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

mod common;

use std::path::{Path, PathBuf};

use common::{aggregate_h1_of, file, json, ly_son, minhbach, no_panic, run};

/// Splits a CSV file into `parts` files of consecutive rows (header repeated).
fn split(src: &Path, dir: &Path, parts: usize) -> Vec<PathBuf> {
    let text = std::fs::read_to_string(src).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let per = rows.len().div_ceil(parts);
    rows.chunks(per)
        .enumerate()
        .map(|(i, chunk)| {
            file(
                dir,
                &format!("part{i}.csv"),
                &format!("{header}\n{}\n", chunk.join("\n")),
            )
        })
        .collect()
}

fn save_partial(csv: &Path, unit: &str, out: &Path, extra: &[&str]) {
    let (code, _, err) = run(aggregate_h1_of(csv)
        .args(extra)
        .args(["--unit", unit, "--save-partial"])
        .arg(out)
        .arg("-q"));
    assert_eq!(code, 0, "{err}");
}

fn merge_json(args: &[&Path], extra: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(minhbach()
        .arg("merge")
        .args(args)
        .args(extra)
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    json(&out)
}

/// The Lý Sơn file split in three units: the merged total equals the aggregation of the
/// whole file, and every (unit, agency) group sums back to the agency rows.
#[test]
fn real_file_split_in_three_merges_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let parts = split(&ly_son().join("dossiers.csv"), dir.path(), 3);
    let mut partials = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        let out = dir.path().join(format!("u{i}.json"));
        save_partial(p, &format!("xã {i}"), &out, &["--by", "agency"]);
        partials.push(out);
    }
    let refs: Vec<&Path> = partials.iter().map(PathBuf::as_path).collect();
    let (code, whole, err) =
        run(aggregate_h1_of(ly_son().join("dossiers.csv"))
            .args(["--by", "agency", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let whole = json(&whole);
    let merged = merge_json(&refs, &["--by", "agency"]);
    assert_eq!(merged["total"], whole["total"]);
    assert_eq!(merged["groups"], whole["groups"]);
    assert_eq!(merged["rows_read"], whole["rows_read"]);
    let by_unit = merge_json(&refs, &[]);
    assert_eq!(by_unit["total"], whole["total"]);
    assert_eq!(by_unit["groups"].as_array().unwrap().len(), 3);
    assert_eq!(
        by_unit["units"],
        serde_json::json!(["xã 0", "xã 1", "xã 2"])
    );
    assert_eq!(by_unit["shared_dossiers"]["dossiers"], 0);
    let sum: u64 = by_unit["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["received"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, whole["total"]["received"].as_u64().unwrap());
}

const HEADER: &str = "id,received_at,due_at,resolved_at\n";

fn unit_file(dir: &Path, name: &str, rows: &[&str]) -> PathBuf {
    file(dir, name, &format!("{HEADER}{}\n", rows.join("\n")))
}

/// A dossier in two units (liên thông) is found, counted once by default and in each
/// unit with `--shared per-unit`; the ranking shares ranks on ties.
#[test]
fn shared_dossiers_counted_once_or_per_unit_and_ranked() {
    let dir = tempfile::tempdir().unwrap();
    let a = unit_file(
        dir.path(),
        "a.csv",
        &[
            "A1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T10:00:00",
            "LT1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-08T10:00:00",
        ],
    );
    let b = unit_file(
        dir.path(),
        "b.csv",
        &[
            "LT1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-08T10:00:00",
            "B1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T10:00:00",
        ],
    );
    let c = unit_file(
        dir.path(),
        "c.csv",
        &["C1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T10:00:00"],
    );
    let (pa, pb, pc) = (
        dir.path().join("a.json"),
        dir.path().join("b.json"),
        dir.path().join("c.json"),
    );
    save_partial(&a, "xã <An> Hải", &pa, &[]);
    save_partial(&b, "xã An Vĩnh", &pb, &[]);
    save_partial(&c, "xã Bình", &pc, &[]);
    let once = merge_json(&[&pa, &pb, &pc], &["--rank", "on_time_rate"]);
    assert_eq!(once["total"]["received"], 4);
    assert_eq!(once["total"]["resolved_late"], 1);
    assert_eq!(once["shared_dossiers"]["dossiers"], 1);
    assert_eq!(once["shared_dossiers"]["removed"], 1);
    assert_eq!(once["groups"][0]["key"]["unit"], "xã <An> Hải");
    assert_eq!(once["groups"][1]["received"], 1);
    // xã An Hải 50 %, xã An Vĩnh 100 % (LT1 counted in An Hải), xã Bình 100 %: tie for 1st.
    let ranks: Vec<(String, u64)> = once["ranking"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["unit"].as_str().unwrap().to_string(),
                u["rank"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ranks,
        vec![
            ("xã <An> Hải".to_string(), 3),
            ("xã An Vĩnh".to_string(), 1),
            ("xã Bình".to_string(), 1)
        ]
    );
    let per_unit = merge_json(&[&pa, &pb, &pc], &["--shared", "per-unit"]);
    assert_eq!(per_unit["total"]["received"], 5);
    assert_eq!(per_unit["shared_dossiers"]["dossiers"], 1);
    assert_eq!(per_unit["shared_dossiers"]["removed"], 0);
    assert_eq!(per_unit["shared_dossiers"]["policy"], "per_unit");
    // The engine's name and the spelling the command line used first give the same table.
    let engine_name = merge_json(&[&pa, &pb, &pc], &["--shared", "per_unit"]);
    assert_eq!(engine_name, per_unit);
    let (code, _, err) = run(minhbach()
        .args(["merge", "--shared", "each"])
        .arg(&pa)
        .arg(&pb));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("once") && err.contains("per_unit"), "{err}");
    let (code, out, err) = run(minhbach().arg("merge").arg(&pa).arg(&pb));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "1 hồ sơ liên thông có ở nhiều đơn vị (1 lần lặp) chỉ tính một lần, ở đơn vị đầu tiên."
        ),
        "{out}"
    );
}

fn refused(args: &[&Path], extra: &[&str]) -> String {
    let (code, out, err) = run(minhbach().arg("merge").args(args).args(extra));
    no_panic(&err);
    assert_eq!(code, 1, "expected exit 1: {out}{err}");
    assert!(out.is_empty());
    err
}

#[test]
fn merge_refuses_mismatches_tampering_and_foreign_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = unit_file(
        d,
        "a.csv",
        &["A1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T10:00:00"],
    );
    let pa = d.join("a.json");
    save_partial(&a, "xã A", &pa, &[]);
    let pb = d.join("b.json");
    save_partial(&a, "xã B", &pb, &["--as-of", "2021-06-01"]);
    let err = refused(&[&pa, &pb], &[]);
    assert!(err.contains("a.json") && err.contains("b.json"), "{err}");
    assert!(err.contains("cut-off"), "{err}");
    let pc = d.join("c.json");
    save_partial(&a, "xã C", &pc, &["--convention", "decision766"]);
    assert!(refused(&[&pa, &pc], &[]).contains("convention"));
    let pg = d.join("g.json");
    save_partial(&a, "xã G", &pg, &["--by", "agency"]);
    assert!(refused(&[&pa, &pg], &[]).contains("grouping"));
    let pp = d.join("p.json");
    let (code, _, _) = run(minhbach()
        .arg("aggregate")
        .arg(&a)
        .args([
            "--from",
            "2021-01-01",
            "--to",
            "2021-03-31",
            "--unit",
            "xã P",
            "--save-partial",
        ])
        .arg(&pp));
    assert_eq!(code, 0);
    assert!(refused(&[&pa, &pp], &[]).contains("period"));
    // The same unit twice.
    let pa2 = d.join("a2.json");
    std::fs::copy(&pa, &pa2).unwrap();
    assert!(refused(&[&pa, &pa2], &[]).contains("xã A"));
    // Accepted with the flag; the same dossier in both is still counted once.
    let ok = merge_json(&[&pa, &pa2], &["--allow-same-unit"]);
    assert_eq!(ok["total"]["received"], 1);
    assert_eq!(ok["shared_dossiers"]["dossiers"], 1);
    assert_eq!(ok["units"], serde_json::json!(["xã A"]));
    // Tampered: a count changed by hand in the JSON header (format version 2: the JSON,
    // a newline, then the binary digest records).
    let bytes = std::fs::read(&pa).unwrap();
    let mut stream = serde_json::Deserializer::from_slice(&bytes).into_iter::<serde_json::Value>();
    let mut v = stream.next().unwrap().unwrap();
    let header_len = stream.byte_offset();
    assert_eq!(v["version"], 2);
    assert_eq!(bytes[header_len], b'\n');
    let records = &bytes[header_len..];
    assert_eq!(records.len(), 1 + 25);
    let with_records = |v: &serde_json::Value| [v.to_string().as_bytes(), records].concat();
    v["aggregation"]["groups"][0]["counts"]["resolved_early"] = 2.into();
    v["aggregation"]["groups"][0]["counts"]["received_direct_postal"] = 2.into();
    v["aggregation"]["report"]["rows_read"] = 2.into();
    v["aggregation"]["report"]["rows_counted"] = 2.into();
    let t = d.join("t.json");
    std::fs::write(&t, with_records(&v)).unwrap();
    assert!(refused(&[&pa, &t], &[]).contains("tampered"));
    // Truncated in the JSON (the line where it stops) or in the records.
    let tr = d.join("tr.json");
    std::fs::write(&tr, &bytes[..header_len / 2]).unwrap();
    assert!(refused(&[&tr], &[]).contains("line"));
    std::fs::write(&tr, &bytes[..bytes.len() - 1]).unwrap();
    let err = refused(&[&tr], &[]);
    assert!(
        err.contains("tr.json") && err.contains("truncated"),
        "{err}"
    );
    // Not a partial, newer version.
    let np = file(d, "np.json", r#"{"units": []}"#);
    assert!(refused(&[&np], &[]).contains("not a minhbach partial"));
    v["version"] = 7.into();
    let nv = d.join("nv.json");
    std::fs::write(&nv, with_records(&v)).unwrap();
    let err = refused(&[&nv], &[]);
    assert!(err.contains("version 7"), "{err}");
}

/// Three units, two with the same figures: `merge --rank` puts the rank in the last CSV
/// column (ties share the best rank), and `score decision766 --partials` takes each unit's
/// dossier indicators from its merged figures.
#[test]
fn ranking_in_csv_and_decision766_scores_from_partials() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let early = "2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T10:00:00";
    let late = "2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-09T10:00:00";
    let units = [
        ("xã A", vec![format!("A1,{early}"), format!("A2,{late}")]),
        ("xã B", vec![format!("B1,{early}"), format!("B2,{early}")]),
        ("=xã C", vec![format!("C1,{early}"), format!("C2,{late}")]),
    ];
    let mut partials = Vec::new();
    for (i, (unit, rows)) in units.iter().enumerate() {
        let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
        let src = unit_file(d, &format!("u{i}.csv"), &rows);
        let out = d.join(format!("u{i}.json"));
        save_partial(&src, unit, &out, &[]);
        partials.push(out);
    }
    let refs: Vec<&Path> = partials.iter().map(PathBuf::as_path).collect();
    let (code, csv, err) = run(minhbach().arg("merge").args(&refs).args([
        "--rank",
        "on_time_rate",
        "--format",
        "csv",
    ]));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = csv.lines().collect();
    let header = lines.iter().find(|l| l.contains("Hạng theo")).unwrap();
    assert!(header.ends_with("Hạng theo Tỷ lệ đúng hạn"), "{header}");
    let rank_of = |unit: &str| {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("{unit},")))
            .unwrap_or_else(|| panic!("no row {unit} in {csv}"));
        line.rsplit(',').next().unwrap().to_string()
    };
    assert_eq!(rank_of("xã B"), "1");
    assert_eq!(rank_of("xã A"), "2");
    // The formula-like unit name is neutralised in CSV, and ties share rank 2.
    assert_eq!(rank_of("'=xã C"), "2");
    let total = lines.iter().find(|l| l.starts_with("Tổng cộng")).unwrap();
    assert!(total.ends_with(','), "{total}");
    // Decision 766 from the partials and the other indicators in a CSV.
    let others = [
        "tthc_published_on_time",
        "tthc_publicised_on_time",
        "tthc_components_complete",
        "dossiers_synced",
        "online_service_share",
        "online_service_used",
        "online_payment_integrated",
        "online_payment_share",
        "electronic_result_share",
        "digitised_dossier_share",
        "digitised_data_reuse",
        "complaints_on_time",
        "complaint_satisfaction",
        "tthc_satisfaction",
    ];
    let mut data = format!("unit,{}\n", others.join(","));
    for (unit, _) in &units {
        data.push_str(&format!("\"{unit}\"{}\n", ",100".repeat(others.len())));
    }
    let data = file(d, "others.csv", &data);
    let (code, out, err) = run(minhbach()
        .arg("score")
        .arg("decision766")
        .arg(&data)
        .arg("--partials")
        .args(&refs)
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let units_json = v["units"].as_array().unwrap();
    let rank = |u: &str| {
        units_json
            .iter()
            .find(|x| x["unit"] == u)
            .unwrap_or_else(|| panic!("no unit {u}: {out}"))["rank"]
            .as_u64()
            .unwrap()
    };
    assert_eq!((rank("xã B"), rank("xã A"), rank("=xã C")), (1, 2, 2));
    // The text form explains each unit: the progress group (on-time rate from the
    // partials: xã A 1 of 2 in time, 50 % of 20 points) makes the difference.
    let (code, out, err) = run(minhbach()
        .arg("score")
        .arg("decision766")
        .arg(&data)
        .arg("--partials")
        .args(&refs));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("xã A: 84.00 điểm, hạng 2"), "{out}");
    assert!(out.contains("xã B: 94.00 điểm, hạng 1"), "{out}");
    // A column that the partials compute cannot also be given; a unit without a row is refused.
    let twice = file(d, "twice.csv", "unit,on_time_rate\nxã A,90\n");
    let (code, _, err) = run(minhbach()
        .arg("score")
        .arg("decision766")
        .arg(&twice)
        .arg("--partials")
        .args(&refs));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("on_time_rate"), "{err}");
    let missing = file(
        d,
        "missing.csv",
        &format!(
            "unit,{}\nxã A{}\n",
            others.join(","),
            ",100".repeat(others.len())
        ),
    );
    let (code, _, err) = run(minhbach()
        .arg("score")
        .arg("decision766")
        .arg(&missing)
        .arg("--partials")
        .args(&refs));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("xã B"), "{err}");
    // ddci does not come from dossiers.
    let (code, _, err) = run(minhbach()
        .arg("score")
        .arg("ddci")
        .arg("--partials")
        .args(&refs));
    assert_eq!(code, 2, "{err}");
}
