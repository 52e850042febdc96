//! Every example in docs/cli.md is run and its output compared with the documented one, so the
//! documentation shows real output.
//!
//! An example is a ```` ```console ```` block: a line `$ minhbach ARGS` (arguments split like a
//! POSIX shell with single and double quotes; a final `2>&1` appends stderr to the compared
//! output), then the expected output up to the next `$` line or the end of the block. An
//! output line `[exit N]` states the exit code (0 when absent). Commands run in the workspace
//! root.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unreachable
)] // test code: a failed unwrap is a failed test (the workspace denies these in code)

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

#[test]
fn docs_cli_examples_show_real_output() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let doc = std::fs::read_to_string(root.join("docs/cli.md")).unwrap();
    let examples = examples(&doc);
    assert!(examples.len() >= 5, "docs/cli.md has too few examples");
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
                "docs/cli.md:{}: minhbach {}\n--- documented (exit {}) ---\n{}--- actual (exit {code}) ---\n{got}{}",
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
fn the_shell_splitter_handles_quotes() {
    assert_eq!(
        split_shell("minhbach a 'b c' \"d e\" f'g h'"),
        ["minhbach", "a", "b c", "d e", "fg h"]
    );
}
