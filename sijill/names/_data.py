"""Loading of the expert-editable tables in ``data/``.

Every table is a UTF-8, tab-separated file with a header line; lines starting with ``#`` and blank
lines are ignored. They are read once, when the package is imported, so that an expert can extend
the knowledge (names, spellings, particles, legal forms) without touching code.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of ``data/<name>`` as dicts keyed by the header; missing trailing cells are ''."""
    path = DATA_DIR / name
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [cell.strip() for cell in line.split("\t")]
            if header is None:
                header = cells
                continue
            cells += [""] * (len(header) - len(cells))
            rows.append(dict(zip(header, cells, strict=False)))
    return rows


def split_values(cell: str) -> list[str]:
    """The '|'-separated values of a cell, blanks dropped."""
    return [value.strip() for value in cell.split("|") if value.strip()]
