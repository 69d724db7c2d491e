"""A records clerk reviews the linkage queue in Chromium and sees one statewide person with both
sites' records (the demo's duplicates across Tripoli and Benghazi)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from sijill.core.actor import Actor
from sijill.linkage import services
from sijill.persons.models import Person
from tests.browser import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(locale="ar-LY", viewport={"width": 1280, "height": 900})
    p = context.new_page()
    p.set_default_timeout(15_000)
    yield p
    context.close()


def test_clerk_reviews_two_pairs_and_sees_one_statewide_person(page: Page, live_server, password):
    run = services.do_run(Actor.system(), "cross-site")
    assert run.to_review == 2
    before = sorted(Person.objects.values_list("id", "version", "name_normalized"))

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", password)
    page.click("[data-testid=login-submit]")
    page.get_by_role("link", name="طابور مراجعة الربط").click()
    expect(page.locator("h1")).to_have_text("طابور مراجعة الربط")
    expect(page.locator("[data-testid=queue] tbody tr")).to_have_count(2)

    page.locator("[data-testid=review-link]").first.click()
    expect(page.locator("h1")).to_have_text("هل هما الشخص نفسه؟")
    expect(page.locator("[data-testid=left-record]")).to_contain_text("الرقم الوطني")
    expect(page.locator("[data-testid=right-record]")).to_contain_text("الموقع")
    against = page.locator("[data-testid=evidence-against]")
    expect(against).to_contain_text("لا يربط مثل هذا الزوج إلا مراجِع")  # the vetoing evidence, in Arabic
    expect(page.locator("[data-testid=evidence-for]")).to_contain_text("متطابق")

    # Without a reason nothing is recorded and the page says why.
    page.get_by_label("الشخص نفسه").check()
    page.locator("#id_reason").fill("")
    page.click("[data-testid=decide]")
    expect(page.locator("h1")).to_have_text("هل هما الشخص نفسه؟")
    assert services.review_queue(Actor.system())[1] == 2

    page.get_by_label("الشخص نفسه").check()
    page.fill("#id_reason", "الرقم الوطني نفسه؛ اسم الأم خطأ كتابي")
    page.click("[data-testid=decide]")
    expect(page.locator(".messages")).to_contain_text("سُجّل قرارك")
    # The next pair of the queue opens by itself.
    expect(page.locator("h1")).to_have_text("هل هما الشخص نفسه؟")
    page.get_by_label("الشخص نفسه").check()
    page.fill("#id_reason", "الرقم الإداري نفسه")
    page.click("[data-testid=decide]")
    expect(page.locator("[data-testid=queue] tbody tr")).to_have_count(1)
    expect(page.locator("[data-testid=queue]")).to_contain_text("لا يوجد زوج ينتظر قرارًا")

    nouri = Person.objects.get(first_name="نوري", family_name="بوسهمين", origin_site="TRP")
    page.goto(f"{live_server.url}/persons/{nouri.pk}/?purpose=قضية 7/2026")
    statewide = page.locator("[data-testid=statewide]")
    expect(statewide.locator("[data-testid=statewide-member]")).to_have_count(2)
    expect(statewide.locator("[data-testid=statewide-member][data-site=BEN]")).to_have_count(1)
    expect(statewide.locator("[data-testid=statewide-member][data-site=TRP]")).to_contain_text("حمل سلاح ناري")
    # Linking never changed a person record.
    assert sorted(Person.objects.values_list("id", "version", "name_normalized")) == before
