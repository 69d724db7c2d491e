"""Reading legacy files as rows of text: CSV (UTF-8 with or without BOM, or Windows-1256) and XLSX.

Pure module (no Django import). Every cell comes out as a stripped string, whatever the format,
so that the cleaners, the report and the rejects file treat all files alike. A cell that Sijill's CSV
writer neutralised (a rejects file opened, corrected and given back) reads as it was. Line numbers are
those a clerk sees: the header is line 1 (the row number in Excel, the line in a text editor).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from sijill.core.safe_csv import restore
from sijill.imports.cleaners import gettext_noop

XLSX_MAGIC = b"PK\x03\x04"
DELIMITERS = ",;\t"


class FileError(ValueError):
    """The file as a whole cannot be read: ``message`` is an English msgid with %(name)s placeholders."""

    def __init__(self, message: str, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line, cells), blank lines left out
    format: str  # csv | xlsx
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding: strict UTF-8 first (BOM dropped), else Windows-1256 (legacy Arabic Windows)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1256"), "cp1256"
    except UnicodeDecodeError:  # Python's cp1256 maps all 256 bytes; kept for safety
        raise FileError(gettext_noop("The file is neither UTF-8 nor Windows-1256 text.")) from None


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (Excel in Arabic locales) or tab, from the first lines."""
    sample = text[:16384]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: list[str] | None = None
    for cells in reader:
        if any(c.strip() for c in cells):
            headers = [restore(c.strip()) for c in cells]
            break
    if headers is None:
        raise FileError(gettext_noop("The file is empty."))

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if any(c.strip() for c in cells):
                yield start, [restore(c.strip()) for c in cells]

    return Table(headers, rows(), "csv", encoding=encoding, delimiter=delimiter)


def cell_text(value: object) -> str:
    """An Excel cell as the text a clerk typed: dates as yyyy-mm-dd, 1987.0 as 1987."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restore(str(value).strip())


def read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise FileError(gettext_noop("The Excel file cannot be opened; save it again as .xlsx or .csv.")) from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    headers: list[str] | None = None
    line = 0
    for raw in values:
        line += 1
        cells = [cell_text(v) for v in raw]
        if any(cells):
            headers = cells
            break
    if headers is None:
        workbook.close()
        raise FileError(gettext_noop("The file is empty."))
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = line
        try:
            for raw in values:
                number += 1
                cells = [cell_text(v) for v in raw]
                if any(cells):
                    yield number, cells if any(cells[width:]) else cells[:width]
        finally:
            workbook.close()

    return Table(headers, rows(), "xlsx")


def read_table(data: bytes, filename: str = "") -> Table:
    """The rows of a CSV or XLSX file, chosen by content (an .xlsx is a zip archive)."""
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        return read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # the old binary .xls
        raise FileError(gettext_noop("Old .xls files are not read; save the sheet as .xlsx or .csv."))
    return read_csv(data)
