//! Workbooks shaped like real one-stop exports — a title block above the header, a two-row
//! merged header, serial and text dates, a column-number row, a totals row and signatures,
//! an instructions sheet before the data — each with its expected figures: those of the CSV
//! of the same rows. And the same figures from XLSX and CSV for a few thousand rows.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use std::path::Path;

use minhbach_engine::aggregate::{
    aggregate_csv_reader, aggregate_file, Aggregation, GroupKey, Query, Reader,
};
use minhbach_model::parse_datetime;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

#[path = "support/serial_workbook.rs"]
mod serial_workbook;
use serial_workbook::write_serial_workbook;

fn query() -> Query {
    Query::new("2021-H1".parse().unwrap()).group_by([GroupKey::Agency, GroupKey::Channel])
}

/// A dossier row: id, name, received, due (text), resolved, agency, channel.
struct Dossier {
    id: String,
    received: String,
    due: String,
    resolved: Option<String>,
    agency: &'static str,
    channel: &'static str,
}

/// A deterministic set of dossiers: received in 2020-12 … 2021-07 (some outside the period),
/// due 5 days later at 17:00, resolved early, on time, late or not at all.
fn dossiers(n: u32) -> Vec<Dossier> {
    let agencies = ["TP", "YT", "VP", "TNMT"];
    let channels = ["direct", "online", "postal"];
    (0..n)
        .map(|i| {
            let month = 12 + i % 8; // 12 = 2020-12, 13.. = 2021-01..
            let (y, m) = if month == 12 {
                (2020, 12)
            } else {
                (2021, month - 12)
            };
            let day = 1 + i % 20;
            let (h, mi, s) = (7 + i % 10, (i * 7) % 60, (i * 13) % 60);
            let received = format!("{y:04}-{m:02}-{day:02}T{h:02}:{mi:02}:{s:02}");
            let due = format!("{y:04}-{m:02}-{:02}T17:00:00", day + 5);
            let resolved = match i % 5 {
                0 => None,
                1 => Some(format!("{y:04}-{m:02}-{:02}T09:30:15", day + 2)),
                2 => Some(format!("{y:04}-{m:02}-{:02}T17:00:00", day + 5)),
                _ => Some(format!("{y:04}-{m:02}-{:02}T10:00:00", day + 7)),
            };
            Dossier {
                id: format!("H48.{:02}-{i:06}", i % 13),
                received,
                due,
                resolved,
                agency: agencies[(i % 4) as usize],
                channel: channels[(i % 3) as usize],
            }
        })
        .collect()
}

fn csv_of(rows: &[Dossier]) -> String {
    let mut s = String::from("id,received_at,due_at,resolved_at,agency,channel\n");
    for d in rows {
        s.push_str(&format!(
            "{},{},{},{},{},{}\n",
            d.id,
            d.received,
            d.due,
            d.resolved.as_deref().unwrap_or(""),
            d.agency,
            d.channel
        ));
    }
    s
}

fn dt(s: &str) -> ExcelDateTime {
    ExcelDateTime::parse_from_str(s).unwrap()
}

fn same_figures(got: &Aggregation, want: &Aggregation) {
    assert_eq!(got.groups, want.groups);
    assert_eq!(got.outside_period, want.outside_period);
    assert_eq!(
        (
            got.report.rows_read,
            got.report.rows_counted,
            got.report.rows_rejected
        ),
        (
            want.report.rows_read,
            want.report.rows_counted,
            want.report.rows_rejected
        )
    );
}

/// Several thousand rows with serial date-time cells give exactly the figures of the CSV.
#[test]
fn xlsx_with_serial_dates_gives_the_csv_figures() {
    let rows = dossiers(3_000);
    let want = aggregate_csv_reader(csv_of(&rows).as_bytes(), "d.csv", &query()).unwrap();
    assert!(want.outside_period > 0 && want.groups.len() == 12);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.xlsx");
    write_serial_workbook(
        &path,
        rows.iter().map(|d| {
            let resolved = d.resolved.as_deref().unwrap_or("");
            [&d.id, &d.received, &d.due, resolved, d.agency, d.channel]
        }),
    );
    let got = aggregate_file(&path, &query()).unwrap();
    same_figures(&got, &want);
    let sheet = &got.report.sheets[0];
    assert_eq!(
        (sheet.header_row, sheet.header_rows, sheet.title_rows),
        (1, 1, 0)
    );
    let serials = rows.len() * 2 + rows.iter().filter(|d| d.resolved.is_some()).count();
    assert_eq!(sheet.serial_dates, serials as u64);
}

/// The instructions sheet of a real export.
fn instructions(ws: &mut Worksheet) {
    ws.set_name("Hướng dẫn").unwrap();
    ws.write_string(0, 0, "Hướng dẫn sử dụng biểu mẫu").unwrap();
    ws.write_string(1, 0, "Không sửa dòng tiêu đề.").unwrap();
}

/// Writes a one-stop export as district systems do: a title block, a two-row merged header
/// (Hồ sơ over Mã/Tên, Ngày tiếp nhận over Ngày/Giờ), a column-number row, the dossiers with
/// the receipt date and time in two serial cells, the due date as text, the resolution as a
/// serial date-time, then a totals row and signatures.
fn real_export(path: &Path, rows: &[Dossier]) {
    let mut wb = Workbook::new();
    instructions(wb.add_worksheet());
    let ws = wb.add_worksheet();
    ws.set_name("Hồ sơ").unwrap();
    let center = Format::new().set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let time = Format::new().set_num_format("hh:mm:ss");
    let datetime = Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
    ws.write_string(0, 0, "UBND HUYỆN LÝ SƠN").unwrap();
    ws.write_string(1, 0, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ")
        .unwrap();
    ws.merge_range(
        2,
        0,
        2,
        8,
        "Biểu số 06: danh sách hồ sơ từ 01/01/2021 đến 30/06/2021",
        &center,
    )
    .unwrap();
    // header: rows 5-6 (0-based 4-5)
    ws.merge_range(4, 0, 5, 0, "STT", &center).unwrap();
    ws.merge_range(4, 1, 4, 2, "Hồ sơ", &center).unwrap();
    ws.write_string(5, 1, "Mã").unwrap();
    ws.write_string(5, 2, "Tên").unwrap();
    ws.merge_range(4, 3, 4, 4, "Ngày tiếp nhận", &center)
        .unwrap();
    ws.write_string(5, 3, "Ngày").unwrap();
    ws.write_string(5, 4, "Giờ").unwrap();
    ws.merge_range(4, 5, 5, 5, "Ngày hẹn trả", &center).unwrap();
    ws.merge_range(4, 6, 5, 6, "Ngày có kết quả", &center)
        .unwrap();
    ws.merge_range(4, 7, 5, 7, "Đơn vị", &center).unwrap();
    ws.merge_range(4, 8, 5, 8, "Kênh", &center).unwrap();
    for c in 0..9u16 {
        ws.write_string(6, c, format!("({})", c + 1)).unwrap();
    }
    let first = 7u32;
    for (i, d) in rows.iter().enumerate() {
        let r = first + i as u32;
        let (day, clock) = d.received.split_once('T').unwrap();
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, &d.id).unwrap();
        ws.write_string(r, 2, "Cấp giấy chứng nhận").unwrap();
        ws.write_datetime_with_format(r, 3, dt(day), &date).unwrap();
        ws.write_datetime_with_format(r, 4, ExcelDateTime::parse_from_str(clock).unwrap(), &time)
            .unwrap();
        // the due date as text, dd/mm/yyyy hh:mm:ss
        let due = parse_datetime(&d.due)
            .unwrap()
            .format("%d/%m/%Y %H:%M:%S")
            .to_string();
        ws.write_string(r, 5, &due).unwrap();
        if let Some(x) = &d.resolved {
            ws.write_datetime_with_format(r, 6, dt(x), &datetime)
                .unwrap();
        }
        ws.write_string(r, 7, d.agency).unwrap();
        ws.write_string(
            r,
            8,
            match d.channel {
                "online" => "Trực tuyến",
                "postal" => "Bưu chính",
                _ => "Trực tiếp",
            },
        )
        .unwrap();
    }
    let total = first + rows.len() as u32;
    ws.merge_range(total, 0, total, 2, "Tổng cộng", &center)
        .unwrap();
    ws.write_number(total, 3, rows.len() as f64).unwrap();
    ws.write_string(total + 2, 1, "Người lập biểu").unwrap();
    ws.write_string(total + 2, 7, "Thủ trưởng đơn vị").unwrap();
    ws.write_string(total + 5, 1, "Nguyễn Văn A").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn a_real_export_is_read_as_it_is_and_every_decision_reported() {
    let rows = dossiers(500);
    let want = aggregate_csv_reader(csv_of(&rows).as_bytes(), "d.csv", &query()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bao-cao.xlsx");
    real_export(&path, &rows);
    let got = aggregate_file(&path, &query()).unwrap();
    same_figures(&got, &want);
    let s = &got.report.sheets[0];
    assert_eq!((s.sheet.as_str(), s.sheet_number), ("Hồ sơ", 2));
    assert_eq!(s.sheets, vec!["Hướng dẫn".to_string(), "Hồ sơ".to_string()]);
    assert_eq!(s.sheets_without_header, vec!["Hướng dẫn".to_string()]);
    assert_eq!((s.header_row, s.header_rows, s.title_rows), (5, 2, 3));
    assert_eq!(
        s.joined_headers,
        vec![
            "Hồ sơ / Mã → Mã Hồ sơ".to_string(),
            "Ngày tiếp nhận / Ngày → Ngày tiếp nhận (date)".to_string(),
            "Ngày tiếp nhận / Giờ → Ngày tiếp nhận (time of day)".to_string(),
        ]
    );
    assert_eq!(s.number_row, Some(7));
    assert_eq!(s.totals_rows, vec![8 + 500]);
    assert_eq!(s.footer_rows, 2);
    // receipt date and time: two serial cells per row; resolution: one when resolved
    let resolved = rows.iter().filter(|d| d.resolved.is_some()).count() as u64;
    assert_eq!(s.serial_dates, 2 * 500 + resolved);
    // the sheet chosen by name or by number gives the same; a missing one lists the sheets
    for pick in ["Hồ sơ", "ho so", "2"] {
        let a = Reader::new()
            .with_sheet(pick)
            .aggregate_file(&path, &query())
            .unwrap();
        same_figures(&a, &want);
    }
    let e = Reader::new()
        .with_sheet("3")
        .aggregate_file(&path, &query())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no sheet named or numbered \"3\"; the workbook's sheets are: 1 \"Hướng dẫn\", 2 \"Hồ sơ\""),
        "{e}"
    );
    let e = Reader::new()
        .with_sheet("1")
        .aggregate_file(&path, &query())
        .unwrap_err()
        .to_string();
    assert!(e.contains("bao-cao.xlsx") && e.contains("id"), "{e}");
}

/// A one-row header below a title block, text dates, a totals row in the id column.
#[test]
fn title_block_text_dates_and_totals_in_the_id_column() {
    let rows = dossiers(40);
    let want = aggregate_csv_reader(csv_of(&rows).as_bytes(), "d.csv", &query()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "SỞ TƯ PHÁP").unwrap();
    ws.write_string(1, 0, "Kỳ báo cáo: 6 tháng đầu năm 2021")
        .unwrap();
    for (c, h) in [
        "Mã hồ sơ",
        "Ngày tiếp nhận",
        "Hạn giải quyết",
        "Ngày hoàn thành",
        "Đơn vị",
        "Kênh",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    for (i, d) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        let dmy = |s: &str| {
            parse_datetime(s)
                .unwrap()
                .format("%d/%m/%Y %H:%M:%S")
                .to_string()
        };
        ws.write_string(r, 0, &d.id).unwrap();
        ws.write_string(r, 1, dmy(&d.received)).unwrap();
        ws.write_string(r, 2, dmy(&d.due)).unwrap();
        if let Some(x) = &d.resolved {
            ws.write_string(r, 3, dmy(x)).unwrap();
        }
        ws.write_string(r, 4, d.agency).unwrap();
        ws.write_string(r, 5, d.channel).unwrap();
    }
    ws.write_string(44, 0, "Cộng:").unwrap();
    ws.write_number(44, 4, 40.0).unwrap();
    wb.save(&path).unwrap();
    let got = aggregate_file(&path, &query()).unwrap();
    same_figures(&got, &want);
    let s = &got.report.sheets[0];
    assert_eq!((s.header_row, s.header_rows, s.title_rows), (4, 1, 2));
    assert_eq!(s.totals_rows, vec![45]);
    assert_eq!(s.serial_dates, 0);
}

/// The same export as a legacy Excel 97–2003 workbook (.xls, BIFF8), as some one-stop systems
/// still write it: read through calamine, with the same header detection, joined headers,
/// serial dates and totals row, and the figures of the CSV of the same rows. The file is
/// checked in; `scripts/make-xls-export.py` wrote it (xlwt) from the same `dossiers(120)`.
#[test]
fn a_legacy_xls_export_gives_the_csv_figures() {
    let rows = dossiers(120);
    let want = aggregate_csv_reader(csv_of(&rows).as_bytes(), "d.csv", &query()).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/xls/bao-cao-mot-cua.xls");
    let got = aggregate_file(&path, &query()).unwrap();
    same_figures(&got, &want);
    assert!(want.outside_period > 0 && want.groups.len() == 12);
    let s = &got.report.sheets[0];
    assert_eq!((s.sheet.as_str(), s.sheet_number), ("Hồ sơ", 2));
    assert_eq!(s.sheets_without_header, vec!["Hướng dẫn".to_string()]);
    assert_eq!((s.header_row, s.header_rows, s.title_rows), (5, 2, 3));
    assert_eq!(s.number_row, Some(7));
    assert_eq!(s.totals_rows, vec![8 + 120]);
    let resolved = rows.iter().filter(|d| d.resolved.is_some()).count() as u64;
    assert_eq!(s.serial_dates, 2 * 120 + resolved);
}
