"""How an app declares work that runs on a schedule: a ``periodic.py`` module with ``PERIODIC``.

Each app that needs one writes ``sijill/<app>/periodic.py``::

    from datetime import timedelta
    from sijill.jobs.schedule import Periodic
    from sijill.warrants.tasks import expire_warrants

    PERIODIC = [Periodic("warrants.expire", expire_warrants, every=timedelta(hours=1), label=_("Warrant expiries"))]
    JOB_LABELS = {}  # labels of the app's other (enqueued) tasks, by task path, for the page

``sijill worker`` finds these modules in the order of INSTALLED_APPS (``core.appmodules``), like
``menu.py`` and ``importers.py``. This module is the jobs app's own.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from sijill.jobs.schedule import Periodic
from sijill.jobs.tasks import prune_finished_jobs

PERIODIC = [Periodic("jobs.prune", prune_finished_jobs, every=timedelta(hours=6), label=_("Pruning of finished jobs"))]
