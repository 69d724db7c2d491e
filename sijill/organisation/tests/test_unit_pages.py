import pytest
from django.urls import reverse

from sijill.core.digits import to_arabic_digits
from sijill.organisation.models import Unit

pytestmark = pytest.mark.django_db


def test_unit_edit_form_accepts_arabic_digits_and_detects_conflicts(client_of):
    client = client_of("admin")
    unit = Unit.objects.get(code="tripoli-station-1")
    url = reverse("organisation:unit_edit", args=[unit.pk])
    data = {
        "name_ar": "مركز شرطة أبو سليم",
        "name_en": "Abu Salim station",
        "kind": "station",
        "agency": "police",
        "directorate": str(unit.directorate_id),
        "version": to_arabic_digits(str(unit.version)),
    }
    assert client.post(url, data).status_code == 302
    assert Unit.objects.get(pk=unit.pk).name_ar == "مركز شرطة أبو سليم"
    stale = client.post(url, {**data, "name_ar": "تعديل قديم", "version": str(unit.version)})
    assert stale.status_code == 200
    assert Unit.objects.get(pk=unit.pk).name_ar == "مركز شرطة أبو سليم"


def test_unit_create_with_bad_input_shows_errors_and_writes_nothing(client_of):
    count = Unit.objects.count()
    response = client_of("admin").post(reverse("organisation:unit_create"), {"code": "", "name_ar": "", "kind": "x"})
    assert response.status_code == 200
    assert Unit.objects.count() == count
    assert "errorlist" in response.content.decode()


def test_units_list_filters_with_htmx(client_of):
    response = client_of("t1").get(reverse("organisation:units"), {"q": "سرت"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "سرت" in text and "<html" not in text
