"""A person at the keyboard: sign in in Arabic, switch to English, sign out; lockout."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(locale="ar-LY", viewport={"width": 1280, "height": 800})
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def _sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("[data-testid=login-submit]")


def test_operator_signs_in_in_arabic_switches_to_english_and_signs_out(page: Page, live_server, password):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")
    expect(page.locator("h1")).to_contain_text("تسجيل الدخول")

    _sign_in(page, live_server.url, "tripoli.room", password)
    expect(page.locator("h1")).to_contain_text("سالم مفتاح بوخمادة")
    expect(page.locator("nav.sidenav")).to_contain_text("الوحدات")
    # Right-to-left for real: the side menu sits on the right of the main column.
    nav_box = page.locator("nav.sidenav").bounding_box()
    main_box = page.locator("main").bounding_box()
    assert nav_box and main_box and nav_box["x"] > main_box["x"]

    page.click("[data-testid=lang-en]")
    expect(html).to_have_attribute("dir", "ltr")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Welcome")

    page.click("[data-testid=logout]")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")


def test_repeated_failed_logins_lock_the_account(page: Page, live_server, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(page, live_server.url, "investigator", "not-the-password")
        expect(page.locator("[data-testid=login-error]")).to_be_visible()
    _sign_in(page, live_server.url, "investigator", "not-the-password")
    expect(page.locator("[data-testid=locked]")).to_be_visible()
    _sign_in(page, live_server.url, "investigator", password)
    expect(page.locator("[data-testid=locked]")).to_contain_text("الحساب مقفل")


def test_phone_layout(browser, live_server, demo, password):
    context = browser.new_context(locale="ar-LY", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    _sign_in(page, live_server.url, "t1", password)
    expect(page.locator("main h1")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    context.close()
