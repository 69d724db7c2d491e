"""Two sites, then three, on real PostgreSQL clusters linked by logical replication.

The tests of this module run in order on the same sites (each builds on the state the previous
left); every one ends with the sites converged.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from sijill.federation.clusters import Sites, link, wait_for
from tests.federation.helpers import add_keys, count_keys, create_person, verify, wait_equal, wait_keys


@pytest.fixture(scope="module")
def sites() -> Iterator[Sites]:
    s = Sites(["TRP", "BEN"], max_slot_wal_keep_size="48MB")
    try:
        s.start()
        link(s["TRP"], s["BEN"])
        yield s
    finally:
        s.close()


def test_writes_at_each_site_appear_at_the_other(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    add_keys(trp, 20, "w-trp")
    add_keys(ben, 30, "w-ben")
    wait_keys(ben, "w-trp", 20)
    wait_keys(trp, "w-ben", 30)
    # Nothing loops back: each site still holds each row once.
    assert count_keys(trp, "w-trp") == 20 and count_keys(ben, "w-ben") == 30


def test_service_write_and_its_audit_chain_replicate_and_verify_at_the_peer(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    person = create_person(trp, "محمد", "علي", "الورفلي")
    wait_for(lambda: ben.scalar("SELECT count(*) FROM persons_person WHERE id = %s", [person]) == 1, 30)
    wait_for(
        lambda: (
            ben.scalar("SELECT count(*) FROM audit_auditentry WHERE site = 'TRP' AND object_id = %s", [person]) == 1
        ),
        30,
    )
    # The name index came with the person, in the same transaction: BEN can search it.
    assert ben.scalar("SELECT count(*) FROM persons_personnamekey WHERE person_id = %s", [person]) > 0
    wait_equal(trp, ben)
    # BEN verifies TRP's chain (entries, signatures with TRP's replicated key, signed head).
    result = ben.sijill("audit", "verify", "--site", "TRP")
    assert "TRP" in result.stdout and result.returncode == 0


def test_owner_update_and_delete_replicate(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    keys = add_keys(trp, 3, "ud")
    wait_keys(ben, "ud", 3)
    with trp.connect() as conn:
        conn.execute("UPDATE persons_personnamekey SET key = %s WHERE key = %s", ["ud-renamed", keys[0]])
        conn.execute("DELETE FROM persons_personnamekey WHERE key = %s", [keys[1]])
    wait_for(lambda: ben.scalar("SELECT count(*) FROM persons_personnamekey WHERE key = 'ud-renamed'") == 1, 30)
    wait_keys(ben, "ud", 2)
    assert ben.scalar("SELECT count(*) FROM persons_personnamekey WHERE key = %s", [keys[1]]) == 0


def test_non_owner_update_and_delete_refused(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    keys = add_keys(trp, 1, "nonowner")
    wait_keys(ben, "nonowner", 1)
    with ben.connect() as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="belongs to site TRP"):
            conn.execute("UPDATE persons_personnamekey SET key = 'x' WHERE key = %s", [keys[0]])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM persons_personnamekey WHERE key = %s", [keys[0]])
    # Through the code as well: the database refuses what the ORM sends.
    out = ben.python(
        "from sijill.persons.models import PersonNameKey\n"
        f"try:\n    PersonNameKey.objects.filter(key={keys[0]!r}).delete()\nexcept Exception as e:\n"
        "    print('refused:', e)\n",
        check=False,
    )
    assert "refused: sijill: a row of persons_personnamekey belongs to site TRP" in out.stdout
    assert count_keys(ben, "nonowner") == 1 and count_keys(trp, "nonowner") == 1


def test_partition_by_disabled_subscription_heals(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    with ben.connect() as conn:
        conn.execute("ALTER SUBSCRIPTION sijill_from_trp DISABLE")
    add_keys(trp, 200, "p1-trp")
    add_keys(ben, 150, "p1-ben")
    create_person(ben, "سالم", "مفتاح", "العبيدي")
    wait_keys(trp, "p1-ben", 150)  # the other direction still works
    assert count_keys(ben, "p1-trp") == 0
    status = json.loads(ben.sijill("federation", "status", "--json").stdout)
    (peer,) = status["peers"]
    assert peer["peer"] == "TRP" and not peer["connected"] and not peer["enabled"]
    with ben.connect() as conn:
        conn.execute("ALTER SUBSCRIPTION sijill_from_trp ENABLE")
    wait_keys(ben, "p1-trp", 200)
    wait_equal(ben, trp)


def test_partition_by_stopped_site_heals(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    ben.stop()
    add_keys(trp, 300, "p2-trp")
    create_person(trp, "عبد الله", "خليفة", "المصراتي")
    result = trp.sijill("federation", "status", "--json")
    (peer,) = json.loads(result.stdout)["peers"]
    assert peer["reachable"] is False and not peer["connected"]
    assert peer["outgoing_retained_bytes"] and peer["outgoing_retained_bytes"] > 0  # WAL kept for BEN
    ben.start()
    add_keys(ben, 100, "p2-ben")
    wait_keys(ben, "p2-trp", 300)
    wait_keys(trp, "p2-ben", 100)
    wait_equal(trp, ben)


def test_truncate_never_crosses(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    before_trp = count_keys(trp, "w-trp")
    with ben.connect() as conn:
        conn.execute("TRUNCATE persons_personnamekey")
    add_keys(ben, 5, "after-truncate")
    wait_keys(trp, "after-truncate", 5)  # the link still runs, and carried no truncate
    assert count_keys(trp, "w-trp") == before_trp > 0
    assert count_keys(trp, "w-ben") == 30  # BEN's own rows at TRP are not truncated either
    # BEN now lacks rows: verify names the table; resync restores TRP's rows at BEN.
    differences = [d for r in verify(ben) for d in r["differences"]]
    assert {d["table"] for d in differences} == {"persons_personnamekey"}


def test_resync_restores_a_peers_rows_without_touching_own(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    own_before = ben.scalar("SELECT count(*) FROM audit_auditentry WHERE site = 'BEN'")
    ben.sijill("federation", "resync", "--peer", "TRP")
    wait_keys(ben, "w-trp", 20)
    assert ben.scalar("SELECT count(*) FROM audit_auditentry WHERE site = 'BEN'") >= own_before
    # BEN's own truncated keys are BEN's business: the TRP copy of them still differs until BEN re-indexes;
    # TRP's rows are back at BEN.
    diffs = [d for r in verify(ben) for d in r["differences"]]
    assert all(d["site"] == "BEN" for d in diffs)
    with trp.connect() as conn:  # put TRP's copy of BEN's keys in line with BEN (as a BEN resync from TRP would)
        conn.execute("SET session_replication_role = replica")
        conn.execute("DELETE FROM persons_personnamekey WHERE origin_site = 'BEN' AND key NOT LIKE 'after-truncate-%'")
    wait_equal(ben, trp)


def test_lost_slot_then_resync(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    ben.stop()
    marker = add_keys(trp, 50, "lost")
    with trp.connect() as conn:
        for _ in range(6):  # push WAL past max_slot_wal_keep_size (48MB) for the slot BEN no longer reads
            conn.execute("INSERT INTO persons_personnamekey (key, person_id, origin_site) "
                         "VALUES (%s, %s, 'TRP')", [f"lost-{uuid.uuid4().hex[:12]}", str(uuid.uuid4())])  # fmt: skip
            conn.execute("SELECT pg_switch_wal()")
        conn.execute("CHECKPOINT")
    wait_for(
        lambda: (
            trp.scalar("SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'sijill_trp_to_ben'") == "lost"
        ),
        60,
        message="slot lost",
    )
    ben.start()
    status = json.loads(ben.sijill("federation", "status", "--json").stdout)
    (peer,) = status["peers"]
    assert peer["incoming_slot_state"] == "lost" and peer["alert"]
    ben.sijill("federation", "resync", "--peer", "TRP")
    wait_keys(ben, "lost", len(marker) + 6)
    wait_equal(ben, trp)


def test_migration_in_documented_order_keeps_replication_running(sites: Sites) -> None:
    """A new column reaches the receiver first, then the sender, which only then writes it."""
    trp, ben = sites["TRP"], sites["BEN"]
    for site in (ben, trp):  # receivers first
        with site.connect() as conn:
            conn.execute("ALTER TABLE persons_personnamekey ADD COLUMN IF NOT EXISTS weight integer")
    keys = add_keys(trp, 1, "mig")
    with trp.connect() as conn:
        conn.execute("UPDATE persons_personnamekey SET weight = 7 WHERE key = %s", [keys[0]])
    wait_for(lambda: ben.scalar("SELECT weight FROM persons_personnamekey WHERE key = %s", [keys[0]]) == 7, 30)
    # The wrong order (sender first) stalls the peer's apply worker until the receiver migrates; it
    # then heals without loss.
    with trp.connect() as conn:
        conn.execute("ALTER TABLE persons_personnamekey ADD COLUMN IF NOT EXISTS rank2 integer")
        conn.execute("UPDATE persons_personnamekey SET rank2 = 3 WHERE key = %s", [keys[0]])
    add_keys(trp, 4, "mig")
    wait_for(
        lambda: (
            ben.scalar("SELECT apply_error_count FROM pg_stat_subscription_stats WHERE subname = 'sijill_from_trp'") > 0
        ),
        30,
        message="apply error at BEN",
    )
    with ben.connect() as conn:
        conn.execute("ALTER TABLE persons_personnamekey ADD COLUMN IF NOT EXISTS rank2 integer")
    wait_keys(ben, "mig", 5)
    assert ben.scalar("SELECT rank2 FROM persons_personnamekey WHERE key = %s", [keys[0]]) == 3
    for site in (trp, ben):
        with site.connect() as conn:
            conn.execute("ALTER TABLE persons_personnamekey DROP COLUMN weight, DROP COLUMN rank2")
    wait_equal(trp, ben)


def test_three_sites(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    sbh = sites.add("SBH")
    sbh.sijill("federation", "publish")
    sbh.join(trp, ben)
    trp.join(sbh)
    ben.join(sbh)
    # SBH receives what the others hold of their own, and its writes reach both.
    wait_keys(sbh, "w-trp", 20)
    wait_keys(sbh, "after-truncate", 5)
    add_keys(sbh, 40, "s-sbh")
    add_keys(trp, 10, "s-trp")
    wait_keys(trp, "s-sbh", 40)
    wait_keys(ben, "s-sbh", 40)
    wait_keys(ben, "s-trp", 10)
    wait_keys(sbh, "s-trp", 10)
    person = create_person(sbh, "أحمد", "إبراهيم", "التباوي")
    for site in (trp, ben):
        wait_for(lambda s=site: s.scalar("SELECT count(*) FROM persons_person WHERE id = %s", [person]) == 1, 30)
    wait_equal(trp, ben, sbh)
    assert "SBH" in ben.sijill("audit", "verify", "--site", "SBH").stdout
    # Partition SBH from everyone while all three write, then heal.
    sbh.stop()
    add_keys(trp, 25, "p3-trp")
    add_keys(ben, 25, "p3-ben")
    sbh.start()
    add_keys(sbh, 25, "p3-sbh")
    for site in (trp, ben, sbh):
        for prefix in ("p3-trp", "p3-ben", "p3-sbh"):
            wait_keys(site, prefix, 25)
    wait_equal(trp, ben, sbh)
    # Leaving undoes the link both ways (subscription here, slot feeding the peer here).
    sbh.sijill("federation", "leave", "--peer", "BEN")
    assert sbh.scalar("SELECT count(*) FROM pg_subscription WHERE subname = 'sijill_from_ben'") == 0
    assert sbh.scalar("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'sijill_sbh_to_ben'") == 0
