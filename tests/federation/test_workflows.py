"""Cross-site workflows on two linked sites, through the registries' own services.

Both sites start from the demo organisation: TRP loads it, BEN starts from a copy of TRP's
database bound to BEN, then each site removes the other's rows and the link copies them back, so
each site owns exactly its half (the TRP units and users at TRP, the BEN units at BEN).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from sijill.federation.clusters import Cluster, Sites, _as_postgres, link, pg_bin, wait_for
from tests.federation.helpers import wait_equal

# An actor of BEN, acting from one of BEN's units (BEN has no demo logins of its own).
BEN_ACTOR = """
from sijill.core.actor import Actor
from sijill.organisation.models import Unit
unit = Unit.objects.get(code={unit!r})
assert unit.origin_site == 'BEN'
actor = Actor(user_id=None, username='ben.officer', role={role!r}, site='BEN', unit_id=unit.pk,
              unit_path=unit.path, directorate_id=unit.directorate_id, channel='cli')
"""


def _copy_database(source: Cluster, target: Cluster) -> None:
    dump = subprocess.run(
        _as_postgres([pg_bin("pg_dump") or "pg_dump", "-Fc", "-d", source.dsn]), check=True, capture_output=True
    ).stdout
    with target.connect_to("postgres") as conn:
        conn.execute("DROP DATABASE sijill WITH (FORCE)")
        conn.execute("CREATE DATABASE sijill")
    subprocess.run(
        _as_postgres([pg_bin("pg_restore") or "pg_restore", "--no-owner", "-d", target.dsn]),
        input=dump,
        check=True,
        capture_output=True,
    )
    with target.connect() as conn:
        conn.execute("UPDATE core_siteidentity SET code = %s", [target.site])


@pytest.fixture(scope="module")
def sites() -> Iterator[Sites]:
    s = Sites(["TRP", "BEN"])
    try:
        s.start()
        trp, ben = s["TRP"], s["BEN"]
        trp.sijill("demo")
        _copy_database(trp, ben)
        ben.sijill("migrate", "--no-input", "-v", "0")  # BEN's signing key and chain head, triggers
        ben.python("from sijill.federation.replication import delete_peer_rows; delete_peer_rows('TRP')")
        trp.python("from sijill.federation.replication import delete_peer_rows; delete_peer_rows('BEN')")
        link(trp, ben)
        wait_equal(trp, ben, timeout=120)
        yield s
    finally:
        s.close()


def test_warrant_issued_at_one_site_is_executed_at_the_other(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    out = trp.python(
        "from sijill.accounts.models import User; from sijill.core.actor import Actor\n"
        "from sijill.persons.models import Person; from sijill.warrants.services import do_issue_warrant\n"
        "actor = Actor.from_user(User.objects.get(username='prosecutor'))\n"
        "person = Person.objects.filter(origin_site='TRP').first()\n"
        "w = do_issue_warrant(actor, person_id=person.pk, order_number='911/2026', kind='arrest',\n"
        "                     legal_article='المادة 26 من قانون الإجراءات الجنائية')\n"
        "print('WARRANT', w.pk)\n"
    ).stdout
    warrant = out.split("WARRANT", 1)[1].split()[0]
    wait_for(lambda: ben.scalar("SELECT count(*) FROM warrants_warrant WHERE id = %s", [warrant]) == 1, 30)
    ben.python(
        BEN_ACTOR.format(unit="benghazi-room", role="t1_operator")
        + "from sijill.warrants.services import do_execute_warrant\n"
        "place = Unit.objects.filter(origin_site='BEN').exclude(pk=unit.pk).first()\n"
        f"r = do_execute_warrant(actor, {warrant!r}, place='بنغازي — الكيش', detention_place_id=place.pk)\n"
        "print('EXECUTION', r.execution.pk, r.arrest.pk if r.arrest else None)\n"
    )
    # The issuing prosecution, at TRP, sees the execution (a BEN row) and the warrant executed.
    wait_for(
        lambda: (
            trp.scalar(
                "SELECT count(*) FROM warrants_warrantexecution WHERE warrant_id = %s AND origin_site = 'BEN'",
                [warrant],
            )
            == 1
        ),
        30,
    )
    state = trp.python(
        "import django.utils.timezone as tz; from sijill.warrants.models import Warrant\n"
        f"print('STATE', Warrant.objects.with_state(tz.localdate()).get(pk={warrant!r}).state_code)\n"
    ).stdout
    assert "STATE executed" in state
    # The person arrested at BEN on TRP's warrant is in custody at both sites.
    for site in (trp, ben):
        wait_for(
            lambda s=site: (
                s.scalar("SELECT count(*) FROM custody_arrest WHERE warrant_id = %s AND origin_site = 'BEN'", [warrant])
                == 1
            ),
            30,
        )
    # TRP's warrant row itself was never changed by BEN.
    assert ben.scalar("SELECT origin_site FROM warrants_warrant WHERE id = %s", [warrant]) == "TRP"
    wait_equal(trp, ben)


def test_vehicle_reported_at_one_site_and_recovered_at_the_other(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    out = trp.python(
        "from sijill.accounts.models import User; from sijill.core.actor import Actor\n"
        "from sijill.vehicles.models import Vehicle; from sijill.vehicles.services import do_report_vehicle\n"
        "actor = Actor.from_user(User.objects.get(username='clerk'))\n"
        "vehicle = Vehicle.objects.filter(origin_site='TRP').exclude(reports__isnull=False).first()\n"
        "r = do_report_vehicle(actor, vehicle.pk, kind='stolen',\n"
        "                      legal_basis='بلاغ سرقة رقم 55/2026 — مركز شرطة سوق الجمعة')\n"
        "print('REPORT', r.pk)\n"
    ).stdout
    report = out.split("REPORT", 1)[1].split()[0]
    wait_for(lambda: ben.scalar("SELECT count(*) FROM vehicles_vehiclereport WHERE id = %s", [report]) == 1, 30)
    ben.python(
        BEN_ACTOR.format(unit="benghazi-room", role="investigator")
        + "from sijill.vehicles.services import do_record_recovery\n"
        f"do_record_recovery(actor, {report!r}, place='بوابة قمينس', unit_id=unit.pk)\n"
    )
    wait_for(
        lambda: (
            trp.scalar(
                "SELECT count(*) FROM vehicles_vehiclerecovery WHERE report_id = %s AND origin_site = 'BEN'", [report]
            )
            == 1
        ),
        30,
    )
    for site in (trp, ben):
        out = site.python(
            "from sijill.vehicles.models import VehicleReport\n"
            f"print('OPEN', VehicleReport.objects.get(pk={report!r}).is_open)\n"
        ).stdout
        assert "OPEN False" in out, site.site
    wait_equal(ben, trp)


def test_linkage_judgements_replicate_and_conflicts_surface_at_both_sites(sites: Sites) -> None:
    trp, ben = sites["TRP"], sites["BEN"]
    run = trp.sijill("link", "run", "--scope", "cross-site", "--no-progress", "--language", "en").stdout
    assert "2 pairs linked automatically, 2 sent to review" in run
    members = (
        "from sijill.linkage import services; from sijill.persons.models import Person\n"
        "p = Person.objects.get(first_name='خالد', family_name='الككلي', origin_site='TRP')\n"
        "print('MEMBERS', ','.join(sorted(str(m) for m in services.members_of(p.pk))))\n"
    )
    wait_for(
        lambda: (
            ben.scalar("SELECT count(*) FROM linkage_linkdecision WHERE origin_site = 'TRP'")
            == trp.scalar("SELECT count(*) FROM linkage_linkdecision")
        ),
        30,
    )
    at_trp = trp.python(members).stdout.split("MEMBERS", 1)[1].split()[0]
    assert len(at_trp.split(",")) == 2
    assert ben.python(members).stdout.split("MEMBERS", 1)[1].split()[0] == at_trp  # the same statewide person

    # Tripoli says the two Nouri records are one man; Benghazi, before it sees that, says two men.
    pair = (
        "from sijill.linkage import services; from sijill.persons.models import Person\n"
        "a = Person.objects.get(first_name='نوري', family_name='بوسهمين', origin_site='TRP')\n"
        "b = Person.objects.get(first_name='نوري', family_name='بو سهمين', origin_site='BEN')\n"
    )
    trp.python(
        pair + "from sijill.accounts.models import User; from sijill.core.actor import Actor\n"
        "clerk = Actor.from_user(User.objects.get(username='clerk'))\n"
        "services.do_decide(clerk, a.pk, b.pk, verdict='yes', reason='الرقم الوطني نفسه')\n"
    )
    ben.python(
        BEN_ACTOR.format(unit="benghazi-records", role="records_clerk")
        + pair
        + "services.do_decide(actor, a.pk, b.pk, verdict='no', reason='اسم الأم مختلف في السجل المدني')\n"
    )
    human = "SELECT count(*) FROM linkage_linkdecision WHERE source = 'human'"
    for site in (trp, ben):
        wait_for(lambda s=site: s.scalar(human) == 2, 30)
    check = pair + (
        "found = services.conflicts()\n"
        "print('CONFLICT', services.ordered(a.pk, b.pk) in found, 'APART', services.members_of(a.pk) == [a.pk])\n"
        "print('SITES', ','.join(sorted(d.origin_site for c in services.list_conflicts(services.Actor.system())"
        " for d in c.judgements)))\n"
    )
    for site in (trp, ben):
        out = site.python(check).stdout
        assert "CONFLICT True APART True" in out, (site.site, out)
        assert "SITES BEN,TRP" in out, (site.site, out)
    # Each site's judgement is still its own row: neither was overwritten.
    assert ben.scalar("SELECT count(*) FROM linkage_linkdecision WHERE source = 'human' AND origin_site = 'TRP'") == 1
    wait_equal(trp, ben)
