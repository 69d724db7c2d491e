"""The audit sequencer runs continuously in ``sijill worker`` (see sijill/jobs/periodic.py)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sijill.audit.tasks import sequence_audit_log
from sijill.jobs.schedule import Periodic

PERIODIC = [
    Periodic(
        "audit.sequence",
        sequence_audit_log,
        every=timedelta(seconds=float(settings.SIJILL_AUDIT_SEQUENCE_INTERVAL)),
        label=_("Audit sequencer"),
        inline=True,
    )
]
