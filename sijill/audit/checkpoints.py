"""Signed heads appended to a file outside the database (``SIJILL_AUDIT_CHECKPOINT_FILE``).

The sequencer appends each head it signs, after its transaction commits, as one JSON line. A
database restored from an older backup, truncated or wiped is then shorter than the file's last
head, and ``verify`` says so. Put the file on another disk than the database (and, on Linux,
``chattr +a`` makes it append-only even for its owner).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Checkpoint:
    site: str
    seq: int
    hash: str
    key_id: str
    signature: str
    at: str


def path() -> Path:
    return Path(settings.SIJILL_AUDIT_CHECKPOINT_FILE)


def append(head: Checkpoint) -> None:
    """One line per head; O_APPEND keeps concurrent writers' lines whole."""
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(head.__dict__, separators=(",", ":")) + "\n"
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def latest() -> dict[str, Checkpoint]:
    """The highest head of each site in the file (a damaged line is skipped, never trusted)."""
    target = path()
    found: dict[str, Checkpoint] = {}
    if not target.exists():
        return found
    with open(target, encoding="utf-8") as fh:
        for line in fh:
            try:
                data = json.loads(line)
                head = Checkpoint(**{k: data[k] for k in Checkpoint.__dataclass_fields__})
            except (ValueError, KeyError, TypeError):
                continue
            if head.site not in found or head.seq > found[head.site].seq:
                found[head.site] = head
    return found
