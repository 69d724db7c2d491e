"""A records clerk imports a deliberately broken Windows-1256 CSV: each error explained in Arabic,
nothing written; then the valid rows only, and the rejected rows downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from sijill.persons.models import Person
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BROKEN = Path(__file__).resolve().parent.parent / "sijill" / "imports" / "samples" / "persons-broken-cp1256.csv"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, live_server, demo, settings):
    settings.SIJILL_IMPORT_BACKGROUND = False  # each phase finishes within its request
    context = browser.new_context(locale="ar-LY", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def test_clerk_sees_each_error_of_a_broken_windows_1256_file_in_arabic_and_nothing_changes(
    page: Page, live_server, password
):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", password)
    page.click("[data-testid=login-submit]")
    page.get_by_role("link", name="الاستيراد من المنظومات السابقة").click()
    expect(page.locator("h1")).to_contain_text("الاستيراد من المنظومات السابقة")
    before = Person.objects.count()

    page.select_option("#id_registry", "persons")
    page.set_input_files("#id_file", str(BROKEN))
    page.click("[data-testid=import-check]")

    status = page.locator("[data-testid=import-status]")
    expect(status).to_have_attribute("data-status", "invalid")
    expect(status).to_contain_text("مرفوض: في الملف أخطاء")
    expect(status).to_contain_text("لم يُكتب شيء")
    problems = page.locator("[data-testid=import-problems] tbody tr")
    expect(problems).to_have_count(4)
    expect(problems.nth(0)).to_contain_text("الرقم الوطني")  # 11 digits
    expect(problems.nth(1)).to_contain_text("تاريخ الميلاد")
    expect(problems.nth(1)).to_contain_text("هذا التاريخ غير موجود في التقويم")  # 31/02
    expect(problems.nth(2)).to_contain_text("الاسم الأول")
    expect(problems.nth(2)).to_contain_text("حقل إلزامي: هذه الخانة فارغة.")
    assert [problems.nth(i).locator("td").first.inner_text() for i in range(4)] == ["2", "3", "4", "5"]
    expect(page.locator("[data-testid=import-run]")).to_have_count(0)  # the whole file cannot go in
    assert Person.objects.count() == before

    with page.expect_download() as download:
        page.click("[data-testid=import-rejects]")
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf") and "الأخطاء" in content.decode("utf-8-sig")

    page.click("[data-testid=import-run-valid]")
    expect(page.locator("[data-testid=import-status]")).to_have_attribute("data-status", "done")
    expect(page.locator("[data-testid=import-counts]")).to_contain_text("تم الاستيراد: 1")
    assert Person.objects.count() == before + 1
