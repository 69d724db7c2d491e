"""Cleaners and readers alone (no database)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from sijill.imports import cleaners as c
from sijill.imports.readers import FileError, read_table

HEADER = "الاسم الأول,اللقب,تاريخ الميلاد"


def test_dates_in_both_orders_and_arabic_indic_digits():
    clean = c.past_date()
    assert clean("23/04/1987") == dt.date(1987, 4, 23)
    assert clean("٢٣/٠٤/١٩٨٧") == dt.date(1987, 4, 23)
    assert clean("1987-04-23") == dt.date(1987, 4, 23)
    assert clean("3.4.1987") == dt.date(1987, 4, 3)
    for bad, message in [
        ("31/02/1990", "This date does not exist."),
        ("1987/23/04", "This date does not exist."),
        ("23 April 1987", "Not a date"),
        ("01/01/2999", "The date is in the future."),
        ("01/01/1850", "The year is before"),
    ]:
        with pytest.raises(c.CellError) as exc:
            clean(bad)
        assert str(exc.value).startswith(message)


def test_digits_names_codes_choices_years():
    assert c.digits(12, 12)("١١٩٨٧ ٠٠١٢٣٤٥") == "119870012345"
    with pytest.raises(c.CellError):
        c.digits(12, 12)("11987")
    with pytest.raises(c.CellError):
        c.name_part()("محمد2")
    assert c.name_part()("عبد  الرحمن") == "عبد الرحمن"
    assert c.code()("lp-١٢٣ ٤") == "LP1234"
    sex = c.choice({"ذكر": "m", "أنثى": "f", "M": "m"}, "ذكر / أنثى")
    assert sex("انثى") == "f" and sex(" m ") == "m"
    with pytest.raises(c.CellError):
        sex("رجل")
    assert c.year()("١٩٨٧") == 1987 and c.year()("1987.0") == 1987
    with pytest.raises(c.CellError):
        c.year()("87")


def test_fold_label_ignores_hamza_case_and_spaces():
    assert c.fold_label(" الإسم_الأول ") == c.fold_label("الاسم الأول")
    assert c.fold_label("First-Name") == "first name"


def _rows(table):
    return list(table.rows)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters(delimiter):
    text = HEADER.replace(",", delimiter) + "\n" + delimiter.join(["محمد", "الورفلي", "01/02/1990"]) + "\n"
    table = read_table(text.encode())
    assert table.delimiter == delimiter
    assert table.headers == ["الاسم الأول", "اللقب", "تاريخ الميلاد"]
    assert _rows(table) == [(2, ["محمد", "الورفلي", "01/02/1990"])]


def test_utf8_with_bom_cp1256_and_line_numbers():
    body = HEADER + '\r\nمحمد,الورفلي,01/02/1990\r\n\r\n"سالمة\nعلي",الزوي,\r\nخديجة,المسماري,\r\n'
    bom = read_table(b"\xef\xbb\xbf" + body.encode())
    assert bom.encoding == "utf-8" and bom.headers[0] == "الاسم الأول"
    windows = read_table(body.encode("cp1256"))
    assert windows.encoding == "cp1256"
    rows = _rows(windows)
    assert [line for line, _ in rows] == [2, 4, 6]  # the blank line 3 is skipped; a quoted cell spans 4-5
    assert rows[1][1][0] == "سالمة\nعلي"


def test_xlsx_reader_turns_cells_into_text():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["الاسم الأول", "سنة الميلاد", "تاريخ الميلاد"])
    sheet.append(["محمد", 1987, dt.datetime(1987, 4, 23)])
    sheet.append([None, None, None])
    sheet.append(["سالمة", 1990.0, "٢٣/٠٤/١٩٩٠"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "legacy.xlsx")
    assert table.format == "xlsx"
    assert _rows(table) == [(2, ["محمد", "1987", "1987-04-23"]), (4, ["سالمة", "1990", "٢٣/٠٤/١٩٩٠"])]


def test_unreadable_files():
    with pytest.raises(FileError):
        read_table(b"")
    with pytest.raises(FileError):
        read_table(b"\xd0\xcf\x11\xe0 old excel", "old.xls")
    with pytest.raises(FileError):
        read_table(b"PK\x03\x04 not really a zip", "broken.xlsx")
