"""Files that misled or exhausted the importer: XLSX bombs, sheets past their declared size, formulas
without results, UTF-16 and binary files, a header without rows (no database needed for most)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
import tracemalloc
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

import pytest
from openpyxl import Workbook

from sijill.imports import services
from sijill.imports.readers import (
    BINARY_FILE,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    XLSX_BOMB,
    XLSX_TOO_LARGE,
    XLSX_UNREADABLE,
    FileError,
    Uncalculated,
    XlsxLimits,
    read_table,
)

ROOT = Path(__file__).resolve().parents[3]


SHEET = "xl/worksheets/sheet1.xml"
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["الاسم الأول", "اسم الأب", "اللقب", "الجنس", "تاريخ الميلاد", "الرقم الوطني"]


def _workbook(*rows: Sequence[object]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_sheet(data: bytes, write_sheet: Callable[[IO[bytes]], None], level: int = 6) -> bytes:
    """The workbook ``data`` with its first sheet's XML written anew by ``write_sheet`` (streamed)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for info in source.infolist():
            if info.filename != SHEET:
                archive.writestr(info, source.read(info))
                continue
            with archive.open(SHEET, "w", force_zip64=True) as sheet:
                write_sheet(sheet)
    return out.getvalue()


def _sheet(dimension: str, rows: list[bytes] | None = None, repeat: tuple[bytes, int] | None = None):
    def write(sheet: IO[bytes]) -> None:
        sheet.write(f'<worksheet xmlns="{NS}"><dimension ref="{dimension}"/><sheetData>'.encode())
        for row in rows or []:
            sheet.write(row)
        if repeat:
            chunk, times = repeat
            for _ in range(times):
                sheet.write(chunk)
        sheet.write(b"</sheetData></worksheet>")

    return write


def _text_row(number: int, *texts: str) -> bytes:
    cells = "".join(f'<c t="inlineStr"><is><t>{t}</t></is></c>' for t in texts)
    return f'<row r="{number}">{cells}</row>'.encode()


def _message(exc: pytest.ExceptionInfo[FileError]) -> str:
    return exc.value.message


# --- XLSX bombs ---------------------------------------------------------------------------------


def _bomb(expanded_mb: int) -> bytes:
    """Like the attack: a sheet of tiny rows that compresses over a hundred times (2.8 MB -> 412 MB)."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20000
    return _with_sheet(_workbook(HEADER), _sheet("A1:A2", repeat=(row, expanded_mb * 2**20 // len(row))), level=1)


def test_a_decompression_bomb_is_refused_before_parsing_and_costs_little_memory(tmp_path):
    """412 MB once opened raised a worker from 118 MB to 795 MB; now it is refused from the zip's directory.

    The memory is measured in a process of its own: its peak resident size before and after the read.
    """
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(_bomb(412))
    assert bomb.stat().st_size < 3 * 2**20
    probe = textwrap.dedent(f"""
        import resource, sys
        sys.path.insert(0, {str(ROOT)!r})
        from sijill.imports.readers import FileError, read_table
        data = open({str(bomb)!r}, "rb").read()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            read_table(data, "bomb.xlsx")
        except FileError as exc:
            print("refused:", exc.message)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("grew_kb:", after - before)
    """)
    result = subprocess.run(  # noqa: S603 (this interpreter, a probe of our own)
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert f"refused: {XLSX_BOMB}" in result.stdout, result.stdout + result.stderr
    found = re.search(r"grew_kb: (\d+)", result.stdout)
    assert found is not None, result.stdout
    grew_kb = int(found.group(1))
    assert grew_kb < 20 * 1024, f"the refused bomb raised the process by {grew_kb} kB"


def _peak_while_reading(rows: int) -> int:
    row = b"<row><c><v>1</v></c></row>" * 1000
    data = _with_sheet(_workbook(HEADER), _sheet("A1", rows=[_text_row(1, "h")], repeat=(row, rows // 1000)))
    table = read_table(data, "big.xlsx", limits=XlsxLimits(ratio=10**6))  # past its declared size, A1
    tracemalloc.start()
    try:
        assert sum(1 for _ in table.rows) == rows
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_rows_read_are_not_kept_memory_stays_flat():
    """openpyxl kept an emptied element per row read (~90 bytes): 412 MB of rows took 677 MB more."""
    growth = _peak_while_reading(20_000) - _peak_while_reading(2_000)
    assert growth < 300_000, f"{growth} bytes more for 18,000 more rows"


def test_expanded_size_over_the_limit_is_refused():
    data = _workbook(HEADER, ["محمد", "علي", "الزوي"] * 2)
    with pytest.raises(FileError) as exc:
        read_table(data, "x.xlsx", limits=XlsxLimits(expanded_bytes=5000))
    assert _message(exc) == XLSX_TOO_LARGE


def test_declared_rows_and_columns_over_the_limits_are_refused_before_parsing():
    many_rows = _with_sheet(_workbook(HEADER), _sheet("A1:F3000000", rows=[_text_row(1, "الاسم الأول")]))
    with pytest.raises(FileError) as exc:
        read_table(many_rows, "x.xlsx")
    assert _message(exc) == TOO_MANY_ROWS
    wide = _with_sheet(_workbook(HEADER), _sheet("A1:XFD2", rows=[_text_row(1, "الاسم الأول")]))
    with pytest.raises(FileError) as exc:
        read_table(wide, "x.xlsx")
    assert _message(exc) == TOO_MANY_COLUMNS


def test_actual_rows_and_columns_over_the_limits_are_refused_while_reading():
    rows = [_text_row(n, "محمد") for n in range(1, 151)]
    data = _with_sheet(_workbook(HEADER), _sheet("A1:A2", rows=rows))  # it declares 2 rows and holds 150
    with pytest.raises(FileError) as exc:
        list(read_table(data, "x.xlsx", limits=XlsxLimits(rows=100)).rows)
    assert _message(exc) == TOO_MANY_ROWS
    wide_row = f'<row r="2">{"<c><v>1</v></c>" * 2000}</row>'.encode()
    data = _with_sheet(_workbook(HEADER), _sheet("A1:B2", rows=[_text_row(1, "الاسم"), wide_row]))
    with pytest.raises(FileError) as exc:
        list(read_table(data, "x.xlsx").rows)
    assert _message(exc) == TOO_MANY_COLUMNS


def test_a_part_that_lies_about_its_size_cannot_be_read_past_it():
    data = bytearray(_workbook(HEADER, ["محمد", "علي", "الزوي"]))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo(SHEET)
    small = (info.file_size // 4).to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = small  # local header: uncompressed size
    name = SHEET.encode()
    entry = next(
        at
        for at in range(len(data))
        if data.startswith(b"PK\x01\x02", at) and data[at + 46 : at + 46 + len(name)] == name
    )
    data[entry + 24 : entry + 28] = small  # central directory: uncompressed size
    with pytest.raises(FileError) as exc:
        list(read_table(bytes(data), "x.xlsx").rows)
    assert _message(exc) == XLSX_UNREADABLE


def test_an_archive_of_too_many_parts_is_refused_before_its_directory_is_read():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(1500):
            archive.writestr(f"part{n}.xml", b"")
    with pytest.raises(FileError) as exc:
        read_table(out.getvalue(), "x.xlsx")
    assert _message(exc) == XLSX_UNREADABLE


# --- what misled: rows past the declared size, formulas without results --------------------------


def test_every_row_is_read_whatever_size_the_sheet_declares():
    """A sheet declaring A1:C2 held many more rows: they were silently dropped ("0 rows read")."""
    rows = [_text_row(1, "الاسم الأول", "اللقب")] + [_text_row(n, f"اسم{n}", "الزوي") for n in range(2, 502)]
    data = _with_sheet(_workbook(HEADER), _sheet("A1:B1", rows=rows))
    table = read_table(data, "x.xlsx")
    read = list(table.rows)
    assert len(read) == 500 and read[-1] == (501, ["اسم501", "الزوي"])


def test_a_formula_without_its_result_is_named_not_read_as_empty():
    formula_row = (
        '<row r="2"><c t="inlineStr"><is><t>محمد</t></is></c><c><f>CONCATENATE("ال","زوي")</f></c>'
        "<c><f>1+1</f><v>2</v></c></row>"
    ).encode()
    data = _with_sheet(_workbook(HEADER), _sheet("A1:C2", rows=[_text_row(1, "a", "b", "c"), formula_row]))
    [(_line, cells)] = list(read_table(data, "x.xlsx").rows)
    assert cells[0] == "محمد" and cells[2] == "2"  # a formula saved with its result reads as the result
    assert isinstance(cells[1], Uncalculated) and cells[1] == '=CONCATENATE("ال","زوي")'


@pytest.mark.django_db
def test_import_reports_a_formula_without_result_in_arabic(actor_of):
    row = (
        '<row r="2"><c t="inlineStr"><is><t>محمد</t></is></c><c t="inlineStr"><is><t>علي</t></is></c>'
        '<c><f>B2&amp;"ي"</f></c></row>'
    ).encode()
    data = _with_sheet(_workbook(HEADER), _sheet("A1:C2", rows=[_text_row(1, *HEADER[:3]), row]))
    report = services.do_import(actor_of("clerk"), "persons", data, "formulas.xlsx")
    assert not report.imported
    [problem] = report.problems
    assert (problem.line, problem.column) == (2, "اللقب")
    assert problem.message.startswith('هذه الخانة فيها معادلة (=B2&"ي") لم تُحفظ نتيجتها في الملف')


# --- text files: UTF-16 is read, binary is named as such ------------------------------------------


def test_utf16_files_are_read_with_or_without_their_mark():
    text = "الاسم الأول\tاللقب\r\nمحمد\tالزوي\r\n"
    for data in (b"\xff\xfe" + text.encode("utf-16-le"), text.encode("utf-16-le"), text.encode("utf-16")):
        table = read_table(data, "unicode.txt")
        assert table.headers == ["الاسم الأول", "اللقب"] and table.delimiter == "\t"
        assert list(table.rows) == [(2, ["محمد", "الزوي"])]
        assert table.encoding.startswith("utf-16")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8,
        bytes(range(256)) * 40,
    ],
)
def test_binary_files_are_named_as_such(data):
    with pytest.raises(FileError) as exc:
        read_table(data, "photo.csv")
    assert _message(exc) == BINARY_FILE


@pytest.mark.django_db
def test_binary_and_header_only_files_get_a_true_arabic_message(actor_of):
    clerk = actor_of("clerk")
    binary = services.do_import(clerk, "persons", b"\x00\x01\x02\x03" * 500, "scan.csv")
    assert binary.refused and binary.file_error.startswith("هذا الملف ليس ملفًا نصيًا (CSV) ولا مصنف Excel")
    header_only = services.do_import(clerk, "persons", (",".join(HEADER) + "\r\n").encode(), "empty.csv")
    assert header_only.refused and not header_only.imported
    assert header_only.file_error == "في الملف سطر العناوين وحده، ولا صفوف بيانات تحته: لا شيء لاستيراده."


@pytest.mark.django_db
def test_a_header_only_file_is_not_ready_to_import(client_of, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from sijill.imports.models import ImportJob, JobStatus

    settings.SIJILL_IMPORT_BACKGROUND = False
    client = client_of("clerk")
    data = _workbook(HEADER)
    client.post(reverse("imports:index"), {"registry": "persons", "file": SimpleUploadedFile("h.xlsx", data)})
    job = ImportJob.objects.latest("created_at")
    assert job.status == JobStatus.INVALID and not services.runnable(job, skip_invalid=True)
    assert "لا صفوف بيانات" in job.report["file_error"]
