"""The audit log's background task: the sequencer."""

from __future__ import annotations

from django_tasks import task

from sijill.audit import sequencer


@task()
def sequence_audit_log() -> int:
    """Place every waiting entry of this site in the signed chain (the worker calls it continuously)."""
    return sequencer.sequence_all()
