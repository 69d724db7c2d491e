"""Reading legacy files as rows of text: CSV (UTF-8 with or without BOM, or Windows-1256) and XLSX.

Pure module (no Django import). Every cell comes out as a stripped string, whatever the format,
so that the cleaners, the report and the rejects file treat all files alike. A cell that Sijill's CSV
writer neutralised (a rejects file opened, corrected and given back) reads as it was. Line numbers are
those a clerk sees: the header is line 1 (the row number in Excel, the line in a text editor).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sijill.core.safe_csv import restore
from sijill.imports.cleaners import gettext_noop

XLSX_MAGIC = b"PK\x03\x04"
DELIMITERS = ",;\t"

BINARY_FILE = gettext_noop(
    "This file is neither a text (CSV) file nor an Excel workbook (.xlsx): it holds binary data. "
    "Save the sheet as .xlsx or as CSV UTF-8 and import that file."
)
XLSX_UNREADABLE = gettext_noop("The Excel file cannot be opened; save it again as .xlsx or .csv.")
XLSX_TOO_LARGE = gettext_noop(
    "The Excel file is refused: opened, it would take %(size)s MB, more than the %(limit)s MB allowed. "
    "Split it into smaller files."
)
XLSX_BOMB = gettext_noop(
    "The Excel file is refused: a part of it expands %(ratio)s times when opened, far beyond a real sheet. "
    "Save the sheet again as .xlsx or CSV."
)
TOO_MANY_ROWS = gettext_noop("The sheet has more than %(limit)s rows; split it into smaller files.")
TOO_MANY_COLUMNS = gettext_noop("The sheet has more than %(limit)s columns; keep only the columns to import.")


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


def _plausible(ch: str) -> bool:
    """A character of a legacy table: Latin, Arabic (with its presentation forms), punctuation."""
    code = ord(ch)
    if code < 0x250:
        return ch.isprintable() or ch in "\t\r\n"
    return 0x600 <= code <= 0x77F or 0x2000 <= code <= 0x206F or 0xFB50 <= code <= 0xFEFF


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without its byte-order mark: NUL bytes, yet in one byte order lines of Latin or
    Arabic characters. Its text, else None."""
    if len(data) % 2 or b"\x00" not in data[:4096]:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:4096]
        if "\n" in sample and sum(1 for ch in sample if _plausible(ch)) >= 0.98 * len(sample):
            return text
    return None


def _looks_binary(text: str) -> bool:
    """NUL or other control characters that no spreadsheet export writes: a picture, a PDF, a program."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return "\x00" in sample or controls > len(sample) // 100


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-16 (Excel's "Unicode text"), strict UTF-8 (BOM dropped), else
    Windows-1256 (legacy Arabic Windows). Binary data is refused as such, never guessed at."""
    binary = FileError(BINARY_FILE)
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise binary from None
            if _looks_binary(text):
                raise binary
            return text.lstrip("\ufeff"), codec
    utf16 = _utf16_without_bom(data)
    if utf16 is not None and not _looks_binary(utf16):
        return utf16, "utf-16"
    if b"\x00" in data[:65536]:
        raise binary
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1256", errors="replace"), "cp1256"
    if _looks_binary(text):
        raise binary
    return text, encoding


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


def detect_encoding(data: bytes, chunk: int = 1 << 20) -> str:
    """``decode``'s choice without holding the whole text of a large UTF-8 file: strict UTF-8 is
    checked piece by piece. Anything else (a BOM, UTF-16, NUL bytes, not UTF-8) goes through
    ``decode`` itself, with its refusals."""
    head = data[:65536]
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)[1]
    if b"\x00" in head:  # UTF-16 without its BOM, or binary
        return decode(data)[1]
    check = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8"
    try:
        for start in range(0, len(data), chunk):
            check.decode(data[start : start + chunk])
        check.decode(b"", final=True)
    except UnicodeDecodeError:
        encoding = "cp1256"  # as decode() reads a file that is not UTF-8
    if _looks_binary(head.decode("utf-8-sig" if encoding == "utf-8" else "cp1256", errors="replace")):
        raise FileError(BINARY_FILE)
    return encoding


def read_csv(data: bytes) -> Table:
    """Decoded as it is read (a national file is hundreds of megabytes: never the whole text at once)."""
    encoding = detect_encoding(data)
    stream: io.TextIOBase
    if encoding in ("utf-8", "cp1256"):
        codec = "utf-8-sig" if encoding == "utf-8" else "cp1256"
        delimiter = sniff_delimiter(data[:65536].decode(codec, errors="ignore"))
        stream = io.TextIOWrapper(io.BytesIO(data), encoding=codec, errors="replace", newline="")
    else:  # UTF-16 and UTF-32 files, decoded whole by decode()
        text, encoding = decode(data)
        delimiter = sniff_delimiter(text)
        stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
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


class Uncalculated(str):
    """A formula cell saved without its result (written by a program that does not calculate): the
    text is the formula, so the report can name it; the engine refuses it rather than read it as empty."""


def cell_text(value: object) -> str:
    """An Excel cell as the text a clerk typed: dates as yyyy-mm-dd, 1987.0 as 1987."""
    if value is None:
        return ""
    if isinstance(value, Uncalculated):
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return restore(str(value).strip())


@dataclass(frozen=True)
class XlsxLimits:
    """What an XLSX file may hold. An .xlsx is a zip archive: a small upload can expand a thousand
    times (a decompression bomb). Past these limits the file is refused from the archive's own
    directory and the sheet's declared size, before anything is parsed; while reading, the actual
    rows and columns are counted against the same limits (zipfile never yields more than a part's
    declared size: a part that lies about it fails its checksum)."""

    expanded_bytes: int = 512 * 2**20  # all parts, uncompressed (a million rows of a dozen columns)
    shared_strings_bytes: int = 64 * 2**20  # the table of texts, which is held in memory whole
    ratio: int = 100  # uncompressed / compressed size of any part over RATIO_FLOOR
    rows: int = 1_048_576  # Excel's own maximum
    columns: int = 1024
    parts: int = 1000  # a workbook has a few dozen


RATIO_FLOOR = 2**20
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?\"")
_EOCD = b"PK\x05\x06"


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _mb(size: int) -> int:
    return -(-size // 2**20)


def _declared_parts(data: bytes) -> int:
    """The number of parts the zip's end record declares, read before the directory is parsed."""
    at = data.rfind(_EOCD, max(0, len(data) - 65557))
    if at < 0 or at + 22 > len(data):
        raise FileError(XLSX_UNREADABLE)
    return int.from_bytes(data[at + 10 : at + 12], "little")


def _check_archive(archive: zipfile.ZipFile, limits: XlsxLimits) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise FileError(XLSX_BOMB, ratio=info.file_size // max(info.compress_size, 1))
        if info.filename.endswith("sharedStrings.xml") and info.file_size > limits.shared_strings_bytes:
            raise FileError(XLSX_TOO_LARGE, size=_mb(info.file_size), limit=_mb(limits.shared_strings_bytes))
    if total > limits.expanded_bytes:
        raise FileError(XLSX_TOO_LARGE, size=_mb(total), limit=_mb(limits.expanded_bytes))


def _check_declared_size(archive: zipfile.ZipFile, path: str, limits: XlsxLimits) -> None:
    """The sheet's <dimension> (its first bytes), when it declares more rows or columns than allowed."""
    with archive.open(path) as stream:
        found = _DIMENSION.search(stream.read(8192))
    if found is None:
        return
    last_column, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
    if int(last_row) > limits.rows:
        raise FileError(TOO_MANY_ROWS, limit=limits.rows)
    if _column_number(last_column) > limits.columns:
        raise FileError(TOO_MANY_COLUMNS, limit=limits.columns)


def _open_workbook(data: bytes, limits: XlsxLimits) -> tuple[Any, str]:
    """openpyxl's reader of the workbook (texts, styles, dates) and the path of its first sheet.

    It is stopped before it builds worksheet objects: those parse a sheet without a declared size
    in full, keeping every row, and read only as far as the size a sheet declares.
    """
    from openpyxl.reader.excel import ExcelReader

    class FirstSheet(ExcelReader):
        sheet_path = ""

        def read_worksheets(self) -> None:
            for _sheet, rel in self.parser.find_sheets():
                if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                    self.sheet_path = rel.target
                    return

    if _declared_parts(data) > limits.parts:
        raise FileError(XLSX_UNREADABLE)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, limits)
        reader = FirstSheet(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        reader.read()
    except FileError:
        raise
    except Exception:  # zipfile and openpyxl raise many kinds for a damaged file
        raise FileError(XLSX_UNREADABLE) from None
    if not reader.sheet_path:
        reader.archive.close()
        raise FileError(gettext_noop("The file is empty."))
    try:
        _check_declared_size(reader.archive, reader.sheet_path, limits)
    except FileError:
        reader.archive.close()
        raise
    except Exception:
        reader.archive.close()
        raise FileError(XLSX_UNREADABLE) from None
    return reader, reader.sheet_path


def _sheet_rows(reader: Any, path: str, limits: XlsxLimits) -> Iterator[tuple[int, list[object]]]:
    """Every row of the sheet, whatever size it declares, as (row number, cell values).

    openpyxl parses each row's cells (shared texts, numbers, dates); the XML is walked here so that
    each finished element is dropped at once (memory stays flat however many rows) and the rows and
    cells are counted as they start.
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet._reader import CELL_TAG, DATA_TAG, FORMULA_TAG, ROW_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = Uncalculated("=" + (element.findtext(FORMULA_TAG) or ""))
            return cell

    wb = reader.wb
    with reader.archive.open(path) as stream:
        parser = Parser(stream, reader.shared_strings, data_only=True, epoch=wb.epoch,
                        date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)  # fmt: skip
        open_elements: list[Any] = []
        rows = cells = 0
        in_row = False
        # Python's expat (2.4.1 and later) refuses entity-expansion bombs; etree fetches no external entity.
        for event, element in iterparse(stream, events=("start", "end")):  # noqa: S314
            if event == "start":
                open_elements.append(element)
                if element.tag == CELL_TAG:
                    cells += 1
                    if cells > limits.columns:
                        raise FileError(TOO_MANY_COLUMNS, limit=limits.columns)
                elif element.tag == ROW_TAG:
                    rows, cells, in_row = rows + 1, 0, True
                    if rows > limits.rows:
                        raise FileError(TOO_MANY_ROWS, limit=limits.rows)
                continue
            open_elements.pop()
            if in_row and element.tag != ROW_TAG:
                continue  # a cell of the row being read: parse_row needs it
            if element.tag == ROW_TAG:
                in_row = False
                number, parsed = parser.parse_row(element)
                parser.row_dimensions.clear()  # row heights are not needed: never let them pile up
                width = max((c["column"] for c in parsed), default=0)
                if width > limits.columns:
                    raise FileError(TOO_MANY_COLUMNS, limit=limits.columns)
                values: list[object] = [None] * width
                for cell in parsed:
                    values[cell["column"] - 1] = cell["value"]
                yield number, values
            elif element.tag == DATA_TAG:
                return  # nothing after the rows is needed
            if open_elements:
                open_elements[-1].remove(element)  # done with: dropped at once


def read_xlsx(data: bytes, limits: XlsxLimits | None = None) -> Table:
    """The first sheet's rows; refused before parsing when the archive or the sheet is too large."""
    limits = limits or XlsxLimits()
    reader, path = _open_workbook(data, limits)
    values = _sheet_rows(reader, path, limits)
    headers: list[str] | None = None
    try:
        for _line, raw in values:
            cells = [cell_text(v) for v in raw]
            if any(cells):
                headers = cells
                break
    except Exception:
        reader.archive.close()
        raise
    if headers is None:
        reader.archive.close()
        raise FileError(gettext_noop("The file is empty."))
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, raw in values:
                cells = [cell_text(v) for v in raw]
                if any(cells):
                    yield number, cells if any(cells[width:]) else cells[:width]
        except FileError:
            raise
        except (SyntaxError, ValueError):  # ParseError: the sheet is damaged further down
            raise FileError(XLSX_UNREADABLE) from None
        finally:
            reader.archive.close()

    return Table(headers, rows(), "xlsx")


def read_table(data: bytes, filename: str = "", *, limits: XlsxLimits | None = None) -> Table:
    """The rows of a CSV or XLSX file, chosen by content (an .xlsx is a zip archive)."""
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith(".xlsx"):
        return read_xlsx(data, limits)
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # the old binary .xls
        raise FileError(gettext_noop("Old .xls files are not read; save the sheet as .xlsx or .csv."))
    return read_csv(data)
