"""Browser: an owner opens an e-payment account with the sandbox provider and sees it ready."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from accounts.models import Business
from payments.models import AccountState, PaymentAccount
from tests.factories import BusinessFactory, vendor

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_owner_opens_a_sandbox_account_and_sees_it_ready(
    page, live_server, settings, reference_rows
):
    settings.PAYMENT_PROVIDER = "sandbox"
    business = BusinessFactory(trading_name="Trà Sen Tân Định")
    owner = vendor(business=business)
    client = Client()
    client.force_login(owner)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/en/payments/")
    assert page.get_by_test_id("account-state").inner_text() == "Not started"
    page.get_by_role("button", name="Open e-payment account").click()

    page.wait_for_url("**/payments/sandbox/onboarding/**")
    assert "Trà Sen Tân Định" in page.locator("main").inner_text()
    assert Axe().run(page).violations_count == 0
    page.get_by_label("Approve: the account can take payments").check()
    page.get_by_role("button", name="Submit").click()

    page.wait_for_url(f"{live_server.url}/en/payments/business/{business.slug}/")
    assert page.get_by_test_id("account-state").inner_text() == "Ready to take payments"
    assert "Your shop can take electronic payments" in page.locator(".messages").inner_text()
    assert PaymentAccount.objects.get().state == AccountState.READY
    assert Business.objects.get(pk=business.pk).can_take_payments is True
    assert Axe().run(page).violations_count == 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
