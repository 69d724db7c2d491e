"""A citizen at night checks a badge in a real browser: by typed Arabic-Indic number, then by QR link."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sijill.demo.loader import demo_uuid
from sijill.officers.models import Officer
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, live_server, demo, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "browser"}}
    context = browser.new_context(locale="ar-LY", viewport={"width": 390, "height": 844}, is_mobile=True)
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def test_citizen_checks_a_badge_by_number_and_by_qr_code(page, live_server):
    page.goto(f"{live_server.url}/officers/badge/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text("التحقق من بطاقة ضابط")
    page.fill("#id_service_number", "١٠٢٣٤")
    page.fill("#id_family_name", "الشتيوي")  # printed on the badge: a number alone answers nothing
    page.click("[data-testid=badge-submit]")
    expect(page.locator("[data-testid=badge-name]")).to_have_text("مصطفى عبد السلام محمد الشتيوي")
    expect(page.locator("[data-testid=badge-rank]")).to_have_text("نقيب")
    expect(page.locator("[data-testid=badge-unit]")).to_have_text("مركز شرطة طرابلس المركز")
    expect(page.locator("[data-testid=badge-active]")).to_contain_text("نعم")
    expect(page.locator("main")).not_to_contain_text("قرار")

    page.fill("#id_service_number", "٩٩٩٩٩")
    page.click("[data-testid=badge-submit]")
    expect(page.locator("[data-testid=badge-not-found]")).to_contain_text("لا يوجد ضابط بهذا الرقم")
    expect(page.locator("[data-testid=badge-answer]")).to_have_count(0)

    suspended = Officer.objects.get(pk=demo_uuid("officer", "07415"))
    page.goto(f"{live_server.url}/officers/badge/{suspended.badge_token}/")
    expect(page.locator("[data-testid=badge-name]")).to_have_text("حسن الطاهر عمر الككلي")
    expect(page.locator("[data-testid=badge-rank]")).to_have_text("مقدم")
    expect(page.locator("[data-testid=badge-active]")).to_contain_text("لا")
