//! End-to-end tests of the conventions every subcommand shares.

mod common;

use common::{minhbach, run};

#[test]
fn top_level_help_lists_subcommands_and_exit_codes() {
    let (code, out, _) = run(minhbach().arg("--help"));
    assert_eq!(code, 0);
    assert!(out.contains("calendar"));
    assert!(out.contains("Exit codes: 0 success, 1 bad data"));
}

#[test]
fn version() {
    let (code, out, _) = run(minhbach().arg("--version"));
    assert_eq!(code, 0);
    assert_eq!(out, format!("minhbach {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn no_arguments_and_unknown_subcommands_are_usage_errors() {
    let (code, out, err) = run(&mut minhbach());
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("Usage:"), "{err}");
    let (code, _, err) = run(minhbach().arg("frobnicate"));
    assert_eq!(code, 2);
    assert!(err.contains("frobnicate"), "{err}");
    let (code, _, _) = run(minhbach().arg("--frobnicate"));
    assert_eq!(code, 2);
}

#[test]
fn a_panic_prints_one_short_line_and_exits_70() {
    let (code, out, err) =
        run(minhbach()
            .env("MINHBACH_TEST_PANIC", "1")
            .args(["calendar", "lunar", "2021-04-21"]));
    assert_eq!(code, 70);
    assert!(out.is_empty());
    assert!(
        err.starts_with("error: internal error in minhbach"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("RUST_BACKTRACE"), "{err}");
    assert!(
        !err.contains("MINHBACH_TEST_PANIC"),
        "the panic payload is not shown: {err}"
    );
}

#[cfg(unix)]
#[test]
fn a_closed_stdout_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // `minhbach calendar holidays 2021 | head -c 1`: the reader goes away early.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("minhbach"))
        .args(["calendar", "holidays", "2021", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(status.code(), Some(0), "{err}");
}
