//! End-to-end tests of `minhbach score`.

mod common;

use std::path::PathBuf;

use common::{assert_usage, file, json, minhbach, no_panic, run};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

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
