//! Helpers shared by the end-to-end tests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice,
    clippy::unreachable
)] // test code: a failed unwrap is a failed test (the workspace denies these in code)
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `--from` and `--to` of the first half of 2021.
pub const H1: [&str; 4] = ["--from", "2021-01-01", "--to", "2021-06-30"];

/// A file of the CLI's test data (`crates/cli/tests/data`).
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The reference bundle (`examples/data/ly-son-2021-h1` of the workspace).
pub fn ly_son() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/ly-son-2021-h1")
}

/// A file of the workspace's hostile-input corpus (`tests/data/bad`).
pub fn corpus(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/bad")
        .join(file)
}

/// The `minhbach` binary, with progress bars off and a clean environment for the test hook.
pub fn minhbach() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("minhbach");
    cmd.env_remove("MINHBACH_TEST_PANIC");
    // English unless a test asks for Vietnamese (the interface follows the locale).
    for k in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(k);
    }
    cmd
}

/// The `minhbach` binary under a Vietnamese locale (`LANG=vi_VN.UTF-8`).
pub fn minhbach_vi() -> assert_cmd::Command {
    let mut cmd = minhbach();
    cmd.env("LANG", "vi_VN.UTF-8");
    cmd
}

/// Runs the command and returns (exit code, stdout, stderr).
pub fn run(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Parses stdout as JSON.
pub fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}

/// Asserts that stderr never shows a Rust panic.
pub fn no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "a panic reached the user: {stderr}"
    );
}

/// Writes `text` to `dir/name` and returns the path.
pub fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// Makes `path` unreadable; returns false when the test runs with privileges that can read it
/// anyway (root), in which case the caller skips the unreadable case.
#[cfg(unix)]
pub fn make_unreadable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::read(path).is_err()
}

/// Asserts usage failure (exit 2) with a message containing every `needle`, no panic, and no
/// stdout.
pub fn assert_usage(cmd: &mut assert_cmd::Command, needles: &[&str]) -> String {
    let (code, stdout, stderr) = run(cmd);
    no_panic(&stderr);
    assert_eq!(code, 2, "expected exit 2; stderr: {stderr}");
    assert!(stdout.is_empty(), "unexpected stdout: {stdout}");
    for n in needles {
        assert!(stderr.contains(n), "stderr lacks {n:?}: {stderr}");
    }
    stderr
}
