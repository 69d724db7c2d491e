"""Audit trust between two real sites: keys pinned at join after the fingerprint is confirmed, heads
witnessed by the peer, and a log truncated or rolled back at one site caught by the other."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from sijill.federation.clusters import Cluster, Sites, link, wait_for
from tests.federation.helpers import create_person

WITNESS = "from sijill.federation.tasks import check_federation; print(check_federation.call())"


@pytest.fixture(scope="module")
def sites() -> Iterator[Sites]:
    s = Sites(["TRP", "BEN"])
    try:
        s.start()
        link(s["TRP"], s["BEN"])
        yield s
    finally:
        s.close()


def _sequence(site: Cluster) -> None:
    site.sijill("audit", "sequence")


def _head(site: Cluster, of: str) -> tuple[int, str]:
    row = site.query("SELECT seq, hash FROM audit_auditchainhead WHERE site = %s", [of])
    return (int(row[0][0]), row[0][1]) if row else (0, "")


def _verify(site: Cluster, of: str) -> tuple[int, str]:
    result = site.sijill("audit", "verify", "--site", of, check=False)
    return result.returncode, result.stdout


def test_join_pinned_the_peers_key_after_its_fingerprint(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    pinned = (ben.var / "audit" / "trusted_keys.txt").read_text()
    assert any(line.startswith("TRP 1 ") for line in pinned.splitlines())
    assert trp.sijill("audit", "fingerprint").stdout.strip() in ben.sijill("audit", "keys").stdout


def test_peer_verifies_and_witnesses_the_log(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    create_person(trp, "محمد", "علي", "الورفلي")
    _sequence(trp)
    seq, digest = _head(trp, "TRP")
    wait_for(lambda: _head(ben, "TRP") == (seq, digest), 60, message="TRP's head at BEN")
    assert ben.python(WITNESS).stdout.strip().endswith("{}")
    code, out = _verify(ben, "TRP")
    assert code == 0 and f"TRP: intact ({seq} entries)" in out
    witnessed = ben.scalar("SELECT seq FROM audit_witnessedhead WHERE site = 'TRP' AND witness = 'BEN'")
    assert witnessed == seq
    trp.python(WITNESS)  # TRP fetches what BEN saw of TRP
    assert trp.scalar("SELECT seq FROM audit_witnessedhead WHERE site = 'TRP' AND witness = 'BEN'") == seq


def test_a_rotated_key_is_trusted_at_the_peer_only_once_its_fingerprint_is_confirmed(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    _sequence(trp)
    rotated = trp.sijill("audit", "rotate-key").stdout
    new_fingerprint = trp.sijill("audit", "fingerprint").stdout.strip()
    assert new_fingerprint in rotated
    create_person(trp, "عبد الله", "خليفة", "المصراتي")
    _sequence(trp)  # the new head is signed with the new key
    seq, digest = _head(trp, "TRP")
    assert _verify(trp, "TRP")[0] == 0
    wait_for(lambda: _head(ben, "TRP") == (seq, digest), 60, message="TRP's new head at BEN")
    assert "TRP" in ben.python(WITNESS).stdout  # signed by a key BEN does not trust (yet): an alarm
    assert _verify(ben, "TRP")[0] == 1
    # Re-joining without the fingerprint (no one at a prompt), or with a wrong one, pins nothing.
    refused = ben.sijill("federation", "join", "--peer", "TRP", "--dsn", trp.peer_dsn, check=False)
    assert refused.returncode == 2 and "--fingerprint" in refused.stderr
    wrong = ben.sijill("audit", "trust", "--site", "TRP", "--fingerprint", "AB" * 32, check=False)
    assert wrong.returncode == 2
    ben.sijill("audit", "trust", "--site", "TRP", "--fingerprint", new_fingerprint)
    assert ben.python(WITNESS).stdout.strip().endswith("{}")
    code, out = _verify(ben, "TRP")
    assert code == 0 and f"TRP: intact ({seq} entries)" in out


def test_truncated_log_is_an_alarm_at_the_peer_and_fails_verify_at_both(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    create_person(trp, "سالم", "مفتاح", "العبيدي")
    _sequence(trp)
    seq, _digest = _head(trp, "TRP")
    wait_for(lambda: _head(ben, "TRP")[0] == seq, 60, message="TRP's head at BEN")
    ben.python(WITNESS)
    trp.python(WITNESS)
    # An attacker holding TRP's database (superuser): the newest entries and the head go back.
    keep = seq - 3
    old = trp.query("SELECT chain_hash FROM audit_auditentry WHERE site = 'TRP' AND seq = %s", [keep])[0][0]
    with trp.connect() as conn:
        conn.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        conn.execute("ALTER TABLE audit_auditchainhead DISABLE TRIGGER USER")
        conn.execute("DELETE FROM audit_auditentry WHERE site = 'TRP' AND seq > %s", [keep])
        conn.execute("UPDATE audit_auditchainhead SET seq = %s, hash = %s WHERE site = 'TRP'", [keep, old])
        conn.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
        conn.execute("ALTER TABLE audit_auditchainhead ENABLE TRIGGER USER")
    (trp.var / "audit" / "checkpoints.jsonl").unlink()  # and the local checkpoint file too
    wait_for(lambda: _head(ben, "TRP")[0] == keep, 60, message="the rolled-back head at BEN")
    alarms = ben.python(WITNESS).stdout
    assert "TRP" in alarms
    status = json.loads(ben.sijill("federation", "status", "--json").stdout)
    assert any(a["site"] == "TRP" and a["witness"] == "BEN" and a["alarm"] for a in status["audit_alarms"])
    code, out = _verify(ben, "TRP")
    assert code == 1 and "intact" not in out
    # TRP itself: its checkpoint file is gone, but BEN saw a longer log.
    trp.python(WITNESS)
    code, out = _verify(trp, "TRP")
    assert code == 1 and ("witness:BEN" in out or "[witness]" in out)
