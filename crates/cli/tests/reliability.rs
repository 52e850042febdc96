//! Reliability round 2 (issue #16): each finding of the stress run, with its exact outcome.
//! No input aborts the program, no output destroys an input, every resource is bounded.
//! Large inputs are generated at test time in a temporary folder.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

mod common;

use std::path::{Path, PathBuf};

use common::{assert_usage, minhbach, no_panic, run};

fn example_bundle() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/ly-son-2021-h1")
}

/// A copy of the example bundle in a fresh temporary folder (`dir/b`).
fn bundle_copy(dir: &Path) -> PathBuf {
    let b = dir.join("b");
    std::fs::create_dir(&b).unwrap();
    for e in std::fs::read_dir(example_bundle()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), b.join(e.file_name())).unwrap();
    }
    b
}

/// Replaces the first line starting with `key =` of the bundle's report.toml.
/// The 1-based line of report.toml that starts with `start`.
fn line_of(bundle: &Path, start: &str) -> usize {
    let text = std::fs::read_to_string(bundle.join("report.toml")).unwrap();
    text.lines().position(|l| l.starts_with(start)).unwrap() + 1
}

fn set_line(bundle: &Path, key: &str, line: &str) {
    let p = bundle.join("report.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    let mut done = false;
    let out: Vec<String> = text
        .lines()
        .map(|l| {
            if !done && l.starts_with(&format!("{key} =")) {
                done = true;
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    assert!(done, "no line {key} = in report.toml");
    std::fs::write(&p, out.join("\n") + "\n").unwrap();
}

fn report(bundle: &Path) -> assert_cmd::Command {
    let mut cmd = minhbach();
    cmd.arg("report").arg(bundle);
    cmd
}

/// Every file in `dir` with its content, to show that a failed run changed nothing.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

// ---- Inputs destroyed -------------------------------------------------------------------

#[test]
fn output_over_any_bundle_file_is_refused_and_the_bundle_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle_copy(dir.path());
    let before = snapshot(&b);
    for name in [
        "report.toml",
        "documents.csv",
        "dossiers.csv",
        "procedures.csv",
        "portal.toml",
        "disclosure.toml",
        "targets.toml",
    ] {
        let out = b.join(name);
        let stderr = assert_usage(
            report(&b).arg("--format").arg("txt").arg("-o").arg(&out),
            &[],
        );
        assert_eq!(
            stderr,
            format!(
                "error: output path {} is also an input file; writing it would destroy the input\n  \
                 fix: choose another output path\n",
                out.display()
            )
        );
    }
    assert_eq!(snapshot(&b), before);
}

#[cfg(unix)]
#[test]
fn output_naming_a_hard_link_to_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle_copy(dir.path());
    let link = dir.path().join("link.csv");
    std::fs::hard_link(b.join("documents.csv"), &link).unwrap();
    let before = std::fs::read(&link).unwrap();
    assert_usage(
        report(&b).arg("--format").arg("txt").arg("-o").arg(&link),
        &["is also an input file", "documents.csv is the same file"],
    );
    let input = dir.path().join("in.csv");
    std::fs::write(&input, "id\n").unwrap();
    let alias = dir.path().join("alias.csv");
    std::fs::hard_link(&input, &alias).unwrap();
    assert_usage(
        minhbach()
            .args(["aggregate"])
            .arg(&input)
            .args(["--from", "2021-01-01", "--to", "2021-06-30", "-o"])
            .arg(&alias),
        &["output path", "is also an input file"],
    );
    assert_eq!(std::fs::read(&link).unwrap(), before);
    assert_eq!(std::fs::read(&input).unwrap(), b"id\n");
}

/// `ulimit -f` makes the write fail midway: the old file stays whole and nothing else is left.
#[cfg(unix)]
#[test]
fn a_write_that_fails_midway_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("keep.csv");
    std::fs::write(&out, "old content\n").unwrap();
    let bin = assert_cmd::cargo::cargo_bin!("minhbach");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 1 && exec '{}' -q generate --rows 20000 --seed 1 -o '{}'",
            bin.display(),
            out.display()
        ))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert_eq!(status.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: cannot write {}: File too large (os error 27)\n",
            out.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old content\n");
    assert_eq!(
        snapshot(dir.path()).len(),
        1,
        "a temporary file was left behind"
    );
}

#[test]
fn generate_keeps_an_existing_file_when_the_run_fails() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.csv");
    std::fs::write(&out, "old\n").unwrap();
    // An impossible date range fails after the output was checked.
    assert_usage(
        minhbach()
            .args(["generate", "--rows", "5", "--seed", "1"])
            .args(["--from", "2021-02-01", "--to", "2021-01-01", "-o"])
            .arg(&out),
        &["--from 2021-02-01 is after --to 2021-01-01"],
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old\n");
    // A successful run replaces it, and leaves nothing else.
    let (code, _, stderr) = run(minhbach()
        .args(["generate", "--rows", "5", "--seed", "1", "-o"])
        .arg(&out));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 6);
    assert_eq!(snapshot(dir.path()).len(), 1);
}

// ---- Only regular files are read ---------------------------------------------------------

#[cfg(unix)]
fn fifo(dir: &Path) -> PathBuf {
    let p = dir.join("pipe.csv");
    let ok = std::process::Command::new("mkfifo")
        .arg(&p)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo failed");
    p
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_at_once_everywhere_a_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = fifo(dir.path());
    let shown = p.display().to_string();
    let fix = "  fix: save the data to a regular file and name that file; minhbach does not read pipes or devices\n";
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec![
                "aggregate",
                &shown,
                "--from",
                "2021-01-01",
                "--to",
                "2021-06-30",
            ],
            format!(
                "error: dossier file {shown} is a named pipe (FIFO), not a regular file\n{fix}"
            ),
        ),
        (
            vec!["validate", &shown],
            format!(
                "error: dossier file {shown} is a named pipe (FIFO), not a regular file\n{fix}"
            ),
        ),
        (
            vec!["score", "pci", &shown],
            format!(
                "error: unit data file {shown} is a named pipe (FIFO), not a regular file\n{fix}"
            ),
        ),
        (
            vec!["score", &shown, "units.csv"],
            format!(
                "error: index definition {shown} is a named pipe (FIFO), not a regular file\n{fix}"
            ),
        ),
        (
            vec!["calendar", "holidays", "2027", "--schedule", &shown],
            format!(
                "error: schedule file {shown} is a named pipe (FIFO), not a regular file\n{fix}"
            ),
        ),
    ];
    for (args, expected) in cases {
        let (code, _, stderr) = run(minhbach()
            .args(&args)
            .timeout(std::time::Duration::from_secs(20)));
        assert_eq!((code, stderr.as_str()), (2, expected.as_str()), "{args:?}");
    }
    let (code, _, stderr) = run(minhbach()
        .args(["aggregate"])
        .arg(dir.path().join("pipe.csv"))
        .args(["--from", "2021-01-01", "--to", "2021-06-30", "--procedures"])
        .arg(&p)
        .timeout(std::time::Duration::from_secs(20)));
    assert_eq!(code, 2, "{stderr}");
    no_panic(&stderr);
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_as_a_schedule_catalogue_or_definition() {
    let fix = "  fix: save the data to a regular file and name that file; minhbach does not read pipes or devices\n";
    let (code, _, stderr) =
        run(minhbach().args(["calendar", "holidays", "2027", "--schedule", "/dev/zero"]));
    assert_eq!(
        (code, stderr),
        (
            2,
            format!(
                "error: schedule file /dev/zero is a character device, not a regular file\n{fix}"
            )
        )
    );
    let (code, _, stderr) = run(minhbach().args(["score", "/dev/zero", "x.csv"]));
    assert_eq!(
        (code, stderr),
        (2, format!("error: index definition /dev/zero is a character device, not a regular file\n{fix}"))
    );
}

#[cfg(unix)]
#[test]
fn bundle_parts_that_are_pipes_or_devices_are_refused_with_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle_copy(dir.path());
    std::fs::remove_file(b.join("dossiers.csv")).unwrap();
    fifo(&b);
    std::fs::rename(b.join("pipe.csv"), b.join("dossiers.csv")).unwrap();
    let (code, _, stderr) = run(report(&b).timeout(std::time::Duration::from_secs(20)));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: {}: a named pipe (FIFO), not a regular file; only regular files are read\n  \
             fix: name a regular file inside the bundle folder, by a path relative to it\n",
            b.join("dossiers.csv").display()
        )
    );
    // report.toml symlinked to /dev/zero: named as a device, not as a missing report.toml.
    let c = dir.path().join("c");
    std::fs::create_dir(&c).unwrap();
    std::os::unix::fs::symlink("/dev/zero", c.join("report.toml")).unwrap();
    let (code, _, stderr) = run(&mut report(&c));
    assert_eq!(
        (code, stderr),
        (
            2,
            format!(
                "error: report bundle file {} is a character device, not a regular file\n  \
                 fix: save the data to a regular file and name that file; minhbach does not read pipes or devices\n",
                c.join("report.toml").display()
            )
        )
    );
}

#[test]
fn an_auxiliary_file_over_the_limit_is_refused_without_reading_it_all() {
    // Generated at test time: a 65 MiB procedure catalogue (the limit is 64 MiB).
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("cat.csv");
    let f = std::fs::File::create(&cat).unwrap();
    f.set_len((64 << 20) + 1).unwrap();
    let data = dir.path().join("d.csv");
    std::fs::write(&data, "id,received_at\n").unwrap();
    let (code, _, stderr) = run(minhbach()
        .arg("aggregate")
        .arg(&data)
        .args(["--from", "2021-01-01", "--to", "2021-06-30", "--procedures"])
        .arg(&cat));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: procedure catalogue {} is larger than 67108864 bytes, the limit for such files\n  \
             fix: check that this is the right file; the limit is Limits::max_auxiliary_bytes for programs embedding minhbach\n",
            cat.display()
        )
    );
}

// ---- Bundles: paths confined to the folder -----------------------------------------------

#[test]
fn bundle_files_outside_the_folder_are_refused_without_quoting_them() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.csv");
    std::fs::write(&secret, "number\nTOP-SECRET-LINE\n").unwrap();
    let b = bundle_copy(dir.path());
    let toml = b.join("report.toml");
    let cases = [
        (
            "\"../secret.csv\"".to_string(),
            "[files] documents = \"../secret.csv\" goes up out of the folder with ..",
        ),
        (
            format!("{:?}", secret.display().to_string()),
            "is an absolute path",
        ),
    ];
    for (value, why) in cases {
        set_line(&b, "documents", &format!("documents = {value}"));
        let (code, _, stderr) = run(&mut report(&b));
        assert_eq!(code, 1, "{stderr}");
        assert!(
            stderr.starts_with(&format!("error: {}: ", toml.display())),
            "{stderr}"
        );
        assert!(stderr.contains(why), "{stderr}");
        assert!(
            !stderr.contains("TOP-SECRET"),
            "the file's content leaked: {stderr}"
        );
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, b.join("link.csv")).unwrap();
        set_line(&b, "documents", "documents = \"link.csv\"");
        let (code, _, stderr) = run(&mut report(&b));
        assert_eq!(
            (code, stderr.as_str()),
            (
                1,
                format!(
                    "error: {}: [files] documents = \"link.csv\" leads outside the bundle folder \
                     (through a symbolic link)\n  fix: name a regular file inside the bundle \
                     folder, by a path relative to it\n",
                    toml.display()
                )
                .as_str()
            )
        );
    }
}

// ---- Report text bounded; messages say what happened -------------------------------------

#[test]
fn a_placeholder_repeated_twenty_thousand_times_is_refused() {
    // Generated at test time: a 2,000-row register and {documents} 20,000 times (6.5 GB if
    // expanded).
    let dir = tempfile::tempdir().unwrap();
    let b = bundle_copy(dir.path());
    let mut reg = String::from("number,date,kind,issuer,subject\n");
    for i in 1..=2000 {
        reg.push_str(&format!(
            "{i}/KH-UBND,2021-02-05,,,thực hiện nhiệm vụ số {i} của Ủy ban nhân dân huyện trong năm\n"
        ));
    }
    std::fs::write(b.join("documents.csv"), reg).unwrap();
    set_line(
        &b,
        "intro",
        &format!("intro = \"{}\"", "{documents} ".repeat(20_000)),
    );
    let (code, _, stderr) = run(report(&b).arg("-o").arg(dir.path().join("out.txt")));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: {}: field text.intro: the placeholders expand to more than 67108864 bytes \
             of text (Limits::max_report_text_bytes)\n  fix: use each long placeholder (such as \
             {{documents}}) once or a few times, not thousands\n",
            b.join("report.toml").display()
        )
    );
    assert!(!dir.path().join("out.txt").exists());
}

#[test]
fn an_empty_placeholder_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle_copy(dir.path());
    set_line(&b, "intro", "intro = \"Báo cáo {} kết quả\"");
    let (code, _, stderr) = run(&mut report(&b));
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with(&format!(
            "error: {}:{}:9: field text.intro: empty placeholder {{}} at character 8\n",
            b.join("report.toml").display(),
            line_of(&b, "intro = ")
        )),
        "{stderr}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_folder_that_refuses_new_files_is_not_called_missing() {
    let (code, _, stderr) = run(minhbach().args([
        "generate",
        "--rows",
        "1",
        "--seed",
        "1",
        "-o",
        "/proc/x.csv",
    ]));
    assert_eq!(code, 2);
    assert!(
        stderr
            .starts_with("error: cannot write /proc/x.csv: cannot create a file in folder /proc: "),
        "{stderr}"
    );
    assert!(!stderr.contains("does not exist"), "{stderr}");
}

// ---- Arguments --------------------------------------------------------------------------

#[test]
fn absurd_generate_rows_exit_2() {
    let (code, stdout, stderr) = run(minhbach().args([
        "generate",
        "--rows",
        "18446744073709551615",
        "--seed",
        "1",
        "-o",
        "-",
    ]));
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.starts_with(
            "error: invalid value '18446744073709551615' for '--rows <N>': 18446744073709551615 \
             is not in 0..=1000000000"
        ),
        "{stderr}"
    );
}

#[test]
fn as_of_before_from_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d.csv");
    std::fs::write(&data, "id,received_at\nA,2021-02-01T08:00:00\n").unwrap();
    let (code, stdout, stderr) = run(minhbach().arg("aggregate").arg(&data).args([
        "--from",
        "2021-01-01",
        "--to",
        "2021-06-30",
        "--as-of",
        "2020-12-31",
    ]));
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert_eq!(
        stderr,
        "error: --as-of 2020-12-31 23:59:59 is before --from 2021-01-01: nothing could be \
         received by then\n  fix: give a cut-off on or after --from (by default it is the end \
         of --to)\n"
    );
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/bad")
}

#[test]
fn random_bytes_are_called_binary_data_with_the_offset_of_the_first_bad_byte() {
    let f = data_dir().join("random_bytes.csv");
    let args = |cmd: &mut assert_cmd::Command| {
        cmd.arg("aggregate")
            .arg(&f)
            .args(["--from", "2021-01-01", "--to", "2021-06-30"]);
    };
    let mut en = minhbach();
    args(&mut en);
    let (code, stdout, stderr) = run(&mut en);
    no_panic(&stderr);
    assert_eq!((code, stdout.as_str()), (1, ""), "{stderr}");
    let name = f.display().to_string();
    assert_eq!(
        stderr,
        format!(
            "error: {name}: not a text file, so not a CSV export: byte 0x01 at offset 7 (line 1) \
             is binary data, not text; export the dossiers as CSV (UTF-8) or as an Excel \
             workbook (.xlsx) and give that file\n  fix: give the dossier export itself, saved \
             as CSV (UTF-8) or as an Excel workbook (.xlsx)\n"
        )
    );
    let mut vi = common::minhbach_vi();
    args(&mut vi);
    let (code, _, stderr) = run(&mut vi);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "lỗi: {name}: không phải tệp văn bản, nên không phải tệp CSV xuất từ phần mềm: byte \
             0x01 ở vị trí 7 (dòng 1) là dữ liệu nhị phân, không phải chữ\n  cách sửa: chỉ ra \
             đúng tệp danh sách hồ sơ, lưu dạng CSV (UTF-8) hoặc sổ tính Excel (.xlsx)\n"
        )
    );
}

#[test]
fn a_number_too_large_for_an_exact_decimal_is_called_out_of_range() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("units.csv");
    std::fs::write(
        &csv,
        "unit,on_time,days_late,plans_published,portal_score\n\
         Lý Sơn,98.77,0.5,0.9,35\n\
         Bình Sơn,1e308,2.0,0.75,28\n\
         Sơn Tịnh,90,1e-40,0.5,20\n",
    )
    .unwrap();
    let definition = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/district-index.toml");
    let mut en = minhbach();
    en.arg("score").arg(&definition).arg(&csv);
    let (code, _, stderr) = run(&mut en);
    no_panic(&stderr);
    assert_eq!(code, 1, "{stderr}");
    let name = csv.display().to_string();
    assert!(
        stderr.contains(&format!(
            "error: {name}:3: column on_time: out of range: the number is too large (an exact \
             decimal holds at most 79228162514264337593543950335, about 7.9 × 10^28) (value \
             \"1e308\")\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "error: {name}:4: column days_late: out of range: the number has more than 28 \
             decimal places (too small for an exact decimal) (value \"1e-40\")\n"
        )),
        "{stderr}"
    );
    let mut vi = common::minhbach_vi();
    vi.arg("score").arg(&definition).arg(&csv);
    let (code, _, stderr) = run(&mut vi);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "lỗi: {name}:3: cột on_time: vượt quá giới hạn: số quá lớn (số thập phân chính xác \
             lớn nhất là 79228162514264337593543950335, khoảng 7,9 × 10^28) (giá trị \"1e308\")\n"
        )),
        "{stderr}"
    );
}
