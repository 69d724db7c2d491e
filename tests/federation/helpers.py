"""Small helpers of the multi-site tests: rows written by SQL where the point is replication itself."""

from __future__ import annotations

import json
import uuid

from sijill.federation.clusters import Cluster, wait_for


def add_keys(site: Cluster, n: int, prefix: str = "k") -> list[str]:
    """n rows of the name index owned by ``site`` (a three-column replicated table, no constraints)."""
    person = str(uuid.uuid4())
    keys = [f"{prefix}-{uuid.uuid4().hex[:12]}" for _ in range(n)]
    with site.connect() as conn, conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO persons_personnamekey (key, person_id, origin_site) VALUES (%s, %s, %s)",
            [(k, person, site.site) for k in keys],
        )
    return keys


def count_keys(site: Cluster, prefix: str) -> int:
    return int(site.scalar("SELECT count(*) FROM persons_personnamekey WHERE key LIKE %s", [prefix + "-%"]))


def wait_keys(site: Cluster, prefix: str, expected: int, timeout: float = 60) -> float:
    return wait_for(
        lambda: count_keys(site, prefix) == expected, timeout, message=f"{expected} {prefix} rows at {site.site}"
    )


def verify(site: Cluster) -> list[dict]:
    result = site.sijill("federation", "verify", "--json", check=False)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def hashes(site: Cluster) -> dict:
    """The per-table, per-owner content hashes ``federation verify`` compares, read in this process."""
    from sijill.federation.replication import content_hashes, replicated_tables

    with site.connect() as conn:
        present = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}

        def run(sql: str) -> list:
            cur = conn.execute(sql)
            return cur.fetchall() if cur.description else []

        return content_hashes(run, [t for t in replicated_tables() if t.name in present])


def wait_equal(*sites: Cluster, timeout: float = 90) -> None:
    """Until all ``sites`` hold the same rows (polled cheaply), then ``federation verify`` at each agrees."""
    wait_for(
        lambda: all(hashes(s) == hashes(sites[0]) for s in sites[1:]) if len(sites) > 1 else True,
        timeout,
        interval=0.3,
        message="equal content at " + ", ".join(s.site for s in sites),
    )
    for site in sites:
        result = verify(site)
        assert result and all(r["equal"] for r in result), f"{site.site} verify: {result}"


def create_person(site: Cluster, first: str, father: str, family: str) -> str:
    """A person created through the service (audited) at ``site``; returns its id."""
    out = site.python(
        "from sijill.core.actor import Actor; from sijill.persons.services import do_create_person; "
        f"p = do_create_person(Actor.system(), first_name={first!r}, father_name={father!r}, "
        f"family_name={family!r}, sex='m'); "
        "print(p.pk)"
    ).stdout
    return out.strip().splitlines()[-1]
