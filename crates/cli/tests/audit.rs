//! End-to-end tests of `minhbach audit`.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
#![allow(clippy::string_slice)] // test code: a slice off a character boundary fails the test

mod common;

use common::{file, json, minhbach, no_panic, run};

const LAM_DONG: &str = "Trong quý I năm 2020 (tính từ 1/12/2019 đến 29/2/2020) toàn tỉnh đã \
tiếp nhận 659.245 hồ sơ, đã giải quyết 643.272 hồ sơ; trong đó, số hồ sơ giải quyết đúng và \
trước hạn có 635.593 hồ sơ, chiếm tỷ lệ 98,81%; số hồ sơ quá hạn có 7.677 hồ sơ, chiếm tỷ lệ 1,19%.\n";

const GOOD: &str = "Cấp tỉnh đã tiếp nhận 54.575 hồ sơ; đã giải quyết 51.780 hồ sơ, đúng và \
trước hạn 51.072 hồ sơ, đạt tỷ lệ 98,63%; quá hạn còn 708 hồ sơ, chiếm tỷ lệ 1,37%.\n";

#[test]
fn a_broken_identity_exits_1_with_the_arithmetic() {
    let dir = tempfile::tempdir().unwrap();
    let f = file(dir.path(), "lam-dong.txt", LAM_DONG);
    let (code, out, err) = run(minhbach().arg("audit").arg(&f));
    no_panic(&err);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("643.272 ≠ 635.593 + 7.677 = 643.270 (chênh lệch 2)"),
        "{out}"
    );
    assert!(out.contains("✗"), "{out}");
    assert!(out.contains("Tỷ lệ đúng hạn 98,81%"), "{out}");
}

#[test]
fn figures_that_add_up_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let f = file(dir.path(), "good.md", GOOD);
    let (code, out, err) = run(minhbach().arg("audit").arg(&f));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("51.780 = 51.072 + 708 ✓"), "{out}");
    assert!(
        out.contains("51.072 / 51.780 (mẫu số: đã giải quyết) = 98,63%"),
        "{out}"
    );
    assert!(!out.contains('✗'), "{out}");
}

#[test]
fn json_contract() {
    let (code, out, err) = run(minhbach()
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
    assert!(broken["message"].as_str().unwrap().contains("chênh lệch 2"));
    let rate = findings.iter().find(|f| f["kind"] == "rate").unwrap();
    assert_eq!(rate["status"], "reproduced");
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
    let (code, out, err) = run(minhbach().args(["audit", "--format", "md"]).arg(&html));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("# Kiểm tra số liệu hồ sơ"), "{out}");
    assert!(out.contains("| ✓ | cấp tỉnh |"), "{out}");
    assert!(!out.contains("var n"), "{out}");

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
    let (code, out, err) = run(minhbach().arg("audit").arg(&path));
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
    let cases: &[(&str, &[u8], i32, &str)] = &[
        ("empty.txt", b"", 1, "is empty"),
        ("blank.txt", b"  \n\n ", 1, "is empty"),
        (
            "prose.txt",
            "Báo cáo công tác cải cách hành chính năm 2022.".as_bytes(),
            1,
            "no dossier figures found",
        ),
        (
            "scan.txt",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            1,
            "is a PDF file",
        ),
        ("blob.txt", b"\x00\x01\x02\x03binary", 1, "is a binary file"),
        (
            "latin1.txt",
            b"ti\xeap nh\xe2n 12 h\xf4 s\xf4",
            1,
            "not valid UTF-8",
        ),
        (
            "big.txt",
            "tiếp nhận 123456789012345678901234 hồ sơ".as_bytes(),
            1,
            "quá lớn",
        ),
        (
            "date.txt",
            "Từ ngày 30/2/2023 đến ngày 14/3/2023 tiếp nhận 5 hồ sơ.".as_bytes(),
            1,
            "ngày 30/2/2023 không tồn tại",
        ),
        (
            "month.txt",
            "Tháng 13/2023 tiếp nhận 5 hồ sơ.".as_bytes(),
            1,
            "tháng 13 không tồn tại",
        ),
        (
            "bad.toml",
            b"[[scope]]\nrecieved = 5\n",
            1,
            "line 2, column 1",
        ),
    ];
    for (name, bytes, want, msg) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let (code, out, err) = run(minhbach().arg("audit").arg(&p));
        no_panic(&err);
        assert_eq!(code, *want, "{name}: {out}{err}");
        assert!(err.contains(msg), "{name}: {err}");
        assert!(out.is_empty(), "{name}: {out}");
    }
    let pdf = dir.path().join("bao-cao.pdf");
    std::fs::write(&pdf, b"%PDF-1.4").unwrap();
    let (code, _, err) = run(minhbach().arg("audit").arg(&pdf));
    assert_eq!(code, 2);
    assert!(err.contains("pdftotext"), "{err}");
    let (code, _, err) = run(minhbach().args(["audit", "--format", "xml", "x.txt"]));
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(minhbach().args(["audit", "khong-co.txt"]));
    assert_eq!(code, 2, "{err}");
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
