//! `minhbach init`: a new bundle renders at once, marks what to fill, and `validate` lists it.

mod common;

use common::{minhbach, minhbach_vi, no_panic, run};

#[test]
fn a_new_bundle_renders_at_once_with_every_slot_marked() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("son-tinh");
    let (code, _, stderr) = run(minhbach()
        .arg("init")
        .arg(&b)
        .args([
            "--unit",
            "huyện Sơn Tịnh",
            "--period",
            "Q3/2022",
            "--province",
            "Quảng Ngãi",
        ])
        .args(["--signer", "Nguyễn Văn A", "--number", "120/BC-UBND"]));
    no_panic(&stderr);
    assert_eq!(code, 0, "{stderr}");
    for f in [
        "report.toml",
        "README.md",
        "dossiers.csv",
        "procedures.csv",
        "documents.csv",
        "portal.toml",
    ] {
        assert!(b.join(f).is_file(), "{f} missing");
    }
    assert_eq!(
        std::fs::read_to_string(b.join("dossiers.csv"))
            .unwrap()
            .lines()
            .count(),
        1,
        "header only"
    );
    let readme = std::fs::read_to_string(b.join("README.md")).unwrap();
    assert!(readme.contains("Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Quảng Ngãi"));

    let (code, stdout, stderr) = run(minhbach().arg("report").arg(&b));
    assert_eq!(code, 0, "{stderr}");
    for needle in [
        "HUYỆN SƠN TỊNH",
        "Số: 120/BC-UBND",
        "quý III năm 2022",
        "Nguyễn Văn A",
        "theo cơ chế một cửa, một cửa liên thông là CẦN BỔ SUNG",
        "CẦN BỔ SUNG: ưu điểm",
    ] {
        assert!(stdout.contains(needle), "{needle:?} missing:\n{stdout}");
    }
    // PDF at once too.
    let pdf = dir.path().join("bao-cao.pdf");
    let (code, _, stderr) = run(minhbach().arg("report").arg(&b).arg("-o").arg(&pdf));
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    // validate lists the passages still to fill, with their lines.
    let (code, _, stderr) = run(minhbach().arg("validate").arg(&b));
    assert_eq!(code, 1, "{stderr}");
    let slots = stderr
        .lines()
        .filter(|l| l.contains("report.toml:") && l.contains("CẦN BỔ SUNG"))
        .count();
    assert!(slots >= 7, "{stderr}");
    // Each passage is listed once, with the bundle's name and its line in report.toml.
    let intro: Vec<&str> = stderr.lines().filter(|l| l.contains("intro = ")).collect();
    assert_eq!(intro.len(), 1, "{stderr}");
    assert!(
        intro
            .iter()
            .all(|l| l.contains(": CẦN KIỂM TRA: report.toml:")),
        "{stderr}"
    );
}

#[test]
fn init_never_overwrites_and_names_a_bad_period() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.txt"), "keep").unwrap();
    let english: &[&str] = &["error:", "not empty", "fix:"];
    let vietnamese: &[&str] = &["lỗi: thư mục", "cách sửa:"];
    for (mut cmd, words) in [(minhbach(), english), (minhbach_vi(), vietnamese)] {
        let (code, _, stderr) = run(cmd.arg("init").arg(dir.path()).args([
            "--unit",
            "huyện Sơn Tịnh",
            "--period",
            "2022-Q3",
        ]));
        assert_eq!(code, 2, "{stderr}");
        for w in words {
            assert!(stderr.contains(w), "{w:?} in {stderr}");
        }
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    let new = dir.path().join("new");
    for (cmd, want) in [
        (minhbach(), "error: --period"),
        (minhbach_vi(), "lỗi: --period"),
    ] {
        let mut cmd = cmd;
        let (code, _, stderr) = run(cmd.arg("init").arg(&new).args([
            "--unit",
            "huyện Sơn Tịnh",
            "--period",
            "quý 5/2022",
        ]));
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(want), "{stderr}");
        assert!(!new.exists());
    }
}

/// `init --units` starts a province bundle: report.toml lists one partial per unit; the
/// report is refused (exit 1, naming the file) until every partial is there, then carries
/// one Biểu 06 row per unit and the ranking.
#[test]
fn a_province_bundle_lists_the_units_partials() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("tong-hop");
    let (code, _, stderr) = run(minhbach().arg("init").arg(&b).args([
        "--unit",
        "tỉnh Quảng Ngãi",
        "--period",
        "2021-H1",
        "--units",
        "huyện Bình Sơn,huyện Sơn Tịnh",
    ]));
    no_panic(&stderr);
    assert_eq!(code, 0, "{stderr}");
    let toml = std::fs::read_to_string(b.join("report.toml")).unwrap();
    assert!(
        toml.contains("partial = \"huyen-binh-son.partial\""),
        "{toml}"
    );
    assert!(
        toml.contains("partial = \"huyen-son-tinh.partial\""),
        "{toml}"
    );
    assert!(!b.join("dossiers.csv").exists());
    let readme = std::fs::read_to_string(b.join("README.md")).unwrap();
    assert!(readme.contains("--unit \"huyện Bình Sơn\" --save-partial huyen-binh-son.partial"));
    // No partial yet: refused, naming the file.
    let (code, out, stderr) = run(minhbach().arg("report").arg(&b));
    assert_eq!(code, 1, "{stderr}");
    assert!(out.is_empty());
    assert!(stderr.contains("huyen-binh-son.partial"), "{stderr}");
    // Each district saves its partial as the README says.
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data/tinh-quang-ngai-2021-h1");
    for (folder, unit, file) in [
        ("binh-son", "huyện Bình Sơn", "huyen-binh-son.partial"),
        ("son-tinh", "huyện Sơn Tịnh", "huyen-son-tinh.partial"),
    ] {
        let (code, _, stderr) = run(minhbach()
            .arg("aggregate")
            .arg(data.join(folder).join("dossiers.csv"))
            .args(["--from", "2021-01-01", "--to", "2021-06-30", "--unit", unit])
            .arg("--save-partial")
            .arg(b.join(file)));
        assert_eq!(code, 0, "{stderr}");
    }
    let (code, out, stderr) = run(minhbach().arg("report").arg(&b));
    assert_eq!(code, 0, "{stderr}");
    for needle in [
        "2 đơn vị đã gửi số liệu",
        "| 1   | huyện Bình Sơn |",
        "| 2   | huyện Sơn Tịnh |",
        "XẾP HẠNG CÁC ĐƠN VỊ THEO TỶ LỆ ĐÚNG HẠN",
    ] {
        assert!(out.contains(needle), "{needle}\n{out}");
    }
}
