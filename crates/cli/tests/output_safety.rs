//! Output safety on the hostile-input corpus (tests/data/bad/ of the workspace): text from
//! the data that a spreadsheet would run as a formula is neutralised in CSV and XLSX
//! exports, and nothing is written but the one file named with `-o`.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::corpus;

fn aggregate(input: &Path, format: &str, out: &Path) {
    Command::cargo_bin("minhbach")
        .unwrap()
        .args(["aggregate"])
        .arg(input)
        .args([
            "--from",
            "2021-01-01",
            "--to",
            "2021-06-30",
            "--by",
            "agency",
        ])
        .args(["--format", format, "-o"])
        .arg(out)
        .assert()
        .success();
}

fn dangerous(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@'])
}

#[test]
fn csv_export_neutralises_formulas_from_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("table.csv");
    aggregate(&corpus("formula_injection.csv"), "csv", &out);
    let text = std::fs::read_to_string(&out).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut seen = Vec::new();
    for rec in rdr.records() {
        for cell in rec.unwrap().iter() {
            assert!(!dangerous(cell), "formula reaches the CSV: {cell:?}");
            if cell.starts_with('\'') {
                seen.push(cell.to_string());
            }
        }
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            "'+SUM(A1:A9)",
            "'-2+3",
            "'=HYPERLINK(\"http://example.invalid\",\"bấm\")",
            "'@cmd"
        ]
    );
    // Nothing but the named file was written.
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(files.len(), 1);
}

#[test]
fn xlsx_export_neutralises_formulas_from_the_data() {
    use calamine::{open_workbook_auto, Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("table.xlsx");
    aggregate(&corpus("formula_injection.csv"), "xlsx", &out);
    let mut wb = open_workbook_auto(&out).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let mut neutralised = 0;
    for c in range.cells() {
        if let Data::String(s) = c.2 {
            assert!(!dangerous(s), "formula reaches the XLSX: {s:?}");
            if s.starts_with('\'') {
                neutralised += 1;
            }
        }
    }
    assert_eq!(neutralised, 4);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn html_and_xml_specials_pass_through_csv_as_plain_text() {
    // CSV is not markup: the text is kept exactly (escaping is the renderers' job).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("table.csv");
    aggregate(&corpus("html_script.csv"), "csv", &out);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("\"<script>alert(\"\"x\"\")</script>\""),
        "{text}"
    );
}
