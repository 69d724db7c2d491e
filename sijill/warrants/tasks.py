"""Warrants' background task: recording expiries (the state is derived anyway; this audits it)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from sijill.core.actor import Actor
from sijill.warrants.services import expire_warrants


@task()
def record_warrant_expiries() -> int:
    with transaction.atomic():
        return expire_warrants(Actor.system("worker"))
