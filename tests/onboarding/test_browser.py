"""In a phone-sized browser: take the assessment, read the result with its radar and plan, follow
a recommended guide, and take it again to see the change."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import DEFAULT_PASSWORD, BusinessFactory, vendor
from tests.onboarding.factories import guide
from tests.onboarding.test_scoring import FORMING, STARTING

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


AXE = Axe()


def assert_accessible(page):
    result = AXE.run(page)
    assert result.violations_count == 0, result.generate_report()


def answer_all(page, answers):
    """Works through the six steps, choosing the options by their points."""
    for dimension in "SEPOCH":
        page.wait_for_selector(f"input[name={dimension}1]")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for code, value in answers.items():
            if code.startswith(dimension):
                choice = "na" if value is None else str(value)
                page.locator(f"input[name={code}][value='{choice}']").check()
        name = "See my result" if dimension == "H" else "Save and continue"
        page.get_by_role("button", name=name).click()
        page.wait_for_load_state()


def test_take_read_follow_guide_and_retake_on_a_phone(page, live_server):
    business = BusinessFactory(trading_name="Cà Phê Sáng")
    owner = vendor(business=business)
    guide(slug="mo-gian-hang", dimension="E", levels=(0, 3), action="publish_storefront")
    guide(slug="mo-tai-khoan", dimension="P", levels=(0, 3), action="open_payment_account")

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.locator("#id_login").fill(owner.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/en/start/")
    page.get_by_role("button", name="Start the assessment").click()
    page.wait_for_load_state()
    assert page.locator("progress").get_attribute("value") == "1"
    assert page.get_by_text("Step 1 of 6").is_visible()
    assert_accessible(page)
    answer_all(page, STARTING)

    assert re.search(r"/en/start/[\w-]+/\d+/$", page.url)
    assert page.locator(".score-number").inner_text() == "22.3"
    assert "Level L1: Starting" in page.locator(".level").inner_text()
    radar = page.locator("svg.radar")
    assert radar.is_visible() and radar.bounding_box()["width"] > 250
    assert page.locator("table.scores tbody tr").count() == 6
    items = page.locator("ol.plan > li")
    assert 3 <= items.count() <= 5
    assert "Publish your storefront on Chợ Số" in items.first.inner_text()
    # The cms publishes a storefront for every new business: the step shows as done.
    assert "Storefront — Done" in items.first.inner_text()

    result_url = page.url
    items.first.get_by_role("link", name=re.compile("^Guide: ")).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "mo-gian-hang en"
    page.goto(result_url)

    page.get_by_role("link", name="History and journey").click()
    page.get_by_role("button", name="Take it again").click()
    page.wait_for_load_state()
    # Prefilled with the last answers.
    assert page.locator("input[name=S1][value='1']").is_checked()
    answer_all(page, FORMING)

    assert page.locator(".score-number").inner_text() == "66.9"
    assert "Level L3: Forming" in page.locator(".level").inner_text()
    assert "Last time" in page.locator(".score-summary").inner_text()
    assert_accessible(page)
    changes = page.locator("table.scores td.change").all_inner_texts()
    assert changes == ["+37.5", "+40.0", "+50.0", "+56.3", "+33.3", "+43.8"]
    assert page.locator("svg.radar .radar-previous").count() == 1
