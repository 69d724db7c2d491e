"""The permission matrix, parsed from ``permission_matrix.txt``.

Pure module (no Django): the file is data that a reviewer reads and signs off; this module only
parses it and answers "in which scope may this role take this action?".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

MATRIX_FILE = Path(__file__).with_name("permission_matrix.txt")


class Scope(StrEnum):
    NATIONAL = "N"
    SITE = "S"
    DIRECTORATE = "D"
    UNIT = "U"


# Widest first: a wider scope includes the narrower ones.
SCOPE_ORDER = [Scope.NATIONAL, Scope.SITE, Scope.DIRECTORATE, Scope.UNIT]

ROLE_COLUMNS: dict[str, str] = {
    "t1": "t1_operator",
    "dir": "directorate_operator",
    "chk": "checkpoint_officer",
    "inv": "investigator",
    "clk": "records_clerk",
    "pro": "prosecutor",
    "per": "personnel_officer",
    "ins": "inspector",
    "med": "media_officer",
    "aud": "auditor",
    "adm": "site_admin",
}
ROLES: list[str] = list(ROLE_COLUMNS.values())


class MatrixError(ValueError):
    pass


@dataclass(frozen=True)
class Matrix:
    grants: dict[tuple[str, str], Scope]
    two_factor_roles: frozenset[str]
    actions: tuple[str, ...]


@cache
def load(path: Path = MATRIX_FILE) -> Matrix:
    """Parse the matrix file; raise MatrixError on a malformed file."""
    grants: dict[tuple[str, str], Scope] = {}
    two_factor: set[str] = set()
    action_names: list[str] = []
    columns: list[str] | None = None
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        cells = line.split()
        if columns is None:
            if cells[0] != "action":
                raise MatrixError(f"line {lineno}: header must start with 'action'")
            unknown = [c for c in cells[1:] if c not in ROLE_COLUMNS]
            if unknown or len(cells) - 1 != len(ROLE_COLUMNS):
                raise MatrixError(f"line {lineno}: header must name every role once")
            columns = [ROLE_COLUMNS[c] for c in cells[1:]]
            continue
        if len(cells) != len(columns) + 1:
            raise MatrixError(f"line {lineno}: expected {len(columns) + 1} cells, got {len(cells)}")
        action, values = cells[0], cells[1:]
        if action != "2fa":
            if action in action_names:
                raise MatrixError(f"line {lineno}: action {action} appears twice")
            action_names.append(action)
        for role, value in zip(columns, values, strict=True):
            if action == "2fa":
                if value not in {"y", "n"}:
                    raise MatrixError(f"line {lineno}: 2fa cells are y or n")
                if value == "y":
                    two_factor.add(role)
            elif value != "-":
                try:
                    grants[(role, action)] = Scope(value)
                except ValueError as exc:
                    raise MatrixError(f"line {lineno}: unknown scope {value!r}") from exc
    return Matrix(grants, frozenset(two_factor), tuple(action_names))


def scope_for(role: str, action: str) -> Scope | None:
    """The scope in which ``role`` may take ``action``, or None when it may not at all."""
    matrix = load()
    if action not in matrix.actions:
        raise MatrixError(f"unknown action {action!r}: add it to {MATRIX_FILE.name}")
    return matrix.grants.get((role, action))


def actions() -> tuple[str, ...]:
    return load().actions


def requires_two_factor(role: str) -> bool:
    return role in load().two_factor_roles


def actions_of(role: str) -> dict[str, Scope]:
    return {action: scope for (r, action), scope in load().grants.items() if r == role}
