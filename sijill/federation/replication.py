"""PostgreSQL logical replication between sites: publication, subscriptions, replica identity, checks.

Each site publishes the rows it owns (a row filter on the owner column, a literal site code) and
subscribes to every peer's publication. Rows received from a peer are not published again, so
nothing loops. TRUNCATE is never published (it ignores row filters). The replicated tables are
``sijill.core.federation.federated_models()``: nothing else is ever published.

Names, all lower case: publication ``sijill_<site>``; subscription of site S to peer P
``sijill_from_<p>``; its slot on P ``sijill_<p>_to_<s>``.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from django.db import connection, models
from django.utils.translation import gettext as _

from sijill.core.errors import FederationUnavailable, SijillError, ValidationFailed
from sijill.core.federation import current_site, federated_models, owner_column

SITE_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
PUBLISH = "insert, update, delete"  # never truncate: it ignores row filters and would loop
PEER_TIMEOUT = 3  # seconds to reach a peer before calling it unreachable


class FederationError(SijillError):
    status = 409
    code = "federation_error"


# --- what is replicated ---------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    name: str
    pk: tuple[str, ...]
    owner: str
    columns: tuple[str, ...]
    identity_index: str | None  # None: the primary key already holds the owner column

    @property
    def qname(self) -> str:
        return connection.ops.quote_name(self.name)


def _identity_index(model: type[models.Model], pk: tuple[str, ...], owner: str) -> str | None:
    if owner in pk:
        return None
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None and constraint.fields:
            fields = [model._meta.get_field(f) for f in constraint.fields]
            if any(getattr(f, "null", False) for f in fields):
                continue  # a replica identity index needs NOT NULL columns (the audit log's seq is set later)
            columns = {getattr(f, "column", f.name) for f in fields}
            if owner in columns:
                return str(constraint.name)  # an existing unique index holding the owner (audit: site, seq)
    return f"sijill_ri_{model._meta.db_table}"[:63]


def replicated_tables() -> list[Table]:
    tables = []
    for model in federated_models():
        pk_field = model._meta.pk
        assert pk_field is not None
        pk_fields = getattr(pk_field, "fields", None) or [pk_field]  # CompositePrimaryKey has .fields
        pk = tuple(str(f.column) for f in pk_fields)
        owner = owner_column(model)
        columns = tuple(str(f.column) for f in model._meta.concrete_fields if f.column)
        tables.append(Table(model._meta.db_table, pk, owner, columns, _identity_index(model, pk, owner)))
    return sorted(tables, key=lambda t: t.name)


def existing_tables() -> list[Table]:
    """The replicated tables that exist in this database (all of them once every migration ran)."""
    with connection.cursor() as cursor:
        names = set(connection.introspection.table_names(cursor))
    return [t for t in replicated_tables() if t.name in names]


def publication_name(site: str) -> str:
    return f"sijill_{site.lower()}"


def subscription_name(peer: str) -> str:
    return f"sijill_from_{peer.lower()}"


def slot_name(publisher: str, subscriber: str) -> str:
    return f"sijill_{publisher.lower()}_to_{subscriber.lower()}"


def check_site_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not SITE_CODE.match(code):
        raise ValidationFailed(_("A site code is 2 to 8 Latin capital letters or digits, e.g. BEN."))
    if code == current_site():
        raise ValidationFailed(_("A site cannot be its own peer."))
    return code


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# --- connections ----------------------------------------------------------------------------


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise FederationUnavailable()


def _execute(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []


@contextmanager
def peer_connection(dsn: str, timeout: int = PEER_TIMEOUT) -> Iterator[psycopg.Connection[Any]]:
    try:
        conn = psycopg.connect(dsn, autocommit=True, connect_timeout=timeout)
    except psycopg.Error as exc:
        raise FederationError(_("The peer cannot be reached: %(error)s") % {"error": str(exc).strip()}) from exc
    try:
        conn.execute("SET TIME ZONE 'UTC'")
        yield conn
    finally:
        conn.close()


def _require_autocommit() -> None:
    if not connection.get_autocommit() or connection.in_atomic_block:
        raise FederationError("subscriptions are changed outside any transaction")


# --- replica identity -----------------------------------------------------------------------


def ensure_replica_identity() -> list[str]:
    """Give every replicated table a replica identity that holds its owner column. Idempotent.

    A row filter on the owner column requires it to be in the replica identity for UPDATE and
    DELETE to be published; a unique index on (primary key, owner) keeps the subscriber's look-up
    of the old row an index scan (REPLICA IDENTITY FULL would scan the whole table per row on 15).
    """
    tables = replicated_tables()
    state = {
        row[0]: (row[1], row[2])
        for row in _execute(
            """SELECT c.relname, c.relreplident,
                      (SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                        WHERE i.indrelid = c.oid AND i.indisreplident)
                 FROM pg_class c
                WHERE c.relname = ANY(%s) AND c.relkind IN ('r', 'p') AND pg_table_is_visible(c.oid)""",
            [[t.name for t in tables]],
        )
    }
    changed = []
    for table in tables:
        if table.name not in state:
            continue
        identity, index = state[table.name]
        if table.identity_index is None:
            if identity != "d":
                _execute(f"ALTER TABLE {table.qname} REPLICA IDENTITY DEFAULT")
                changed.append(table.name)
            continue
        if identity == "i" and index == table.identity_index:
            continue
        qi = connection.ops.quote_name(table.identity_index)
        cols = ", ".join(connection.ops.quote_name(c) for c in (*table.pk, table.owner))
        _execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {qi} ON {table.qname} ({cols})")
        _execute(f"ALTER TABLE {table.qname} REPLICA IDENTITY USING INDEX {qi}")
        changed.append(table.name)
    return changed


# --- publication ----------------------------------------------------------------------------


def publication_exists(site: str | None = None) -> bool:
    return bool(_execute("SELECT 1 FROM pg_publication WHERE pubname = %s", [publication_name(site or current_site())]))


def ensure_publication() -> bool:
    """Create or update this site's publication: its own rows of every replicated table. Idempotent."""
    site = current_site()
    name = connection.ops.quote_name(publication_name(site))
    tables = existing_tables()
    items = ", ".join(
        f"TABLE {t.qname} WHERE ({connection.ops.quote_name(t.owner)} = {_literal(site)})" for t in tables
    )
    if not publication_exists(site):
        _execute(f"CREATE PUBLICATION {name} FOR {items} WITH (publish = {_literal(PUBLISH)})")
        return True
    published = {
        r[0]: r[1]
        for r in _execute(
            "SELECT tablename, rowfilter FROM pg_publication_tables WHERE pubname = %s", [publication_name(site)]
        )
    }
    options = _execute("SELECT pubinsert, pubupdate, pubdelete, pubtruncate FROM pg_publication WHERE pubname = %s",
                       [publication_name(site)])[0]  # fmt: skip
    changed = False
    if set(published) != {t.name for t in tables} or any(not published[t.name] for t in tables):
        _execute(f"ALTER PUBLICATION {name} SET {items}")
        changed = True
    if options != (True, True, True, False):
        _execute(f"ALTER PUBLICATION {name} SET (publish = {_literal(PUBLISH)})")
        changed = True
    return changed


def drop_publication() -> None:
    _execute(f"DROP PUBLICATION IF EXISTS {connection.ops.quote_name(publication_name(current_site()))}")


# --- subscriptions --------------------------------------------------------------------------


def subscribed_peers() -> list[str]:
    return [
        r[0][len("sijill_from_") :].upper()
        for r in _execute("SELECT subname FROM pg_subscription WHERE subname LIKE 'sijill\\_from\\_%' ORDER BY 1")
    ]


def _subscription_exists(peer: str) -> bool:
    return bool(_execute("SELECT 1 FROM pg_subscription WHERE subname = %s", [subscription_name(peer)]))


def check_peer_site(dsn: str, peer: str) -> None:
    """The DSN reaches the named site."""
    with peer_connection(dsn) as conn:
        row = conn.execute("SELECT code FROM core_siteidentity WHERE singleton = 1").fetchone()
    if row is None or row[0] != peer:
        raise FederationError(
            _("The database at this address belongs to site %(found)s, not %(peer)s.")
            % {"found": row[0] if row else "?", "peer": peer}
        )


def check_peer(dsn: str, peer: str) -> None:
    """The DSN reaches the right site, which has published its rows."""
    check_peer_site(dsn, peer)
    with peer_connection(dsn) as conn:
        if not conn.execute("SELECT 1 FROM pg_publication WHERE pubname = %s", [publication_name(peer)]).fetchone():
            raise FederationError(
                _(
                    "Site %(peer)s has not published its rows yet: run “sijill federation join --peer %(site)s” "
                    "there, then run this command again."
                )
                % {"peer": peer, "site": current_site()}
            )
        # A slot left behind by an earlier link would make CREATE SUBSCRIPTION fail.
        slot = slot_name(peer, current_site())
        conn.execute(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = %s AND NOT active",
            [slot],
        )


def subscribe(peer: str, dsn: str, *, copy_data: bool = True) -> bool:
    """Subscribe to a peer's publication, or bring an existing subscription up to date. Idempotent."""
    _require_autocommit()
    name = connection.ops.quote_name(subscription_name(peer))
    if _subscription_exists(peer):
        current = _execute("SELECT subconninfo, subenabled FROM pg_subscription WHERE subname = %s",
                           [subscription_name(peer)])[0]  # fmt: skip
        if current[0] != dsn:
            _execute(f"ALTER SUBSCRIPTION {name} CONNECTION {_literal(dsn)}")
        if not current[1]:
            _execute(f"ALTER SUBSCRIPTION {name} ENABLE")
        try:
            _execute(f"ALTER SUBSCRIPTION {name} REFRESH PUBLICATION WITH (copy_data = true)")
        except Exception as exc:  # the peer is down: the link stays as it is and heals by itself
            raise FederationError(_("The peer cannot be reached: %(error)s") % {"error": str(exc).strip()}) from exc
        return False
    check_peer(dsn, peer)
    _execute(
        f"CREATE SUBSCRIPTION {name} CONNECTION {_literal(dsn)} "
        f"PUBLICATION {connection.ops.quote_name(publication_name(peer))} "
        f"WITH (copy_data = {'true' if copy_data else 'false'}, create_slot = true, enabled = true, "
        f"slot_name = {_literal(slot_name(peer, current_site()))}, disable_on_error = false)"
    )
    return True


def unsubscribe(peer: str) -> list[str]:
    """Drop the subscription to a peer; when the peer cannot be reached its slot stays there (said)."""
    _require_autocommit()
    notes: list[str] = []
    if not _subscription_exists(peer):
        return notes
    name = connection.ops.quote_name(subscription_name(peer))
    _execute(f"ALTER SUBSCRIPTION {name} DISABLE")
    try:
        _execute(f"DROP SUBSCRIPTION {name}")  # also drops the slot at the peer
    except Exception:
        _execute(f"ALTER SUBSCRIPTION {name} SET (slot_name = NONE)")
        _execute(f"DROP SUBSCRIPTION {name}")
        notes.append(
            _(
                "Site %(peer)s could not be reached: its replication slot %(slot)s remains there until it is "
                "dropped at that site."
            )
            % {"peer": peer, "slot": slot_name(peer, current_site())}
        )
    return notes


def drop_outgoing_slot(peer: str) -> bool:
    """Drop the slot a peer's subscription uses here, so this site stops keeping WAL for it.

    The peer's apply worker reconnects within seconds of being cut off and takes the slot again,
    so each attempt ends whichever walsender holds it just before dropping it.
    """
    slot = slot_name(current_site(), peer)
    for _attempt in range(50):
        rows = _execute("SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s", [slot])
        if not rows:
            return _attempt > 0
        if rows[0][0]:
            _execute("SELECT pg_terminate_backend(%s)", [rows[0][0]])
        try:
            _execute("SELECT pg_drop_replication_slot(%s)", [slot])
            return True
        except Exception:  # still active: its walsender was not gone yet
            time.sleep(0.1)
    return False


def refresh_subscriptions() -> list[str]:
    """Ask each peer for its current table list (after a migration added tables)."""
    notes = []
    for peer in subscribed_peers():
        try:
            _execute(f"ALTER SUBSCRIPTION {connection.ops.quote_name(subscription_name(peer))} REFRESH PUBLICATION")
        except Exception as exc:  # the peer is down: the next refresh will do it
            notes.append(f"{peer}: {str(exc).strip()}")
    return notes


def delete_peer_rows(peer: str) -> dict[str, int]:
    """Remove every row owned by ``peer`` here (before a fresh copy), never a row of this site.

    Runs as the apply worker does (``session_replication_role = replica``): ownership, append-only
    and foreign-key triggers do not fire, and the deletes are not published since the rows are
    not this site's.
    """
    from django.db import transaction

    counts = {}
    with transaction.atomic():
        _execute("SET LOCAL session_replication_role = replica")
        for table in existing_tables():
            with connection.cursor() as cursor:
                owner = connection.ops.quote_name(table.owner)
                cursor.execute(f"DELETE FROM {table.qname} WHERE {owner} = %s", [peer])  # noqa: S608 - model names
                counts[table.name] = cursor.rowcount
    return counts


# --- status ---------------------------------------------------------------------------------


@dataclass
class PeerStatus:
    peer: str
    subscribed: bool = False
    enabled: bool = False
    worker_running: bool = False
    connected: bool = False
    reachable: bool | None = None  # None: not tried (no address known)
    last_contact_at: Any = None
    last_change_at: Any = None
    received_lsn: str | None = None
    tables_syncing: int = 0
    apply_errors: int = 0
    sync_errors: int = 0
    # The slot at the peer that feeds this site (read at the peer).
    incoming_slot: str = ""
    incoming_slot_state: str | None = None
    incoming_lag_bytes: int | None = None
    incoming_retained_bytes: int | None = None
    # The slot here that feeds the peer.
    outgoing_slot: str = ""
    outgoing_slot_active: bool | None = None
    outgoing_slot_state: str | None = None
    outgoing_retained_bytes: int | None = None
    error: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def peer_status(peer: str, dsn: str | None) -> PeerStatus:
    site = current_site()
    st = PeerStatus(peer=peer, incoming_slot=slot_name(peer, site), outgoing_slot=slot_name(site, peer))
    rows = _execute(
        """SELECT s.subenabled, ss.pid, ss.received_lsn::text, ss.last_msg_receipt_time, ss.latest_end_time,
                  COALESCE(st.apply_error_count, 0), COALESCE(st.sync_error_count, 0),
                  (SELECT count(*) FROM pg_subscription_rel r WHERE r.srsubid = s.oid AND r.srsubstate <> 'r'),
                  now() - ss.last_msg_receipt_time < interval '90 seconds'
             FROM pg_subscription s
             LEFT JOIN pg_stat_subscription ss ON ss.subid = s.oid AND ss.relid IS NULL
             LEFT JOIN pg_stat_subscription_stats st ON st.subid = s.oid
            WHERE s.subname = %s""",
        [subscription_name(peer)],
    )
    if rows:
        enabled, pid, lsn, contact, change, apply_errors, sync_errors, syncing, recent = rows[0]
        st.subscribed, st.enabled, st.worker_running = True, bool(enabled), pid is not None
        st.received_lsn, st.last_contact_at, st.last_change_at = lsn, contact, change
        st.apply_errors, st.sync_errors, st.tables_syncing = int(apply_errors), int(sync_errors), int(syncing)
        st.connected = bool(pid is not None and recent)
    out = _execute(
        """SELECT active, wal_status,
                  CASE WHEN restart_lsn IS NULL THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) END
             FROM pg_replication_slots WHERE slot_name = %s""",
        [st.outgoing_slot],
    )
    if out:
        st.outgoing_slot_active, st.outgoing_slot_state = bool(out[0][0]), out[0][1]
        st.outgoing_retained_bytes = int(out[0][2]) if out[0][2] is not None else None
    if dsn:
        try:
            with peer_connection(dsn, timeout=2) as conn:
                st.reachable = True
                slot = conn.execute(
                    """SELECT wal_status,
                              pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn),
                              pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn), active
                         FROM pg_replication_slots WHERE slot_name = %s""",
                    [st.incoming_slot],
                ).fetchone()
                if slot:
                    st.incoming_slot_state = slot[0]
                    st.incoming_lag_bytes = int(slot[1]) if slot[1] is not None else None
                    st.incoming_retained_bytes = int(slot[2]) if slot[2] is not None else None
                    if not slot[3]:
                        st.connected = False
        except FederationError as exc:
            st.reachable, st.error = False, str(exc.message)
            st.connected = False
    if st.incoming_slot_state == "lost" or (st.subscribed and st.reachable and st.incoming_slot_state is None):
        st.notes.append(_("The peer's slot for this site is lost: run “sijill federation resync --peer %(peer)s”.")
                        % {"peer": peer})  # fmt: skip
    return st


# --- verify ---------------------------------------------------------------------------------


def _hash_sql(table: Table, columns: tuple[str, ...]) -> str:
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    # Identifiers come from the models, quoted: no input reaches this text.
    row_hash = f"('x' || substr(md5(ROW({cols})::text), 1, 16))::bit(64)::bigint"
    return f"SELECT {qn(table.owner)}, count(*), COALESCE(sum({row_hash}), 0)::text FROM {table.qname} GROUP BY 1"  # noqa: S608


def content_hashes(cursor_execute: Any, tables: list[Table]) -> dict[str, dict[str, tuple[int, str]]]:
    """Per table, per owning site: (row count, order-independent sum of row hashes)."""
    result: dict[str, dict[str, tuple[int, str]]] = {}
    cursor_execute("SET TIME ZONE 'UTC'")
    cursor_execute("SET extra_float_digits = 3")
    for table in tables:
        rows = cursor_execute(_hash_sql(table, table.columns))
        result[table.name] = {r[0]: (int(r[1]), str(r[2])) for r in rows}
    return result


@dataclass
class TableDifference:
    table: str
    site: str
    here: tuple[int, str] | None
    there: tuple[int, str] | None


def local_hashes() -> dict[str, dict[str, tuple[int, str]]]:
    with connection.cursor() as cursor:

        def run(sql: str) -> list[tuple[Any, ...]]:
            cursor.execute(sql)
            return list(cursor.fetchall()) if cursor.description else []

        return content_hashes(run, existing_tables())


def peer_hashes(dsn: str) -> dict[str, dict[str, tuple[int, str]]]:
    with peer_connection(dsn) as conn:

        def run(sql: str) -> list[tuple[Any, ...]]:
            cur = conn.execute(sql)
            return cur.fetchall() if cur.description else []

        there = {r[0] for r in run("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")}
        try:
            return content_hashes(run, [t for t in replicated_tables() if t.name in there])
        except psycopg.Error as exc:
            raise FederationError(
                _("The peer's tables differ from this site's (migrations not applied in the same order?): %(error)s")
                % {"error": str(exc).strip()}
            ) from exc


def compare(
    here: dict[str, dict[str, tuple[int, str]]], there: dict[str, dict[str, tuple[int, str]]], sites: set[str] | None
) -> list[TableDifference]:
    """Tables whose rows of a site differ between the two ends (restricted to ``sites`` if given)."""
    differences = []
    for table in sorted(set(here) | set(there)):
        a, b = here.get(table, {}), there.get(table, {})
        for site in sorted(set(a) | set(b)):
            if sites is not None and site not in sites:
                continue
            if a.get(site) != b.get(site):
                differences.append(TableDifference(table, site, a.get(site), b.get(site)))
    return differences


# --- after migrate --------------------------------------------------------------------------


def after_migrate() -> None:
    """Keep replica identity, the publication and the subscriptions current after a migration."""
    if connection.vendor != "postgresql":
        return
    ensure_replica_identity()
    if publication_exists():
        ensure_publication()
        if connection.get_autocommit() and not connection.in_atomic_block:
            # Only peers whose worker runs (reachable): a down peer is refreshed by `federation refresh`.
            running = {
                r[0]
                for r in _execute(
                    "SELECT s.subname FROM pg_subscription s JOIN pg_stat_subscription ss ON ss.subid = s.oid "
                    "WHERE ss.pid IS NOT NULL AND s.subname LIKE 'sijill\\_from\\_%'"
                )
            }
            for peer in subscribed_peers():
                if subscription_name(peer) in running:
                    # A failure here is retried and reported by `sijill federation refresh`.
                    with contextlib.suppress(Exception):
                        _execute(
                            f"ALTER SUBSCRIPTION {connection.ops.quote_name(subscription_name(peer))} "
                            "REFRESH PUBLICATION"
                        )
