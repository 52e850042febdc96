#!/usr/bin/env python3
"""Writes the legacy-Excel (.xls, BIFF8) test workbook crates/engine/tests/data/xls/bao-cao-mot-cua.xls.

Some one-stop systems still export .xls. The workbook has the shape of such an export, the same
as `real_export` in crates/engine/tests/xlsx_exports.rs: an instructions sheet first, then a
title block, a two-row merged header (Hồ sơ over Mã/Tên, Ngày tiếp nhận over Ngày/Giờ), a
column-number row, the dossiers (receipt date and time as two serial cells, the due date as
text, the resolution as a serial date-time), a totals row and signatures. The dossiers are
`dossiers(120)` of that test file, so the test compares the figures with the CSV of the same rows.

usage: pip install xlwt==1.3.0 && python3 scripts/make-xls-export.py OUT.xls
"""
import datetime as dt
import sys

import xlwt


def dossiers(n):
    agencies = ["TP", "YT", "VP", "TNMT"]
    channels = ["direct", "online", "postal"]
    out = []
    for i in range(n):
        month = 12 + i % 8
        y, m = (2020, 12) if month == 12 else (2021, month - 12)
        day = 1 + i % 20
        h, mi, s = 7 + i % 10, (i * 7) % 60, (i * 13) % 60
        received = dt.datetime(y, m, day, h, mi, s)
        due = dt.datetime(y, m, day + 5, 17, 0, 0)
        resolved = {
            0: None,
            1: dt.datetime(y, m, day + 2, 9, 30, 15),
            2: dt.datetime(y, m, day + 5, 17, 0, 0),
        }.get(i % 5, dt.datetime(y, m, day + 7, 10, 0, 0))
        out.append(
            dict(
                id="H48.%02d-%06d" % (i % 13, i),
                received=received,
                due=due,
                resolved=resolved,
                agency=agencies[i % 4],
                channel=channels[i % 3],
            )
        )
    return out


def main(path):
    rows = dossiers(120)
    wb = xlwt.Workbook(encoding="utf-8")
    guide = wb.add_sheet("Hướng dẫn")
    guide.write(0, 0, "Hướng dẫn sử dụng biểu mẫu")
    guide.write(1, 0, "Không sửa dòng tiêu đề.")
    ws = wb.add_sheet("Hồ sơ")
    center = xlwt.easyxf("align: horiz center")
    date = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    time = xlwt.easyxf(num_format_str="hh:mm:ss")
    datetime = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm:ss")
    ws.write(0, 0, "UBND HUYỆN LÝ SƠN")
    ws.write(1, 0, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ")
    ws.write_merge(2, 2, 0, 8, "Biểu số 06: danh sách hồ sơ từ 01/01/2021 đến 30/06/2021", center)
    ws.write_merge(4, 5, 0, 0, "STT", center)
    ws.write_merge(4, 4, 1, 2, "Hồ sơ", center)
    ws.write(5, 1, "Mã")
    ws.write(5, 2, "Tên")
    ws.write_merge(4, 4, 3, 4, "Ngày tiếp nhận", center)
    ws.write(5, 3, "Ngày")
    ws.write(5, 4, "Giờ")
    ws.write_merge(4, 5, 5, 5, "Ngày hẹn trả", center)
    ws.write_merge(4, 5, 6, 6, "Ngày có kết quả", center)
    ws.write_merge(4, 5, 7, 7, "Đơn vị", center)
    ws.write_merge(4, 5, 8, 8, "Kênh", center)
    for c in range(9):
        ws.write(6, c, "(%d)" % (c + 1))
    first = 7
    for i, d in enumerate(rows):
        r = first + i
        ws.write(r, 0, i + 1)
        ws.write(r, 1, d["id"])
        ws.write(r, 2, "Cấp giấy chứng nhận")
        ws.write(r, 3, d["received"].date(), date)
        ws.write(r, 4, d["received"].time(), time)
        ws.write(r, 5, d["due"].strftime("%d/%m/%Y %H:%M:%S"))
        if d["resolved"] is not None:
            ws.write(r, 6, d["resolved"], datetime)
        ws.write(r, 7, d["agency"])
        ws.write(r, 8, {"online": "Trực tuyến", "postal": "Bưu chính"}.get(d["channel"], "Trực tiếp"))
    total = first + len(rows)
    ws.write_merge(total, total, 0, 2, "Tổng cộng", center)
    ws.write(total, 3, len(rows))
    ws.write(total + 2, 1, "Người lập biểu")
    ws.write(total + 2, 7, "Thủ trưởng đơn vị")
    ws.write(total + 5, 1, "Nguyễn Văn A")
    wb.save(path)


if __name__ == "__main__":
    main(sys.argv[1])
