//! Every example in docs/cli.md and in the officers' guide (docs/huong-dan/README.md, tinh.md) is run
//! and its output compared with the documented one, so the documentation shows real output.
//!
//! An example is a ```` ```console ```` block: a line `$ minhbach ARGS` (arguments split like a
//! POSIX shell with single and double quotes; a final `2>&1` appends stderr to the compared
//! output), then the expected output up to the next `$` line or the end of the block. An
//! output line `[exit N]` states the exit code (0 when absent). Commands run in the workspace
//! root.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

mod common;

use std::path::PathBuf;

struct Example {
    line: usize,
    args: Vec<String>,
    with_stderr: bool,
    expected: String,
    exit: i32,
}

fn split_shell(s: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut in_arg = false;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                in_arg = true;
            }
            None if c.is_whitespace() => {
                if in_arg {
                    args.push(std::mem::take(&mut cur));
                    in_arg = false;
                }
            }
            None => {
                cur.push(c);
                in_arg = true;
            }
        }
    }
    assert!(quote.is_none(), "unbalanced quote in {s:?}");
    if in_arg {
        args.push(cur);
    }
    args
}

fn examples(doc: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_console = false;
    let mut current: Option<Example> = None;
    let flush = |cur: &mut Option<Example>, out: &mut Vec<Example>| {
        if let Some(e) = cur.take() {
            out.push(e);
        }
    };
    for (i, line) in doc.lines().enumerate() {
        if !in_console {
            if line.trim_end() == "```console" {
                in_console = true;
            }
            continue;
        }
        if line.trim_end() == "```" {
            flush(&mut current, &mut out);
            in_console = false;
            continue;
        }
        if let Some(cmd) = line.strip_prefix("$ ") {
            flush(&mut current, &mut out);
            let mut args = split_shell(cmd);
            assert_eq!(
                args.first().map(String::as_str),
                Some("minhbach"),
                "line {}",
                i + 1
            );
            args.remove(0);
            let with_stderr = args.last().map(String::as_str) == Some("2>&1");
            if with_stderr {
                args.pop();
            }
            current = Some(Example {
                line: i + 1,
                args,
                with_stderr,
                expected: String::new(),
                exit: 0,
            });
        } else if let Some(e) = current.as_mut() {
            if let Some(code) = line
                .strip_prefix("[exit ")
                .and_then(|r| r.strip_suffix(']'))
            {
                e.exit = code.parse().unwrap();
            } else {
                e.expected.push_str(line);
                e.expected.push('\n');
            }
        }
    }
    out
}

/// Runs every example of one document (a path from the workspace root) and compares the
/// output with the documented one.
fn check_examples(doc_path: &str, at_least: usize) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let doc = std::fs::read_to_string(root.join(doc_path)).unwrap();
    let examples = examples(&doc);
    assert!(
        examples.len() >= at_least,
        "{doc_path} has too few examples"
    );
    let mut failures = Vec::new();
    for e in &examples {
        let (code, stdout, stderr) = common::run(
            common::minhbach()
                .current_dir(&root)
                .env("NO_COLOR", "1")
                .args(&e.args),
        );
        common::no_panic(&stderr);
        let mut got = stdout;
        if e.with_stderr {
            got.push_str(&stderr);
        }
        if got != e.expected || code != e.exit {
            failures.push(format!(
                "{doc_path}:{}: minhbach {}\n--- documented (exit {}) ---\n{}--- actual (exit {code}) ---\n{got}{}",
                e.line,
                e.args.join(" "),
                e.exit,
                e.expected,
                if e.with_stderr { String::new() } else { format!("--- stderr ---\n{stderr}") },
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn docs_cli_examples_show_real_output() {
    check_examples("docs/cli.md", 5);
}

/// The officers' guide (docs/huong-dan/): its examples run like docs/cli.md's, and every
/// period code and spelling its table lists is one the model accepts, with the name the
/// table gives.
#[test]
fn officers_guide_examples_show_real_output() {
    check_examples("docs/huong-dan/README.md", 5);
    check_examples("docs/huong-dan/tinh.md", 1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let guide = std::fs::read_to_string(root.join("docs/huong-dan/README.md")).unwrap();
    let table = guide
        .split("## 6. Mã kỳ báo cáo")
        .nth(1)
        .and_then(|s| s.split("\n\n").find(|p| p.starts_with("| kỳ")))
        .unwrap();
    let mut checked = 0;
    for row in table.lines().skip(2) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let name = cells[4];
        for form in cells[2].split(", ").chain(cells[3].split(", ")) {
            let Some(code) = form.strip_prefix('`').and_then(|f| f.strip_suffix('`')) else {
                continue;
            };
            let p = minhbach_model::Period::parse(code)
                .unwrap_or_else(|e| panic!("the guide lists {code:?}: {e}"));
            assert_eq!(p.vietnamese_name(), name, "{code}");
            checked += 1;
        }
    }
    assert!(checked >= 14, "{checked}");
}

/// The install steps of README, docs/cli.md and the officers' guide run as written in the
/// source folder: no placeholder to replace (`<…>`), and every `cargo install` uses the tested
/// Cargo.lock (`--locked`) and a path that exists.
#[test]
fn install_steps_run_as_written() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut installs = 0;
    for doc in ["README.md", "docs/cli.md", "docs/huong-dan/README.md"] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        for line in text.lines().map(str::trim) {
            if line.starts_with("git clone") {
                panic!("{doc}: {line:?}: the officer installs from the source folder received");
            }
            let Some(rest) = line.strip_prefix("cargo install ") else {
                continue;
            };
            let command = rest.split(" #").next().unwrap();
            assert!(!command.contains('<'), "{doc}: a placeholder in {line:?}");
            let words: Vec<&str> = command.split_whitespace().collect();
            assert!(words.contains(&"--locked"), "{doc}: {line:?}");
            if let Some(i) = words.iter().position(|w| *w == "--path") {
                assert!(
                    root.join(words[i + 1]).join("Cargo.toml").is_file(),
                    "{line:?}"
                );
                installs += 1;
            }
        }
    }
    assert!(installs >= 3, "{installs} install lines found");
}

#[test]
fn the_shell_splitter_handles_quotes() {
    assert_eq!(
        split_shell("minhbach a 'b c' \"d e\" f'g h'"),
        ["minhbach", "a", "b c", "d e", "fg h"]
    );
}
