//! End-to-end tests of `minhbach score`.

mod common;

use std::path::PathBuf;

use common::{assert_usage, data, file, json, minhbach, minhbach_vi, no_panic, run};

const PCI_HEADER: &str = "unit,entry_costs,land_access,transparency,time_costs,informal_charges,policy_bias,proactivity,business_support,labor_training,legal_institutions\n";

#[test]
fn pci_preset_json_contract() {
    let dir = tempfile::tempdir().unwrap();
    let csv = file(
        dir.path(),
        "pci.csv",
        &format!("{PCI_HEADER}A,8,7,6,7,6,5,6,6,6,6\nB,7,6,6,6,6,5,6,6,6,6\n"),
    );
    let (code, out, err) = run(minhbach()
        .args(["score", "pci"])
        .arg(&csv)
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["index"], "pci");
    let units = v["units"].as_array().unwrap();
    assert_eq!(units.len(), 2);
    // PCI = 0.5·8 + 0.5·7 + 2·6 + 0.5·7 + 1·6 + 0.5·5 + 0.5·6 + 2·6 + 2·6 + 0.5·6 = 61.5
    assert_eq!(units[0]["unit"], "A");
    assert_eq!(units[0]["score"], "61.50");
    assert_eq!(units[0]["rank"], 1);
    assert_eq!(units[1]["rank"], 2);
    assert!(units[0]["children"]["transparency"]["score"].is_string());
    assert_eq!(v["rows_read"], 2);
    assert_eq!(v["rows_rejected"], 0);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0);
}

#[test]
fn custom_definition_table_has_ranks_and_explanations() {
    let (code, out, err) = run(minhbach()
        .arg("score")
        .arg(data("district-index.toml"))
        .arg(data("district-2021.csv")));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Chỉ số thử nghiệm cấp huyện (district)\n"),
        "{out}"
    );
    assert!(out.contains("   1  Lý Sơn    91.38"), "{out}");
    assert!(out.contains("Lý Sơn: 91.38 điểm, hạng 1"), "{out}");
    assert!(out.contains("service: Chất lượng phục vụ"), "{out}");
    // Contributions add up to the score in the explanation: 59.10 + 32.28 = 91.38.
    assert!(out.contains("59.10") && out.contains("32.28"), "{out}");
}

#[test]
fn decimals_option() {
    let (code, out, _) = run(minhbach()
        .arg("score")
        .arg(data("district-index.toml"))
        .arg(data("district-2021.csv"))
        .args(["--format", "json", "--decimals", "4"]));
    assert_eq!(code, 0);
    let v = json(&out);
    let s = v["units"][0]["score"].as_str().unwrap();
    assert_eq!(s.split('.').nth(1).unwrap().len(), 4, "{s}");
}

#[test]
fn mixed_rows_good_ones_scored_bad_ones_listed_exit_1() {
    let (code, out, err) = run(minhbach()
        .arg("score")
        .arg(data("district-index.toml"))
        .arg(data("district-2021-mixed.csv"))
        .args(["--format", "json"]));
    no_panic(&err);
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    let units: Vec<&str> = v["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["Lý Sơn", "Sơn Tịnh", "Trà Bồng"]);
    assert_eq!(v["rows_read"], 7);
    assert_eq!(v["rows_rejected"], 4);
    let errors = v["errors"].as_array().unwrap();
    let lines: Vec<u64> = errors.iter().map(|e| e["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [3, 6, 7, 8]);
    assert_eq!(errors[0]["column"], "on_time");
    assert_eq!(errors[0]["value"], "91,20");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("decimal point"));
    assert_eq!(errors[1]["value"], "135");
    assert!(errors[2]["message"]
        .as_str()
        .unwrap()
        .contains("duplicate unit"));
    // stderr lists each with file and line.
    assert!(
        err.contains("district-2021-mixed.csv:3: column on_time:"),
        "{err}"
    );
    assert!(err.contains("district-2021-mixed.csv:8:"), "{err}");
    // The table format reports the same.
    let (code, out, _) = run(minhbach()
        .arg("score")
        .arg(data("district-index.toml"))
        .arg(data("district-2021-mixed.csv")));
    assert_eq!(code, 1);
    assert!(out.contains("Trà Bồng"));
    assert!(!out.contains("Sơn Hà"));
}

#[test]
fn bad_inputs() {
    let dir = tempfile::tempdir().unwrap();
    // Unknown preset / not a file.
    assert_usage(
        minhbach()
            .args(["score", "papi"])
            .arg(data("district-2021.csv")),
        &[
            "neither a preset nor a file",
            "pci, pci_transparency, decision766, ddci",
        ],
    );
    // Missing definition file and data file.
    assert_usage(
        minhbach()
            .arg("score")
            .arg(dir.path().join("nope.toml"))
            .arg(data("district-2021.csv")),
        &["nope.toml", "no such file"],
    );
    assert_usage(
        minhbach()
            .args(["score", "pci"])
            .arg(dir.path().join("nope.csv")),
        &["nope.csv", "no such file"],
    );
    // Directory as data.
    assert_usage(
        minhbach().args(["score", "pci"]).arg(dir.path()),
        &["is a directory"],
    );
    // Missing indicator column: bad data, exit 1, the fix names the column.
    let csv = file(dir.path(), "x.csv", "unit,foo\nA,1\n");
    let (code, out, err) = run(minhbach().args(["score", "pci"]).arg(&csv));
    no_panic(&err);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("add a column named entry_costs"), "{err}");
    // Bad definition file: exit 1 with file and line.
    let def = file(dir.path(), "bad.toml", "id = \"x\"\nname_vi = 3\n");
    let (code, _, err) = run(minhbach()
        .arg("score")
        .arg(&def)
        .arg(data("district-2021.csv")));
    no_panic(&err);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("bad.toml"), "{err}");
    // Header without `unit`.
    let csv = file(dir.path(), "nounit.csv", "name,on_time\nA,1\n");
    let (code, _, err) = run(minhbach()
        .arg("score")
        .arg(data("district-index.toml"))
        .arg(&csv));
    assert_eq!(code, 1);
    assert!(err.contains("unit"), "{err}");
    // Empty file.
    let csv = file(dir.path(), "empty.csv", "");
    let (code, _, err) = run(minhbach()
        .arg("score")
        .arg(data("district-index.toml"))
        .arg(&csv));
    assert_eq!(code, 1);
    assert!(err.contains("empty file"), "{err}");
    // Every row bad: exit 1, no units.
    let csv = file(
        dir.path(),
        "allbad.csv",
        "unit,on_time,days_late,plans_published,portal_score\nA,x,1,1,1\n",
    );
    let (code, _, err) = run(minhbach()
        .arg("score")
        .arg(data("district-index.toml"))
        .arg(&csv));
    no_panic(&err);
    assert_eq!(code, 1);
    assert!(err.contains("allbad.csv:2: column on_time"), "{err}");
    // Wrong flags.
    assert_usage(
        minhbach().args(["score", "pci", "x.csv", "--format", "xml"]),
        &["xml"],
    );
    assert_usage(
        minhbach().args(["score", "pci", "x.csv", "--decimals", "40"]),
        &["--decimals"],
    );
    assert_usage(minhbach().args(["score", "pci"]), &["DATA.csv"]);
}

#[test]
fn output_paths() {
    let dir = tempfile::tempdir().unwrap();
    let base = || {
        let mut c = minhbach();
        c.arg("score")
            .arg(data("district-index.toml"))
            .arg(data("district-2021.csv"))
            .args(["--format", "json"]);
        c
    };
    // A file: written, nothing on stdout.
    let out = dir.path().join("scores.json");
    let (code, stdout, _) = run(base().arg("-o").arg(&out));
    assert_eq!(code, 0);
    assert!(stdout.is_empty());
    assert_eq!(
        json(&std::fs::read_to_string(&out).unwrap())["index"],
        "district"
    );
    // A directory, a missing folder, the input itself.
    assert_usage(base().arg("-o").arg(dir.path()), &["is a directory"]);
    assert_usage(
        base().arg("-o").arg(dir.path().join("no/such/dir/x.json")),
        &["does not exist", "mkdir -p"],
    );
    assert!(!dir.path().join("no").exists(), "no folder is created");
    let copy = dir.path().join("copy.csv");
    std::fs::copy(data("district-2021.csv"), &copy).unwrap();
    assert_usage(
        minhbach()
            .arg("score")
            .arg(data("district-index.toml"))
            .arg(&copy)
            .arg("-o")
            .arg(&copy),
        &["also an input file"],
    );
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(data("district-2021.csv")).unwrap(),
        "the input is untouched"
    );
    // A path whose write fails (a full device).
    if std::path::Path::new("/dev/full").exists() {
        assert_usage(
            base().args(["-o", "/dev/full"]),
            &["cannot write /dev/full"],
        );
    }
}

#[test]
fn help_has_examples() {
    let (code, out, _) = run(minhbach().args(["score", "--help"]));
    assert_eq!(code, 0);
    assert!(out.contains("Examples:"));
    assert!(out.contains("minhbach score pci"));
}

const PCI_T_IDS: [&str; 10] = [
    "planning_avg",
    "legal_avg",
    "f2_new",
    "g94_new",
    "f6_new",
    "f5_1_new",
    "web_13_new",
    "f6",
    "budget_content",
    "budget_publish",
];

#[test]
fn list_indicators_of_every_preset() {
    for preset in ["pci", "pci_transparency", "decision766", "ddci"] {
        let (code, out, err) = run(minhbach().args(["score", preset, "--list-indicators"]));
        assert_eq!(code, 0, "{preset}: {err}");
        assert!(
            out.contains("Mã (cột dữ liệu)") && out.contains("Tên chỉ tiêu"),
            "{out}"
        );
        assert!(out.contains("càng cao càng tốt"), "{preset}: {out}");
        let (code, out, _) =
            run(minhbach().args(["score", preset, "--list-indicators", "--format", "json"]));
        assert_eq!(code, 0);
        let v = json(&out);
        assert_eq!(v["index"], preset);
        let list = v["indicators"].as_array().unwrap();
        assert!(!list.is_empty());
        for i in list {
            assert!(!i["name_vi"].as_str().unwrap().is_empty(), "{i}");
            assert!(
                matches!(i["direction"].as_str(), Some("higher" | "lower")),
                "{i}"
            );
        }
    }
    let (_, out, _) = run(minhbach().args([
        "score",
        "pci_transparency",
        "--list-indicators",
        "--format",
        "csv",
    ]));
    let first: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(first, PCI_T_IDS);
    assert!(out.contains("tỷ lệ,"), "{out}");
}

#[test]
fn anchors_from_flags_or_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let header = format!("unit,{}\n", PCI_T_IDS.join(","));
    let data = file(
        dir.path(),
        "t.csv",
        &format!("{header}A,3,3,0.3,0.4,0.5,0.5,0.5,0.5,0.5,0.5\nB,2,3.5,0.5,0.5,0.4,0.4,0.4,0.4,0.4,0.4\n"),
    );
    // Without anchors: a usage error naming every indicator, no Rust instruction.
    for (cmd, needles) in [
        (
            minhbach(),
            ["error:", "10 indicators have none", "--anchors", "fix:"],
        ),
        (
            minhbach_vi(),
            ["lỗi:", "10 chỉ tiêu chưa có mốc", "--anchors", "cách sửa:"],
        ),
    ] {
        let mut cmd = cmd;
        let err = assert_usage(cmd.args(["score", "pci_transparency"]).arg(&data), &needles);
        assert!(
            err.contains("budget_publish") && !err.contains("set_anchors"),
            "{err}"
        );
    }
    // A file of anchors, one row per indicator.
    let mut anchors = String::from("indicator,min,max\n");
    for id in PCI_T_IDS {
        let (lo, hi) = if id.ends_with("_avg") {
            ("1", "5")
        } else {
            ("0", "1")
        };
        anchors.push_str(&format!("{id},{lo},{hi}\n"));
    }
    let anchors = file(dir.path(), "anchors.csv", &anchors);
    let (code, out, err) = run(minhbach()
        .args(["score", "pci_transparency"])
        .arg(&data)
        .arg("--anchors")
        .arg(&anchors)
        .args(["--format", "json"]));
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["units"].as_array().unwrap().len(), 2);
    // planning_avg 3 on 1–5 → 1 + 9·(3−1)/4 = 5.50
    assert_eq!(v["units"][0]["children"]["planning_avg"]["score"], "5.50");
    // A flag overrides the file; a bad flag is a usage error in both languages.
    let (code, out, _) = run(minhbach()
        .args(["score", "pci_transparency"])
        .arg(&data)
        .arg("--anchors")
        .arg(&anchors)
        .args(["--anchor", "planning_avg=1:3", "--format", "json"]));
    assert_eq!(code, 0);
    assert_eq!(
        json(&out)["units"][0]["children"]["planning_avg"]["score"],
        "10.00"
    );
    assert_usage(
        minhbach()
            .args(["score", "pci_transparency"])
            .arg(&data)
            .args(["--anchor", "planning_avg=1-3"]),
        &["error:", "ID=MIN:MAX", "fix:"],
    );
    assert_usage(
        minhbach_vi()
            .args(["score", "pci_transparency"])
            .arg(&data)
            .args(["--anchor", "planning_avg=1-3"]),
        &["lỗi:", "MÃ=MIN:MAX", "cách sửa:"],
    );
    assert_usage(
        minhbach()
            .args(["score", "pci"])
            .arg(&data)
            .args(["--anchor", "nope=1:3"]),
        &["nope", "--list-indicators"],
    );
}

#[test]
fn every_missing_column_in_one_error_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let csv = file(dir.path(), "x.csv", "unit,entry_costs\nA,1\n");
    for (cmd, fix) in [
        (
            minhbach(),
            "fix: add a column named land_access, transparency",
        ),
        (minhbach_vi(), "cách sửa: thêm vào"),
    ] {
        let mut cmd = cmd;
        let (code, out, err) = run(cmd.args(["score", "pci"]).arg(&csv));
        assert_eq!(code, 1, "{err}");
        assert!(out.is_empty());
        assert!(
            err.contains("\"land_access\", \"transparency\", \"time_costs\""),
            "{err}"
        );
        assert!(err.contains("\"legal_institutions\""), "{err}");
        assert!(err.contains(fix), "{err}");
    }
}

#[test]
fn csv_and_xlsx_rankings() {
    let (code, out, err) = run(minhbach()
        .arg("score")
        .arg(data("district-index.toml"))
        .arg(data("district-2021.csv"))
        .args(["--format", "csv"]));
    assert_eq!(code, 0, "{err}");
    let mut lines = out.trim_start_matches('\u{feff}').lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("Hạng,Đơn vị,Điểm,service,"), "{header}");
    assert!(
        header.contains("on_time"),
        "every node is a column: {header}"
    );
    assert!(
        lines.next().unwrap().starts_with("1,Lý Sơn,91.38,9.85,"),
        "{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scores.xlsx");
    let (code, _, err) = run(minhbach()
        .arg("score")
        .arg(data("district-index.toml"))
        .arg(data("district-2021.csv"))
        .args(["--format", "xlsx", "-o"])
        .arg(&path));
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX is a zip");
}

#[test]
fn the_shipped_sample_runs_as_the_readme_says() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (code, out, err) =
        run(minhbach()
            .current_dir(&root)
            .args(["score", "pci", "examples/data/pci-tinh-mau.csv"]));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Hạng"), "{out}");
    assert!(out.contains("Tỉnh A"), "{out}");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("minhbach score pci examples/data/pci-tinh-mau.csv"));
}

#[test]
fn messages_in_vietnamese() {
    // Unknown preset.
    assert_usage(
        minhbach_vi()
            .args(["score", "papi"])
            .arg(data("district-2021.csv")),
        &["lỗi:", "không phải là bộ chỉ số có sẵn", "cách sửa:"],
    );
    // Rows left out: the note and the listed rows are in Vietnamese.
    let (code, _, err) = run(minhbach_vi()
        .arg("score")
        .arg(data("district-index.toml"))
        .arg(data("district-2021-mixed.csv")));
    assert_eq!(code, 1);
    assert!(err.contains("lỗi: "), "{err}");
    assert!(err.contains("lưu ý: 4/7 dòng bị loại"), "{err}");
    // No data file and no --list-indicators.
    assert_usage(minhbach_vi().args(["score", "pci"]), &["SỐ_LIỆU.csv"]);
}
