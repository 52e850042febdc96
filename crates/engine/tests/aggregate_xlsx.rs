//! Excel exports are read like CSV: Vietnamese headers, text and real date cells.

use minhbach_engine::aggregate::{aggregate_file, GroupKey, Query};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

#[test]
fn xlsx_with_text_and_date_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let fmt = Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
    for (c, h) in [
        "Mã hồ sơ",
        "Ngày tiếp nhận",
        "Ngày hẹn trả",
        "Ngày có kết quả",
        "Đơn vị",
        "Kênh",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // row 2: text dates; row 3: real Excel date cells; row 4: bad date; row 5: duplicate id
    let text = [
        "A1",
        "05/02/2021 08:30:00",
        "19/02/2021",
        "2021-02-18T10:00:00",
        "TP",
        "2",
    ];
    for (c, v) in text.iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    ws.write_string(2, 0, "A2").unwrap();
    let dt = |s| ExcelDateTime::parse_from_str(s).unwrap();
    ws.write_datetime_with_format(2, 1, dt("2021-03-01T08:00:00"), &fmt)
        .unwrap();
    ws.write_datetime_with_format(2, 2, dt("2021-03-05T17:00:00"), &fmt)
        .unwrap();
    ws.write_datetime_with_format(2, 3, dt("2021-03-08T09:00:00"), &fmt)
        .unwrap();
    ws.write_string(2, 4, "TP").unwrap();
    ws.write_string(3, 0, "A3").unwrap();
    ws.write_string(3, 1, "31/02/2021").unwrap();
    ws.write_string(4, 0, "A1").unwrap();
    ws.write_string(4, 1, "2021-03-01T08:00:00").unwrap();
    wb.save(&path).unwrap();

    let q = Query::new("2021-H1".parse().unwrap()).group_by([GroupKey::Agency]);
    let a = aggregate_file(&path, &q).unwrap();
    let tp = a.table().row(&["TP"]).unwrap().counts;
    assert_eq!((tp.received_online, tp.received_direct_postal), (1, 1));
    assert_eq!((tp.resolved_early, tp.resolved_late), (1, 1));
    assert_eq!(a.report.rows_read, 4);
    let bad: Vec<(u64, Option<&str>)> = a
        .report
        .rejected
        .iter()
        .map(|r| (r.line, r.column.as_deref()))
        .collect();
    assert_eq!(bad, vec![(4, Some("received_at")), (5, Some("id"))]);
    assert_eq!(a.report.aliases_used.len(), 6);
}
