//! The PDF writer: the Lý Sơn report as PDF holds exactly the text of the TXT writer (word for
//! word, read back with poppler's `pdftotext`), on A4 pages, with every font embedded.
//! Needs poppler-utils (`.ci/run` installs it).
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too
#![cfg(feature = "pdf")]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::*;
use minhbach_report::tree::{
    Block, BodyRow, Header, HeaderCell, Inline, ReportDocument, Signature, TableBlock,
};
use minhbach_report::writer;

fn lyson() -> ReportDocument {
    minhbach_report::build_report(bundle_dir()).unwrap()
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} not found ({e}): install poppler-utils"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The words (maximal runs of letters and digits) of `s`, counted.
fn words(s: &str) -> BTreeMap<String, i64> {
    let mut m = BTreeMap::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *m.entry(w.to_string()).or_insert(0) += 1;
    }
    m
}

fn write_pdf(doc: &ReportDocument, dir: &Path) -> std::path::PathBuf {
    let pdf = writer::to_pdf(doc).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let path = dir.join("report.pdf");
    std::fs::write(&path, pdf).unwrap();
    path
}

#[test]
fn pdf_text_is_the_text_writers_word_for_word() {
    let doc = lyson();
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(&doc, dir.path());
    let extracted = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &path);
    let pages = poppler("pdfinfo", &[], &path)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Pages:")
                .map(|n| n.trim().parse::<i64>().unwrap())
        })
        .unwrap();
    let mut want = words(&writer::to_text(&doc));
    let got = words(&extracted);
    // The PDF adds the page numbers of pages 2.. at the top; nothing else.
    for p in 2..=pages {
        *want.entry(p.to_string()).or_insert(0) += 1;
    }
    let mut diff: Vec<String> = Vec::new();
    for k in want.keys().chain(got.keys()) {
        let (w, g) = (
            want.get(k).copied().unwrap_or(0),
            got.get(k).copied().unwrap_or(0),
        );
        if w != g && !diff.iter().any(|d| d.starts_with(&format!("{k:?}"))) {
            diff.push(format!("{k:?}: text {w}, pdf {g}"));
        }
    }
    assert!(
        diff.is_empty(),
        "words differ:\n{}\n--- pdf text ---\n{extracted}",
        diff.join("\n")
    );
    // Vietnamese survives copy and paste, in reading order (line breaks aside).
    let flowing = poppler("pdftotext", &["-enc", "UTF-8"], &path)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for needle in [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 415/BC-UBND",
        "6.691/6.774 hồ sơ đã giải quyết xong theo đúng thời gian quy định",
        "Lê Văn Ninh",
        "Biểu 06",
    ] {
        assert!(
            flowing.contains(needle),
            "{needle:?} not extractable:\n{flowing}"
        );
    }
}

#[test]
fn pages_are_a4_and_fonts_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(&lyson(), dir.path());
    let info = poppler("pdfinfo", &[], &path);
    assert!(
        info.contains("Page size:") && info.contains("(A4)"),
        "{info}"
    );
    let fonts = poppler("pdffonts", &[], &path);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(
        rows.len() >= 3,
        "regular, bold and italic expected:\n{fonts}"
    );
    for r in &rows {
        assert!(r.contains("LiberationSerif"), "{r}");
        // columns: name type encoding emb sub uni object ID
        let cols: Vec<&str> = r.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(cols.get(n - 5), Some(&"yes"), "not embedded: {r}");
        assert_eq!(cols.get(n - 3), Some(&"yes"), "no ToUnicode map: {r}");
    }
}

#[test]
fn hostile_text_is_typeset_as_text() {
    let hostile = [
        "#pagebreak() #panic(\"x\")",
        "\"] #let a = 1 [",
        "*đậm* _nghiêng_ $x^2$ \\ ` ``` @ref <lbl> = Tiêu đề",
        "// chú thích /* khối",
        "\u{202e}ngược\u{200b}rộng",
    ];
    let s = hostile.join(" ");
    let mut doc = ReportDocument::new(
        Header::new(
            "ỦY BAN NHÂN DÂN",
            &s,
            "1/BC-UBND".parse().unwrap(),
            &s,
            None,
            2021,
        ),
        "BÁO CÁO",
        s.clone(),
        Signature::new(&["CHỦ TỊCH"], &s),
    );
    doc.body.push(Block::para(vec![
        Inline::text(s.clone()),
        Inline::figure(s.clone(), "x"),
    ]));
    doc.body.push(Block::Table(TableBlock {
        caption: Some(s.clone()),
        widths: vec![1, 2],
        header: vec![vec![HeaderCell::span(s.clone(), 2, 1)]],
        rows: vec![BodyRow {
            cells: vec![s.clone()],
            bold: true,
        }],
        note: Some(s.clone()),
    }));
    doc.recipients.push(s.clone());
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(&doc, dir.path());
    let text = poppler("pdftotext", &["-enc", "UTF-8"], &path);
    assert!(
        text.contains("#pagebreak()") && text.contains("#panic"),
        "{text}"
    );
    assert!(text.contains("$x^2$"), "{text}");
}
