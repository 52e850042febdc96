#!/usr/bin/env python3
"""The XLSX side of the peers' comparison (scripts/compare-peers.sh).

  peers_xlsx.py write CSV ROWS OUT.xlsx OUT.csv
      the first ROWS dossiers of the peers' CSV as a workbook written by Polars (`write_excel`,
      xlsxwriter: shared strings, date-times as serial cells in a date format) and as a CSV of
      the same rows, so the engine's figures from both can be compared.
  peers_xlsx.py read FILE.xlsx
      Polars `read_excel` (fastexcel, calamine underneath) reading the whole sheet: the
      reading-only yardstick of the issue (no aggregation).

Needs the peers' requirements (polars, fastexcel, xlsxwriter).
"""
import sys

import polars as pl

DATES = ["received_at", "due_at", "resolved_at"]


def write(csv, rows, out_xlsx, out_csv):
    df = pl.read_csv(csv, n_rows=int(rows), infer_schema_length=0)
    df.write_csv(out_csv)
    typed = df.with_columns(
        [pl.col(c).str.strptime(pl.Datetime, "%Y-%m-%dT%H:%M:%S", strict=True) for c in DATES]
    )
    typed.write_excel(
        out_xlsx,
        worksheet="dossiers",
        dtype_formats={pl.Datetime: "yyyy-mm-dd hh:mm:ss"},
        autofit=False,
    )


def read(path):
    df = pl.read_excel(path, engine="calamine")
    print(df.height, file=sys.stderr)


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    {"write": write, "read": read}[cmd](*args)
