"""The statewide register on the demo data: runs, judgements, statewide persons, scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sijill.audit.models import AuditEntry
from sijill.core.actor import Actor
from sijill.core.errors import Conflict, NotFound, ValidationFailed
from sijill.core.federation import applying_peer_rows
from sijill.linkage import services
from sijill.linkage.models import CandidatePair, LinkDecision, Outcome, Verdict
from sijill.persons.models import Person
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db


def _person(first: str, family: str, site: str) -> Person:
    return Person.objects.get(first_name=first, family_name=family, origin_site=site)


@pytest.fixture
def khaled(demo):
    return _person("خالد", "الككلي", "TRP"), _person("خالد", "ككلي", "BEN")


@pytest.fixture
def nouri(demo):
    return _person("نوري", "بوسهمين", "TRP"), _person("نوري", "بو سهمين", "BEN")


@pytest.fixture
def ran(demo):
    return services.do_run(Actor.system(), "cross-site")


def _snapshot() -> list[tuple]:
    return sorted(Person.objects.values_list(*[f.attname for f in Person._meta.concrete_fields]))


def test_a_run_links_the_clear_duplicates_and_queues_the_doubtful_ones(demo, khaled, nouri):
    before = _snapshot()
    run = services.do_run(Actor.system(), "cross-site")
    assert (run.status, run.records, run.auto_linked, run.to_review) == ("done", Person.objects.count(), 2, 2)
    assert set(services.members_of(khaled[0].pk)) == {khaled[0].pk, khaled[1].pk}
    queued = {(p.left_id, p.right_id) for p in CandidatePair.objects.filter(outcome=Outcome.REVIEW)}
    assert services.ordered(*[p.pk for p in nouri]) in queued
    assert services.members_of(nouri[0].pk) == [nouri[0].pk]  # not linked until someone judges
    # Linking never changes a member record.
    assert _snapshot() == before
    assert AuditEntry.objects.filter(action="link.run", object_id=str(run.pk)).exists()


def test_judgements_are_transitive_reversible_and_audited(ran, actor_of, khaled, nouri):
    clerk = actor_of("records_clerk")
    services.do_decide(clerk, khaled[1].pk, nouri[1].pk, verdict="yes", reason="اختبار التعدي")
    assert set(services.members_of(khaled[0].pk)) == {khaled[0].pk, khaled[1].pk, nouri[1].pk}
    decision = services.do_decide(clerk, khaled[1].pk, nouri[1].pk, verdict="withdrawn", reason="خطأ في الربط")
    assert decision.verdict == Verdict.WITHDRAWN
    assert nouri[1].pk not in services.members_of(khaled[0].pk)
    assert AuditEntry.objects.filter(action="link.decide.yes").count() == 1
    assert AuditEntry.objects.filter(action="link.decide.withdrawn").count() == 1


def test_a_no_survives_later_runs_and_blocks_a_transitive_yes(ran, actor_of, khaled):
    clerk = actor_of("records_clerk")
    services.do_decide(clerk, *[p.pk for p in khaled], verdict="no", reason="الأم مختلفة حسب السجل المدني")
    assert services.members_of(khaled[0].pk) == [khaled[0].pk]
    again = services.do_run(Actor.system(), "cross-site")
    assert again.held_apart == 1
    assert services.members_of(khaled[0].pk) == [khaled[0].pk]
    # Nor can a yes through a third record join them.
    third = Person.objects.filter(origin_site="TRP").exclude(pk=khaled[0].pk).first()
    services.do_decide(clerk, khaled[0].pk, third.pk, verdict="yes", reason="مطابقة بالرقم الوطني")
    with pytest.raises(Conflict):
        services.do_decide(clerk, third.pk, khaled[1].pk, verdict="yes", reason="مطابقة بالاسم")


def test_splitting_is_one_audited_action_and_holds(ran, actor_of, khaled, nouri):
    clerk = actor_of("records_clerk")
    services.do_decide(clerk, khaled[0].pk, nouri[1].pk, verdict="yes", reason="ربط خاطئ للاختبار")
    assert len(services.members_of(khaled[0].pk)) == 3
    services.do_split(clerk, khaled[0].pk, detach=[nouri[1].pk], reason="شخص آخر")
    assert set(services.members_of(khaled[0].pk)) == {khaled[0].pk, khaled[1].pk}
    assert services.members_of(nouri[1].pk) == [nouri[1].pk]
    assert AuditEntry.objects.filter(action="link.split").count() == 1
    with pytest.raises(ValidationFailed):
        services.do_split(clerk, khaled[0].pk, detach=[khaled[0].pk, khaled[1].pk], reason="الكل")
    services.do_run(Actor.system(), "cross-site")
    assert services.members_of(nouri[1].pk) == [nouri[1].pk]


def test_another_sites_contrary_judgement_is_a_conflict_shown_not_resolved(ran, actor_of, nouri):
    clerk = actor_of("records_clerk")
    services.do_decide(clerk, *[p.pk for p in nouri], verdict="yes", reason="نفس الرقم الوطني")
    left, right = services.ordered(*[p.pk for p in nouri])
    with applying_peer_rows():  # as replication brings Benghazi's judgement
        LinkDecision.objects.create(
            left_id=left, right_id=right, verdict="no", reason="اسم الأم مختلف", origin_site="BEN", decided_by="ben"
        )
    assert services.conflicts() == [(left, right)]
    assert services.members_of(nouri[0].pk) == [nouri[0].pk]
    [conflict] = services.list_conflicts(clerk)
    assert {d.origin_site for d in conflict.judgements} == {"TRP", "BEN"}


def test_a_viewer_sees_only_the_members_in_their_scope(ran, actor_of, khaled):
    # The directorate operator may see statewide persons at site scope: Tripoli's records only.
    operator = actor_of("directorate_operator")
    view = services.read_statewide(operator, khaled[0].pk, purpose="متابعة بلاغ")
    assert [m.person.pk for m in view.members] == [khaled[0].pk]
    assert view.sites == ["TRP"] and not view.linked
    with pytest.raises(NotFound):
        services.read_statewide(operator, khaled[1].pk, purpose="متابعة بلاغ")
    full = services.read_statewide(actor_of("investigator"), khaled[0].pk, purpose="قضية 12/2026")
    assert {m.person.origin_site for m in full.members} == {"TRP", "BEN"}


def test_the_person_page_shows_the_statewide_person_without_revealing_others(ran, client_of, khaled):
    url = reverse("persons:detail", args=[khaled[0].pk]) + "?purpose=قضية"
    page = client_of("investigator").get(url).content.decode()
    assert page.count('data-testid="statewide-member"') == 2 and 'data-site="BEN"' in page
    page = client_of("directorate_operator").get(url).content.decode()
    assert 'data-site="BEN"' not in page and "ككلي" not in page.replace("الككلي", "")


def test_search_results_collapse_the_records_of_one_person(ran, actor_of, khaled):
    from sijill.persons.services import SearchQuery, search_persons

    matches = services.collapse_matches(
        search_persons(actor_of("investigator"), SearchQuery(text="خالد عبد الحكيم الككلي"), purpose="بحث")
    )
    ids = [m.person.pk for m in matches]
    assert len({khaled[0].pk, khaled[1].pk} & set(ids)) == 1
    kept = next(m for m in matches if m.person.pk in {khaled[0].pk, khaled[1].pk})
    assert [p.pk for p in kept.same_person] == [({khaled[0].pk, khaled[1].pk} - {kept.person.pk}).pop()]


def test_review_through_the_api(ran, user_of, nouri):
    api = ApiClient(user_of("investigator"))
    queue = api.call("GET", "/linkage/queue").json()
    assert queue["count"] == 2
    pair_id = next(
        i["pair_id"] for i in queue["items"] if {i["left"]["id"], i["right"]["id"]} == {str(p.pk) for p in nouri}
    )
    pair = api.call("GET", f"/linkage/pairs/{pair_id}").json()
    assert any(e["comparison"] == "mother" for e in pair["evidence_against"])
    bad = api.call("POST", f"/linkage/pairs/{pair_id}/decisions", {"verdict": "yes", "reason": ""})
    assert bad.status_code == 422
    ok = api.call("POST", f"/linkage/pairs/{pair_id}/decisions", {"verdict": "yes", "reason": "نفس الرقم الوطني"})
    assert ok.status_code == 201
    assert api.call("GET", "/linkage/queue").json()["count"] == 1
    statewide = api.call("GET", f"/linkage/persons/{nouri[0].pk}?purpose=قضية").json()
    assert sorted(statewide["sites"]) == ["BEN", "TRP"]


def test_only_the_holders_of_the_action_may_judge(ran, actor_of, khaled):
    from sijill.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.do_decide(actor_of("checkpoint_officer"), *[p.pk for p in khaled], verdict="no", reason="x y z")


def test_members_of_an_unlinked_person_is_itself(demo):
    person = Person.objects.first()
    assert services.members_of(person.pk) == [person.pk]
