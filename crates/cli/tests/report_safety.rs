//! `minhbach report` refuses what would silently give a wrong report: a dossiers file left
//! from another period, an output format it cannot write, a decimal where a count is
//! expected. Every error path is checked in English and in Vietnamese.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

mod common;

use std::path::{Path, PathBuf};

use common::{ly_son, minhbach, minhbach_vi, no_panic, run};

/// A copy of the reference bundle with `edit` applied to `name`.
fn bundle(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let to = dir.join("bundle");
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(ly_son()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
    let p = to.join(name);
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, edit(text)).unwrap();
    to
}

fn period_2022(dir: &Path) -> PathBuf {
    bundle(dir, "report.toml", |t| {
        t.replace("code = \"2021-H1\"", "code = \"6 tháng đầu năm 2022\"")
            .replace("cut_off = 2021-06-30T23:59:59", "")
    })
}

#[test]
fn leftover_dossiers_stop_the_report_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let b = period_2022(dir.path());
    let out = dir.path().join("bao-cao.docx");
    let (code, stdout, stderr) = run(minhbach().arg("report").arg(&b).arg("-o").arg(&out));
    no_panic(&stderr);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(!out.exists(), "nothing may be written");
    assert!(
        stderr.contains("error: no dossier of dossiers.csv was received or resolved in the period 2022-01-01 to 2022-06-30: 6691 of its 6774 valid rows lie outside the period")
            && stderr.contains("fix:")
            && stderr.contains("--allow-empty-period"),
        "{stderr}"
    );
    // The rows outside are counted on stderr too.
    assert!(
        stderr.contains("rows of dossiers.csv lie outside the period"),
        "{stderr}"
    );

    let (code, _, stderr) = run(minhbach_vi().arg("report").arg(&b).arg("-o").arg(&out));
    assert_eq!(code, 1, "{stderr}");
    assert!(!out.exists());
    assert!(
        stderr.contains("lỗi: không có hồ sơ nào của tệp dossiers.csv được tiếp nhận hoặc giải quyết trong kỳ báo cáo 6 tháng đầu năm 2022: 6.691/6.774 dòng hợp lệ nằm ngoài kỳ")
            && stderr.contains("cách sửa:")
            && !stderr.contains("error:"),
        "{stderr}"
    );
}

#[test]
fn allow_empty_period_writes_a_report_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let b = period_2022(dir.path());
    let (code, stdout, stderr) = run(minhbach().arg("report").arg(&b).arg("--allow-empty-period"));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("83 hồ sơ nhận giải quyết, chưa có hồ sơ giải quyết xong, còn 83 hồ sơ"),
        "{stdout}"
    );
    assert!(
        stderr.contains("note:") && stderr.contains("lie outside the period"),
        "{stderr}"
    );
    let (code, _, stderr) = run(minhbach()
        .arg("--lang")
        .arg("vi")
        .arg("report")
        .arg(&b)
        .arg("--allow-empty-period"));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("lưu ý:")
            && stderr.contains("dòng của tệp dossiers.csv nằm ngoài kỳ báo cáo"),
        "{stderr}"
    );
}

#[test]
fn rows_outside_the_period_are_counted_on_stderr() {
    // Two more rows: one received after the period, one finished before it.
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), "dossiers.csv", |t| {
        t + "X-1,2021-07-02 08:00:00,LS.TP.004,Phòng Tư pháp,Hộ tịch,direct,2021-07-09 17:00:00,,\n\
             X-2,2020-11-02 08:00:00,LS.TP.004,Phòng Tư pháp,Hộ tịch,direct,2020-11-09 17:00:00,2020-11-05 10:00:00,approved\n"
    });
    let (code, stdout, stderr) = run(minhbach_vi().arg("report").arg(&b));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "lưu ý: 2 dòng của tệp dossiers.csv nằm ngoài kỳ báo cáo 6 tháng đầu năm 2021"
        ),
        "{stderr}"
    );
    // The figures are those of the period alone.
    assert!(stdout.contains("6.691/6.774 hồ sơ"), "{stdout}");
    let (_, _, stderr) = run(minhbach().arg("report").arg(&b));
    assert!(
        stderr.contains(
            "note: 2 rows of dossiers.csv lie outside the period 2021-01-01 to 2021-06-30"
        ),
        "{stderr}"
    );
    // The reference bundle has none: no note.
    let (_, _, stderr) = run(minhbach().arg("report").arg(ly_son()));
    assert!(!stderr.contains("outside the period"), "{stderr}");
}

#[test]
fn an_extension_the_tool_cannot_write_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["odt", "rtf", "xlsx"] {
        let out = dir.path().join(format!("bao-cao.{ext}"));
        let (code, _, stderr) = run(minhbach().arg("report").arg(ly_son()).arg("-o").arg(&out));
        assert_eq!(code, 2, "{stderr}");
        assert!(!out.exists());
        assert!(
            stderr.contains(&format!("error: cannot write a .{ext} file"))
                && stderr.contains(".pdf, .docx, .html, .md, .txt and .json")
                && stderr.contains("fix:"),
            "{stderr}"
        );
        let (code, _, stderr) = run(minhbach_vi()
            .arg("report")
            .arg(ly_son())
            .arg("-o")
            .arg(&out));
        assert_eq!(code, 2, "{stderr}");
        assert!(!out.exists());
        assert!(
            stderr.contains(&format!("lỗi: không xuất được tệp .{ext}"))
                && stderr.contains("cách sửa:"),
            "{stderr}"
        );
    }
    // --format names the format whatever the extension.
    let out = dir.path().join("bao-cao.odt");
    let (code, _, stderr) = run(minhbach()
        .arg("report")
        .arg(ly_son())
        .args(["--format", "md", "-o"])
        .arg(&out));
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("415/BC-UBND"));
}

#[test]
fn vietnamese_thousands_are_a_count_and_a_decimal_count_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), "portal.toml", |t| {
        t.replace("posts = 163 ", "posts = \"1.200\" ")
    });
    let (code, stdout, stderr) = run(minhbach().arg("report").arg(&b));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("đăng tải 1.200 tin, bài"), "{stdout}");

    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), "portal.toml", |t| {
        t.replace("posts = 163 ", "posts = 1.200 ")
    });
    for (cmd, label, why) in [
        (minhbach(), "error:", "whole number"),
        (minhbach_vi(), "lỗi:", "số nguyên"),
    ] {
        let mut cmd = cmd;
        let (code, _, stderr) = run(cmd.arg("report").arg(&b));
        assert_eq!(code, 1, "{stderr}");
        // File, line, column, key and the value exactly as typed.
        assert!(
            stderr.contains(label)
                && stderr.contains("portal.toml:4:")
                && stderr.contains("posts = 1.200:")
                && stderr.contains(why),
            "{stderr}"
        );
    }
}

#[test]
fn a_custom_period_carries_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), "report.toml", |t| {
        t.replace(
            "code = \"2021-H1\"",
            "start = 2020-12-15\nend = 2021-06-14\nname = \"6 tháng đầu năm 2021\"",
        )
        .replace("cut_off = 2021-06-30T23:59:59", "")
    });
    let (code, stdout, stderr) = run(minhbach().arg("report").arg(&b));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("trong 06 tháng đầu năm 2021") || stdout.contains("6 tháng đầu năm 2021"),
        "{stdout}"
    );
    assert!(!stdout.contains("từ ngày 15/12/2020"), "{stdout}");
}

#[test]
fn vietnamese_period_codes_are_accepted() {
    for code in ["Q2/2021", "quý 2/2021", "quý II năm 2021"] {
        let dir = tempfile::tempdir().unwrap();
        let b = bundle(dir.path(), "report.toml", |t| {
            t.replace("code = \"2021-H1\"", &format!("code = \"{code}\""))
        });
        let (code_, stdout, stderr) = run(minhbach().arg("report").arg(&b));
        assert_eq!(code_, 0, "{code}: {stderr}");
        assert!(stdout.contains("quý II năm 2021"), "{code}");
    }
}

#[test]
fn a_period_with_nothing_resolved_renders() {
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(dir.path(), "dossiers.csv", |_| {
        "id,received_at,procedure_code,agency,field,channel,due_at,resolved_at,outcome\n\
         A-1,2021-06-28 08:00:00,LS.TP.004,Phòng Tư pháp,Hộ tịch,direct,2021-07-05 17:00:00,,\n\
         A-2,2021-06-29 08:00:00,LS.TP.004,Phòng Tư pháp,Hộ tịch,online,2021-07-06 17:00:00,,\n"
            .to_string()
    });
    let report = b.join("report.toml");
    let t = std::fs::read_to_string(&report).unwrap().replace(
        "là {dossiers.sentence}",
        "là {dossiers.sentence} Tỷ lệ đúng hạn: {dossiers.on_time_rate}.",
    );
    std::fs::write(&report, t).unwrap();
    let (code, stdout, stderr) = run(minhbach().arg("report").arg(&b));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(
            "2 hồ sơ nhận giải quyết, chưa có hồ sơ giải quyết xong, còn 2 hồ sơ chưa đến hạn trả"
        ) && stdout.contains("Tỷ lệ đúng hạn: —."),
        "{stdout}"
    );
}
