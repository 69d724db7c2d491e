"""Warrants' periodic work, run by ``sijill worker`` (see sijill/jobs/periodic.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from sijill.jobs.schedule import Periodic
from sijill.warrants.tasks import record_warrant_expiries

PERIODIC = [Periodic("warrants.expire", record_warrant_expiries, every=timedelta(hours=1), label=_("Warrant expiries"))]
