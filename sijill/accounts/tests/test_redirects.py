"""No sign-in step sends a user to another site, whatever ``next`` a link carries."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

HOSTILE = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example/phish",
    "\\\\evil.example\\phish",
    "https:evil.example",
    " https://evil.example/",
    "http://testserver.evil.example/",
    "javascript:alert(1)",
    "ftp://evil.example/",
    "https://evil.example\\@testserver/",
]


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _stays_here(location: str) -> bool:
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_second_step_never_leaves_the_site(hostile, settings, user_of, password):
    """The attack: /accounts/two-factor/?next=https://evil.example → sign in → valid code → 302 there."""
    settings.SIJILL_DEMO = False
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = Client()
    start = reverse("accounts:two_factor") + "?next=" + quote(hostile, safe="")
    to_login = client.get(start)
    assert to_login.status_code == 302 and to_login["Location"].startswith(reverse("accounts:login"))
    signed_in = client.post(to_login["Location"], {"username": "investigator", "password": password})
    assert signed_in.status_code == 302 and signed_in["Location"] == start
    client.get(start)  # the authenticator is set up on first use
    device = TOTPDevice.objects.get(user=user_of("investigator"))
    done = client.post(start, {"token": _code(device)})
    assert done.status_code == 302 and done["Location"] == reverse("web:home")
    again = client.get(start)  # already verified: the step sends on at once, still not away
    assert again.status_code == 302 and again["Location"] == reverse("web:home")


def test_second_step_goes_on_to_the_page_asked_for(settings, user_of, password):
    settings.SIJILL_DEMO = False
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = Client()
    client.post(reverse("accounts:login"), {"username": "investigator", "password": password})
    step = client.get(reverse("persons:search"))
    assert step["Location"] == reverse("accounts:two_factor") + "?next=" + quote(reverse("persons:search"), safe="")
    client.get(step["Location"])
    done = client.post(step["Location"], {"token": _code(TOTPDevice.objects.get(user=user_of("investigator")))})
    assert done["Location"] == reverse("persons:search")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_sign_in_sign_out_and_language_switch_never_leave_the_site(hostile, password, demo):
    client = Client()
    signed_in = client.post(reverse("accounts:login"), {"username": "media", "password": password, "next": hostile})
    assert signed_in.status_code == 302 and _stays_here(signed_in["Location"])
    switched = client.post(reverse("set_language"), {"language": "en", "next": hostile})
    assert switched.status_code == 302 and _stays_here(switched["Location"])
    signed_out = client.post(reverse("accounts:logout") + "?next=" + quote(hostile, safe=""))
    assert signed_out.status_code == 302 and _stays_here(signed_out["Location"])
