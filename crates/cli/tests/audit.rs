//! End-to-end tests of `minhbach audit`.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
#![allow(clippy::string_slice)] // test code: a slice off a character boundary fails the test

mod common;

use common::{file, json, minhbach, minhbach_vi, no_panic, run};

const LAM_DONG: &str = "Trong quý I năm 2020 (tính từ 1/12/2019 đến 29/2/2020) toàn tỉnh đã \
tiếp nhận 659.245 hồ sơ, đã giải quyết 643.272 hồ sơ; trong đó, số hồ sơ giải quyết đúng và \
trước hạn có 635.593 hồ sơ, chiếm tỷ lệ 98,81%; số hồ sơ quá hạn có 7.677 hồ sơ, chiếm tỷ lệ 1,19%.\n";

const GOOD: &str = "Cấp tỉnh đã tiếp nhận 54.575 hồ sơ; đã giải quyết 51.780 hồ sơ, đúng và \
trước hạn 51.072 hồ sơ, đạt tỷ lệ 98,63%; quá hạn còn 708 hồ sơ, chiếm tỷ lệ 1,37%.\n";

/// The terminal report follows the language of the run: Vietnamese captions and number
/// formats with `--lang vi` (or a Vietnamese locale), figure ids and plain numbers otherwise.
#[test]
fn a_broken_identity_exits_1_with_the_arithmetic() {
    let dir = tempfile::tempdir().unwrap();
    let f = file(dir.path(), "lam-dong.txt", LAM_DONG);
    for vi in [&["audit"][..], &["--lang", "vi", "audit"]] {
        let mut cmd = if vi.len() == 1 {
            minhbach_vi()
        } else {
            minhbach()
        };
        let (code, out, err) = run(cmd.args(vi).arg(&f));
        no_panic(&err);
        assert_eq!(code, 1, "{out}{err}");
        assert!(out.starts_with("KIỂM TRA SỐ LIỆU HỒ SƠ: "), "{out}");
        assert!(
            out.contains("đã giải quyết = đúng và trước hạn + giải quyết quá hạn: 643.272 ≠ 635.593 + 7.677 = 643.270 (chênh lệch 2)"),
            "{out}"
        );
        assert!(out.contains("✗"), "{out}");
        assert!(out.contains("Tỷ lệ đúng hạn 98,81%"), "{out}");
        assert!(out.contains("✓ (cảnh báo)"), "{out}");
        assert!(
            out.contains("Tổng hợp: 2 kiểm tra đạt, 1 kiểm tra không đạt"),
            "{out}"
        );
    }
    let (code, out, err) = run(minhbach().arg("audit").arg(&f));
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.starts_with("DOSSIER FIGURES CHECK: "), "{out}");
    assert!(
        out.contains("resolved = resolved_in_time + resolved_late: 643272 ≠ 635593 + 7677 = 643270 (difference 2)"),
        "{out}"
    );
    assert!(
        out.contains("on_time_rate 98.81%: 635593 / 643270 (denominator: resolved) = 98.81% (half-up rounding, 2 decimals, leaving out the contradictory figure «resolved») ✓ — 3 conventions give the same result"),
        "{out}"
    );
    assert!(out.contains("✓ (warning)"), "{out}");
    assert!(
        out.contains("Summary: 2 checks pass, 1 check fails, 0 rates not recomputed, 0 numbers not attached."),
        "{out}"
    );
    // The quotations stay as the text writes them.
    assert!(out.contains("«chiếm tỷ lệ 98,81%»"), "{out}");
    assert!(
        !out.contains("chênh lệch") && !out.contains("mẫu số"),
        "{out}"
    );
}

/// Unattached numbers and unchecked rates give their reasons in the language of the run, in
/// the text, Markdown and JSON outputs (JSON: the text beside a stable code).
#[test]
fn reasons_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let f = file(
        dir.path(),
        "ly-do.txt",
        "Có 40 hồ sơ. Tỷ lệ hồ sơ trực tuyến đạt 18,9%.\n",
    );
    let (_, en, _) = run(minhbach().arg("audit").arg(&f));
    assert!(
        en.contains("40 — line 1: unclear which number of dossiers this is «Có 40 hồ sơ»"),
        "{en}"
    );
    assert!(en.contains("Rates not recomputed (1):"), "{en}");
    assert!(
        en.contains(
            "[chung] online_rate 18.9% — line 1: the stated numbers of dossiers do not suffice"
        ),
        "{en}"
    );
    let (_, vi, _) = run(minhbach_vi().arg("audit").arg(&f));
    assert!(
        vi.contains("40 — dòng 1: không rõ đây là số hồ sơ nào «Có 40 hồ sơ»"),
        "{vi}"
    );
    assert!(vi.contains("Tỷ lệ chưa tính lại được (1):"), "{vi}");
    assert!(
        vi.contains("[chung] tỷ lệ trực tuyến 18,9% — dòng 1: các số hồ sơ được nêu không đủ"),
        "{vi}"
    );
    let (_, md, _) = run(minhbach_vi().args(["audit", "--format", "md"]).arg(&f));
    assert!(
        md.contains("| 40 | không rõ đây là số hồ sơ nào | Có 40 hồ sơ |"),
        "{md}"
    );
    let (_, md, _) = run(minhbach().args(["audit", "--format", "md"]).arg(&f));
    assert!(
        md.contains("| 40 | unclear which number of dossiers this is | Có 40 hồ sơ |"),
        "{md}"
    );
    for (cmd, reason, unchecked) in [
        (
            minhbach(),
            "unclear which number of dossiers this is",
            "the stated numbers",
        ),
        (
            minhbach_vi(),
            "không rõ đây là số hồ sơ nào",
            "các số hồ sơ được nêu",
        ),
    ] {
        let mut cmd = cmd;
        let (_, out, _) = run(cmd.args(["audit", "--format", "json"]).arg(&f));
        let v = json(&out);
        let u = &v["unattached"][0];
        assert_eq!(u["reason_code"], "unknown_count");
        assert_eq!(u["reason"], reason);
        let c = &v["unchecked"][0];
        assert_eq!(c["reason_code"], "not_enough_counts");
        assert!(c["reason"].as_str().unwrap().starts_with(unchecked), "{c}");
    }
}

#[test]
fn figures_that_add_up_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let f = file(dir.path(), "good.md", GOOD);
    let (code, out, err) = run(minhbach_vi().arg("audit").arg(&f));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("51.780 = 51.072 + 708 ✓"), "{out}");
    assert!(
        out.contains("51.072 / 51.780 (mẫu số: đã giải quyết) = 98,63%"),
        "{out}"
    );
    assert!(!out.contains('✗'), "{out}");
    let (code, out, err) = run(minhbach().arg("audit").arg(&f));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("51780 = 51072 + 708 ✓"), "{out}");
    assert!(
        out.contains("51072 / 51780 (denominator: resolved) = 98.63%"),
        "{out}"
    );
    assert!(
        out.contains("Summary: 3 checks pass, 0 checks fail"),
        "{out}"
    );
}

#[test]
fn json_contract() {
    let (code, out, err) = run(minhbach_vi()
        .args(["audit", "-", "--format", "json"])
        .write_stdin(LAM_DONG));
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    let figures = v["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 6);
    let f = &figures[0];
    assert_eq!(f["name"], "received");
    assert_eq!(f["value"], "659245");
    assert_eq!(f["scope"], "toàn tỉnh");
    assert_eq!(f["text"], "toàn tỉnh đã tiếp nhận 659.245 hồ sơ");
    let (start, end) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&LAM_DONG[start..end], "659.245");
    let findings = v["findings"].as_array().unwrap();
    let broken = findings.iter().find(|f| f["status"] == "broken").unwrap();
    assert_eq!(broken["kind"], "identity");
    assert_eq!(broken["severity"], "error");
    assert_eq!(broken["figures"][0], "resolved");
    assert_eq!(broken["published"], "643272");
    assert_eq!(broken["computed"], "643270");
    assert_eq!(broken["difference"], 2);
    // `message`: the arithmetic in the language of the run; `arithmetic`: the same as data.
    assert!(broken["message"].as_str().unwrap().contains("chênh lệch 2"));
    let identity = &broken["arithmetic"]["identity"];
    assert_eq!(identity["total"][0]["name"], "resolved");
    assert_eq!(identity["total"][0]["value"], 643272);
    assert_eq!(identity["parts"][1]["name"], "resolved_late");
    assert_eq!(identity["set_aside_unstated"], false);
    let (_, en, _) = run(minhbach()
        .args(["audit", "-", "--format", "json"])
        .write_stdin(LAM_DONG));
    let en = json(&en);
    let en_broken = en["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["status"] == "broken")
        .unwrap();
    assert_eq!(
        en_broken["message"],
        "resolved = resolved_in_time + resolved_late: 643272 ≠ 635593 + 7677 = 643270 (difference 2)"
    );
    // Everything but the worded fields is the same in both languages.
    let strip = |mut v: serde_json::Value| {
        for f in v["findings"].as_array_mut().unwrap() {
            f.as_object_mut().unwrap().remove("message");
        }
        v
    };
    assert_eq!(strip(en.clone()), strip(v.clone()));
    let rate = findings.iter().find(|f| f["kind"] == "rate").unwrap();
    assert_eq!(rate["status"], "reproduced");
    let arithmetic = &rate["arithmetic"]["rate"];
    assert_eq!(arithmetic["name"], "on_time_rate");
    assert_eq!(arithmetic["published"], "98.81");
    assert_eq!(arithmetic["recomputed"]["denominator_name"], "resolved");
    assert_eq!(arithmetic["recomputed"]["rounding"], "half_up");
    assert_eq!(arithmetic["reproducing"], 3);
    assert_eq!(rate["published"], "98.81");
    assert!(rate["difference"].is_null());
    assert!(rate["conventions"][0]
        .as_str()
        .unwrap()
        .starts_with("denominator=resolved rounding=half_up decimals=2"));
    assert!(v["unattached"].as_array().unwrap().is_empty());
}

#[test]
fn markdown_html_and_toml_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let html = file(
        dir.path(),
        "thong-cao.html",
        &format!(
            "<html><head><title>x</title><script>var n = '12 hồ sơ';</script></head><body><h1>Thông cáo</h1><p>{}</p></body></html>",
            GOOD.replace("đúng và", "đúng &amp;amp; trước") .replace("đúng &amp;amp; trước trước", "đúng và trước")
        ),
    );
    let (code, out, err) = run(minhbach_vi().args(["audit", "--format", "md"]).arg(&html));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("# Kiểm tra số liệu hồ sơ"), "{out}");
    assert!(out.contains("| ✓ | cấp tỉnh |"), "{out}");
    assert!(
        out.contains("| Phạm vi | Kỳ | Số liệu | Giá trị | Trích dẫn |"),
        "{out}"
    );
    assert!(!out.contains("var n"), "{out}");
    let (code, out, err) = run(minhbach().args(["audit", "--format", "md"]).arg(&html));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("# Dossier figures check"), "{out}");
    assert!(
        out.contains("| Scope | Period | Figure | Value | Quoted |"),
        "{out}"
    );
    assert!(
        out.contains(
            "| ✓ | cấp tỉnh | resolved = resolved_in_time + resolved_late: 51780 = 51072 + 708 ✓ |"
        ),
        "{out}"
    );

    let toml = file(
        dir.path(),
        "so-lieu.toml",
        "period = \"Quý I/2020\"\n[[scope]]\nname = \"cấp tỉnh\"\nresolved = 51780\nresolved_in_time = 51072\nresolved_late = 708\non_time_rate = \"98.64\"\n",
    );
    let (code, out, err) = run(minhbach().args(["audit", "--format", "json"]).arg(&toml));
    assert_eq!(code, 1, "{out}{err}");
    let v = json(&out);
    let rate = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "rate")
        .unwrap();
    assert_eq!(rate["status"], "not_reproducible");
    assert_eq!(rate["computed"], "98.63");
    assert_eq!(rate["severity"], "warning");
}

#[test]
fn docx_text_is_read() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bao-cao.docx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let opts: zip::write::SimpleFileOptions = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", opts).unwrap();
    let body: String = GOOD
        .split("; ")
        .map(|s| format!("<w:p><w:r><w:t xml:space=\"preserve\">{s}; </w:t></w:r></w:p>"))
        .collect();
    write!(
        zip,
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    )
    .unwrap();
    zip.finish().unwrap();
    let (code, out, err) = run(minhbach_vi().arg("audit").arg(&path));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("51.780 = 51.072 + 708 ✓"), "{out}");
    // A file that is not a DOCX but named .docx.
    let fake = file(dir.path(), "fake.docx", "not a zip");
    let (code, _, err) = run(minhbach().arg("audit").arg(&fake));
    assert_eq!(code, 1);
    assert!(err.contains("not a readable DOCX file"), "{err}");
}

#[test]
fn bad_inputs_have_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    // (file, content, exit code, English, Vietnamese)
    let cases: &[(&str, &[u8], i32, &str, &str)] = &[
        (
            "empty.txt",
            b"",
            1,
            "is empty",
            "trống: không có số liệu hồ sơ nào",
        ),
        (
            "blank.txt",
            b"  \n\n ",
            1,
            "is empty",
            "trống: không có số liệu hồ sơ nào",
        ),
        (
            "prose.txt",
            "Báo cáo công tác cải cách hành chính năm 2022.".as_bytes(),
            1,
            "no dossier figures found",
            "không tìm thấy số liệu hồ sơ nào trong",
        ),
        (
            "scan.txt",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            1,
            "is a PDF file",
            "là tệp PDF, không phải văn bản",
        ),
        (
            "blob.txt",
            b"\x00\x01\x02\x03binary",
            1,
            "is a binary file",
            "là tệp nhị phân, không phải văn bản",
        ),
        (
            "latin1.txt",
            b"ti\xeap nh\xe2n 12 h\xf4 s\xf4",
            1,
            "not valid UTF-8",
            "không phải văn bản UTF-8 hợp lệ",
        ),
        (
            "big.txt",
            "tiếp nhận 123456789012345678901234 hồ sơ".as_bytes(),
            1,
            "is too large",
            "quá lớn",
        ),
        (
            "date.txt",
            "Từ ngày 30/2/2023 đến ngày 14/3/2023 tiếp nhận 5 hồ sơ.".as_bytes(),
            1,
            "the date 30/2/2023 does not exist",
            "ngày 30/2/2023 không tồn tại",
        ),
        (
            "month.txt",
            "Tháng 13/2023 tiếp nhận 5 hồ sơ.".as_bytes(),
            1,
            "month 13 does not exist",
            "tháng 13 không tồn tại",
        ),
        (
            "bad.toml",
            b"[[scope]]\nrecieved = 5\n",
            1,
            "line 2, column 1",
            "dòng 2, cột 1",
        ),
    ];
    for (name, bytes, want, en, vi) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let (code, out, err) = run(minhbach().arg("audit").arg(&p));
        no_panic(&err);
        assert_eq!(code, *want, "{name}: {out}{err}");
        assert!(
            err.starts_with("error: ") && err.contains(en),
            "{name}: {err}"
        );
        assert!(err.contains("\n  fix: "), "{name}: {err}");
        assert!(out.is_empty(), "{name}: {out}");
        let (code, out, err) = run(minhbach_vi().arg("audit").arg(&p));
        assert_eq!(code, *want, "{name}: {out}{err}");
        assert!(
            err.starts_with("lỗi: ") && err.contains(vi),
            "{name}: {err}"
        );
        assert!(err.contains("\n  cách sửa: "), "{name}: {err}");
        assert!(out.is_empty(), "{name}: {out}");
    }
    let pdf = dir.path().join("bao-cao.pdf");
    std::fs::write(&pdf, b"%PDF-1.4").unwrap();
    let (code, _, err) = run(minhbach().arg("audit").arg(&pdf));
    assert_eq!(code, 2);
    assert!(err.contains(".pdf files are not read by audit"), "{err}");
    assert!(err.contains("pdftotext"), "{err}");
    let (code, _, err) = run(minhbach_vi().arg("audit").arg(&pdf));
    assert_eq!(code, 2);
    assert!(err.contains("lệnh audit không đọc tệp .pdf"), "{err}");
    assert!(err.contains("cách sửa: lưu báo cáo dạng .docx"), "{err}");
    let (code, _, err) = run(minhbach().args(["audit", "--format", "xml", "x.txt"]));
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(minhbach().args(["audit", "khong-co.txt"]));
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(minhbach_vi().args(["audit", "khong-co.txt"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with("lỗi: "), "{err}");
}

/// Bad figures in a text or a figures file: the file, line and column, and the reason in the
/// language of the run (`error:`/`fix:` in English, `lỗi:`/`cách sửa:` in Vietnamese).
#[test]
fn bad_audit_inputs_name_file_line_and_column_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    // (file, content, English, Vietnamese)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "lon.txt",
            "Kỳ báo cáo:\ntiếp nhận 123456789012345678901234 hồ sơ",
            "line 2, column 11: the number 123456789012345678901234 is too large (above 18446744073709551615)",
            "dòng 2, cột 11: số 123456789012345678901234 quá lớn (vượt quá 18446744073709551615)",
        ),
        (
            "ngay.txt",
            "Từ ngày 30/2/2023 đến ngày 14/3/2023 tiếp nhận 5 hồ sơ.",
            "line 1, column 9: the date 30/2/2023 does not exist",
            "dòng 1, cột 9: ngày 30/2/2023 không tồn tại",
        ),
        (
            "thang.txt",
            "Tháng 13/2023 tiếp nhận 5 hồ sơ.",
            "line 1, column 1: month 13 does not exist (Tháng 13/2023)",
            "dòng 1, cột 1: tháng 13 không tồn tại (Tháng 13/2023)",
        ),
        (
            "sai-ten.toml",
            "[[scope]]\nreceived = 5\nrecieved = 6\n",
            "line 3, column 1: no figure is named \"recieved\"; the valid names: received,",
            "dòng 3, cột 1: không có số liệu tên \"recieved\"; các tên hợp lệ: received,",
        ),
        (
            "am.toml",
            "[[scope]]\nname = \"cấp xã\"\n  resolved = -5\n",
            "line 3, column 3: resolved must be a non-negative integer",
            "dòng 3, cột 3: resolved phải là một số nguyên không âm",
        ),
        (
            "ty-le.toml",
            "[[scope]]\non_time_rate = \"chín mươi\"\n",
            "line 2, column 1: on_time_rate = \"chín mươi\" is not a number",
            "dòng 2, cột 1: on_time_rate = \"chín mươi\" không phải là số",
        ),
        (
            "le.toml",
            "[[scope]]\nresolved = \"12,5\"\n",
            "line 2, column 1: resolved: a number of dossiers must be a whole number",
            "dòng 2, cột 1: resolved: số hồ sơ phải là số nguyên",
        ),
        (
            "khoa.toml",
            "nam = 2020\n[[scope]]\nreceived = 5\n",
            "line 1, column 1: key \"nam\" is not allowed at the top of the file",
            "dòng 1, cột 1: khóa \"nam\" không hợp lệ ở đầu tệp",
        ),
        (
            "khong-scope.toml",
            "period = \"Quý I/2020\"\n",
            "line 1, column 1: the file has no [[scope]] table",
            "dòng 1, cột 1: tệp không có bảng [[scope]] nào",
        ),
        (
            "hong.toml",
            "[[scope]\nreceived = 5\n",
            "line 1, column ",
            "dòng 1, cột ",
        ),
    ];
    for (name, content, en, vi) in cases {
        let p = file(dir.path(), name, content);
        let shown = p.display().to_string();
        let (code, out, err) = run(minhbach().arg("audit").arg(&p));
        no_panic(&err);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(out.is_empty(), "{name}: {out}");
        assert!(
            err.starts_with(&format!("error: {shown}: {en}")),
            "{name}: {err}"
        );
        assert!(err.contains("fix: "), "{name}: {err}");
        for (cmd, how) in [
            (minhbach().args(["--lang", "vi", "audit"]), "--lang vi"),
            (minhbach_vi().arg("audit"), "LANG=vi_VN.UTF-8"),
        ] {
            let (code, out, err) = run(cmd.arg(&p));
            assert_eq!(code, 1, "{name} {how}: {out}{err}");
            assert!(out.is_empty(), "{name} {how}: {out}");
            assert!(
                err.starts_with(&format!("lỗi: {shown}: {vi}")),
                "{name} {how}: {err}"
            );
            assert!(err.contains("cách sửa: "), "{name} {how}: {err}");
            assert!(!err.contains("error:"), "{name} {how}: {err}");
        }
    }
    // The fix names what to correct: the figures file, or the text.
    let (_, _, err) = run(minhbach().arg("audit").arg(dir.path().join("am.toml")));
    assert!(
        err.contains("fix: correct the figures file at that line"),
        "{err}"
    );
    let (_, _, err) = run(minhbach_vi().arg("audit").arg(dir.path().join("ngay.txt")));
    assert!(
        err.contains("cách sửa: sửa số hoặc ngày trong văn bản"),
        "{err}"
    );
    // The TOML parser's own detail is quoted after the sentence of the run's language.
    let p = dir.path().join("hong.toml");
    let (_, _, err) = run(minhbach().arg("audit").arg(&p));
    assert!(err.contains("invalid TOML figures file: "), "{err}");
    let (_, _, err) = run(minhbach_vi().arg("audit").arg(&p));
    assert!(err.contains("tệp số liệu TOML không hợp lệ: "), "{err}");
}

/// `-o FILE`: the extension chooses the format (as for `aggregate`, `merge` and `score`); an
/// explicit `--format` that names another format exits 2 and writes nothing.
#[test]
fn the_output_extension_chooses_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = file(dir.path(), "good.txt", GOOD);
    let written = |name: &str, format: Option<&str>| {
        let out = dir.path().join(name);
        let mut cmd = minhbach();
        cmd.arg("audit").arg(&input).arg("-o").arg(&out);
        if let Some(f) = format {
            cmd.args(["--format", f]);
        }
        let (code, stdout, err) = run(&mut cmd);
        no_panic(&err);
        (code, stdout, err, std::fs::read_to_string(&out).ok())
    };
    let (code, stdout, err, md) = written("kiem-tra.md", None);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty(), "{stdout}");
    let md = md.unwrap();
    assert!(md.starts_with("# ") && md.contains("|---|"), "{md}");
    let (code, _, err, j) = written("ket-qua.JSON", None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&j.unwrap())["figures"].as_array().unwrap().len(), 6);
    for name in ["ket-qua.txt", "ket-qua.out", "ket-qua"] {
        let (code, _, err, t) = written(name, None);
        assert_eq!(code, 0, "{name}: {err}");
        let t = t.unwrap();
        assert!(
            t.contains("51780 = 51072 + 708 ✓") && !t.contains("|---|"),
            "{name}: {t}"
        );
    }
    // An explicit format that agrees with the extension, or a file whose extension names none.
    let (code, _, err, md) = written("hai.md", Some("md"));
    assert_eq!(code, 0, "{err}");
    assert!(md.unwrap().starts_with("# "));
    let (code, _, err, j) = written("ket-qua.log", Some("json"));
    assert_eq!(code, 0, "{err}");
    json(&j.unwrap());
    // A conflict: exit 2, nothing written, in both languages.
    for (name, format) in [
        ("xung-dot.md", "json"),
        ("xung-dot.json", "text"),
        ("xung-dot.txt", "md"),
    ] {
        let (code, stdout, err, written) = written(name, Some(format));
        assert_eq!(code, 2, "{name}: {err}");
        assert!(stdout.is_empty() && written.is_none(), "{name}: {stdout}");
        assert!(
            err.starts_with(&format!(
                "error: --format {format} writes {format}, but the output file ends in ."
            )),
            "{name}: {err}"
        );
    }
    let out = dir.path().join("xung-dot.md");
    let (code, _, err) = run(minhbach_vi()
        .arg("audit")
        .arg(&input)
        .args(["--format", "json", "-o"])
        .arg(&out));
    assert_eq!(code, 2, "{err}");
    assert!(!out.exists());
    assert!(
        err.starts_with(
            "lỗi: --format json ghi dạng json, nhưng tệp kết quả có đuôi .md (dạng md)"
        ),
        "{err}"
    );
    assert!(
        err.contains("cách sửa: bỏ --format để ghi dạng md"),
        "{err}"
    );
}

#[test]
fn a_50_mb_text_is_read_in_one_pass() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("lon.txt");
    let block = format!(
        "{}{}",
        "Ủy ban nhân dân huyện đã chỉ đạo các cơ quan, đơn vị thực hiện nghiêm túc công tác cải cách hành chính, công khai thủ tục hành chính trên Cổng thông tin điện tử. "
            .repeat(40),
        GOOD
    );
    let mut text = String::with_capacity(50 * 1024 * 1024 + block.len());
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&block);
    }
    std::fs::write(&p, &text).unwrap();
    let (code, out, err) = run(minhbach().args(["audit", "--format", "json"]).arg(&p));
    no_panic(&err);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let repeats = text.matches("Cấp tỉnh đã tiếp nhận").count();
    assert_eq!(v["figures"].as_array().unwrap().len(), repeats * 6);
}
