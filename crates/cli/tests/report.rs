//! End-to-end tests of `minhbach report` and of `minhbach validate` on report bundles.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

mod common;

use std::path::{Path, PathBuf};

use common::{assert_usage, file, json, ly_son, minhbach, no_panic, run};

/// Copies the reference bundle into `dir` so a test can break one file of it.
fn copy_bundle(dir: &Path) -> PathBuf {
    let to = dir.join("bundle");
    std::fs::create_dir(&to).unwrap();
    for entry in std::fs::read_dir(ly_son()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    to
}

#[test]
fn text_report_reproduces_the_seed_sentences() {
    let (code, stdout, stderr) = run(minhbach().arg("report").arg(ly_son()));
    no_panic(&stderr);
    assert_eq!(code, 0, "{stderr}");
    for needle in [
        "Số: 415/BC-UBND",
        "Lý Sơn, ngày 27 tháng 8 năm 2021",
        "6.691/6.774 hồ sơ đã giải quyết xong theo đúng thời gian quy định, còn 83 hồ sơ chưa đến hạn trả",
        "Kế hoạch số 26/KH-UBND về truyền thông",
        "lượng truy cập đạt 1.241.760",
        "Lê Văn Ninh",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn format_follows_the_output_extension() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("bao-cao.docx");
    let (code, stdout, stderr) = run(minhbach().arg("report").arg(ly_son()).arg("-o").arg(&docx));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    let bytes = std::fs::read(&docx).unwrap();
    assert_eq!(&bytes[..2], b"PK", "a DOCX is a zip archive");

    let html = dir.path().join("bao-cao.html");
    let (code, _, stderr) = run(minhbach().arg("report").arg(ly_son()).arg("-o").arg(&html));
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>") || text.starts_with("<!doctype html>"));
    // figures carry their data source: <span class="figure" data-source="...">6.691</span>
    assert!(
        text.contains(">6.691</span>/<span"),
        "dossier sentence missing"
    );
    assert!(text.contains("data-source=\"dossiers.handled\">6.774<"));
}

#[test]
fn json_is_the_document_tree() {
    let (code, stdout, stderr) = run(minhbach()
        .arg("report")
        .arg(ly_son())
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let tree = json(&stdout);
    assert!(tree["body"].is_array(), "{tree}");
    assert!(stdout.contains("415"));
}

#[test]
fn missing_bundle_and_file_instead_of_folder_are_usage_errors() {
    assert_usage(
        minhbach().arg("report").arg("no-such-bundle"),
        &["no-such-bundle", "no such file"],
    );
    let dir = tempfile::tempdir().unwrap();
    let f = file(dir.path(), "report.toml", "x = 1\n");
    assert_usage(
        minhbach().arg("report").arg(&f),
        &["is a file, not a folder"],
    );
    assert_usage(
        minhbach()
            .arg("report")
            .arg(ly_son())
            .arg("-o")
            .arg(dir.path()),
        &["is a directory"],
    );
}

#[test]
fn broken_bundle_is_bad_data_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = copy_bundle(dir.path());
    let toml = bundle.join("report.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.insert_str(0, "this is = = not toml\n");
    std::fs::write(&toml, text).unwrap();
    let (code, stdout, stderr) = run(minhbach().arg("report").arg(&bundle));
    no_panic(&stderr);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("report.toml:1:"), "{stderr}");

    let (code, _, stderr) = run(minhbach().arg("validate").arg(&bundle));
    no_panic(&stderr);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("report.toml:1:"), "{stderr}");
}

#[test]
fn missing_data_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = copy_bundle(dir.path());
    std::fs::remove_file(bundle.join("portal.toml")).unwrap();
    let (code, _, stderr) = run(minhbach().arg("report").arg(&bundle));
    no_panic(&stderr);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("portal.toml"), "{stderr}");
}

#[test]
fn validate_accepts_the_reference_bundle() {
    let (code, stdout, stderr) = run(minhbach()
        .arg("validate")
        .arg(ly_son())
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{stderr}");
    let v = json(&stdout);
    assert_eq!(v["ok"], true);
    assert_eq!(v["files"][0]["bundle"], true);
}

/// The Lý Sơn bundle with the due date of every third dossier removed (statutory due dates
/// from procedures.csv and the calendar take over) and one dossier of a procedure missing
/// from the catalogue (its due date stays unknown), and `convention` appended to report.toml.
fn bundle_with_statutory_due_dates(dir: &Path, convention: &str) -> PathBuf {
    let b = copy_bundle(dir);
    let path = b.join("dossiers.csv");
    let mut rdr = csv::Reader::from_path(&path).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let due = headers.iter().position(|h| h == "due_at").unwrap();
    let procedure = headers.iter().position(|h| h == "procedure_code").unwrap();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers).unwrap();
    for (i, rec) in rdr.records().enumerate() {
        let mut row: Vec<String> = rec.unwrap().iter().map(str::to_string).collect();
        if i % 3 == 0 {
            row[due].clear();
        }
        if i == 5000 {
            row[due].clear();
            row[procedure] = "LS.NONE.001".to_string();
        }
        w.write_record(&row).unwrap();
    }
    std::fs::write(&path, w.into_inner().unwrap()).unwrap();
    let report = b.join("report.toml");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, format!("{text}\n{convention}")).unwrap();
    b
}

#[test]
fn report_and_aggregate_give_the_same_figures_with_statutory_due_dates() {
    use minhbach_engine::aggregate::{Column, Counts};
    let cases: [(&str, &[&str]); 3] = [
        ("", &[]),
        (
            "[convention]\npreset = \"decision766\"\n",
            &["--convention", "decision766"],
        ),
        (
            "[convention]\nwithdrawn = \"separate\"\nrejected = \"separate\"\nlateness = \"date\"\n",
            &[
                "--withdrawn",
                "separate",
                "--rejected",
                "separate",
                "--lateness",
                "date",
            ],
        ),
    ];
    for (convention, flags) in cases {
        let dir = tempfile::tempdir().unwrap();
        let b = bundle_with_statutory_due_dates(dir.path(), convention);
        let bundle = minhbach_report::Bundle::load(&b).unwrap();
        let summary = minhbach_report::summarise_dossiers(&bundle)
            .unwrap()
            .unwrap();
        let (code, out, err) = run(minhbach()
            .arg("aggregate")
            .arg(b.join("dossiers.csv"))
            .args(["--from", "2021-01-01", "--to", "2021-06-30"])
            .args(["--as-of", "2021-06-30T23:59:59", "--by", "agency"])
            .args(flags)
            .arg("--procedures")
            .arg(b.join("procedures.csv"))
            .args(["--format", "json"]));
        assert_eq!(code, 0, "{err}");
        let v = json(&out);
        let same = |what: &str, counts: &Counts, row: &serde_json::Value| {
            for col in Column::ALL {
                // The JSON row leaves out `handled` (received + carried over) and the
                // columns a convention does not count apart.
                let cli = row.get(col.as_str()).and_then(serde_json::Value::as_u64);
                let expected = match (col, cli) {
                    (Column::Handled, None) => continue,
                    (_, cli) => cli.unwrap_or(0),
                };
                assert_eq!(
                    expected,
                    counts.get(col),
                    "{convention:?} {what} {}",
                    col.as_str()
                );
            }
            assert_eq!(
                row["processing_seconds"].as_i64().map(i128::from),
                Some(counts.processing_seconds),
                "{convention:?} {what}"
            );
            assert_eq!(
                row["processing_working_days"].as_i64(),
                Some(counts.processing_working_days),
                "{convention:?} {what}"
            );
        };
        same("total", &summary.total, &v["total"]);
        let groups = v["groups"].as_array().unwrap();
        assert_eq!(groups.len(), summary.by_agency.len(), "{convention:?}");
        for a in &summary.by_agency {
            let row = groups
                .iter()
                .find(|g| g["key"]["agency"] == a.agency.as_str())
                .unwrap_or_else(|| panic!("{} not in {out}", a.agency));
            same(&a.agency, &a.counts, row);
        }
        // The statutory path was taken: one dossier of a procedure missing from the
        // catalogue stays of unknown due date, every other one was dated.
        assert_eq!(summary.total.unknown_due, 1, "{convention:?}");
        assert!(
            summary
                .warnings
                .iter()
                .any(|w| w.starts_with("1 hồ sơ") && w.contains("không có trong danh mục")),
            "{:?}",
            summary.warnings
        );
    }
}

/// A documents register with Vietnamese headers and a date that does not exist: exit 1, the
/// file, line and column as written, in both languages.
#[test]
fn bad_date_in_a_vietnamese_register_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = copy_bundle(dir.path());
    std::fs::write(
        bundle.join("documents.csv"),
        "\"Số, ký hiệu\",Ngày ban hành,Trích yếu\n21/KH-UBND,05/02/2021,rà soát\n26/KH-UBND,31/02/2021,truyền thông\n",
    )
    .unwrap();
    for (lang, starts, line) in [("en", "error: ", "line 3"), ("vi", "lỗi: ", "dòng 3")] {
        let (code, stdout, stderr) = run(minhbach().args(["--lang", lang, "report"]).arg(&bundle));
        no_panic(&stderr);
        assert_eq!(code, 1, "{stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.starts_with(starts), "{lang}: {stderr}");
        for needle in ["documents.csv", line, "Ngày ban hành", "31/02/2021"] {
            assert!(stderr.contains(needle), "{lang}: {needle}: {stderr}");
        }
    }
}
