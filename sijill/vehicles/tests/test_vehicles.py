"""Vehicle services, permissions, API and pages on the demo data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from sijill.audit.models import AuditEntry
from sijill.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from sijill.demo.loader import demo_uuid
from sijill.vehicles import services
from sijill.vehicles.models import (
    UnregisteredVehicleStop,
    Vehicle,
    VehicleOwnership,
    VehicleRecovery,
    VehicleReport,
    report_recovered,
)
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db

LANDCRUISER = demo_uuid("vehicle", "landcruiser")
SPORTAGE = demo_uuid("vehicle", "sportage")
HILUX = demo_uuid("vehicle", "hilux")
SPORTAGE_STOLEN = demo_uuid("vehicle-report", "sportage-stolen")
ELANTRA_STOLEN = demo_uuid("vehicle-report", "elantra-stolen")
FATIMA = demo_uuid("person", "فاطمة الهادي محمد الشريف 1992")
KHALED = demo_uuid("person", "خالد عبد الحكيم مصطفى الككلي 1987")


def _register(actor, **fields):
    data = {"plate_as_written": "٥-٤٤٤٥٥٥", "make": "تويوتا", "model": "كورولا", "year": 2018}
    data.update(fields)
    return services.do_create_vehicle(actor, **data)


# --- demo ---------------------------------------------------------------------------------------


def test_demo_report_closed_by_a_benghazi_recovery():
    report = VehicleReport.objects.get(pk=ELANTRA_STOLEN)
    recovery = VehicleRecovery.objects.get(report=report)
    assert report.origin_site == "TRP" and recovery.origin_site == "BEN"
    assert not report.is_open
    open_ids = set(VehicleReport.objects.exclude(report_recovered()).values_list("pk", flat=True))
    assert SPORTAGE_STOLEN in open_ids and ELANTRA_STOLEN not in open_ids
    assert VehicleReport.objects.filter(kind="terrorism").exclude(report_recovered()).exists()
    assert UnregisteredVehicleStop.objects.count() >= 3
    # the Land Cruiser changed hands: one closed ownership, one open
    owners = VehicleOwnership.objects.filter(vehicle_id=LANDCRUISER)
    assert owners.count() == 2 and owners.filter(to_date__isnull=True).count() == 1


# --- registrations ------------------------------------------------------------------------------


def test_register_with_arabic_digits_and_owner(actor_of):
    clerk = actor_of("clerk")
    vehicle = _register(clerk, vin="jtd-br32e720012345", owner_id=FATIMA, owned_since=dt.date(2025, 1, 5))
    assert vehicle.plate_canonical == "5-444555" and vehicle.plate_as_written == "٥-٤٤٤٥٥٥"
    assert vehicle.vin == "JTDBR32E720012345" and not vehicle.vin_is_legacy
    assert vehicle.registration_unit_id == clerk.unit_id and vehicle.origin_site == "TRP"
    assert services.current_ownership(vehicle).owner_id == FATIMA
    assert AuditEntry.objects.filter(action="vehicle.create", object_id=str(vehicle.pk)).exists()


def test_legacy_chassis_number_is_flagged(actor_of):
    vehicle = _register(actor_of("clerk"), vin="W114-12-008452", year=1974, plate_as_written="5-7022")
    assert vehicle.vin == "W11412008452" and vehicle.vin_is_legacy


@pytest.mark.parametrize(
    ("fields", "field", "arabic"),
    [
        ({"plate_as_written": "٥١٢٣٤٥٦"}, "plate_as_written", "افصل"),
        ({"plate_as_written": "5-ABC"}, "plate_as_written", "لا يرد"),
        ({"vin": "1M8GDM9A5KP042788"}, "vin", "رقم التحقق"),
        ({"vin": "1M8GDM9AXKPO42788"}, "vin", "I أو O أو Q"),
        ({"vin": "FJ40123456", "year": 1995}, "vin", "1981"),
        ({"plate_as_written": "", "vin": ""}, "plate_as_written", "رقم اللوحة"),
    ],
)
def test_bad_plate_or_vin_refused_in_arabic(actor_of, fields, field, arabic):
    before = Vehicle.objects.count()
    with translation.override("ar"), pytest.raises(ValidationFailed) as info:
        _register(actor_of("clerk"), **fields)
    message = " ".join(info.value.details[field])
    assert arabic in message, message
    assert Vehicle.objects.count() == before


def test_duplicate_plate_refused_across_sites(actor_of):
    with pytest.raises(ValidationFailed) as info:
        _register(actor_of("clerk"), plate_as_written="45210-8")  # the Benghazi Hilux, typed right to left
    assert "BEN" in str(info.value.details["plate_as_written"])


def test_stale_edit_is_refused(actor_of):
    clerk = actor_of("clerk")
    vehicle = Vehicle.objects.get(pk=LANDCRUISER)
    services.do_update_vehicle(clerk, vehicle.pk, expected_version=vehicle.version, colour="أبيض لؤلؤي")
    with pytest.raises(Conflict):
        services.do_update_vehicle(clerk, vehicle.pk, expected_version=vehicle.version, colour="رمادي")
    assert Vehicle.objects.get(pk=LANDCRUISER).colour == "أبيض لؤلؤي"


def test_another_sites_vehicle_cannot_be_edited(actor_of):
    hilux = Vehicle.objects.get(pk=HILUX)
    with pytest.raises(NotFound):
        services.do_update_vehicle(actor_of("clerk"), hilux.pk, expected_version=hilux.version, colour="أحمر")


# --- transfers ----------------------------------------------------------------------------------


def test_transfer_closes_the_current_ownership_and_opens_a_new_one(actor_of):
    clerk = actor_of("clerk")
    vehicle = Vehicle.objects.get(pk=LANDCRUISER)
    previous = services.current_ownership(vehicle)
    on = timezone.localdate() - dt.timedelta(days=3)
    new = services.do_transfer_ownership(clerk, vehicle.pk, new_owner_id=KHALED, transfer_date=on,
                                         expected_version=vehicle.version)  # fmt: skip
    previous.refresh_from_db()
    assert previous.to_date == on and new.from_date == on and new.to_date is None and new.owner_id == KHALED
    assert services.current_ownership(vehicle).pk == new.pk
    assert Vehicle.objects.get(pk=LANDCRUISER).version == vehicle.version + 1
    # a second transfer started from the old version is refused, nothing changes
    with pytest.raises(Conflict):
        services.do_transfer_ownership(clerk, vehicle.pk, new_owner_id=FATIMA, expected_version=vehicle.version)
    assert services.current_ownership(vehicle).owner_id == KHALED


def test_transfer_to_the_current_owner_or_before_their_date_is_refused(actor_of):
    clerk = actor_of("clerk")
    current = services.current_ownership(Vehicle.objects.get(pk=LANDCRUISER))
    with pytest.raises(ValidationFailed):
        services.do_transfer_ownership(clerk, LANDCRUISER, new_owner_id=current.owner_id)
    with pytest.raises(ValidationFailed):
        services.do_transfer_ownership(clerk, LANDCRUISER, new_owner_id=KHALED, transfer_date=dt.date(2000, 1, 1))


# --- reports and recoveries ---------------------------------------------------------------------


def test_report_needs_a_legal_basis(actor_of):
    with pytest.raises(ValidationFailed) as info:
        services.do_report_vehicle(actor_of("investigator"), LANDCRUISER, kind="stolen", legal_basis=" ")
    assert "legal_basis" in info.value.details
    report = services.do_report_vehicle(
        actor_of("investigator"), LANDCRUISER, kind="stolen", legal_basis="بلاغ ٥١٢/٢٠٢٦ مركز شرطة طرابلس المركز"
    )
    assert report.is_open and report.legal_basis == "بلاغ 512/2026 مركز شرطة طرابلس المركز"
    with pytest.raises(ValidationFailed):  # one open report of a kind at a time
        services.do_report_vehicle(actor_of("clerk"), LANDCRUISER, kind="stolen", legal_basis="بلاغ 513/2026")


def test_recovery_closes_the_report_for_everyone(actor_of):
    checkpoint = actor_of("checkpoint")
    recovery = services.do_record_recovery(checkpoint, SPORTAGE_STOLEN, place="بوابة الدافنية")
    assert recovery.origin_site == "TRP" and recovery.unit_id == checkpoint.unit_id
    report = VehicleReport.objects.get(pk=SPORTAGE_STOLEN)
    assert not report.is_open and report.version == 1  # the report itself is untouched
    assert SPORTAGE_STOLEN not in {r.pk for r in services.open_reports(actor_of("t1"))}
    with pytest.raises(Conflict):
        services.do_record_recovery(checkpoint, SPORTAGE_STOLEN, place="طريق المطار")


def test_roles(actor_of):
    with pytest.raises(PermissionDenied):
        _register(actor_of("checkpoint"))
    with pytest.raises(PermissionDenied):
        services.do_report_vehicle(actor_of("checkpoint"), LANDCRUISER, kind="wanted", legal_basis="قضية 1/2026")
    with pytest.raises(PermissionDenied):
        services.do_record_recovery(actor_of("prosecutor"), SPORTAGE_STOLEN, place="طرابلس")
    with pytest.raises(PermissionDenied):
        services.lookup_plate(actor_of("media"), "5-88012", purpose="اختبار")


def test_stop_keeps_an_unreadable_plate_and_checks_the_vin(actor_of):
    checkpoint = actor_of("checkpoint")
    stop = services.do_record_stop(
        checkpoint, campaign="حملة المركبات غير المسجلة", place="طريق الشط", description="تويوتا كامري بدون لوحات",
        action_taken="impounded", plate="لوحة تونسية 123 تونس 4567", driver_name="سالم ميلاد الفرجاني",
    )  # fmt: skip
    assert stop.plate_canonical == "" and stop.plate_as_written.startswith("لوحة")
    with translation.override("ar"), pytest.raises(ValidationFailed) as info:
        services.do_record_stop(checkpoint, campaign="حملة", place="طريق الشط", description="سيارة",
                                action_taken="warned", vin="1M8GDM9A5KP042788")  # fmt: skip
    assert "رقم التحقق" in info.value.details["vin"][0]


# --- look-up ------------------------------------------------------------------------------------


def test_plate_lookup_finds_the_open_report_and_is_audited(actor_of):
    result = services.lookup_plate(actor_of("checkpoint"), "٨٨٠١٢ - ٥", purpose="تفتيش بوابة الدافنية")
    assert result.plate == "5-88012" and result.hit
    assert [s.vehicle.pk for s in result.vehicles] == [SPORTAGE]
    entry = AuditEntry.objects.filter(action="vehicle.lookup").latest("at")
    assert entry.purpose == "تفتيش بوابة الدافنية" and entry.actor_username == "checkpoint"
    recovered = services.lookup_plate(actor_of("checkpoint"), "5-2318467", purpose="تفتيش")
    assert recovered.vehicles and not recovered.hit  # stolen, then recovered at Benghazi
    with pytest.raises(ValidationFailed):
        services.lookup_plate(actor_of("checkpoint"), "5-88012", purpose="")


# --- API ----------------------------------------------------------------------------------------


def test_api_lookup_and_errors(user_of):
    api = ApiClient(user_of("checkpoint"))
    response = api.call("GET", "/vehicles/lookup?plate=%D9%A5-%D9%A8%D9%A8%D9%A0%D9%A1%D9%A2&purpose=checkpoint+gate")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["hit"] and body["plate"] == "5-88012"
    assert body["vehicles"][0]["reports"][0]["is_open"] is True
    bad = api.call("GET", "/vehicles/lookup?plate=5123456&purpose=checkpoint+gate")
    assert bad.status_code == 422 and "5-123456" in bad.json()["details"]["plate"][0]


def test_api_create_bad_vin_and_stale_patch(user_of):
    api = ApiClient(user_of("clerk"))
    bad = api.call("POST", "/vehicles", {"plate_as_written": "5-31", "make": "فورد", "vin": "1M8GDM9A5KP042788"})
    assert bad.status_code == 422 and "vin" in bad.json()["details"]
    assert not Vehicle.objects.filter(plate_canonical="5-31").exists()
    created = api.call("POST", "/vehicles", {"plate_as_written": "٥-٣١", "make": "فورد", "vin": "1M8GDM9AXKP042788"})
    assert created.status_code == 201, created.content
    vehicle = created.json()
    ok = api.call("PATCH", f"/vehicles/{vehicle['id']}", {"version": vehicle["version"], "colour": "أزرق"})
    assert ok.status_code == 200 and ok.json()["version"] == vehicle["version"] + 1
    stale = api.call("PATCH", f"/vehicles/{vehicle['id']}", {"version": vehicle["version"], "colour": "أحمر"})
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"


def test_api_list_filters(user_of):
    api = ApiClient(user_of("investigator"))
    reported = {v["plate_canonical"] for v in api.call("GET", "/vehicles?reported=open&limit=500").json()["items"]}
    assert "5-88012" in reported and "8-45210" in reported and "5-2318467" not in reported
    fragment = api.call("GET", "/vehicles?plate=88012").json()["items"]
    assert [v["plate_canonical"] for v in fragment] == ["5-88012"]


# --- pages --------------------------------------------------------------------------------------


def test_list_page_search_by_arabic_plate(client_of):
    page = client_of("checkpoint").get(reverse("vehicles:list"), {"plate": "٥-٨٨٠١٢"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "5-88012</a>" in text and "5-123456</a>" not in text


def test_detail_asks_for_a_purpose_then_shows_owners_and_history(client_of):
    client = client_of("clerk")
    url = reverse("vehicles:detail", args=[LANDCRUISER])
    assert 'name="purpose"' in client.get(url).content.decode()
    page = client.get(url, {"purpose": "طلب نقل ملكية"}).content.decode()
    assert "عبد الرازق" in page and "محمود" in page  # current and previous owners
    assert AuditEntry.objects.filter(action="vehicle.read", object_id=str(LANDCRUISER)).exists()


def test_create_page_refuses_a_bad_plate_in_arabic(client_of):
    before = Vehicle.objects.count()
    response = client_of("clerk").post(reverse("vehicles:create"), {"plate_as_written": "٥١٢٣٤٥٦", "make": "كيا",
                                                                     "plate_category": "private"})  # fmt: skip
    assert response.status_code == 200
    assert "افصل" in response.content.decode()
    assert Vehicle.objects.count() == before


def test_pages_for_checkpoint_stop_and_recovery(client_of):
    client = client_of("checkpoint")
    response = client.post(reverse("vehicles:stop_create"), {
        "campaign": "حملة المركبات غير المسجلة", "place": "بوابة الدافنية", "description": "هيونداي أكسنت بدون لوحات",
        "action_taken": "impounded", "driver_name": "علي سالم الفيتوري", "plate": "",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UnregisteredVehicleStop.objects.filter(description="هيونداي أكسنت بدون لوحات").exists()
    response = client.post(reverse("vehicles:recovery", args=[SPORTAGE_STOLEN]), {"place": "بوابة الدافنية"})
    assert response.status_code == 302
    assert not VehicleReport.objects.get(pk=SPORTAGE_STOLEN).is_open
    reports = client.get(reverse("vehicles:reports")).content.decode()
    assert "5-88012" not in reports and "8-45210" in reports


def test_edit_page_with_stale_version_shows_conflict(client_of):
    client = client_of("clerk")
    vehicle = Vehicle.objects.get(pk=LANDCRUISER)
    form = {"plate_as_written": vehicle.plate_as_written, "plate_category": "private", "vin": vehicle.vin,
            "make": vehicle.make, "model": vehicle.model, "colour": "ذهبي", "year": vehicle.year,
            "version": vehicle.version}  # fmt: skip
    assert client.post(reverse("vehicles:edit", args=[LANDCRUISER]), form).status_code == 302
    stale = client.post(reverse("vehicles:edit", args=[LANDCRUISER]), {**form, "colour": "فضي"})
    assert stale.status_code == 200 and Vehicle.objects.get(pk=LANDCRUISER).colour == "ذهبي"


def test_api_detail_needs_a_purpose_and_lists_owners(user_of):
    api = ApiClient(user_of("prosecutor"), language="en")
    assert api.call("GET", f"/vehicles/{LANDCRUISER}").status_code == 422
    body = api.call("GET", f"/vehicles/{LANDCRUISER}?purpose=case+12/2026").json()
    owners = [(o["owner_name"], o["to_date"]) for o in body["ownerships"]]
    assert owners[0][1] is None and owners[0][0].startswith("عبد الرازق")
    assert body["vehicle"]["plate_canonical"] == "5-123456"
    refused = api.call("POST", f"/vehicles/{LANDCRUISER}/reports", {"kind": "stolen", "legal_basis": "x"})
    assert refused.status_code == 403


def test_english_message_and_recovery_date(actor_of):
    with translation.override("en"), pytest.raises(ValidationFailed) as info:
        _register(actor_of("clerk"), plate_as_written="٨-١٢٣٤٥٦٧")
    assert info.value.details["plate_as_written"] == ["The plate number has at most 6 digits."]
    with pytest.raises(ValidationFailed):
        services.do_record_recovery(
            actor_of("checkpoint"),
            SPORTAGE_STOLEN,
            place="طرابلس",
            recovered_at=timezone.now() - dt.timedelta(days=900),
        )
