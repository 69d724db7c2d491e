"""The public custody check: one answer, nothing more; rate-limited; audited without the query."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from sijill.audit.models import AuditEntry
from sijill.core.actor import Actor
from sijill.custody import services
from sijill.demo.loader import demo_uuid

pytestmark = pytest.mark.django_db

HELD = {"national_number": "119850318826", "full_name": "محمد علي امحمد الزوي", "mother_name": "زينب عمر الكوني"}
URL = "/custody/check/"


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    """A private in-memory cache per test, so the limit counts only this test's requests."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"custody-check-{request.node.name}"}}  # fmt: skip


def _answer(response) -> str:
    """The page without its per-response CSRF tokens (form fields and the htmx header)."""
    return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())


def test_page_is_public_and_has_a_csrf_protected_form(demo):
    response = Client().get(reverse("custody:check"))
    assert response.status_code == 200 and b"csrfmiddlewaretoken" in response.content
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, HELD).status_code == 403


def test_held_person_is_found_with_arabic_digits_and_spelling_variants(demo):
    response = Client().post(URL, HELD)
    assert response.status_code == 200
    assert 'data-testid="answer"' in response.content.decode() and "مديرية أمن طرابلس" in response.content.decode()
    variant = {
        "national_number": "١١٩٨٥٠٣١٨٨٢٦",
        "full_name": "مُحمد علي أمحمد  الزوي",
        "mother_name": "زينب عمر الكونى",
    }
    assert "مديرية أمن طرابلس" in Client().post(URL, variant).content.decode()


def test_every_non_match_gets_the_same_answer(demo):
    variants = [
        HELD | {"national_number": "119999999999"},  # no such person
        HELD | {"mother_name": "فاطمة علي العبيدي"},  # details do not match
        HELD | {"full_name": "محمد علي سالم الزوي"},
        # a real person with the right details, not in custody
        {"national_number": "119700230915", "full_name": "أبوعجيلة سالم بشير الترهوني",
         "mother_name": "مبروكة امحمد الفيتوري"},
    ]  # fmt: skip
    pages = {_answer(Client().post(URL, v)) for v in variants}
    assert len(pages) == 1
    page = pages.pop()
    assert "مديرية أمن طرابلس" not in page and "الزوي" not in page and "119" not in page


def test_a_released_person_is_not_reported_held(demo, actor_of):
    services.do_record_event(
        actor_of("prosecutor"), demo_uuid("arrest", "state"), kind="release", reason="لا وجه لإقامة الدعوى",
        ordered_by="النيابة العامة",
    )  # fmt: skip
    assert "مديرية أمن طرابلس" not in Client().post(URL, HELD).content.decode()


def test_each_query_is_audited_by_hash_only(demo):
    Client().post(URL, HELD)
    Client().post(URL, HELD | {"mother_name": "غير مطابق"})
    entries = list(AuditEntry.objects.filter(action="custody.public_check").order_by("seq"))
    assert [e.after["matched"] for e in entries] == [True, False]
    assert entries[0].actor_role == Actor.system().role
    assert entries[0].object_id == str(demo_uuid("arrest", "state"))
    for entry in entries:
        blob = repr((entry.after, entry.object_repr, entry.purpose))
        assert "119850318826" not in blob and "الزوي" not in blob and "زينب" not in blob
        assert len(entry.after["query_hash"]) == 64


def test_rate_limited_per_address_with_a_clear_message(demo, settings):
    settings.SIJILL_PUBLIC_CHECK_RATE = "3/h"
    client = Client()
    for _ in range(3):
        assert client.post(URL, HELD).status_code == 200
    blocked = client.post(URL, HELD)
    assert blocked.status_code == 429 and 'data-testid="limited"' in blocked.content.decode()
    assert "تجاوزتم عدد الاستعلامات" in blocked.content.decode()
    assert "مديرية أمن طرابلس" not in blocked.content.decode()
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post(URL, HELD).status_code == 200
    # the API shares the page's limit
    assert client.post("/api/v1/custody/check", HELD, content_type="application/json").status_code == 429


def test_public_api(demo):
    client = Client()
    held = client.post("/api/v1/custody/check", HELD, content_type="application/json")
    assert held.status_code == 200 and held.json()["held"] and held.json()["place"] == "مديرية أمن طرابلس"
    no = client.post(
        "/api/v1/custody/check", HELD | {"national_number": "119999999999"}, content_type="application/json"
    )
    other = client.post("/api/v1/custody/check", HELD | {"mother_name": "x"}, content_type="application/json")
    assert no.json() == other.json() and no.json()["held"] is False and no.json()["place"] == ""
    bad = client.post("/api/v1/custody/check", HELD | {"national_number": "12"}, content_type="application/json")
    assert bad.status_code == 422


def test_all_addresses_together_meet_a_ceiling_and_the_audit_stays_bounded(demo, settings):
    """Rotating addresses beat the per-address limit and each query appended a signed audit row."""
    settings.SIJILL_PUBLIC_CHECK_CEILING = "4/h"
    before = AuditEntry.objects.count()
    statuses = [Client(REMOTE_ADDR=f"10.3.0.{n}").post(URL, HELD).status_code for n in range(10)]
    assert statuses == [200] * 4 + [429] * 6
    api = Client(REMOTE_ADDR="10.3.1.1").post("/api/v1/custody/check", HELD, content_type="application/json")
    assert api.status_code == 429
    assert AuditEntry.objects.filter(action="custody.public_check").count() >= 4
    alerts = AuditEntry.objects.filter(action="custody.public_check_ceiling")
    assert alerts.count() == 1 and alerts.get().kind == "auth"
    assert AuditEntry.objects.count() - before == 5  # four queries, one alert; the refused add nothing
