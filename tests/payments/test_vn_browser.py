"""Browser (phone 390×844, Vietnamese): an owner links a bank account, passes the self-test and
opens the counter QR to print; an owner connects SePay, sees a transfer to match and confirms a
manual transfer in "My orders". axe: no serious or critical violation on the receive-payments
pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone

from accounts.models import Business
from orders.models import PaymentState
from payments import services
from payments.models import BankAccount, BankAccountState, SePayMonitor
from tests.factories import BusinessFactory, vendor
from tests.marketplace.factories import ProductFactory
from tests.payments.vn_support import link_bank, place_vietqr

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _serious(page) -> list[str]:
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def _signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context, context.new_page()


def _fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_owner_links_a_bank_account_passes_the_self_test_and_opens_the_counter_qr(
    browser, live_server, settings, reference_rows
):
    settings.PAYMENT_PROVIDER = "sandbox"
    shop = BusinessFactory(trading_name="Trà Sen Tân Định", owner_name="Võ Thị Hồng")
    owner = vendor(business=shop)
    context, page = _signed_in(browser, live_server, owner)

    page.goto(f"{live_server.url}/vi/payments/receive/")
    page.wait_for_url(f"**/vi/payments/receive/{shop.slug}/")
    assert page.get_by_test_id("can-sell").get_attribute("data-ready") == "0"
    assert _serious(page) == []
    assert _fits_the_phone(page)
    page.get_by_role("link", name="Liên kết tài khoản ngân hàng").click()

    # The bank filter matches without diacritics; the holder's name is prefilled, folded.
    assert page.get_by_label("Tên chủ tài khoản").input_value() == "VO THI HONG"
    assert _serious(page) == []
    page.get_by_label("Tìm ngân hàng của bạn").fill("ngoai thuong")
    assert page.locator("#bank-filter-status").inner_text().startswith("1 ")
    page.locator("select[name=bank_code]").select_option("VCB")
    page.get_by_label("Số tài khoản").fill("12345")
    page.get_by_role("button", name="Lưu và chuyển sang tự kiểm tra").click()
    assert "từ 6 đến 19 chữ số" in page.locator("main").inner_text()
    assert not BankAccount.objects.exists()
    assert _serious(page) == []
    page.get_by_label("Số tài khoản").fill("0011001932418")
    page.get_by_role("button", name="Lưu và chuyển sang tự kiểm tra").click()

    page.wait_for_url(f"**/vi/payments/receive/{shop.slug}/self-test/")
    assert page.get_by_test_id("holder-name").inner_text() == "VO THI HONG"
    assert page.locator("[data-testid=test-qr] svg").count() == 1
    assert _serious(page) == []
    assert _fits_the_phone(page)
    page.get_by_label("Tên ứng dụng ngân hàng hiển thị khớp với: VO THI HONG").check()
    page.get_by_role("button", name="Xác nhận tài khoản ngân hàng").click()

    page.wait_for_url(f"**/vi/payments/receive/{shop.slug}/")
    assert page.get_by_test_id("bank-state").get_attribute("data-state") == "confirmed"
    assert page.get_by_test_id("can-sell").get_attribute("data-ready") == "1"
    bank = BankAccount.objects.get()
    assert (bank.state, bank.confirmed_by_id) == (BankAccountState.CONFIRMED, owner.pk)
    assert Business.objects.get(pk=shop.pk).can_take_payments is True
    assert _serious(page) == []

    page.get_by_role("link", name="Mã QR tại quầy để in").click()
    page.wait_for_url(f"**/vi/payments/receive/{shop.slug}/counter-qr/")
    sheet = page.get_by_test_id("counter-qr")
    assert "Trà Sen Tân Định" in sheet.inner_text()
    assert sheet.locator("svg").count() == 1
    assert _serious(page) == []
    assert _fits_the_phone(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về PNG").click()
    assert download.value.suggested_filename == f"vietqr-{shop.slug}.png"
    # Printing shows the shop's code and name, not the site's header.
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert sheet.is_visible()
    context.close()


def test_owner_confirms_a_manual_transfer_in_my_orders(
    browser, live_server, settings, reference_rows
):
    settings.PAYMENT_PROVIDER = "sandbox"
    shop = BusinessFactory(trading_name="Bánh Mì Cô Ba")
    owner = vendor(business=shop)
    link_bank(shop, owner)
    product = ProductFactory(business=shop, name="Bánh mì thịt", price=25_000, stock=10)
    order = place_vietqr((product, 2)).orders.get()
    context, page = _signed_in(browser, live_server, owner)

    # SePay connected: its URL and key are shown once; an unknown transfer waits to be matched.
    page.goto(f"{live_server.url}/vi/payments/receive/{shop.slug}/")
    page.get_by_role("button", name="Kết nối SePay").click()
    assert page.get_by_test_id("sepay-key").inner_text() == SePayMonitor.objects.get().api_key
    assert _serious(page) == []
    assert _fits_the_phone(page)
    services.incoming_transfer_receive(
        business=shop,
        provider="sepay",
        provider_txn_id="92704",
        amount=10_000,
        memo="chuyen tien",
        received_at=timezone.now(),
        payload={},
    )
    page.goto(f"{live_server.url}/vi/payments/receive/{shop.slug}/transfers/")
    assert page.get_by_test_id("transfer").count() == 1
    assert _serious(page) == []
    assert _fits_the_phone(page)

    page.goto(f"{live_server.url}/admin/orders/{order.pk}/")
    page.get_by_role("button", name="Đã nhận tiền").click()
    page.wait_for_url(f"**/admin/orders/{order.pk}/")
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PAID
    assert order.payment_confirmed_by_id == owner.pk
    context.close()
