"""The public badge check: four facts, a neutral answer for unknown numbers, rate-limited, audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sijill.audit.models import AuditEntry
from sijill.demo.loader import demo_uuid
from sijill.officers.models import Officer

pytestmark = pytest.mark.django_db


# Nothing of these may appear in a public answer.
def _secrets(officer: Officer) -> list[str]:
    person = officer.person
    values = [
        person.mother_name, str(person.pk), str(officer.pk), str(person.birth_year),
        officer.appointed_on.strftime("%d/%m/%Y"), officer.badge_token,
    ]  # fmt: skip
    values += [d.number for d in officer.decisions.all()]
    values += [d.law for d in officer.decisions.all()][:1]
    if person.national_number:
        values.append(person.national_number)
    return [v for v in values if v]


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """A private in-memory cache per test, so that rate-limit counts never leak between tests."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "badge"}}
    from django.core.cache import cache

    cache.clear()


def _officer(number: str) -> Officer:
    return Officer.objects.select_related("person", "unit").get(pk=demo_uuid("officer", number))


def test_anonymous_check_by_arabic_indic_service_number_shows_four_facts(demo):
    officer = _officer("10234")
    page = Client().get(reverse("officers:badge"), {"service_number": "١٠٢٣٤", "family_name": "الشتيوي"})
    assert page.status_code == 200
    answer = page.context["answer"]
    assert set(vars(answer)) == {"name", "rank", "unit", "active"}
    assert (answer.name, answer.rank, answer.unit, answer.active) == (
        "مصطفى عبد السلام محمد الشتيوي", "نقيب", "مركز شرطة طرابلس المركز", True,
    )  # fmt: skip
    html = page.content.decode()
    for secret in _secrets(officer):
        assert secret not in html, secret
    for absent in ("الرقم الوطني", "قرار", "ملازم أول", "مصراتة"):  # no national number, no history
        assert absent not in html, absent


def test_suspended_and_dismissed_officers_are_not_active(demo):
    for number, family in (("07415", "الككلي"), ("12690", "بن غلبون"), ("04226", "المشاي")):
        answer = (
            Client().get(reverse("officers:badge"), {"service_number": number, "family_name": family}).context["answer"]
        )
        assert answer.active is False


def test_unknown_numbers_get_the_same_neutral_answer(demo):
    pages = [
        Client().get(reverse("officers:badge"), {"service_number": n, "family_name": "الشتيوي"})
        for n in ("99999", "٨٨٨٨٨٨")
    ]
    bodies = []
    for page in pages:
        assert page.status_code == 200 and page.context["not_found"] and page.context["answer"] is None
        main = page.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        bodies.append(main.replace("99999", "X").replace("888888", "X"))
    assert bodies[0] == bodies[1]
    token_page = Client().get(reverse("officers:badge_token", args=["not-a-real-token"]))
    assert token_page.context["not_found"] and "لا يوجد ضابط بهذا الرقم" in token_page.content.decode()


def test_qr_token_answers_and_service_number_is_not_a_token(demo):
    officer = _officer("09561")
    page = Client().get(reverse("officers:badge_token", args=[officer.badge_token]))
    assert page.context["answer"].name == officer.person.full_name
    assert page.context["answer"].rank == "رائد"
    assert Client().get(reverse("officers:badge_token", args=["09561"])).context["not_found"]


def test_peer_sites_officer_is_answered_too(demo):
    answer = (
        Client().get(reverse("officers:badge"), {"service_number": "30115", "family_name": "بوشناف"}).context["answer"]
    )
    assert answer.name.startswith("فرج") and answer.active


def test_checks_are_audited_under_the_system_actor(demo):
    officer = _officer("10234")
    Client().get(
        reverse("officers:badge"), {"service_number": "10234", "family_name": "الشتيوي"}, REMOTE_ADDR="10.1.2.3"
    )
    Client().get(
        reverse("officers:badge"), {"service_number": "55555", "family_name": "الشتيوي"}, REMOTE_ADDR="10.1.2.3"
    )
    entries = list(AuditEntry.objects.filter(action="officer.badge_check").order_by("seq"))
    assert [e.after["found"] for e in entries[-2:]] == [True, False]
    assert entries[-2].object_id == str(officer.pk) and entries[-2].actor_username == "badge-check"
    assert entries[-1].after["client"] == "10.1.2.3" and entries[-1].actor_role == "system"


def test_rate_limit_per_address(demo, settings):
    settings.SIJILL_BADGE_CHECK_RATE = "3/m"
    client = Client()
    asked = {"service_number": "10234", "family_name": "الشتيوي"}
    for _ in range(3):
        assert client.get(reverse("officers:badge"), asked).status_code == 200
    blocked = client.get(reverse("officers:badge"), asked)
    assert blocked.status_code == 429
    assert "محاولات كثيرة" in blocked.content.decode() and "الشتيوي" not in blocked.content.decode()
    token = _officer("10234").badge_token
    assert client.get(reverse("officers:badge_token", args=[token])).status_code == 429
    assert Client().get("/api/v1/officers/badge/10234?family_name=الشتيوي").status_code == 429  # same address
    other = Client(REMOTE_ADDR="10.9.9.9").get(reverse("officers:badge"), asked)
    assert other.status_code == 200


def test_public_api(demo):
    response = Client().get("/api/v1/officers/badge/١٠٢٣٤", {"family_name": "الشتيوي"})
    assert response.status_code == 200
    assert response.json() == {
        "name": "مصطفى عبد السلام محمد الشتيوي", "rank": "نقيب", "unit": "مركز شرطة طرابلس المركز", "active": True,
    }  # fmt: skip
    missing = Client().get("/api/v1/officers/badge/99999", {"family_name": "الشتيوي"})
    assert missing.status_code == 404 and missing.json()["message"] == "لا يوجد ضابط بهذا الرقم."
    assert Client().get("/api/v1/officers/badge/abc", {"family_name": "الشتيوي"}).status_code == 422


def test_invalid_input_is_a_clear_form_error(demo):
    page = Client().get(reverse("officers:badge"), {"service_number": "abc", "family_name": "الشتيوي"})
    assert page.status_code == 200 and page.context["answer"] is None
    assert page.context["form"].errors


# --- enumeration (issue 9): a number alone is not enough; a ceiling over all addresses ----------


def test_a_typed_check_needs_the_family_name_printed_on_the_badge(demo):
    """Service numbers are 5 digits: 9,000 requests found every officer of a unit by number alone."""
    alone = Client().get(reverse("officers:badge"), {"service_number": "10234"})
    assert alone.context["answer"] is None and "family_name" in alone.context["form"].errors
    assert "الشتيوي" not in alone.content.decode()
    assert Client().get("/api/v1/officers/badge/10234").status_code == 422
    wrong = Client().get(reverse("officers:badge"), {"service_number": "10234", "family_name": "الككلي"})
    unknown = Client().get(reverse("officers:badge"), {"service_number": "99999", "family_name": "الككلي"})
    assert wrong.context["not_found"] and unknown.context["not_found"] and wrong.context["answer"] is None
    assert Client().get("/api/v1/officers/badge/10234", {"family_name": "الككلي"}).status_code == 404


@pytest.mark.parametrize("family", ["الشتيوي", "شتيوي", "الشتيوى", " الشّتيوي "])
def test_the_family_name_is_compared_as_people_write_it(demo, family):
    page = Client().get(reverse("officers:badge"), {"service_number": "١٠٢٣٤", "family_name": family})
    assert page.context["answer"].name == "مصطفى عبد السلام محمد الشتيوي"


def test_all_addresses_together_meet_a_ceiling_with_one_audit_alert(demo, settings):
    """Rotating addresses beats a per-address limit; the ceiling holds, and audit rows stay bounded."""
    settings.SIJILL_BADGE_CHECK_CEILING = "5/h"
    before = AuditEntry.objects.count()
    statuses = [
        Client(REMOTE_ADDR=f"10.0.{n // 250}.{n % 250}")
        .get(reverse("officers:badge"), {"service_number": f"{10000 + n}", "family_name": "الشتيوي"})
        .status_code
        for n in range(12)
    ]
    assert statuses == [200] * 5 + [429] * 7
    checks = AuditEntry.objects.filter(action="officer.badge_check").count()
    alerts = list(AuditEntry.objects.filter(action="officer.badge_check_ceiling"))
    assert len(alerts) == 1 and alerts[0].kind == "auth" and alerts[0].after["ceiling"] == "5/h"
    assert AuditEntry.objects.count() - before == 6 and checks >= 5  # five checks and one alert
    token = _officer("10234").badge_token
    assert Client(REMOTE_ADDR="10.7.7.7").get(reverse("officers:badge_token", args=[token])).status_code == 429
    assert Client(REMOTE_ADDR="10.7.7.8").get("/api/v1/officers/badge/10234?family_name=x").status_code == 429


def test_the_qr_token_alone_still_answers(demo):
    token = _officer("10234").badge_token
    page = Client().get(reverse("officers:badge_token", args=[token]))
    assert page.context["answer"].name == "مصطفى عبد السلام محمد الشتيوي"
