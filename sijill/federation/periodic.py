"""Federation's periodic work, run by ``sijill worker`` (see sijill/jobs/periodic.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from sijill.federation.tasks import check_federation
from sijill.jobs.schedule import Periodic

PERIODIC = [
    Periodic("federation.check", check_federation, every=timedelta(minutes=1),
             label=_("Federation links and witnessing of peers' audit logs")),
]  # fmt: skip
