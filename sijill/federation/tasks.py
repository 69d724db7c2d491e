"""Federation's periodic work: check the links (dates a link that goes down) and witness peers' logs."""

from __future__ import annotations

from django.db import connection
from django_tasks import task

from sijill.core.actor import Actor
from sijill.federation import services, witness


@task()
def check_federation() -> dict[str, str]:
    if connection.vendor != "postgresql":
        return {}
    services.overview(Actor.system("worker"))
    return witness.witness_peers()
