//! Resource limits of the dossier ingest (`Limits`): record length, field length and the
//! decompressed size of spreadsheets (zip bombs). Each limit gives a clear error (or a
//! rejected row, for one field) and can be raised by the caller.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use std::path::Path;

use minhbach::engine::aggregate::{aggregate_csv, aggregate_file, Limits, Query, Reader};

fn query() -> Query {
    Query::new("2021-H1".parse().unwrap())
}

const HEADER: &str = "id,received_at,agency\n";

#[test]
fn defaults_are_documented_values() {
    let l = Limits::default();
    assert_eq!(l.max_record_bytes, 8 * 1024 * 1024);
    assert_eq!(l.max_field_bytes, 64 * 1024);
    assert_eq!(l.max_spreadsheet_bytes, 512 * 1024 * 1024);
    assert_eq!(l.max_auxiliary_bytes, 64 * 1024 * 1024);
    assert_eq!(l.max_groups, 2_000_000);
    assert_eq!(l.max_report_text_bytes, 64 * 1024 * 1024);
    assert_eq!(Reader::new().limits, l);
}

#[test]
fn a_100_mb_data_line_is_refused_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.csv");
    let mut data = format!("{HEADER}A1,2021-03-01T08:00:00,TP\n").into_bytes();
    data.resize(data.len() + (100 << 20), b'x');
    std::fs::write(&path, &data).unwrap();
    let err = aggregate_csv(&path, &query()).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{}: line 3: a record is longer than 8388608 bytes (Limits::max_record_bytes): \
             an unbalanced quote (\") or a file that is not CSV",
            path.display()
        )
    );
}

#[test]
fn an_unclosed_quote_cannot_buffer_the_whole_file() {
    // A quote opened on line 3 and never closed: without the limit the reader would keep
    // the rest of the file in memory looking for the end of the record.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quote.csv");
    let mut text = format!("{HEADER}A1,2021-03-01T08:00:00,TP\nA2,2021-03-01T08:00:00,\"TP\n");
    let row = "A3,2021-03-01T08:00:00,TP\n";
    text.push_str(&row.repeat((3 << 20) / row.len()));
    std::fs::write(&path, &text).unwrap();
    let small = Limits {
        max_record_bytes: 1 << 20,
        ..Limits::default()
    };
    let err = Reader::new()
        .with_limits(small)
        .aggregate_csv(&path, &query())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 3: a record is longer than 1048576 bytes"),
        "{err}"
    );
    // With the default limits the joined record (3 MiB) fits the record limit but its last
    // field is over the field limit: the row is rejected, not counted as one dossier whose
    // agency name holds 120 000 lines.
    let agg = aggregate_csv(&path, &query()).unwrap();
    assert_eq!(
        (
            agg.report.rows_read,
            agg.report.rows_counted,
            agg.report.rows_rejected
        ),
        (2, 1, 1)
    );
    let r = &agg.report.rejected[0];
    assert_eq!((r.line, r.column.as_deref()), (3, Some("agency")));
    assert!(
        r.reason.to_string().contains("Limits::max_field_bytes"),
        "{r}"
    );
}

#[test]
fn a_long_field_rejects_its_row_and_the_limit_can_be_raised() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("field.csv");
    let long = "a".repeat(100_000);
    std::fs::write(
        &path,
        format!("{HEADER}A1,2021-03-01T08:00:00,{long}\nA2,2021-03-01T08:00:00,TP\n"),
    )
    .unwrap();
    let agg = aggregate_csv(&path, &query()).unwrap();
    assert_eq!((agg.report.rows_counted, agg.report.rows_rejected), (1, 1));
    let r = &agg.report.rejected[0];
    assert_eq!((r.line, r.column.as_deref()), (2, Some("agency")));
    assert_eq!(
        r.reason.to_string(),
        "field 3 is 100000 bytes long, over the limit of 65536 bytes (Limits::max_field_bytes)"
    );
    let raised = Limits {
        max_field_bytes: 200_000,
        ..Limits::default()
    };
    let agg = Reader::new()
        .with_limits(raised)
        .aggregate_csv(&path, &query())
        .unwrap();
    assert_eq!((agg.report.rows_counted, agg.report.rows_rejected), (2, 0));
}

fn write_xlsx(path: &Path, rows: u32) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["Mã hồ sơ", "Ngày tiếp nhận", "Ghi chú"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // A highly compressible note makes the sheet XML much larger than the file.
    let note = "Hồ sơ tiếp nhận qua bộ phận một cửa ".repeat(40);
    for r in 1..=rows {
        ws.write_string(r, 0, format!("A{r}")).unwrap();
        ws.write_string(r, 1, "2021-03-01T08:00:00").unwrap();
        ws.write_string(r, 2, &note).unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn a_spreadsheet_that_decompresses_past_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    write_xlsx(&path, 200);
    let file_size = std::fs::metadata(&path).unwrap().len();
    // Shared strings keep the file small; the limit is set between the file size and the
    // decompressed size, as a zip bomb's would be.
    let tight = Limits {
        max_spreadsheet_bytes: file_size * 2,
        ..Limits::default()
    };
    let err = Reader::new()
        .with_limits(tight)
        .aggregate_file(&path, &query())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!(
            "{}: the spreadsheet decompresses to more than",
            path.display()
        )),
        "{err}"
    );
    assert!(err.contains("Limits::max_spreadsheet_bytes"), "{err}");
    // With the default limit the same file is read.
    let agg = aggregate_file(&path, &query()).unwrap();
    assert_eq!(agg.report.rows_read, 200);
}

#[test]
fn a_corrupt_or_non_zip_spreadsheet_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fake.xlsx");
    std::fs::write(&path, b"PK\x03\x04 this is not really a zip archive").unwrap();
    let err = aggregate_file(&path, &query()).unwrap_err().to_string();
    assert!(err.contains("not a readable spreadsheet"), "{err}");
    let path = dir.path().join("big.xls");
    std::fs::write(&path, vec![0u8; 4096]).unwrap();
    let tiny = Limits {
        max_spreadsheet_bytes: 1000,
        ..Limits::default()
    };
    let err = Reader::new()
        .with_limits(tiny)
        .aggregate_file(&path, &query())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("the file is 4096 bytes: over the limit of 1000 bytes"),
        "{err}"
    );
}

#[test]
fn more_groups_than_the_limit_stop_the_run() {
    use minhbach::engine::aggregate::GroupKey;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("groups.csv");
    let mut text = HEADER.to_string();
    for i in 0..10 {
        text.push_str(&format!("A{i},2021-03-01T08:00:00,AG{i}\n"));
    }
    std::fs::write(&path, &text).unwrap();
    let q = query().group_by([GroupKey::Agency]);
    let reader = |max_groups| {
        Reader::new().with_limits(Limits {
            max_groups,
            ..Limits::default()
        })
    };
    let err = reader(9).aggregate_csv(&path, &q).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{}: more than 9 distinct groups (Limits::max_groups); group by fewer or coarser \
             keys, or raise the limit",
            path.display()
        )
    );
    assert_eq!(
        reader(10).aggregate_csv(&path, &q).unwrap().groups.len(),
        10
    );
}

/// Issue #16: 3M rows repeating one id took 2 GB because every duplicate became a listed
/// rejected row. Now only the first `max_rejected_listed` are listed; all are counted.
#[test]
fn repeated_ids_are_all_counted_but_only_the_first_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repeat.csv");
    let row = "SAME,2021-03-01T08:00:00,TP\n";
    std::fs::write(&path, format!("{HEADER}{}", row.repeat(20_000))).unwrap();
    let agg = Reader::new()
        .with_max_rejected_listed(5)
        .aggregate_csv(&path, &query())
        .unwrap();
    assert_eq!(
        (
            agg.report.rows_read,
            agg.report.rows_counted,
            agg.report.rows_rejected
        ),
        (20_000, 1, 19_999)
    );
    let lines: Vec<u64> = agg.report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7]);
    assert_eq!(
        agg.report.rejected[0].reason.to_string(),
        "duplicate dossier id (first seen on line 2)"
    );
    assert_eq!(agg.total().received(), 1);
}
