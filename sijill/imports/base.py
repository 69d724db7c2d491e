"""What an app declares to make a registry importable (in its ``importers.py``: ``IMPORTERS``).

Pure definitions: the columns a legacy file may hold (header names in Arabic and English), how
each cell is cleaned, the cross-column checks, the natural key that makes a re-import harmless,
and the writer that stores valid rows. The engine (``sijill.imports.engine``) does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sijill.imports.cleaners import CellError, Cleaner, fold_label


@dataclass(frozen=True)
class Column:
    name: str  # the field it fills
    label: Any  # shown in reports (lazy translation)
    headers: tuple[str, ...]  # header names accepted, Arabic and English (compared folded)
    clean: Cleaner
    required: bool = False


@dataclass
class WriteCounts:
    created: int = 0
    existing: int = 0  # already in the registry (same natural key): skipped
    expected: int = 0  # rows the writer will be given, when known (a large load may take a faster path)


# rows: (natural key, cleaned row); returns how many were created and skipped as existing.
Writer = Callable[[Any, Iterable[tuple[str, dict[str, Any]]], WriteCounts], None]
RowCheck = Callable[[dict[str, Any]], list[tuple[str, CellError | str]]]
NaturalKey = Callable[[dict[str, Any]], tuple[str, str]]


@dataclass
class Importer:
    registry: str  # e.g. "persons": the CLI argument and the page's choice
    label: Any
    action: str  # the permission its rows need, besides import.run
    columns: list[Column]
    natural_key: NaturalKey  # (key, column to blame for a duplicate)
    write: Writer
    check_row: RowCheck | None = None  # cross-column checks; may complete the row
    headers: dict[str, Column] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.headers = {}
        for column in self.columns:
            for header in (*column.headers, column.name):
                self.headers[fold_label(header)] = column

    def column_for(self, header: str) -> Column | None:
        return self.headers.get(fold_label(header))
