//! The hostile-input corpus: every file of `tests/data/bad/` goes through the dossier CSV
//! ingest, and its outcome is asserted exactly against `tests/data/bad/expected.toml`: either
//! the exact error message (which names the file and the reason), or the exact row counts
//! (read / counted / rejected), the exact Biểu 06 totals, the exact group keys and every
//! rejected row exactly (file, line, column, dossier, reason, value).
//!
//! `BLESS=1 cargo test --test hostile_inputs` rewrites the outcomes in `expected.toml` from
//! the current behaviour (keeping each case's `what`); review the diff before committing.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use minhbach::engine::aggregate::{aggregate_csv, GroupKey, Query};
use minhbach::engine::Aggregation;

const DIR: &str = "tests/data/bad";

fn query() -> Query {
    Query::new("2021-H1".parse().unwrap()).group_by([GroupKey::Agency])
}

/// The outcome of one file, as the TOML fields of its case (without `file` and `what`).
fn outcome(result: &Result<Aggregation, minhbach::engine::EngineError>) -> String {
    let mut s = String::new();
    match result {
        Err(e) => {
            writeln!(s, "error = {}", toml_str(&e.to_string())).unwrap();
        }
        Ok(a) => {
            let r = &a.report;
            writeln!(
                s,
                "rows = {{ read = {}, counted = {}, rejected = {} }}",
                r.rows_read, r.rows_counted, r.rows_rejected
            )
            .unwrap();
            let t = a.total();
            writeln!(
                s,
                "total = {{ received = {}, online = {}, carried_over = {}, resolved = {}, \
                 pending = {}, overdue = {}, outside_period = {} }}",
                t.received(),
                t.received_online,
                t.carried_over,
                t.resolved(),
                t.pending(),
                t.pending_overdue,
                a.outside_period
            )
            .unwrap();
            let groups: Vec<String> = a.groups.keys().map(|k| toml_str(&k.join(" / "))).collect();
            writeln!(s, "groups = [{}]", groups.join(", ")).unwrap();
            let aliases: Vec<String> = r
                .aliases_used
                .iter()
                .map(|x| toml_str(&format!("{} -> {}", x.header, x.column)))
                .collect();
            if !aliases.is_empty() {
                writeln!(s, "aliases = [{}]", aliases.join(", ")).unwrap();
            }
            let rejected: Vec<String> = r
                .rejected
                .iter()
                .map(|x| format!("  {},\n", toml_str(&x.to_string())))
                .collect();
            if rejected.is_empty() {
                writeln!(s, "rejected = []").unwrap();
            } else {
                writeln!(s, "rejected = [\n{}]", rejected.concat()).unwrap();
            }
        }
    }
    s
}

/// A TOML basic string (JSON string escapes are valid TOML escapes except `\/`, which
/// serde_json never writes).
fn toml_str(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap();
    // TOML has no \u escapes for control characters beyond those JSON writes; both use \uXXXX.
    json
}

fn run(file: &str) -> Result<Aggregation, minhbach::engine::EngineError> {
    aggregate_csv(Path::new(DIR).join(file), &query())
}

fn corpus_files() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.toml" && n != "README.md")
        .collect();
    v.sort();
    v
}

fn expected() -> toml::Table {
    let text = std::fs::read_to_string(Path::new(DIR).join("expected.toml")).unwrap();
    text.parse::<toml::Table>().unwrap()
}

fn cases(t: &toml::Table) -> Vec<toml::Table> {
    t.get("case")
        .and_then(|c| c.as_array())
        .unwrap()
        .iter()
        .map(|c| c.as_table().unwrap().clone())
        .collect()
}

#[test]
fn corpus_is_large_enough_and_every_file_has_a_case() {
    let files = corpus_files();
    assert!(files.len() >= 40, "only {} hostile files", files.len());
    if std::env::var_os("BLESS").is_some() {
        return;
    }
    let exp = expected();
    let named: Vec<String> = cases(&exp)
        .iter()
        .map(|c| c.get("file").unwrap().as_str().unwrap().to_string())
        .collect();
    for f in &files {
        assert!(named.contains(f), "{f} has no case in expected.toml");
    }
    for n in &named {
        assert!(
            files.contains(n),
            "expected.toml names {n}, which does not exist"
        );
    }
}

#[test]
fn every_file_gives_exactly_the_expected_outcome() {
    if std::env::var_os("BLESS").is_some() {
        bless();
        return;
    }
    let exp = expected();
    let mut failures = Vec::new();
    for case in cases(&exp) {
        let file = case.get("file").unwrap().as_str().unwrap();
        let got_text = outcome(&run(file));
        let got: toml::Table = got_text
            .parse()
            .unwrap_or_else(|e| panic!("{file}: outcome is not TOML: {e}\n{got_text}"));
        let mut want = case.clone();
        want.remove("file");
        want.remove("what");
        if got != want {
            failures.push(format!(
                "{file}:\n  expected {want:?}\n  got      {got:?}\n"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.concat());
}

/// Rewrites `expected.toml` from the current behaviour, keeping each case's description.
fn bless() {
    let old = std::fs::read_to_string(Path::new(DIR).join("expected.toml"))
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok());
    let what_of = |file: &str| -> String {
        old.as_ref()
            .map(cases)
            .unwrap_or_default()
            .into_iter()
            .find(|c| c.get("file").and_then(|f| f.as_str()) == Some(file))
            .and_then(|c| c.get("what").and_then(|w| w.as_str()).map(str::to_string))
            .unwrap_or_else(|| "TODO".to_string())
    };
    let mut out = String::from(
        "# Expected outcome of every file in this folder, read through the dossier CSV ingest\n\
         # (period 2021-01-01..2021-06-30, grouped by agency, policy bieu06). Checked by\n\
         # tests/hostile_inputs.rs; regenerate with BLESS=1 and review the diff.\n",
    );
    for f in corpus_files() {
        write!(
            out,
            "\n[[case]]\nfile = {}\nwhat = {}\n{}",
            toml_str(&f),
            toml_str(&what_of(&f)),
            outcome(&run(&f))
        )
        .unwrap();
    }
    std::fs::write(Path::new(DIR).join("expected.toml"), out).unwrap();
}

/// The 100 MB single line (no newline at all) is generated at test time rather than checked
/// in.
#[test]
fn a_100_mb_single_line_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("one_line.csv");
    let mut data = Vec::with_capacity(100 << 20);
    data.extend_from_slice(b"id,received_at,agency");
    data.resize(100 << 20, b'x');
    std::fs::write(&path, &data).unwrap();
    drop(data);
    let err = aggregate_csv(&path, &query()).unwrap_err().to_string();
    assert!(err.contains("one_line.csv"), "{err}");
    assert!(err.contains("line 1"), "{err}");
}
