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

/// A bundle with a bad value — a TOML value of the wrong type, a value the bundle refuses, a
/// bad cell or row of documents.csv or procedures.csv — stops the report with exit 1, and
/// the message names the file, the line and the key or column, in English and in
/// Vietnamese, with no English word of the reason in the Vietnamese.
#[test]
fn bad_bundle_values_name_file_line_and_key_in_both_languages() {
    #[allow(clippy::type_complexity)]
    let cases: &[(&str, &str, &str, &[&str], &[&str], &[&str])] = &[
        // A string expected, a number typed: report.toml, line 15, column 8, key period.code.
        (
            "report.toml",
            "code = \"2021-H1\"",
            "code = 2021",
            &[
                "report.toml:15:8: key period.code: invalid type: integer `2021`, expected a string",
                "fix: correct the key shown",
            ],
            &[
                "report.toml:15:8: khóa period.code: sai kiểu: gặp số nguyên `2021`, cần một \
                 chuỗi ký tự",
                "cách sửa: sửa khóa đã nêu",
            ],
            &["invalid type", "integer", "a string"],
        ),
        (
            "report.toml",
            "name = \"Lê Văn Ninh\"",
            "name = 5",
            &["report.toml:93:8: key signature.name: invalid type: integer `5`"],
            &["report.toml:93:8: khóa signature.name: sai kiểu: gặp số nguyên `5`"],
            &["invalid type", "integer"],
        ),
        // Another TOML file of the bundle: the key of an array of tables is indexed.
        (
            "targets.toml",
            "value = \"95\"",
            "value = true",
            &["targets.toml:17:9: key target[1].value: invalid type: boolean `true`"],
            &[
                "targets.toml:17:9: khóa target[1].value: sai kiểu: gặp giá trị đúng/sai `true`, \
                 cần một số thập phân",
            ],
            &["invalid type", "boolean", "Decimal"],
        ),
        // A convention report.toml refuses after reading it: line, column and key.
        (
            "report.toml",
            "\n[signature]",
            "\n[convention]\npreset = \"bieu07\"\n\n[signature]",
            &["report.toml:92:10: convention.preset: unknown policy \"bieu07\": expected bieu06"],
            &["report.toml:92:10: convention.preset: quy ước đếm không rõ \"bieu07\": cần bieu06"],
            &["unknown policy", "expected"],
        ),
        (
            "report.toml",
            "\n[signature]",
            "\n[convention]\ndecimals = 9\n\n[signature]",
            &["report.toml:92:12: convention.decimals: invalid query: decimals = 9: expected 0 to 4"],
            &["report.toml:92:12: convention.decimals: yêu cầu không hợp lệ: decimals = 9: cần từ 0 \
               đến 4"],
            &["invalid query", "expected"],
        ),
        // An unknown placeholder in a paragraph: the line and column of its string, its key.
        (
            "report.toml",
            "{portal.posts}",
            "{portal.postz}",
            &[
                "report.toml:52:3: field section[0].section[1].paragraphs[1]: unknown \
                 placeholder {portal.postz} (known: ",
                "fix: write a known {placeholder}",
            ],
            &[
                "report.toml:52:3: trường section[0].section[1].paragraphs[1]: không có chỗ điền \
                 {portal.postz} (các chỗ điền có: ",
                "cách sửa: ghi một chỗ điền {…} có trong danh sách",
            ],
            &["unknown placeholder", "known:"],
        ),
        // A value report.toml refuses after reading it: the field and the value as typed.
        (
            "report.toml",
            "code = \"2021-H1\"",
            "code = \"2021-H3\"",
            &[
                "report.toml: field period.code: invalid value \"2021-H3\": invalid period \
                 \"2021-H3\": expected YYYY-MM",
                "fix: correct the value in the file and field shown",
            ],
            &[
                "report.toml: trường period.code: giá trị không hợp lệ \"2021-H3\": kỳ báo cáo \
                 không hợp lệ \"2021-H3\": cần dạng YYYY-MM",
                "cách sửa: sửa giá trị ở tệp và trường đã nêu",
            ],
            &["invalid", "period "],
        ),
        (
            "report.toml",
            "\"KT. CHỦ TỊCH\"",
            "\"KT. Chủ tịch\"",
            &[
                "report.toml: field signature.lines[1]: invalid value \"KT. Chủ tịch\": authority \
                 and title lines are upper case",
            ],
            &[
                "report.toml: trường signature.lines[1]: giá trị không hợp lệ \"KT. Chủ tịch\": \
                 dòng thẩm quyền và chức vụ người ký viết chữ in hoa",
            ],
            &["upper case", "authority"],
        ),
        // A bad cell of documents.csv (InvalidField): line 3, column number.
        (
            "documents.csv",
            "\n26/KH-UBND,",
            "\n/KH-UBND,",
            &[
                "documents.csv: field line 3 number: invalid value \"/KH-UBND\": document \
                 /KH-UBND: field number = \"/KH-UBND\": a draft's number",
            ],
            &[
                "documents.csv: dòng 3, cột number: giá trị không hợp lệ \"/KH-UBND\": văn bản \
                 /KH-UBND: trường number = \"/KH-UBND\": số của bản dự thảo",
            ],
            &["draft", "document "],
        ),
        // Bad cells of procedures.csv: a code with a space, a statutory time in words.
        (
            "procedures.csv",
            "\nLS.TP.002,",
            "\nLS.TP 002,",
            &[
                "procedures.csv: field line 3 code: invalid value \"LS.TP 002\": procedure \
                 \"LS.TP 002\": field code = \"LS.TP 002\": a code has no spaces",
            ],
            &[
                "procedures.csv: dòng 3, cột code: giá trị không hợp lệ \"LS.TP 002\": thủ tục \
                 \"LS.TP 002\": trường code = \"LS.TP 002\": mã thủ tục không có dấu cách",
            ],
            &["procedure ", "spaces"],
        ),
        (
            "procedures.csv",
            "\"Chứng thực, hộ tịch\",1,3\nLS.TP.003",
            "\"Chứng thực, hộ tịch\",một,3\nLS.TP.003",
            &[
                "procedures.csv: field line 3 days: invalid value \"một\": unknown statutory time \
                 \"một\": expected a whole number of working days",
            ],
            &[
                "procedures.csv: dòng 3, cột days: giá trị không hợp lệ \"một\": thời hạn giải \
                 quyết không rõ \"một\": cần số ngày làm việc là số nguyên",
            ],
            &["unknown", "statutory", "working days"],
        ),
        // A bad row of procedures.csv (ReportError::Csv): the line and what is wrong with it.
        (
            "procedures.csv",
            "\nLS.TP.002,Chứng thực chữ ký,",
            "\nLS.TP.002,",
            &[
                "procedures.csv:3: CSV error: record 2 (line: 3, byte: 138): found record with 5 \
                 fields, but the previous record has 6 fields",
                "fix: correct the line shown of the CSV file",
            ],
            &[
                "procedures.csv:3: dòng có 5 ô trong khi dòng tiêu đề có 6 cột",
                "cách sửa: sửa dòng đã nêu của tệp CSV",
            ],
            &["record", "fields"],
        ),
    ];
    for (file, from, to, en, vi, english_words) in cases {
        let dir = tempfile::tempdir().unwrap();
        let b = bundle(dir.path(), file, |t| {
            assert!(t.contains(from), "{file} has no {from:?}");
            t.replacen(from, to, 1)
        });
        let out = dir.path().join("bao-cao.txt");
        let (code, stdout, stderr) = run(minhbach().arg("report").arg(&b).arg("-o").arg(&out));
        no_panic(&stderr);
        assert_eq!((code, stdout.as_str()), (1, ""), "{file} {to}: {stderr}");
        assert!(!out.exists(), "nothing may be written");
        assert!(stderr.starts_with("error: "), "{stderr}");
        for part in *en {
            assert!(
                stderr.contains(part),
                "{file} {to}: {part:?} not in\n{stderr}"
            );
        }
        let (code, _, stderr) = run(minhbach_vi().arg("report").arg(&b).arg("-o").arg(&out));
        no_panic(&stderr);
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.starts_with("lỗi: "), "{stderr}");
        assert!(stderr.contains("cách sửa: "), "{stderr}");
        for part in *vi {
            assert!(
                stderr.contains(part),
                "{file} {to}: {part:?} not in\n{stderr}"
            );
        }
        for word in english_words.iter().chain(&[
            "error:", "fix:", "invalid", "expected", "field ", "key ", "line ",
        ]) {
            assert!(
                !stderr.contains(word),
                "{file} {to}: English {word:?} in\n{stderr}"
            );
        }
    }
}
