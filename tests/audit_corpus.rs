//! The audit corpus: real paragraphs from published reports and press releases of nine
//! provinces (`tests/data/audit/corpus.toml`, each with its source address), with the figures
//! expected written by hand. Every paragraph must give exactly those figures (name, value,
//! scope, approximate or not), that many unattached numbers, and that many failed checks.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
#![allow(clippy::string_slice)] // test code: a slice off a character boundary fails the test

use std::collections::BTreeSet;

use minhbach::engine::audit::{check, extract};

#[test]
fn corpus_paragraphs_give_the_hand_written_figures() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/audit/corpus.toml");
    let corpus: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let paragraphs = corpus["paragraph"].as_array().unwrap();
    assert!(paragraphs.len() >= 25, "{} paragraphs", paragraphs.len());
    let provinces: BTreeSet<&str> = paragraphs
        .iter()
        .map(|p| p["province"].as_str().unwrap())
        .collect();
    assert!(provinces.len() >= 8, "{provinces:?}");
    let mut failures = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        assert!(!p["source"].as_str().unwrap().is_empty());
        let text = p["text"].as_str().unwrap();
        let got = extract(text).unwrap();
        let got_figures: Vec<(String, String, String, bool)> = got
            .figures
            .iter()
            .map(|f| {
                (
                    f.name.as_str().to_string(),
                    f.value.to_string(),
                    f.scope.clone(),
                    f.approximate.is_some(),
                )
            })
            .collect();
        let want: Vec<(String, String, String, bool)> = p["figures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["name"].as_str().unwrap().to_string(),
                    f["value"].as_str().unwrap().to_string(),
                    f["scope"].as_str().unwrap().to_string(),
                    f.get("approximate")
                        .and_then(|a| a.as_bool())
                        .unwrap_or(false),
                )
            })
            .collect();
        if got_figures != want {
            failures.push(format!(
                "paragraph {i}: figures\n  want {want:?}\n  got  {got_figures:?}"
            ));
        }
        let unattached = p["unattached"].as_integer().unwrap() as usize;
        if got.unattached.len() != unattached {
            failures.push(format!(
                "paragraph {i}: {} unattached, want {unattached}: {:?}",
                got.unattached.len(),
                got.unattached
            ));
        }
        // Every figure's span is the number as written in the paragraph.
        for f in &got.figures {
            let written = &text[f.start..f.end];
            assert!(
                written.chars().next().is_some_and(|c| c.is_ascii_digit()),
                "paragraph {i}: span {written:?}"
            );
        }
        let problems = check(&got)
            .findings
            .iter()
            .filter(|f| !f.status.is_ok())
            .count();
        let want_problems = p["problems"].as_integer().unwrap() as usize;
        if problems != want_problems {
            failures.push(format!(
                "paragraph {i}: {problems} problems, want {want_problems}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
