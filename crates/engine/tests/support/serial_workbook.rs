//! A dossier workbook as the plainest exports write it: the header `id, received_at, due_at,
//! resolved_at, agency, channel`, then one row a dossier with its times as serial date-time
//! cells. Shared by `xlsx_exports.rs` and the facade's aggregate bench (`#[path]`).
#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// The header row.
pub const HEADER: [&str; 6] = [
    "id",
    "received_at",
    "due_at",
    "resolved_at",
    "agency",
    "channel",
];

/// Writes `rows` — id, received_at, due_at, resolved_at, agency, channel; the times as ISO
/// date-times (`2021-02-01T08:00:00`), empty for none — to `path` under [`HEADER`], the
/// times as serial date-time cells (`dd/mm/yyyy hh:mm:ss`).
pub fn write_serial_workbook<S: AsRef<str>>(path: &Path, rows: impl IntoIterator<Item = [S; 6]>) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let f = Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, row) in rows.into_iter().enumerate() {
        let r = i as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let cell = cell.as_ref();
            if (1..=3).contains(&c) {
                if !cell.is_empty() {
                    let serial = ExcelDateTime::parse_from_str(cell).unwrap();
                    ws.write_datetime_with_format(r, c as u16, serial, &f)
                        .unwrap();
                }
            } else {
                ws.write_string(r, c as u16, cell).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}
