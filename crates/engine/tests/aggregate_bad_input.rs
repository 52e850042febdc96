//! Bad input: each case gets a clear file-level error or a rejected-row entry, never a
//! panic, and the valid rows are still counted.
#![cfg(test)] // clippy.toml's allow-*-in-tests then covers this file's helpers too

use std::io::Write;

use minhbach_engine::aggregate::{
    aggregate_csv, aggregate_csv_reader, aggregate_file, Aggregation, ColumnMapping, Field,
    GroupKey, Query, Reader,
};
use minhbach_engine::EngineError;
use proptest::prelude::*;

fn query() -> Query {
    Query::new("2021-H1".parse().unwrap()).group_by([GroupKey::Agency])
}

const HEADER: &str = "id,received_at,due_at,resolved_at,agency,channel,outcome\n";
const GOOD: &str =
    "G1,2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-03T09:00:00,TP,online,approved\n";

fn agg(body: &str) -> Aggregation {
    aggregate_csv_reader(
        format!("{HEADER}{GOOD}{body}").as_bytes(),
        "t.csv",
        &query(),
    )
    .unwrap()
}

/// One bad row after one good row: the good row is counted, the bad one listed.
fn one_rejected(body: &str, column: Option<&str>, reason_part: &str) {
    let a = agg(body);
    assert_eq!(a.report.rows_read, 2, "{body}");
    assert_eq!(a.report.rows_counted, 1, "{body}: {:?}", a.report.rejected);
    assert_eq!(a.report.rows_rejected, 1);
    assert_eq!(a.total().received(), 1);
    let r = &a.report.rejected[0];
    assert_eq!(r.line, 3, "{r}");
    assert_eq!(r.column.as_deref(), column, "{r}");
    assert!(r.reason.to_string().contains(reason_part), "{r}");
    assert_eq!(r.file.as_deref(), Some("t.csv"));
}

#[test]
fn unparseable_dates() {
    one_rejected(
        "B1,2021-02-30T08:00:00,,,TP,,\n",
        Some("received_at"),
        "no such day",
    );
    one_rejected("B1,yesterday,,,TP,,\n", Some("received_at"), "expected");
    one_rejected(
        "B1,2021-02-01T08:00:00,2021-02-01T25:00:00,,TP,,\n",
        Some("due_at"),
        "time of day",
    );
}

#[test]
fn resolved_or_due_before_received() {
    one_rejected(
        "B1,2021-02-01T08:00:00,,2021-01-31T08:00:00,TP,,\n",
        Some("resolved_at"),
        "resolved before",
    );
    one_rejected(
        "B1,2021-02-01T08:00:00,2021-01-31,,TP,,\n",
        Some("due_at"),
        "due before",
    );
}

#[test]
fn unknown_channel_or_outcome_and_outcome_without_resolution() {
    one_rejected(
        "B1,2021-02-01T08:00:00,,,TP,fax,\n",
        Some("channel"),
        "unknown channel",
    );
    one_rejected(
        "B1,2021-02-01T08:00:00,,2021-02-02T08:00:00,TP,,maybe\n",
        Some("outcome"),
        "unknown outcome",
    );
    one_rejected(
        "B1,2021-02-01T08:00:00,,,TP,,approved\n",
        Some("resolved_at"),
        "no resolution time",
    );
}

#[test]
fn empty_id_and_duplicate_id() {
    one_rejected(",2021-02-01T08:00:00,,,TP,,\n", Some("id"), "empty");
    one_rejected(
        "G1,2021-02-01T08:00:00,,,TP,,\n",
        Some("id"),
        "duplicate dossier id (first seen on line 2)",
    );
}

#[test]
fn truncated_last_line_and_extra_fields() {
    one_rejected("B1,2021-02-01T08:0", None, "truncated row");
    one_rejected("B1,2021-02-01T08:00:00,,,TP,,,extra\n", None, "8 fields");
    // an unterminated quote running to the end of the file
    one_rejected("B1,\"2021-02-01T08:00:00,,,TP,,\n", None, "truncated row");
}

#[test]
fn missing_required_column_names_file_and_column() {
    let e =
        aggregate_csv_reader("id,agency\nA,TP\n".as_bytes(), "export.csv", &query()).unwrap_err();
    assert!(matches!(e, EngineError::MissingColumn { .. }), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("export.csv") && msg.contains("received_at"),
        "{msg}"
    );
}

#[test]
fn empty_file_and_header_only() {
    for data in ["", "\n\n", "  "] {
        let e = aggregate_csv_reader(data.as_bytes(), "empty.csv", &query()).unwrap_err();
        assert!(e.to_string().contains("empty file"), "{e}");
    }
    let a = aggregate_csv_reader(HEADER.as_bytes(), "h.csv", &query()).unwrap();
    assert_eq!(a.report.rows_read, 0);
    assert!(a.groups.is_empty());
}

#[test]
fn windows_1258_and_utf16_are_detected() {
    // "Đơn vị" in Windows-1258: Đ = 0xD0, ơ = 0xF5
    let mut cp = b"id,received_at,\xD0\xF5n v\xEC\n".to_vec();
    cp.extend_from_slice(b"A,2021-02-01T08:00:00,T\xF5\n");
    let e = aggregate_csv_reader(cp.as_slice(), "cp.csv", &query())
        .unwrap_err()
        .to_string();
    assert!(e.contains("cp.csv") && e.contains("Windows-1258"), "{e}");
    let mut u16: Vec<u8> = vec![0xff, 0xfe];
    for c in "id,received_at\nA,2021-02-01T08:00:00\n".encode_utf16() {
        u16.extend_from_slice(&c.to_le_bytes());
    }
    let e = aggregate_csv_reader(u16.as_slice(), "u16.csv", &query())
        .unwrap_err()
        .to_string();
    assert!(e.contains("UTF-16"), "{e}");
}

#[test]
fn bom_crlf_quotes_and_vietnamese_headers() {
    let data = "\u{feff}Mã hồ sơ,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Cơ quan,Kênh\r\n\
                A1,05/02/2021 08:30:00,19/02/2021,2021-02-19 17:30:00,\"UBND xã An Vĩnh, Lý Sơn\",Trực tuyến\r\n\
                A2,2021-02-05T08:30:00,2021-02-19T17:00:00,,\"Phòng \"\"Tư pháp\"\"\r\nLý Sơn\",BCCI\r\n\
                \r\n";
    let a = aggregate_csv_reader(data.as_bytes(), "vn.csv", &query()).unwrap();
    assert_eq!(a.report.rows_read, 2, "{:?}", a.report.rejected);
    let t = a.table();
    let xa = t.row(&["UBND xã An Vĩnh, Lý Sơn"]).unwrap();
    // due "19/02/2021" is the end of that day: 17:30 is on time
    assert_eq!(
        (xa.counts.received_online, xa.counts.resolved_on_time),
        (1, 1)
    );
    let p = t.row(&["Phòng \"Tư pháp\"\r\nLý Sơn"]).unwrap();
    assert_eq!(
        (p.counts.received_direct_postal, p.counts.pending_overdue),
        (1, 1)
    );
    let aliases: Vec<&str> = a
        .report
        .aliases_used
        .iter()
        .map(|x| x.header.as_str())
        .collect();
    assert_eq!(aliases.len(), 6, "{aliases:?}");
}

#[test]
fn rejected_list_is_capped_but_all_are_counted() {
    let mut body = String::new();
    for i in 0..50 {
        body.push_str(&format!("B{i},not a date,,,TP,,\n"));
    }
    let a = Reader::new()
        .with_max_rejected_listed(5)
        .aggregate_csv_reader(
            format!("{HEADER}{GOOD}{body}").as_bytes(),
            "t.csv",
            &query(),
        )
        .unwrap();
    assert_eq!(a.report.rows_rejected, 50);
    assert_eq!(a.report.rejected.len(), 5);
    assert_eq!(
        a.report.rejected.iter().map(|r| r.line).collect::<Vec<_>>(),
        vec![3, 4, 5, 6, 7]
    );
}

#[test]
fn user_mapping_reads_an_unknown_layout() {
    let q = query();
    let reader = Reader::new().with_columns(
        ColumnMapping::new()
            .map("Số biên nhận", Field::Id)
            .map("Nộp lúc", Field::ReceivedAt)
            .map("Phòng", Field::Agency),
    );
    let a = reader
        .aggregate_csv_reader(
            "Số biên nhận,Nộp lúc,Phòng\nX1,2021-03-01T08:00:00,TP\n".as_bytes(),
            "m.csv",
            &q,
        )
        .unwrap();
    let tp = a.table().row(&["TP"]).unwrap().counts;
    assert_eq!((tp.received(), tp.unknown_due), (1, 1));
}

#[test]
fn large_file_many_blocks_with_errors_in_the_middle() {
    // ~12 MiB: several blocks, parsed in parallel; two bad rows deep inside.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(HEADER.as_bytes()).unwrap();
    let n = 120_000u64;
    for i in 0..n {
        if i == 70_000 {
            writeln!(f, "X{i},2021-13-01T08:00:00,,,TP,,").unwrap();
        } else if i == 100_000 {
            writeln!(f, "R{},2021-02-01T08:00:00,,,TP,,", 5).unwrap(); // duplicate of R5
        } else {
            writeln!(
                f,
                "R{i},2021-02-01T08:00:00,2021-02-05T17:00:00,2021-02-02T08:00:00,{},direct,approved{}",
                ["TP", "YT", "VP"][(i % 3) as usize],
                " ".repeat(40)
            )
            .unwrap();
        }
    }
    drop(f);
    let a = aggregate_csv(&path, &query()).unwrap();
    assert_eq!(a.report.rows_read, n);
    assert_eq!(a.report.rows_rejected, 2);
    let lines: Vec<u64> = a.report.rejected.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![70_002, 100_002]);
    assert_eq!(a.total().resolved_early, n - 2);
    // the same file through the extension dispatcher
    assert_eq!(aggregate_file(&path, &query()).unwrap().groups, a.groups);
}

#[test]
fn missing_file_and_bad_spreadsheet_are_errors() {
    let e = aggregate_csv("/nonexistent/x.csv", &query()).unwrap_err();
    assert!(e.to_string().contains("x.csv"), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("fake.xlsx");
    std::fs::write(&p, b"not a zip").unwrap();
    let e = aggregate_file(&p, &query()).unwrap_err().to_string();
    assert!(e.contains("fake.xlsx") && e.contains("spreadsheet"), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..400)) {
        let mut data = HEADER.as_bytes().to_vec();
        data.extend_from_slice(&body);
        if let Ok(a) = aggregate_csv_reader(data.as_slice(), "fuzz.csv", &query()) {
            prop_assert_eq!(a.report.rows_read, a.report.rows_counted + a.report.rows_rejected);
        }
    }

    #[test]
    fn arbitrary_text_rows_never_panic(rows in prop::collection::vec("[A-Za-z0-9,:/ \"T\\-]{0,60}", 0..20)) {
        let data = format!("{HEADER}{}", rows.join("\n"));
        let a = aggregate_csv_reader(data.as_bytes(), "fuzz.csv", &query()).unwrap();
        prop_assert_eq!(a.report.rows_read, a.report.rows_counted + a.report.rows_rejected);
    }
}
