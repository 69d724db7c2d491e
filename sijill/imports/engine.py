"""Validating a legacy file row by row, and handing its valid rows to the registry's writer.

Pass 1 (``validate``) reads every row, cleans every cell, runs the cross-column checks and the
natural-key duplicate check, and produces the report (line, column, message in the user's
language) and the rejects file. Pass 2 (``valid_rows``) gives the writer the rows that passed,
from memory when the file was small, else by reading the file again (memory stays bounded).
"""

from __future__ import annotations

import hashlib
import io
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from sijill.core.safe_csv import SafeCsvWriter
from sijill.imports.base import Column, Importer
from sijill.imports.cleaners import CellError, gettext_noop
from sijill.imports.readers import FileError, Table, Uncalculated, XlsxLimits, read_table

Progress = Callable[[str, int, int | None], None]  # (phase, rows done, total if known)
KEEP_ROWS = 200_000  # valid rows kept in memory between the passes, at most
PROGRESS_EVERY = 1000


@dataclass
class Problem:
    line: int
    column: str
    message: str


@dataclass
class Report:
    registry: str
    file_name: str
    sha256: str
    format: str = ""
    encoding: str = ""
    delimiter: str = ""
    rows: int = 0
    valid: int = 0
    problems: list[Problem] = field(default_factory=list)
    invalid_lines: set[int] = field(default_factory=set)
    ignored_columns: list[str] = field(default_factory=list)
    file_error: str = ""
    rejects: bytes = b""
    kept: list[tuple[str, dict[str, Any]]] | None = field(default=None, repr=False)
    created: int = 0
    existing: int = 0
    imported: bool = False

    @property
    def invalid(self) -> int:
        return len(self.invalid_lines)

    @property
    def refused(self) -> bool:
        """Whether the file as given cannot go in whole."""
        return bool(self.file_error or self.invalid_lines)

    def as_dict(self, max_problems: int = 2000) -> dict[str, Any]:
        return {
            "registry": self.registry, "file_name": self.file_name, "sha256": self.sha256, "format": self.format,
            "encoding": self.encoding, "delimiter": self.delimiter, "rows": self.rows, "valid": self.valid,
            "invalid": self.invalid, "file_error": self.file_error, "ignored_columns": self.ignored_columns,
            "problems": [vars(p) for p in self.problems[:max_problems]], "problem_count": len(self.problems),
            "created": self.created, "existing": self.existing, "imported": self.imported,
        }  # fmt: skip


def translate(error: CellError | FileError | str) -> str:
    """A cleaner's or reader's message in the active language (an already translated text as is)."""
    if isinstance(error, str):
        return error
    text = _(error.message)
    return text % error.params if error.params else text


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class _Layout:
    """Which cell of a line fills which column."""

    mapped: list[tuple[int, Column]]
    width: int
    missing: list[Column]
    by_name: dict[str, str]  # column name -> header as written in the file


def _layout(importer: Importer, table: Table, report: Report) -> _Layout:
    mapped: list[tuple[int, Column]] = []
    seen: dict[str, str] = {}
    for index, header in enumerate(table.headers):
        column = importer.column_for(header) if header else None
        if column is None:
            if header:
                report.ignored_columns.append(header)
            continue
        if column.name in seen:
            raise FileError(
                gettext_noop("The columns %(first)s and %(second)s both give %(label)s; keep one."),
                first=seen[column.name], second=header, label=str(column.label),
            )  # fmt: skip
        seen[column.name] = header
        mapped.append((index, column))
    missing = [c for c in importer.columns if c.required and c.name not in seen]
    return _Layout(mapped, len(table.headers), missing, dict(seen))


def _clean(
    importer: Importer, layout: _Layout, cells: list[str], headers: list[str]
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The cleaned row and its problems as (column as headed in the file, message)."""
    row: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    size = len(cells)
    for index, column in layout.mapped:
        raw = cells[index] if index < size else ""
        if isinstance(raw, Uncalculated):
            errors.append((headers[index], _(
                "This cell holds a formula (%(formula)s) whose result was not saved in the file. "
                "Open the file in Excel or LibreOffice, save it, and import it again."
            ) % {"formula": raw}))  # fmt: skip
            continue
        if not raw:
            if column.required:
                errors.append((headers[index], _("Required: this cell is empty.")))
            continue
        try:
            row[column.name] = column.clean(raw)
        except CellError as exc:
            errors.append((headers[index], translate(exc)))
    if size > layout.width and any(cells[layout.width :]):
        errors.append(("", _("This line has more cells than the header has columns.")))
    if not errors and importer.check_row is not None:
        for name, problem in importer.check_row(row):
            errors.append((layout.by_name.get(name, str(_column_label(importer, name))), translate(problem)))
    return row, errors


def _column_label(importer: Importer, name: str) -> Any:
    return next((c.label for c in importer.columns if c.name == name), name)


NO_ROWS = gettext_noop("The file has a header line but no rows of data under it: there is nothing to import.")


def xlsx_limits() -> XlsxLimits:
    """The site's limits on XLSX files (README, "Settings")."""
    return XlsxLimits(
        expanded_bytes=int(settings.SIJILL_IMPORT_XLSX_MAX_MB) * 2**20,
        rows=int(settings.SIJILL_IMPORT_MAX_ROWS),
        columns=int(settings.SIJILL_IMPORT_MAX_COLUMNS),
    )


def _open(importer: Importer, data: bytes, file_name: str, report: Report) -> tuple[Table, _Layout]:
    table = read_table(data, file_name, limits=xlsx_limits())
    report.format, report.encoding, report.delimiter = table.format, table.encoding, table.delimiter
    layout = _layout(importer, table, report)
    if layout.missing:
        labels = "، ".join(str(c.label) for c in layout.missing)
        raise FileError(gettext_noop("Required columns are missing: %(columns)s."), columns=labels)
    return table, layout


class _SeenKeys:
    """The natural keys met so far in a file, and the line of each: exact strings for an ordinary
    file, then 64-bit digests in two flat arrays (12 bytes a row instead of about 150), so that
    a national file of millions of rows is checked for duplicates in bounded memory.

    Two different keys share a digest with a probability of about n² / 2⁶⁵ (10⁻⁶ at 7 million rows).
    """

    def __init__(self, exact_up_to: int) -> None:
        self.exact: dict[str, int] | None = {}
        self.exact_up_to = exact_up_to
        self.size = 0
        self.digests = array("Q")
        self.lines = array("I")

    def first_line(self, key: str, line: int) -> int | None:
        """The line where ``key`` was first met, or None (and ``key`` is remembered at ``line``)."""
        if self.exact is not None:
            first = self.exact.setdefault(key, line)
            if first != line:
                return first
            if len(self.exact) > self.exact_up_to:
                exact, self.exact = self.exact, None
                self._grow(1 << max(16, (4 * len(exact)).bit_length()))
                for known, at in exact.items():
                    self._put(_digest(known), at)
            return None
        digest = _digest(key)
        mask = len(self.digests) - 1
        slot = digest & mask
        digests = self.digests
        while (found := digests[slot]) != 0:
            if found == digest:
                return int(self.lines[slot])
            slot = (slot + 1) & mask
        digests[slot] = digest
        self.lines[slot] = line
        self.size += 1
        if self.size * 2 > len(digests):
            self._grow(len(digests) * 2)
        return None

    def _grow(self, slots: int) -> None:
        old = [(d, self.lines[i]) for i, d in enumerate(self.digests) if d]
        self.digests = array("Q", bytes(8 * slots))
        self.lines = array("I", bytes(4 * slots))
        self.size = 0
        for digest, at in old:
            self._put(digest, at)

    def _put(self, digest: int, line: int) -> None:
        mask = len(self.digests) - 1
        slot = digest & mask
        while self.digests[slot] != 0:
            slot = (slot + 1) & mask
        self.digests[slot] = digest
        self.lines[slot] = line
        self.size += 1


def _digest(key: str) -> int:
    """A non-zero 64-bit digest of a natural key (0 marks an empty slot)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little") or 1


def validate(
    importer: Importer, data: bytes, file_name: str, *, progress: Progress | None = None, keep_rows: int = KEEP_ROWS
) -> Report:
    """Pass 1: every row checked; the report and the rejects file. Writes nothing."""
    report = Report(importer.registry, file_name, sha256_of(data))
    try:
        table, layout = _open(importer, data, file_name, report)
    except FileError as exc:
        report.file_error = translate(exc)
        return report
    out = io.StringIO()
    rejects = SafeCsvWriter(out, delimiter=table.delimiter or ",")
    rejects.writerow([*table.headers, _("Errors")])
    keys = _SeenKeys(keep_rows)
    kept: list[tuple[str, dict[str, Any]]] | None = []
    for line, cells in _until_file_error(table, report):
        report.rows += 1
        row, errors = _clean(importer, layout, cells, table.headers)
        if not errors:
            key, key_column = importer.natural_key(row)
            first = keys.first_line(key, line)
            if first is not None:
                header = next((table.headers[i] for i, c in layout.mapped if c.name == key_column), key_column)
                errors.append((header, _("Same person or record as line %(line)s of this file.") % {"line": first}))
        if errors:
            report.invalid_lines.add(line)
            report.problems.extend(Problem(line, column, message) for column, message in errors)
            rejects.writerow([*cells, "؛ ".join(f"{c}: {m}" if c else m for c, m in errors)])
        else:
            report.valid += 1
            if kept is not None:
                kept.append((key, row))
                if len(kept) > keep_rows:
                    kept = None
        if progress and report.rows % PROGRESS_EVERY == 0:
            progress("validate", report.rows, None)
    if progress:
        progress("validate", report.rows, report.rows)
    if report.file_error:
        return report
    if not report.rows:
        report.file_error = translate(FileError(NO_ROWS))
        return report
    report.kept = kept
    if report.invalid_lines:
        report.rejects = out.getvalue().encode("utf-8-sig")  # with a BOM, so Excel reads Arabic right
    return report


def _until_file_error(table: Table, report: Report) -> Iterator[tuple[int, list[str]]]:
    """The table's rows; a file error found on the way (an XLSX sheet past the limits, damaged
    further down) ends them and refuses the whole file."""
    try:
        yield from table.rows
    except FileError as exc:
        report.file_error = translate(exc)


def valid_rows(importer: Importer, data: bytes, report: Report) -> Iterator[tuple[str, dict[str, Any]]]:
    """Pass 2: the rows that passed pass 1, with their natural keys."""
    if report.kept is not None:
        yield from report.kept
        return
    table, layout = _open(importer, data, report.file_name, Report(report.registry, report.file_name, ""))
    for line, cells in table.rows:
        if line in report.invalid_lines:
            continue
        row, errors = _clean(importer, layout, cells, table.headers)
        if errors:  # the file changed between the passes: never write what was not validated
            raise FileError(gettext_noop("The file changed while it was being imported."))
        yield importer.natural_key(row)[0], row
