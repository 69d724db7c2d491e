"""Records that can be federated between sites.

Each ministry runs its own site; sites exchange rows by PostgreSQL logical replication. For that
to converge without a master, every record follows three rules, enforced here and only here:

1. a random UUID primary key, so two sites never create the same key;
2. ``origin_site`` is set on insert to this site's code and never changes;
3. only the origin site updates or deletes a record. Another site records what it did as a new
   record of its own (an event), from which the owner derives the record's state.

The same rules are enforced by a database trigger on PostgreSQL, so that raw SQL cannot break them
either. The replication apply worker runs with ``session_replication_role = replica``, under
which ordinary triggers do not fire, so rows arriving from a peer are applied as sent.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any, Self

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sijill.core.errors import ForeignRecord

_applying_peer_rows: ContextVar[bool] = ContextVar("sijill_applying_peer_rows", default=False)


def current_site() -> str:
    return str(settings.SIJILL_SITE)


@contextlib.contextmanager
def applying_peer_rows() -> Iterator[None]:
    """Let code write rows owned by other sites, as the replication worker does.

    Used only by the demo loader (which fills a one-machine trial with both sites' data) and by
    federation tests. Never used by a service acting for a user.
    """
    token = _applying_peer_rows.set(True)
    try:
        yield
    finally:
        _applying_peer_rows.reset(token)


def _check_owned(origin_site: str) -> None:
    if not _applying_peer_rows.get() and origin_site != current_site():
        raise ForeignRecord()


class FederatedQuerySet(models.QuerySet[Any]):
    """Bulk updates and deletes obey the ownership rule too."""

    def _refuse_foreign(self) -> None:
        if not _applying_peer_rows.get() and self.exclude(origin_site=current_site()).exists():
            raise ForeignRecord()

    def update(self, **kwargs: Any) -> int:
        if "origin_site" in kwargs:
            raise ForeignRecord(_("The origin site of a record never changes."))
        self._refuse_foreign()
        if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
            kwargs.setdefault("updated_at", timezone.now())
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_foreign()
        return super().delete()

    def owned(self) -> Self:
        return self.filter(origin_site=current_site())


class FederatedModel(models.Model):
    """Base of every record that sites exchange."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Not indexed: a site owns about half the rows, too many for an index to help.
    origin_site = models.CharField(_("origin site"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    # Plain UUIDs rather than foreign keys: the acting user may be a user of another site whose
    # row has not arrived yet, and a foreign key would stall replication.
    created_by = models.UUIDField(_("created by"), null=True, blank=True, editable=False)
    updated_by = models.UUIDField(_("updated by"), null=True, blank=True, editable=False)
    # Optimistic concurrency: an edit states the version it started from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = FederatedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            if not self.origin_site or not _applying_peer_rows.get():
                self.origin_site = current_site()
        else:
            _check_owned(self.origin_site)
            self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        _check_owned(self.origin_site)
        return super().delete(*args, **kwargs)

    @property
    def is_local(self) -> bool:
        return self.origin_site == current_site()


def federated_models() -> list[type[models.Model]]:
    """Every concrete model that follows the ownership rules: the one list of replicated tables.

    A model is replicated when it subclasses ``FederatedModel`` or says ``federated = True`` (an
    index row travelling with its record, the audit log). Such a model names its owner column in
    ``federation_owner`` when it is not ``origin_site``. Every other table is local to its site and
    never published: sessions, sign-in attempts, two-factor devices, API tokens, caches, the site
    identity, reference tables loaded identically by migrations at every site, and any table an app
    keeps for itself (import jobs, no-hit screenings, rate limits).
    """
    from django.apps import apps

    return [
        m
        for m in apps.get_models()
        if (issubclass(m, FederatedModel) or getattr(m, "federated", False) is True)
        and not m._meta.abstract
        and m._meta.managed
        and not m._meta.proxy
    ]


def owner_column(model: type[models.Model]) -> str:
    """The column naming the site that owns a row of a replicated table."""
    field = model._meta.get_field(getattr(model, "federation_owner", "origin_site"))
    return str(getattr(field, "column", field.name))


# --- PostgreSQL enforcement ------------------------------------------------------------------

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION sijill_enforce_ownership() RETURNS trigger AS $$
DECLARE
    local_site text;
BEGIN
    SELECT code INTO local_site FROM core_siteidentity WHERE singleton = 1;
    IF local_site IS NULL THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF OLD.origin_site <> local_site THEN
        RAISE EXCEPTION 'sijill: a row of %% belongs to site %%, not to %%',
            TG_TABLE_NAME, OLD.origin_site, local_site
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.origin_site <> OLD.origin_site THEN
        RAISE EXCEPTION 'sijill: origin_site of %% never changes', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN COALESCE(NEW, OLD);
END;
$$ LANGUAGE plpgsql;
"""


def install_ownership_triggers() -> None:
    """(Re)create the ownership trigger on every federated table. Idempotent."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(_PG_FUNCTION.replace("%%", "%"))
        existing = set(connection.introspection.table_names(cursor))
        for model in federated_models():
            if model._meta.db_table not in existing:  # a migration not applied yet (migrate to a target)
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DROP TRIGGER IF EXISTS sijill_ownership ON {table}")
            # The function reads OLD.origin_site: tables owned through another column (the audit
            # log's ``site``) are guarded by their own triggers (append-only).
            if owner_column(model) != "origin_site":
                continue
            cursor.execute(
                f"CREATE TRIGGER sijill_ownership BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION sijill_enforce_ownership()"
            )


def claim_site_identity() -> None:
    """Bind this database to SIJILL_SITE, refusing to serve a database that belongs to another site."""
    from sijill.core.models import SiteIdentity

    identity, created = SiteIdentity.objects.get_or_create(singleton=1, defaults={"code": current_site()})
    if not created and identity.code != current_site():
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"This database belongs to site {identity.code}, but SIJILL_SITE is {current_site()}."
        )


def after_migrate(sender: Any, **kwargs: Any) -> None:
    if getattr(sender, "label", None) != "core":
        return
    from sijill.core.dbroles import connected_as_app, grant_app_role

    claim_site_identity()
    if connected_as_app():
        return  # the schema belongs to the owner role: triggers and grants are its business
    install_ownership_triggers()
    grant_app_role()
    if connection.vendor == "postgresql":
        # Replica identity (pk + owner column) on every replicated table, and, once this site has
        # joined a federation, its publication and subscriptions kept current with new tables.
        from sijill.federation.replication import after_migrate as federation_after_migrate

        federation_after_migrate()
