//! Helpers shared by the end-to-end tests.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
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
    clean_env(assert_cmd::cargo::cargo_bin_cmd!("minhbach"))
}

/// `cmd` without the test hook's variable and, English unless a test asks for Vietnamese
/// (the interface follows the locale), without the locale's.
fn clean_env(mut cmd: assert_cmd::Command) -> assert_cmd::Command {
    for k in ["MINHBACH_TEST_PANIC", "LC_ALL", "LC_MESSAGES", "LANG"] {
        cmd.env_remove(k);
    }
    cmd
}

/// Whether the tests run as root (who reads a file of mode 000 unless its capabilities are
/// dropped).
pub fn running_as_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// The `minhbach` binary with file permissions applying to it also when the tests run as root,
/// as CI does: then through `setpriv` without the capabilities that bypass them
/// (`dac_override`, `dac_read_search`); otherwise [`minhbach`].
pub fn minhbach_with_file_permissions() -> assert_cmd::Command {
    if !running_as_root() {
        return minhbach();
    }
    let mut cmd = assert_cmd::Command::new("setpriv");
    cmd.args(["--bounding-set=-dac_override,-dac_read_search", "--"])
        .arg(env!("CARGO_BIN_EXE_minhbach"));
    clean_env(cmd)
}

/// The `minhbach` binary under a Vietnamese locale (`LANG=vi_VN.UTF-8`).
pub fn minhbach_vi() -> assert_cmd::Command {
    let mut cmd = minhbach();
    cmd.env("LANG", "vi_VN.UTF-8");
    cmd
}

/// `minhbach aggregate FILE` over the first half of 2021 ([`H1`]); more arguments follow.
pub fn aggregate_h1_of(file: impl AsRef<std::ffi::OsStr>) -> assert_cmd::Command {
    let mut cmd = minhbach();
    cmd.arg("aggregate").arg(file).args(H1);
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

/// Makes `path` unreadable (mode 000): refused to [`minhbach_with_file_permissions`], also
/// when the tests run as root.
#[cfg(unix)]
pub fn make_unreadable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
}

/// The rows of a test table written one a line, its `N` fields separated by ` | `; a line
/// with another number of fields fails the test.
pub fn rows<const N: usize>(table: &'static str) -> Vec<[&'static str; N]> {
    table
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split(" | ").collect();
            <[&str; N]>::try_from(fields).unwrap_or_else(|_| panic!("not {N} fields: {line}"))
        })
        .collect()
}

/// The needles of a table field, separated by ` & `.
pub fn needles(field: &str) -> Vec<&str> {
    field.split(" & ").collect()
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
