//! One name, one concept (docs/architecture.md): a type or trait name is declared once in the
//! workspace's library and binary sources, private helpers and test types included, so a name
//! read anywhere means one thing. A second `struct`, `enum`, `trait` or `union` of the same
//! name fails here, naming both places.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
#![allow(clippy::string_slice)] // test code: a slice off a character boundary fails the test

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `.rs` files below `dir`, recursively, in a stable order.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The name a line declares (`pub(crate) struct Foo<'a> {` → `Foo`), if it declares a struct,
/// enum, trait or union. Comments (doc examples included) start with `/` and are skipped.
fn declared(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    if let Some(r) = rest.strip_prefix("pub") {
        rest = match r.strip_prefix('(') {
            Some(inner) => inner.split_once(')')?.1,
            None => r,
        }
        .trim_start();
    }
    let rest = ["struct ", "enum ", "trait ", "union "]
        .iter()
        .find_map(|k| rest.strip_prefix(k))?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..end];
    (!name.is_empty()).then_some(name)
}

#[test]
fn the_parser_finds_declarations_and_only_them() {
    assert_eq!(declared("pub(crate) struct Foo<'a> {"), Some("Foo"));
    assert_eq!(declared("    enum Kind {"), Some("Kind"));
    assert_eq!(declared("pub trait Book: Send {"), Some("Book"));
    assert_eq!(declared("pub(in crate::a) struct Bar;"), Some("Bar"));
    assert_eq!(declared("        struct V;"), Some("V"));
    assert_eq!(declared("/// struct Foo in a doc example"), None);
    assert_eq!(declared("let structure = 1;"), None);
    assert_eq!(declared("pub fn enum_names() {}"), None);
}

#[test]
fn every_type_name_is_declared_once() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut crates: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    crates.sort();
    assert!(crates.len() >= 5, "{crates:?}");
    for c in &crates {
        rust_files(c, &mut files);
    }
    let mut places: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let shown = f.strip_prefix(root).unwrap().display().to_string();
        for (i, line) in text.lines().enumerate() {
            if let Some(name) = declared(line) {
                places
                    .entry(name.to_string())
                    .or_default()
                    .push(format!("{shown}:{}", i + 1));
            }
        }
    }
    assert!(places.len() > 100, "found only {} names", places.len());
    assert!(places.contains_key("Counts") && places.contains_key("ReportDocument"));
    let twice: Vec<String> = places
        .iter()
        .filter(|(_, at)| at.len() > 1)
        .map(|(name, at)| format!("{name}: {}", at.join(", ")))
        .collect();
    assert!(
        twice.is_empty(),
        "type names declared more than once (give each its own name, docs/architecture.md \
         \"One name, one concept\"):\n{}",
        twice.join("\n")
    );
}
