"""A checkpoint officer at the keyboard: look up a plate typed in Arabic-Indic digits, get the hit."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_checkpoint_looks_up_a_stolen_plate(live_server, demo, password):
    with chromium() as browser:
        context = browser.new_context(locale="ar-LY", viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "checkpoint")
        page.fill("#id_password", password)
        page.click("[data-testid=login-submit]")
        page.click("nav.sidenav >> text=الاستعلام عن لوحة")
        page.fill("#id_plate", "٨٨٠١٢ - ٥")
        page.fill("#id_purpose", "تفتيش بوابة الدافنية")
        page.click("form.filters button[type=submit]")
        expect(page.locator("[data-testid=hit]")).to_contain_text("مُبلَّغ عنها")
        expect(page.locator("[data-testid=lookup-result]")).to_contain_text("5-88012")
        # a malformed plate gets its reason in Arabic
        page.fill("#id_plate", "٥٨٨٠١٢")
        page.click("form.filters button[type=submit]")
        expect(page.locator("main")).to_contain_text("افصل رمز المنطقة عن الرقم")
        context.close()
