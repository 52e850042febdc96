//! Hostile workbooks (issues #15 and #16), each generated at test time with its exact
//! outcome: a clear error, or the right figures within bounded memory — never a panic, an
//! abort or an allocation sized by what the file declares.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use std::io::Write;
use std::path::{Path, PathBuf};

use minhbach_engine::aggregate::{
    aggregate_file, aggregate_xlsx_reader, Aggregation, DuplicateCheck, GroupKey, Query, Reader,
    Window,
};
use minhbach_model::parse_datetime;

fn query() -> Query {
    Query::new("2021-H1".parse().unwrap()).group_by([GroupKey::Agency])
}

/// A minimal XLSX package around a sheet's XML (the `<sheetData>` content and what precedes
/// it), optional shared strings and styles.
struct Raw<'a> {
    sheet: &'a str,
    sst: Option<&'a str>,
    styles: Option<&'a str>,
    date1904: bool,
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;

impl<'a> Raw<'a> {
    /// A package of `sheet` alone: no shared strings, no styles, the 1900 date system.
    fn sheet(sheet: &'a str) -> Raw<'a> {
        Raw {
            sheet,
            sst: None,
            styles: None,
            date1904: false,
        }
    }
}

/// [`write_raw`] of [`Raw::sheet`].
fn write_sheet(path: &Path, sheet: &str) {
    write_raw(path, &Raw::sheet(sheet));
}

fn write_raw(path: &Path, raw: &Raw<'_>) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut put = |name: &str, body: &[u8]| {
        z.start_file(name, o).unwrap();
        z.write_all(body).unwrap();
    };
    put("[Content_Types].xml", CONTENT_TYPES.as_bytes());
    put(
        "_rels/.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    let pr = if raw.date1904 {
        r#"<workbookPr date1904="1"/>"#
    } else {
        ""
    };
    put(
        "xl/workbook.xml",
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{pr}<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#).as_bytes(),
    );
    put(
        "xl/_rels/workbook.xml.rels",
        br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
    );
    if let Some(sst) = raw.sst {
        put("xl/sharedStrings.xml", sst.as_bytes());
    }
    if let Some(st) = raw.styles {
        put("xl/styles.xml", st.as_bytes());
    }
    put(
        "xl/worksheets/sheet1.xml",
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{}</worksheet>"#, raw.sheet).as_bytes(),
    );
    z.finish().unwrap();
}

/// An inline-string cell.
fn s(r: &str, v: &str) -> String {
    format!(r#"<c r="{r}" t="inlineStr"><is><t>{v}</t></is></c>"#)
}

const HEADER: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>received_at</t></is></c><c r="C1" t="inlineStr"><is><t>agency</t></is></c></row>"#;

fn data_row(r: u32, id: &str) -> String {
    format!(
        "<row r=\"{r}\">{}{}{}</row>",
        s(&format!("A{r}"), id),
        s(&format!("B{r}"), "2021-03-01T08:00:00"),
        s(&format!("C{r}"), "TP")
    )
}

fn tmp(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

fn run(path: &Path) -> Result<Aggregation, String> {
    aggregate_file(path, &query()).map_err(|e| e.to_string())
}

/// A 2 KB workbook with one cell at XFD1048576 (declared extent A1:XFD1048576): calamine
/// asked for 549 GB; the stream reads the two dossiers and ignores the far cell.
#[test]
fn a_cell_at_xfd1048576_is_read_without_allocating_the_extent() {
    let dir = tempfile::tempdir().unwrap();
    let p = tmp(&dir, "far.xlsx");
    let sheet = format!(
        r#"<dimension ref="A1:XFD1048576"/><sheetData>{HEADER}{}{}<row r="1048576">{}</row></sheetData>"#,
        data_row(2, "A1"),
        data_row(3, "A2"),
        s("XFD1048576", "ghi chú")
    );
    write_sheet(&p, &sheet);
    assert!(std::fs::metadata(&p).unwrap().len() < 2048);
    let a = run(&p).unwrap();
    assert_eq!((a.report.rows_read, a.report.rows_counted), (2, 2));
    assert_eq!(a.total().received_direct_postal, 2);
}

/// 20,000 rows and one note in column XFD (calamine: 10 GB): every row counted.
#[test]
fn a_note_in_column_xfd_under_20000_rows_is_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let p = tmp(&dir, "wide.xlsx");
    let mut sheet = format!("<sheetData>{HEADER}");
    for r in 2..=20_001u32 {
        if r == 10_000 {
            sheet.push_str(&format!(
                "<row r=\"{r}\">{}{}{}{}</row>",
                s(&format!("A{r}"), &format!("H{r}")),
                s(&format!("B{r}"), "2021-03-01T08:00:00"),
                s(&format!("C{r}"), "TP"),
                s(&format!("XFD{r}"), "ghi chú")
            ));
        } else {
            sheet.push_str(&data_row(r, &format!("H{r}")));
        }
    }
    sheet.push_str("</sheetData>");
    write_sheet(&p, &sheet);
    let a = run(&p).unwrap();
    assert_eq!(
        (a.report.rows_read, a.report.rows_counted),
        (20_000, 20_000)
    );
}

/// References past Excel's limits are refused as malformed, before anything is read.
#[test]
fn references_past_excel_limits_are_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    for (i, sheet) in [
        format!(r#"<dimension ref="A1:XFE1"/><sheetData>{HEADER}</sheetData>"#),
        format!(
            r#"<sheetData>{HEADER}<row r="1048577">{}</row></sheetData>"#,
            s("A1048577", "x")
        ),
        format!(
            r#"<sheetData>{HEADER}<row r="2">{}</row></sheetData>"#,
            s("XFE2", "x")
        ),
    ]
    .iter()
    .enumerate()
    {
        let p = tmp(&dir, &format!("beyond{i}.xlsx"));
        write_raw(
            &p,
            &Raw {
                sheet,
                sst: None,
                styles: None,
                date1904: false,
            },
        );
        let e = run(&p).unwrap_err();
        assert!(
            e.contains("beyond Excel's limits (1048576 rows, 16384 columns: XFD)"),
            "{i}: {e}"
        );
        assert!(e.starts_with(&p.display().to_string()), "{e}");
    }
}

/// A sheet of `rows` data rows under the header, up to row 1,048,576 at most; rows 2 to
/// `dense + 1` and the last ones are written, the rows between are absent (as Excel leaves
/// empty rows out).
fn tall_sheet(path: &Path, dense: u32) {
    // shared strings keep it small: every row is agency 0, date 1
    let sst = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>TP</t></si><si><t>2021-03-01T08:00:00</t></si></sst>"#;
    let mut sheet = format!("<sheetData>{HEADER}");
    let row = |r: u32| {
        format!(
            r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="s"><v>1</v></c><c r="C{r}" t="s"><v>0</v></c></row>"#
        )
    };
    for r in 2..=dense + 1 {
        sheet.push_str(&row(r));
    }
    for r in (dense + 2).max(1_048_576 - 9)..=1_048_576u32 {
        sheet.push_str(&row(r));
    }
    sheet.push_str("</sheetData>");
    write_raw(
        path,
        &Raw {
            sst: Some(sst),
            ..Raw::sheet(&sheet)
        },
    );
}

/// A sheet reaching row 1,048,576 (Excel's last) is streamed: memory does not depend on the
/// extent, the last rows are counted with their spreadsheet row numbers.
#[test]
fn a_sheet_reaching_row_1048576_is_streamed() {
    tall_sheet_streams(5_000, 5_010);
}

/// The full-size case: 1,048,575 dossier rows (every row of a sheet). Slow in a debug build;
/// run with `cargo test --release -p minhbach-engine --test xlsx_hostile -- --ignored`
/// (docs/performance.md has its time and peak memory through the CLI).
#[test]
#[ignore = "full size: run in release"]
fn a_sheet_of_1048576_rows_is_streamed() {
    tall_sheet_streams(1_048_575, 1_048_575);
}

/// Writes [`tall_sheet`] with `dense` rows and checks that all `dossiers` rows are counted,
/// none rejected.
fn tall_sheet_streams(dense: u32, dossiers: u64) {
    let dir = tempfile::tempdir().unwrap();
    let p = tmp(&dir, "tall.xlsx");
    tall_sheet(&p, dense);
    let a = run(&p).unwrap();
    assert_eq!(a.report.rows_read, dossiers);
    assert_eq!(a.report.rows_rejected, 0);
    let table = a.table();
    assert_eq!(
        table.row(&["TP"]).unwrap().counts.received_direct_postal,
        dossiers
    );
}

/// A cell with a 10 MB inline string: in the id column the row is rejected (field limit),
/// in a column not read it is ignored.
#[test]
fn a_10_mb_inline_string_is_rejected_or_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x".repeat(10 << 20);
    let p = tmp(&dir, "big.xlsx");
    let sheet = format!(
        "<sheetData>{HEADER}<row r=\"2\">{}{}{}</row>{}<row r=\"4\">{}{}{}{}</row></sheetData>",
        s("A2", &big),
        s("B2", "2021-03-01T08:00:00"),
        s("C2", "TP"),
        data_row(3, "A3"),
        s("A4", "A4"),
        s("B4", "2021-03-01T08:00:00"),
        s("C4", "TP"),
        s("H4", &big),
    );
    write_sheet(&p, &sheet);
    let a = run(&p).unwrap();
    assert_eq!((a.report.rows_read, a.report.rows_counted), (3, 2));
    let r = &a.report.rejected[0];
    assert_eq!((r.line, r.column.as_deref()), (2, Some("id")));
    assert!(r.reason.to_string().contains("65536"), "{}", r.reason);
}

/// A shared-strings table of `n` entries declaring a `uniqueCount` of 4 billion, and a
/// cell pointing at its last entry, then one past it.
fn shared_strings_case(n: u32) {
    let dir = tempfile::tempdir().unwrap();
    let p = tmp(&dir, "sst.xlsx");
    let mut sst = String::from(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000">"#,
    );
    for i in 0..n {
        sst.push_str(&format!("<si><t>{i}</t></si>"));
    }
    sst.push_str("</sst>");
    let sheet = format!(
        r#"<sheetData>{HEADER}<row r="2"><c r="A2" t="s"><v>{}</v></c>{}{}</row></sheetData>"#,
        n - 1,
        s("B2", "2021-03-01T08:00:00"),
        s("C2", "TP")
    );
    write_raw(
        &p,
        &Raw {
            sst: Some(&sst),
            ..Raw::sheet(&sheet)
        },
    );
    let a = run(&p).unwrap();
    assert_eq!(a.report.rows_counted, 1);
    // an index past the table is an error naming the cell
    let p2 = tmp(&dir, "sst2.xlsx");
    let sheet = format!(
        r#"<sheetData>{HEADER}<row r="2"><c r="A2" t="s"><v>{n}</v></c></row></sheetData>"#
    );
    write_raw(
        &p2,
        &Raw {
            sst: Some(&sst),
            ..Raw::sheet(&sheet)
        },
    );
    let e = run(&p2).unwrap_err();
    assert!(
        e.contains(&format!(
            "cell A2: shared string \"{n}\" is not in the table of {n} strings"
        )),
        "{e}"
    );
}

/// A large shared-strings table is held compactly (one buffer, one offset per string) and a
/// declared `uniqueCount` of 4 billion allocates nothing.
#[test]
fn a_large_shared_strings_table_and_a_lying_unique_count() {
    shared_strings_case(200_000);
}

/// The full-size case of the issue: 5M shared strings (slow in a debug build; run with
/// `--release -- --ignored`).
#[test]
#[ignore = "full size: run in release"]
fn five_million_shared_strings() {
    shared_strings_case(5_000_000);
}

/// A broken zip (truncated), a zip that is not a workbook, and malformed XML.
#[test]
fn broken_archives_and_xml_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = tmp(&dir, "ok.xlsx");
    let sheet = format!("<sheetData>{HEADER}{}</sheetData>", data_row(2, "A1"));
    write_sheet(&p, &sheet);
    let bytes = std::fs::read(&p).unwrap();
    let cut = tmp(&dir, "cut.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let e = run(&cut).unwrap_err();
    assert!(e.contains("not a readable spreadsheet"), "{e}");
    // in memory, same outcome
    let e = aggregate_xlsx_reader(
        std::io::Cursor::new(&bytes[..bytes.len() / 2]),
        "up.xlsx",
        &query(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("up.xlsx: not a readable spreadsheet"), "{e}");
    let a = aggregate_xlsx_reader(std::io::Cursor::new(&bytes), "up.xlsx", &query()).unwrap();
    assert_eq!(a.report.rows_counted, 1);
    // a zip without a workbook part
    let other = tmp(&dir, "other.xlsx");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&other).unwrap());
        z.start_file("readme.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"hello").unwrap();
        z.finish().unwrap();
    }
    let e = run(&other).unwrap_err();
    assert!(
        e.contains("no workbook part (xl/workbook.xml): not an XLSX file"),
        "{e}"
    );
    // XML cut inside the sheet
    let trunc = tmp(&dir, "trunc.xlsx");
    let sheet = format!(
        "<sheetData>{HEADER}{}<row r=\"3\"><c r=\"A3\"",
        data_row(2, "A1")
    );
    write_sheet(&trunc, &sheet);
    let e = run(&trunc).unwrap_err();
    assert!(
        e.contains("not a readable spreadsheet: part \"xl/worksheets/sheet1.xml\""),
        "{e}"
    );
}

/// An encrypted workbook (an OLE compound file with an EncryptedPackage stream) is named as
/// such, whatever its extension.
#[test]
fn an_encrypted_workbook_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = vec![0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    data.resize(1024, 0);
    data.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    data.resize(4096, 0);
    for name in ["locked.xlsx", "locked.xls"] {
        let p = tmp(&dir, name);
        std::fs::write(&p, &data).unwrap();
        let e = run(&p).unwrap_err();
        assert!(
            e.contains("the workbook is password-protected (encrypted)"),
            "{e}"
        );
    }
}

/// A workbook whose header is missing: the error names the file and the missing column.
#[test]
fn a_workbook_without_a_header_names_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let p = tmp(&dir, "nohead.xlsx");
    let mut sheet = String::from("<sheetData>");
    for r in 1..=30u32 {
        sheet.push_str(&format!(
            "<row r=\"{r}\">{}{}</row>",
            s(&format!("A{r}"), &format!("X{r}")),
            s(&format!("B{r}"), "2021-03-01")
        ));
    }
    sheet.push_str("</sheetData>");
    write_sheet(&p, &sheet);
    let e = run(&p).unwrap_err();
    assert!(e.contains("nohead.xlsx") && e.contains("id"), "{e}");
    // an empty sheet
    let p = tmp(&dir, "empty.xlsx");
    write_sheet(&p, "<sheetData/>");
    let e = run(&p).unwrap_err();
    assert!(e.contains("empty worksheet: no header row"), "{e}");
}

const STYLES: &str = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

/// Date serials outside Excel's calendar (3000000, 1e300, INF, NaN, −1, 0, 60) and error
/// cells (`#REF!`) reject their row with column, value and reason — never a clamped date or
/// a group named "#Ref".
#[test]
fn out_of_range_serials_and_error_cells_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let p = tmp(&dir, "serials.xlsx");
    let bad = ["3000000", "1e300", "INF", "NaN", "-1", "0", "60"];
    let mut sheet = format!("<sheetData>{HEADER}");
    let mut r = 2u32;
    for v in bad {
        sheet.push_str(&format!(
            r#"<row r="{r}">{}<c r="B{r}" s="1"><v>{v}</v></c>{}</row>"#,
            s(&format!("A{r}"), &format!("S{r}")),
            s(&format!("C{r}"), "TP")
        ));
        r += 1;
    }
    // a good serial: 44256.5 = 2021-03-01 12:00 (1900 system)
    sheet.push_str(&format!(
        r#"<row r="{r}">{}<c r="B{r}" s="1"><v>44256.5</v></c>{}</row>"#,
        s(&format!("A{r}"), "GOOD"),
        s(&format!("C{r}"), "TP")
    ));
    r += 1;
    // an error cell in the agency column
    sheet.push_str(&format!(
        r#"<row r="{r}">{}{}<c r="C{r}" t="e"><v>#REF!</v></c></row>"#,
        s(&format!("A{r}"), "ERR"),
        s(&format!("B{r}"), "2021-03-01T08:00:00"),
    ));
    sheet.push_str("</sheetData>");
    write_raw(
        &p,
        &Raw {
            styles: Some(STYLES),
            ..Raw::sheet(&sheet)
        },
    );
    let a = run(&p).unwrap();
    assert_eq!((a.report.rows_read, a.report.rows_counted), (9, 1));
    assert_eq!(a.groups.len(), 1, "no group named #REF!");
    let got: Vec<(u64, &str, &str)> = a
        .report
        .rejected
        .iter()
        .map(|r| (r.line, r.column.as_deref().unwrap_or(""), r.value.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "received_at", "3000000"),
            (3, "received_at", "1e300"),
            (4, "received_at", "INF"),
            (5, "received_at", "NaN"),
            (6, "received_at", "-1"),
            (7, "received_at", "0"),
            (8, "received_at", "60"),
            (10, "agency", "#REF!"),
        ]
    );
    let reasons: Vec<String> = a
        .report
        .rejected
        .iter()
        .map(|r| r.reason.to_string())
        .collect();
    assert!(
        reasons[0].contains("outside Excel's dates: 1 (1900-01-01) to 2958465 (9999-12-31)"),
        "{}",
        reasons[0]
    );
    assert!(reasons[2].contains("not a number"), "{}", reasons[2]);
    assert!(reasons[6].contains("1900-02-29"), "{}", reasons[6]);
    assert!(reasons[7].contains("error cell #REF!"), "{}", reasons[7]);
    // the good serial counted on 2021-03-01
    assert_eq!(
        a.table()
            .row(&["TP"])
            .unwrap()
            .counts
            .received_direct_postal,
        1
    );
}

/// The 1904 date system: serial 42794.5 is 2021-03-01 12:00.
#[test]
fn the_1904_date_system_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = tmp(&dir, "mac.xlsx");
    let sheet = format!(
        r#"<sheetData>{HEADER}<row r="2">{}<c r="B2" s="1"><v>42794.5</v></c>{}</row><row r="3">{}<c r="B3" s="1"><v>-1</v></c>{}</row></sheetData>"#,
        s("A2", "M1"),
        s("C2", "TP"),
        s("A3", "M2"),
        s("C3", "TP"),
    );
    write_raw(
        &p,
        &Raw {
            styles: Some(STYLES),
            date1904: true,
            ..Raw::sheet(&sheet)
        },
    );
    let a = Reader::new()
        .with_duplicates(DuplicateCheck::Off)
        .aggregate_file(&p, &query())
        .unwrap();
    assert_eq!(a.report.rows_counted, 1);
    assert_eq!(a.report.sheets[0].date_system, 1904);
    assert!(a.report.rejected[0]
        .reason
        .to_string()
        .contains("0 (1904-01-01) to 2957003"));
    let q = Query::new(Window {
        start: parse_datetime("2021-03-01T12:00:00").unwrap(),
        end: parse_datetime("2021-03-01T12:00:00").unwrap(),
    });
    let a = aggregate_file(&p, &q).unwrap();
    assert_eq!(a.outside_period, 0, "received exactly at 2021-03-01 12:00");
}
