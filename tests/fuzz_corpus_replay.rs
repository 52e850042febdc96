//! Replays every file of the checked-in fuzz corpus (`fuzz/corpus/<target>/`) through the same
//! target body the cargo-fuzz binaries run (`fuzz/targets.rs`), so that CI checks on a stable
//! compiler that no input the fuzzers ever found interesting — including every crash found and
//! fixed — panics or breaks an invariant again.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

#[allow(dead_code)]
#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("corpus")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

#[test]
fn every_target_has_a_corpus_and_every_corpus_a_target() {
    let names: Vec<&str> = targets::TARGETS.iter().map(|t| t.0).collect();
    for name in &names {
        let dir = corpus_dir().join(name);
        assert!(
            dir.is_dir() && !files(&dir).is_empty(),
            "no corpus for target {name}"
        );
    }
    for entry in std::fs::read_dir(corpus_dir()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            names.contains(&name.as_str()),
            "corpus folder {name} has no target in fuzz/targets.rs"
        );
    }
    // The fuzz crate declares exactly these binaries.
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/Cargo.toml"))
            .unwrap();
    for name in &names {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml has no binary {name}"
        );
    }
}

fn replay(name: &str) {
    let target = targets::TARGETS
        .iter()
        .find(|t| t.0 == name)
        .unwrap_or_else(|| panic!("no target {name}"))
        .1;
    let dir = corpus_dir().join(name);
    let all = files(&dir);
    assert!(!all.is_empty(), "empty corpus {}", dir.display());
    for path in all {
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| target(&data));
        assert!(
            outcome.is_ok(),
            "fuzz target {name} panics on {}",
            path.display()
        );
    }
}

macro_rules! replay_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                replay(stringify!($name));
            }
        )*
    };
}

replay_tests!(
    datetime,
    document_number,
    period,
    closed_sets,
    procedure_csv,
    model_json,
    schedule_toml,
    index_definition,
    unit_csv,
    dossier_csv,
    render,
    xlsx,
);

/// The render seeds that are documents (a JSON object with a `header`) must read as today's
/// tree: a change of the tree's JSON shape would otherwise turn them silently into inputs
/// the target refuses at once, and the writers would no longer be replayed on them. Seeds
/// that are not JSON objects (the fuzzer's cut or mutated files) exercise the refusal.
#[test]
fn render_seeds_that_are_documents_read_as_the_current_tree() {
    let mut documents = 0;
    for path in files(&corpus_dir().join("render")) {
        let data = std::fs::read(&path).unwrap();
        let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(&data) else {
            continue;
        };
        if !map.contains_key("header") {
            continue;
        }
        documents += 1;
        if let Err(e) = serde_json::from_slice::<minhbach::report::tree::ReportDocument>(&data) {
            panic!(
                "{} no longer reads as a document tree ({e}): rewrite it to the current shape",
                path.display()
            );
        }
    }
    assert!(
        documents >= 4,
        "only {documents} render seeds are documents"
    );
}
