"""The one CSV writer of the system: every CSV file Sijill writes goes through ``SafeCsvWriter``.

A spreadsheet program runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula. A value typed by anyone — the username of a failed
sign-in, a name in an imported file — would then run on the machine of the auditor or clerk who
opens the export. Following OWASP's rule (CSV injection), such a cell is written with a leading
apostrophe: the spreadsheet shows it as text and a person reads past it. A plain number (``-5``,
``+218912345678``) cannot be a formula and is written as it is.

Pure module (no Django import). To add a CSV export, write its rows with ``csv_lines`` (streamed)
or ``SafeCsvWriter`` (to a file); never with ``csv.writer`` directly.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
BOM = "\ufeff"  # lets spreadsheet programs read UTF-8 (Arabic) right
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


class _Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def neutralise(value: object) -> str:
    """The cell's text, prefixed with an apostrophe when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return NEUTRALISER + text
    return text


def restore(text: str) -> str:
    """A cell as it was before ``neutralise``: for reading back a file Sijill wrote (a rejects file)."""
    if len(text) > 1 and text[0] == NEUTRALISER and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class _Line:
    def write(self, text: str) -> str:
        return text


class SafeCsvWriter:
    """``csv.writer`` with every cell neutralised. Without ``out``, ``writerow`` returns the line."""

    def __init__(self, out: _Writable | None = None, *, delimiter: str = ",") -> None:
        self._writer = csv.writer(out if out is not None else _Line(), delimiter=delimiter)

    def writerow(self, row: Iterable[object]) -> str:
        return str(self._writer.writerow([neutralise(cell) for cell in row]))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_lines(header: Iterable[object], rows: Iterable[Iterable[object]], *, bom: bool = True) -> Iterator[str]:
    """The lines of a CSV file, for a streamed download or a CLI export (UTF-8, BOM first)."""
    writer = SafeCsvWriter()
    yield (BOM if bom else "") + writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)
