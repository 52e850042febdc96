//! End-to-end tests of `minhbach aggregate`, `validate` and `generate`.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

mod common;

use common::{aggregate_h1_of, assert_usage, data, file, json, minhbach, no_panic, run, H1};

/// Runs `minhbach aggregate` on files of `tests/data` for the first half of 2021, with
/// `extra` options; returns (exit code, stdout, stderr).
fn aggregate_h1(files: &[&str], extra: &[&str]) -> (i32, String, String) {
    run(minhbach()
        .arg("aggregate")
        .args(files.iter().map(|f| data(f)))
        .args(H1)
        .args(extra))
}

const INT_FIELDS: [&str; 11] = [
    "received",
    "received_online",
    "received_direct_postal",
    "carried_over",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "pending",
    "pending_within_due",
    "pending_overdue",
];

fn check_row_shape(row: &serde_json::Value) {
    assert!(row["key"].is_object(), "{row}");
    for f in INT_FIELDS {
        assert!(row[f].is_u64(), "{f} is an integer: {row}");
    }
    for f in [
        "on_time_rate",
        "online_rate",
        "mean_processing_hours",
        "mean_processing_working_days",
    ] {
        assert!(row[f].is_string() || row[f].is_null(), "{f}: {row}");
    }
    let n = |f: &str| row[f].as_u64().unwrap();
    assert_eq!(
        n("received"),
        n("received_online") + n("received_direct_postal")
    );
    assert_eq!(
        n("resolved"),
        n("resolved_early") + n("resolved_on_time") + n("resolved_late")
    );
    assert_eq!(n("pending"), n("pending_within_due") + n("pending_overdue"));
}

#[test]
fn json_contract_total_only() {
    let (code, out, err) = aggregate_h1(&["dossiers-h1.csv"], &["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["period"]["from"], "2021-01-01");
    assert_eq!(v["period"]["to"], "2021-06-30");
    assert_eq!(v["period"]["as_of"], "2021-06-30T23:59:59");
    assert_eq!(v["groups"].as_array().unwrap().len(), 0);
    assert_eq!(v["rows_read"], 7);
    assert_eq!(v["rows_rejected"], 0);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
    let t = &v["total"];
    check_row_shape(t);
    assert_eq!(t["key"], serde_json::json!({}));
    assert_eq!(t["received"], 5);
    assert_eq!(t["received_online"], 2);
    assert_eq!(t["received_direct_postal"], 3);
    assert_eq!(t["carried_over"], 1);
    assert_eq!(t["resolved"], 4);
    assert_eq!(t["resolved_early"], 2);
    assert_eq!(t["resolved_on_time"], 1);
    assert_eq!(t["resolved_late"], 1);
    assert_eq!(t["pending"], 2);
    assert_eq!(t["pending_within_due"], 1);
    assert_eq!(t["pending_overdue"], 1);
    assert_eq!(t["on_time_rate"], "75.00");
    assert_eq!(t["online_rate"], "40.00");
    assert!(t.get("withdrawn").is_none());
}

#[test]
fn group_by_withdrawn_separate_decimals_and_as_of() {
    let (code, out, err) = run(aggregate_h1_of(data("dossiers-h1.csv"))
        .args("--by agency --withdrawn separate --decimals 1 --format json".split(' '))
        .args(["--as-of", "2021-06-30 17:00"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["period"]["as_of"], "2021-06-30T17:00:00");
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    for g in groups {
        check_row_shape(g);
        assert!(g["withdrawn"].is_u64());
    }
    let tp = groups
        .iter()
        .find(|g| g["key"]["agency"] == "Phòng Tư pháp")
        .unwrap();
    assert_eq!(tp["withdrawn"], 1);
    let t = &v["total"];
    assert_eq!(t["withdrawn"], 1);
    assert_eq!(t["resolved"], 3);
    // (early 1 + on time 1) / resolved 3 = 66.7 % with one decimal.
    assert_eq!(t["on_time_rate"], "66.7");
    let sum: u64 = groups.iter().map(|g| g["received"].as_u64().unwrap()).sum();
    assert_eq!(sum, t["received"].as_u64().unwrap());
}

#[test]
fn denominator_and_convention_options() {
    let run_total = |extra: &[&str]| {
        let args = [&["--format", "json"][..], extra].concat();
        let (code, out, err) = aggregate_h1(&["dossiers-h1.csv"], &args);
        assert_eq!(code, 0, "{err}");
        json(&out)["total"].clone()
    };
    // handled = received + carried over = 6; late = 1 + 1 overdue → (6 - 2)/6.
    assert_eq!(
        run_total(&["--denominator", "handled"])["on_time_rate"],
        "66.67"
    );
    // decision766: (early + on time + pending within due) / handled = 4/6.
    assert_eq!(
        run_total(&["--denominator", "decision766"])["on_time_rate"],
        "66.67"
    );
    // due: (early + on time) / (resolved + pending overdue) = 3/5.
    assert_eq!(
        run_total(&["--denominator", "due"])["on_time_rate"],
        "60.00"
    );
    for c in ["bieu06", "decision766", "opencps"] {
        let t = run_total(&["--convention", c]);
        check_row_shape(&t);
    }
}

#[test]
fn table_output_has_bieu06_captions() {
    let (code, out, err) = aggregate_h1(&["dossiers-h1.csv"], &["--by", "agency"]);
    assert_eq!(code, 0, "{err}");
    for caption in [
        "Biểu 06",
        "Đơn vị",
        "Tổng số",
        "Trực tuyến",
        "Từ kỳ trước",
        "Đã giải quyết",
        "GQ trước hạn",
        "Đang GQ quá hạn",
        "Tỷ lệ đúng hạn (%)",
        "Tổng cộng",
        "Phòng Tư pháp",
    ] {
        assert!(out.contains(caption), "{caption}: {out}");
    }
    assert!(out.contains("75.00"), "{out}");
}

#[test]
fn mixed_rows_good_reported_bad_listed_exit_1() {
    let (code, out, err) = aggregate_h1(&["dossiers-h1-mixed.csv"], &["--format", "json"]);
    no_panic(&err);
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    assert_eq!(v["rows_read"], 10);
    assert_eq!(v["rows_rejected"], 3);
    let errors = v["errors"].as_array().unwrap();
    let lines: Vec<u64> = errors.iter().map(|e| e["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [4, 6, 8]);
    for e in errors {
        assert!(e["message"].is_string() && e["value"].is_string(), "{e}");
        assert!(e.get("file").is_none(), "one file: no file field: {e}");
    }
    assert_eq!(errors[0]["column"], "received_at");
    assert_eq!(errors[0]["value"], "31/02/2021 08:00:00");
    assert_eq!(errors[1]["column"], "channel");
    assert_eq!(errors[1]["value"], "fax");
    // The good rows give the same table as the clean file.
    let (_, clean, _) = aggregate_h1(&["dossiers-h1.csv"], &["--format", "json"]);
    assert_eq!(v["total"], json(&clean)["total"]);
    // stderr names file and line.
    assert!(err.contains("dossiers-h1-mixed.csv:4:"), "{err}");
    assert!(err.contains("dossiers-h1-mixed.csv:6:"), "{err}");
    // The table is still printed in table format.
    let (code, out, _) = aggregate_h1(&["dossiers-h1-mixed.csv"], &[]);
    assert_eq!(code, 1);
    assert!(out.contains("Tổng cộng"));
}

#[test]
fn several_files_add_up_and_errors_name_the_file() {
    let (code, out, err) = aggregate_h1(
        &["dossiers-h1.csv", "dossiers-injection.csv"],
        &["--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["rows_read"], 11);
    assert_eq!(v["total"]["received"], 9);
    let (code, out, _) = aggregate_h1(
        &["dossiers-h1.csv", "dossiers-h1-mixed.csv"],
        &["--format", "json"],
    );
    assert_eq!(code, 1);
    let v = json(&out);
    let e = &v["errors"][0];
    assert!(
        e["file"]
            .as_str()
            .unwrap()
            .ends_with("dossiers-h1-mixed.csv"),
        "{e}"
    );
}

#[test]
fn csv_and_xlsx_outputs_neutralise_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let csv_out = dir.path().join("bieu06.csv");
    let (code, stdout, err) = run(aggregate_h1_of(data("dossiers-injection.csv"))
        .args(["--by", "agency", "--format", "csv", "-o"])
        .arg(&csv_out));
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    let text = std::fs::read_to_string(&csv_out).unwrap();
    assert!(text.starts_with('\u{feff}'));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let firsts: Vec<String> = rdr
        .records()
        .map(|r| r.unwrap().get(0).unwrap().to_string())
        .collect();
    for f in &firsts {
        assert!(
            !f.starts_with(['=', '+', '-', '@']),
            "formula reached the CSV: {f}"
        );
    }
    assert!(
        firsts.iter().any(|f| f.starts_with("'=HYPERLINK")),
        "{firsts:?}"
    );
    assert!(firsts.iter().any(|f| f == "'+84 Phòng"), "{firsts:?}");
    assert!(firsts.iter().any(|f| f == "'@SUM(A1)"), "{firsts:?}");
    assert!(firsts.iter().any(|f| f == "'-1+1"), "{firsts:?}");
    // XLSX: a workbook whose shared strings hold the neutralised text.
    let xlsx_out = dir.path().join("bieu06.xlsx");
    let (code, _, err) = run(aggregate_h1_of(data("dossiers-injection.csv"))
        .args(["--by", "agency", "--format", "xlsx", "-o"])
        .arg(&xlsx_out));
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&xlsx_out).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx_out).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let cells: Vec<String> = range.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert!(
        cells.iter().any(|c| c.starts_with("'=HYPERLINK")),
        "{cells:?}"
    );
    assert!(!cells.iter().any(|c| c.starts_with('=')), "{cells:?}");
}

#[test]
fn procedures_catalogue_fills_missing_due_dates() {
    let dir = tempfile::tempdir().unwrap();
    let f = file(
        dir.path(),
        "nodue.csv",
        "id,received_at,procedure_code,channel,resolved_at\n\
         N1,2021-02-01 08:00:00,1.001,direct,2021-02-03 10:00:00\n\
         N2,2021-02-01 08:00:00,1.001,direct,2021-02-10 10:00:00\n",
    );
    let (code, out, err) = run(aggregate_h1_of(&f)
        .args(["--format", "json", "--procedures"])
        .arg(data("procedures.csv")));
    assert_eq!(code, 0, "{err}");
    let t = &json(&out)["total"];
    // 3 working days from Monday 01/02/2021: due Thursday 04/02 17:00.
    assert_eq!(t["resolved_early"], 1);
    assert_eq!(t["resolved_late"], 1);
}

/// The received count of each `online_level` group of a JSON output.
fn by_online_level(out: &str) -> Vec<(String, u64)> {
    json(out)["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["key"]["online_level"].as_str().unwrap().to_string(),
                g["received"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// `--by online_level`: the file's own level column (as exports spell it) first, else the
/// procedure's level in the catalogue (Vietnamese headers); an unrecognised value and the
/// dossiers with no level at all keep rows of their own, said on stderr, never dropped.
#[test]
fn by_online_level_from_the_file_then_the_catalogue() {
    let dir = tempfile::tempdir().unwrap();
    let f = file(
        dir.path(),
        "levels.csv",
        "id,received_at,procedure_code,Mức độ,due_at,resolved_at\n\
         A1,2021-03-01T08:00:00,1.001,Mức độ 4,2021-03-05T17:00:00,2021-03-03T10:00:00\n\
         A2,2021-03-01T08:00:00,1.001,4,2021-03-05T17:00:00,2021-03-08T10:00:00\n\
         A3,2021-03-01T08:00:00,1.001,,2021-03-05T17:00:00,2021-03-03T10:00:00\n\
         A4,2021-03-01T08:00:00,1.002,,,2021-03-03T10:00:00\n\
         A5,2021-03-01T08:00:00,1.003,,2021-03-05T17:00:00,\n\
         A6,2021-03-01T08:00:00,1.003,khác,2021-03-05T17:00:00,\n",
    );
    let catalogue = file(
        dir.path(),
        "thu-tuc.csv",
        "Mã thủ tục,Tên thủ tục,Thời hạn giải quyết,Mức độ\n\
         1.001,Thủ tục một,5,Toàn trình\n\
         1.002,Thủ tục hai,3,một phần\n",
    );
    let (code, out, err) = run(aggregate_h1_of(&f)
        .args(["--by", "online_level", "--format", "json", "--procedures"])
        .arg(&catalogue));
    no_panic(&err);
    assert_eq!(code, 0, "{err}");
    let rows = by_online_level(&out);
    let want: Vec<(String, u64)> = [
        ("", 1),
        ("khác", 1),
        ("một phần", 1),
        ("mức độ 4", 2),
        ("toàn trình", 1),
    ]
    .iter()
    .map(|(k, n)| (k.to_string(), *n))
    .collect();
    assert_eq!(rows, want);
    // Nothing lost: the groups add up to the total.
    assert_eq!(
        rows.iter().map(|r| r.1).sum::<u64>(),
        json(&out)["total"]["received"].as_u64().unwrap()
    );
    // A4 has no due date: the catalogue's 3 working days date it (resolved early).
    let g = json(&out)["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"]["online_level"] == "một phần")
        .cloned()
        .unwrap();
    assert_eq!(g["resolved_early"], 1);
    assert!(err.contains("\"khác\" is not one of"), "{err}");
    assert!(
        err.contains("1 dossiers have no online service level"),
        "{err}"
    );
    // Without the catalogue only the file's own levels are known.
    let (code, out, err) =
        run(aggregate_h1_of(&f).args(["--by", "online_level", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let rows = by_online_level(&out);
    assert_eq!(rows.first(), Some(&(String::new(), 3)));
    assert!(
        err.contains("3 dossiers have no online service level"),
        "{err}"
    );
    // A catalogue stating only online levels is enough for the grouping; the level is
    // distinct from the government level (`--by level,online_level`).
    let levels_only = file(
        dir.path(),
        "muc-do.csv",
        "code,name,online_level\n1.003,Thủ tục ba,3\n",
    );
    let (code, out, err) = run(aggregate_h1_of(&f)
        .env("LANG", "vi_VN.UTF-8")
        .args([
            "--by",
            "level,online_level",
            "--format",
            "json",
            "--procedures",
        ])
        .arg(&levels_only));
    assert_eq!(code, 0, "{err}");
    let groups = json(&out)["groups"].as_array().unwrap().clone();
    let a5 = groups
        .iter()
        .find(|g| g["key"]["online_level"] == "mức độ 3")
        .unwrap();
    assert_eq!(
        (a5["key"]["level"].as_str(), a5["received"].as_u64()),
        (Some(""), Some(1))
    );
    assert!(err.contains("lưu ý: mức độ \"khác\""), "{err}");
    // A catalogue with an unknown level is refused with its line and column.
    let bad = file(
        dir.path(),
        "sai.csv",
        "code,name,working_days,online_level\n1.001,A,3,mức độ 7\n",
    );
    let (code, _, err) = run(aggregate_h1_of(&f)
        .args(["--by", "online_level", "--procedures"])
        .arg(&bad));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("sai.csv") && err.contains("online_level"),
        "{err}"
    );
}

#[test]
fn bad_usage_and_unreadable_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let good = data("dossiers-h1.csv");
    assert_usage(
        minhbach()
            .arg("aggregate")
            .arg(&good)
            .args(["--from", "2021-01-01"]),
        &["--to"],
    );
    assert_usage(
        minhbach()
            .arg("aggregate")
            .arg(&good)
            .args(["--from", "2021-07-01", "--to", "2021-06-30"]),
        &["after --to"],
    );
    assert_usage(aggregate_h1_of(&good).args(["--by", "colour"]), &["colour"]);
    assert_usage(
        aggregate_h1_of(&good).args(["--denominator", "everything"]),
        &["everything"],
    );
    assert_usage(aggregate_h1_of(&good).args(["--format", "pdf"]), &["pdf"]);
    assert_usage(minhbach().arg("aggregate").args(H1), &["FILE"]);
    assert_usage(
        &mut aggregate_h1_of(dir.path().join("missing.csv")),
        &["missing.csv", "no such file"],
    );
    assert_usage(&mut aggregate_h1_of(dir.path()), &["is a directory"]);
    assert_usage(
        aggregate_h1_of(&good)
            .arg("--procedures")
            .arg(dir.path().join("nope.csv")),
        &["nope.csv"],
    );
    // Output paths.
    assert_usage(
        aggregate_h1_of(&good).arg("-o").arg(dir.path()),
        &["is a directory"],
    );
    assert_usage(
        aggregate_h1_of(&good)
            .arg("-o")
            .arg(dir.path().join("nodir/x.json")),
        &["does not exist"],
    );
    if std::path::Path::new("/dev/full").exists() {
        assert_usage(
            aggregate_h1_of(&good).args(["-o", "/dev/full"]),
            &["cannot write /dev/full"],
        );
    }
    // A file with no usable header: bad data, exit 1, the file named.
    let bad = file(dir.path(), "noheader.csv", "foo,bar\n1,2\n");
    let (code, out, err) = run(&mut aggregate_h1_of(&bad));
    no_panic(&err);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("noheader.csv"), "{err}");
    // Not UTF-8 / not a spreadsheet.
    let p = dir.path().join("latin1.csv");
    std::fs::write(&p, b"id,received_at\nA,2021-02-01 Ng\xe0y\n").unwrap();
    let (code, _, err) = run(&mut aggregate_h1_of(&p));
    no_panic(&err);
    assert_eq!(code, 1, "{err}");
    let p = file(dir.path(), "fake.xlsx", "not a zip");
    let (code, _, err) = run(&mut aggregate_h1_of(&p));
    no_panic(&err);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("fake.xlsx"), "{err}");
}

#[cfg(unix)]
#[test]
fn unreadable_dossier_file() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("locked.csv");
    std::fs::copy(data("dossiers-h1.csv"), &f).unwrap();
    common::make_unreadable(&f);
    assert_usage(
        common::minhbach_with_file_permissions()
            .arg("aggregate")
            .arg(&f)
            .args(H1),
        &["locked.csv", "permission denied"],
    );
}

#[test]
fn validate_lists_every_problem() {
    let (code, out, err) = run(minhbach()
        .arg("validate")
        .arg(data("dossiers-h1.csv"))
        .arg(data("dossiers-h1-mixed.csv")));
    no_panic(&err);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("dossiers-h1.csv: 7 rows, no problems"),
        "{out}"
    );
    assert!(
        out.contains("dossiers-h1-mixed.csv: 10 rows, 3 with problems"),
        "{out}"
    );
    assert!(err.contains("dossiers-h1-mixed.csv:4:"), "{err}");
    let (code, out, _) = run(minhbach()
        .arg("validate")
        .arg(data("dossiers-h1.csv"))
        .args(["--format", "json"]));
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["ok"], true);
    assert_eq!(v["files"][0]["rows_read"], 7);
    // A broken file is listed and the others are still checked.
    let dir = tempfile::tempdir().unwrap();
    let bad = file(dir.path(), "noheader.csv", "foo,bar\n1,2\n");
    let (code, out, err) = run(minhbach()
        .arg("validate")
        .arg(&bad)
        .arg(data("dossiers-h1.csv"))
        .args(["--format", "json"]));
    no_panic(&err);
    assert_eq!(code, 1);
    let v = json(&out);
    assert_eq!(v["ok"], false);
    assert!(v["files"][0]["file_error"].is_string());
    assert_eq!(v["files"][1]["ok"], true);
    assert_usage(minhbach().arg("validate"), &["FILE"]);
    assert_usage(
        minhbach().arg("validate").arg(dir.path().join("x.csv")),
        &["no such file"],
    );
}

#[test]
fn generate_is_deterministic_and_aggregates_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    for p in [&a, &b] {
        let (code, out, err) = run(minhbach()
            .args(["generate", "--rows", "500", "--seed", "7"])
            .args(["--from", "2021-01-01", "--to", "2021-06-30", "-o"])
            .arg(p));
        assert_eq!(code, 0, "{err}");
        assert!(out.is_empty());
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let text = std::fs::read_to_string(&a).unwrap();
    assert_eq!(text.lines().count(), 501);
    let (code, out, err) = run(aggregate_h1_of(&a).args(["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["rows_read"], 500);
    assert_eq!(v["rows_rejected"], 0);
    // Another seed, another file.
    let (_, out2, _) = run(minhbach().args(["generate", "--rows", "5", "--seed", "8", "-o", "-"]));
    let (_, out3, _) = run(minhbach().args(["generate", "--rows", "5", "--seed", "7", "-o", "-"]));
    assert_ne!(out2, out3);
    assert_eq!(out3.lines().count(), 6);
    // The layouts by the generator's names: full (the default) and compact.
    assert!(
        out3.starts_with("id,procedure_code,agency,field,level,channel,"),
        "{out3}"
    );
    let (code, compact, err) = run(minhbach().args([
        "generate", "--rows", "5", "--seed", "7", "--layout", "compact", "-o", "-",
    ]));
    assert_eq!(code, 0, "{err}");
    assert!(
        compact.starts_with(
            "id,procedure_code,agency,channel,received_at,due_at,resolved_at,outcome\n"
        ),
        "{compact}"
    );
    assert_eq!(compact.lines().count(), 6);
    assert_usage(
        minhbach().args([
            "generate", "--rows", "5", "--seed", "1", "--layout", "peers", "-o", "-",
        ]),
        &["--layout"],
    );
    // Bad usage.
    assert_usage(
        minhbach().args(["generate", "--rows", "5", "--seed", "1"]),
        &["--output"],
    );
    assert_usage(
        minhbach().args(["generate", "--rows", "x", "--seed", "1", "-o", "-"]),
        &["--rows"],
    );
    assert_usage(
        minhbach()
            .args(["generate", "--rows", "5", "--seed", "1", "-o"])
            .arg(dir.path()),
        &["is a directory"],
    );
    if std::path::Path::new("/dev/full").exists() {
        assert_usage(
            minhbach().args([
                "generate",
                "--rows",
                "100000",
                "--seed",
                "1",
                "-o",
                "/dev/full",
            ]),
            &["cannot write /dev/full"],
        );
    }
}

#[test]
fn help_has_examples() {
    for sub in ["aggregate", "validate", "generate"] {
        let (code, out, _) = run(minhbach().args([sub, "--help"]));
        assert_eq!(code, 0);
        assert!(out.contains("Examples:"), "{sub}");
        assert!(out.contains(&format!("minhbach {sub}")), "{sub}");
    }
}

const Q1: [&str; 4] = ["--from", "2021-01-01", "--to", "2021-03-31"];

fn q1_total(extra: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(minhbach()
        .arg("aggregate")
        .arg(data("dossiers-q1-measures.csv"))
        .args(Q1)
        .args(["--format", "json"])
        .args(extra));
    assert_eq!(code, 0, "{err}");
    json(&out)["total"].clone()
}

#[test]
fn measure_options_reach_every_rate() {
    // Returned and withdrawn in their own columns, rates over the dossiers due, one decimal
    // (crates/engine/tests/measures_cases.rs computes the same quarter by hand).
    let t = q1_total(&[
        "--rejected",
        "separate",
        "--withdrawn",
        "separate",
        "--denominator",
        "due",
        "--decimals",
        "1",
    ]);
    check_row_shape(&t);
    assert_eq!(
        (t["rejected"].as_u64(), t["withdrawn"].as_u64()),
        (Some(1), Some(1))
    );
    for (f, v) in [
        ("on_time_rate", "42.9"),
        ("resolved_early_rate", "28.6"),
        ("resolved_on_time_rate", "14.3"),
        ("late_rate", "28.6"),
        ("set_aside_rate", "28.6"),
        ("online_rate", "42.9"),
    ] {
        assert_eq!(t[f], v, "{f}: {t}");
    }
    let t = q1_total(&[
        "--online-denominator",
        "received_and_carried",
        "--rounding",
        "floor",
        "--decimals",
        "0",
    ]);
    assert_eq!(t["online_rate"], "37", "3/8 floored: {t}");
    assert!(
        t.get("rejected").is_none(),
        "rejected only when separate: {t}"
    );
    let t = q1_total(&["--rejected", "separate", "--denominator", "processed"]);
    // withdrawn N4 stays resolved early; processed = 5 resolved + 1 returned
    assert_eq!(t["on_time_rate"], "66.67", "(3 + 1)/6: {t}");
    assert_eq!(t["set_aside_rate"], "16.67", "1/6: {t}");
}

#[test]
fn zero_denominators_are_null_and_a_dash() {
    // A period before every dossier: every rate has a zero denominator.
    let args = ["--from", "2020-01-01", "--to", "2020-03-31"];
    let (code, out, err) = run(minhbach()
        .arg("aggregate")
        .arg(data("dossiers-q1-measures.csv"))
        .args(args)
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let t = json(&out)["total"].clone();
    for f in [
        "on_time_rate",
        "late_rate",
        "set_aside_rate",
        "online_rate",
        "decision766_on_time_rate",
    ] {
        assert!(t[f].is_null(), "{f}: {t}");
    }
    let (code, out, err) = run(minhbach()
        .arg("aggregate")
        .arg(data("dossiers-q1-measures.csv"))
        .args(args));
    assert_eq!(code, 0, "{err}");
    let total = out
        .lines()
        .filter(|l| l.starts_with("Tổng cộng"))
        .nth(1)
        .unwrap_or_default()
        .to_string();
    assert_eq!(total.matches('—').count(), 10, "{out}");
}

#[test]
fn unknown_measure_option_values_exit_2_with_the_valid_names() {
    let good = data("dossiers-q1-measures.csv");
    for (opt, bad, names) in [
        (
            "--denominator",
            "received",
            "resolved, processed, due, handled, decision766",
        ),
        (
            "--online-denominator",
            "all",
            "received, received_and_carried",
        ),
        ("--rounding", "banker", "half-up, floor"),
        ("--rejected", "maybe", "resolved, separate"),
        ("--compare", "bieu06,vnpt", "bieu06, decision766, opencps"),
    ] {
        let shown = bad.rsplit(',').next().unwrap_or(bad);
        assert_usage(
            minhbach()
                .arg("aggregate")
                .arg(&good)
                .args(Q1)
                .args([opt, bad]),
            &[shown, names],
        );
    }
    assert_usage(
        minhbach()
            .arg("aggregate")
            .arg(&good)
            .args(Q1)
            .args(["--decimals", "5"]),
        &["--decimals", "5"],
    );
    assert_usage(
        minhbach()
            .arg("aggregate")
            .arg(&good)
            .args(Q1)
            .args(["--compare", "bieu06,opencps,decision766"]),
        &["--compare takes two conventions"],
    );
}

#[test]
fn explain_and_compare_in_both_languages() {
    let (code, out, err) = run(minhbach()
        .arg("aggregate")
        .arg(data("dossiers-q1-measures.csv"))
        .args(Q1)
        .args(["--explain", "--denominator", "due"]));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("mẫu số của tỷ lệ / rate denominator (denominator): due"),
        "{out}"
    );
    assert!(
        out.contains("(resolved_early + resolved_on_time) / (resolved + pending_overdue + rejected + withdrawn) × 100\n    = 5 / 7 × 100 = 71.43 %"),
        "{out}"
    );
    let (code, out, err) = run(minhbach()
        .arg("aggregate")
        .arg(data("dossiers-q1-measures.csv"))
        .args(Q1)
        .args(["--compare", "bieu06,opencps", "--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let steps = v["compare"]["steps"].as_array().unwrap();
    let first = &steps[0];
    assert_eq!(first["option"], "withdrawn");
    // the withdrawn dossier N4 leaves "resolved early" for its own column
    let moved: Vec<(String, u64, u64)> = first["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["column"].as_str().unwrap().to_string(),
                c["before"].as_u64().unwrap(),
                c["after"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(moved.contains(&("withdrawn".into(), 0, 1)), "{moved:?}");
    assert!(
        moved.contains(&("resolved_early".into(), 4, 3)),
        "{moved:?}"
    );
    assert!(first["moves_vi"].as_str().unwrap().contains("hồ sơ rút"));
    assert!(first["moves_en"]
        .as_str()
        .unwrap()
        .contains("withdrawn dossiers"));
    let last = steps.last().unwrap();
    assert_eq!(
        (last["option"].as_str(), last["to"].as_str()),
        (Some("decimals"), Some("0"))
    );
    assert_usage(
        minhbach()
            .arg("aggregate")
            .arg(data("dossiers-q1-measures.csv"))
            .args(Q1)
            .args(["--explain", "--format", "csv"]),
        &["--explain"],
    );
}
