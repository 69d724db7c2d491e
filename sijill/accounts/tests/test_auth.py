"""Sign-in: lockout, two-factor authentication, sessions and API tokens."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sijill.accounts.models import ApiToken
from sijill.audit.models import AuditEntry
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_page_is_arabic_rtl_by_default(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "تسجيل الدخول" in page


def test_login_and_logout_are_audited(client, password, demo):
    assert _login(client, "t1", password).status_code == 302
    assert client.get(reverse("web:home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("web:home")).status_code == 302
    actions = list(AuditEntry.objects.filter(actor_username="t1").values_list("action", flat=True))
    assert "auth.login" in actions and "auth.logout" in actions


def test_repeated_failures_lock_the_account(client, password, settings, demo):
    first = _login(client, "investigator", "wrong-password")
    assert first.status_code == 200  # the form again, with an error
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "investigator", "wrong-password")
    locked = _login(client, "investigator", password)  # even the right password is refused now
    assert locked.status_code == 429
    assert "مقفل" in locked.content.decode()
    assert AuditEntry.objects.filter(action="auth.login_failed", actor_username="investigator").count() >= 1
    assert AuditEntry.objects.filter(action="auth.locked_out", actor_username="investigator").exists()


def test_username_with_arabic_digits_is_accepted(client, user_of, password):
    user = user_of("t1")
    user.username = "op7"
    user.save()
    assert _login(client, "op٧", password).status_code == 302


def test_two_factor_required_outside_demo_mode(client, settings, user_of, password):
    settings.SIJILL_DEMO = False
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no back-off between the wrong and the right code here
    assert _login(client, "investigator", password).status_code == 302
    response = client.get(reverse("web:home"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two_factor") + "?next=%2F"
    setup = client.get(reverse("accounts:two_factor"))
    assert b"<svg" in setup.content  # the QR code to enrol an authenticator
    device = TOTPDevice.objects.get(user=user_of("investigator"))
    assert client.post(reverse("accounts:two_factor"), {"token": "000000"}).status_code == 200
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    arabic_code = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert client.post(reverse("accounts:two_factor"), {"token": arabic_code}).status_code == 302
    assert client.get(reverse("web:home")).status_code == 200
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_role_without_personal_data_needs_no_second_factor(client, settings, password, demo):
    settings.SIJILL_DEMO = False
    _login(client, "media", password)
    assert client.get(reverse("web:home")).status_code == 200


def test_api_session_without_second_factor_is_refused(client, settings, password, demo):
    settings.SIJILL_DEMO = False
    _login(client, "investigator", password)
    assert client.get("/api/v1/me").status_code == 401


def test_session_expires_when_idle(settings):
    assert settings.SESSION_COOKIE_AGE <= 3600 and settings.SESSION_SAVE_EVERY_REQUEST


def test_user_from_another_site_cannot_sign_in_here(client, demo, password):
    from django.db import connection

    with connection.cursor() as cursor:  # as if the account had arrived from the Benghazi site
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE accounts_user SET origin_site = 'BEN' WHERE username = 't1'")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    response = _login(client, "t1", password)
    assert response.status_code == 200
    assert "موقع آخر" in response.content.decode() or "another site" in response.content.decode()


def test_api_token_is_stored_hashed_and_revocable(user_of):
    api = ApiClient(user_of("auditor"))
    token = ApiToken.objects.filter(user=user_of("auditor")).latest("created_at")
    assert api.token not in token.digest and len(token.digest) == 64
    assert api.call("GET", "/me").status_code == 200
    assert api.call("DELETE", f"/tokens/{token.id}").status_code == 200
    assert api.call("GET", "/me").status_code == 401
    assert AuditEntry.objects.filter(action="token.revoke", actor_username="auditor").exists()


def test_bad_token_is_refused():
    response = Client(HTTP_AUTHORIZATION="Bearer sjl_0000_nope").get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_token_page_shows_the_token_once(client_of):
    client = client_of("auditor")
    response = client.post(reverse("accounts:tokens"), {"name": "تقارير", "days": "٣٠"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "sjl_" in text
    assert "sjl_" not in client.get(reverse("accounts:tokens")).content.decode()


def test_looking_up_a_colleague_is_logged(client_of, user_of):
    target = user_of("checkpoint")
    assert client_of("t1").get(reverse("accounts:user_detail", args=[target.pk])).status_code == 200
    entry = AuditEntry.objects.filter(action="user.read", object_id=str(target.pk)).latest("seq")
    assert entry.actor_username == "t1" and entry.kind == "read" and entry.purpose


def test_pages_are_arabic_even_for_an_english_browser_until_the_user_switches(client):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="ar" dir="rtl">' in page.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="ar")
    assert '<html lang="en" dir="ltr">' in page.content.decode()
