"""Browser (Chromium, phone 390x844): payOS beside VietQR in one cart, and an owner connecting payOS.

1. A shopper pays a two-shop cart: one shop by VietQR (the sandbox's simulated transfer), the
   other on the fake payOS server's checkout page (through the real SDK), whose signed webhook
   reaches this site over HTTP; both shops are seen paid without a reload.
2. ``make run``'s offline path: an owner connects payOS (the sandbox payOS accepts any keys), then
   a shopper pays that shop on the sandbox payOS page.

axe-core: no serious or critical violation on the checkout, payment, connect and sandbox pages.
"""

import pytest
from django.urls import reverse

from cms import services as cms_services
from config import csp
from orders.models import GroupStatus, OrderGroup, OrderStatus, PaymentState
from payments.models import BankAccount, BankAccountState, PayOSChannel, ShopPaymentOptions
from tests.cms.factories import ensure_site_tree
from tests.factories import BusinessFactory, vendor
from tests.fakes.payos_server import FakePayOS
from tests.marketplace.factories import ProductFactory
from tests.orders.test_browser import _as, _serious
from tests.payments.test_payos_webhooks import channel_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _shop(name, slug, product_name, product_slug, price):
    business = BusinessFactory(trading_name=name, slug=slug, can_take_payments=True)
    ShopPaymentOptions.objects.create(business=business, cod_enabled=True)
    storefront = cms_services.storefront_ensure(business=business)
    storefront.save_revision().publish()
    ProductFactory(business=business, name=product_name, slug=product_slug, price=price, stock=5)
    return business, storefront


def _to_payment_page(page, live_server, shops, methods):
    for front, slug in shops:
        url = f"{live_server.url}{front.url}san-pham/{slug}/"
        page.goto(url)
        page.get_by_role("button", name="Thêm vào giỏ").click()
        page.wait_for_url(url)
    page.goto(f"{live_server.url}/vi/cart/checkout/")
    assert _serious(page) == []
    page.get_by_label("Email").fill("khach@example.vn")
    page.get_by_label("Họ và tên").fill("Trần Thị Bích")
    page.get_by_label("Số điện thoại").fill("0903 555 111")
    page.get_by_label("Địa chỉ").fill("12 Nguyễn Huệ")
    page.locator("select[name=ward]").select_option("26743")
    for business, method in methods:
        page.locator(f"#method_{business.pk}-{method}").check()
    page.get_by_role("button", name="Tiếp tục thanh toán").click()
    group = OrderGroup.objects.get()
    page.wait_for_url(f"{live_server.url}/vi/payments/checkout/{group.reference}/")
    return group


@pytest.fixture
def fake_payos(settings):
    server = FakePayOS().start()
    settings.PAYOS_BASE_URL = server.url
    yield server
    server.stop()


def test_shopper_pays_one_shop_by_vietqr_and_the_other_on_payos(
    browser, live_server, settings, fake_payos
):
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.PAYMENTS_SANDBOX_ENABLED = True
    # The redirect to payOS's page answers a form: the policy must allow its origin, as it allows
    # https://pay.payos.vn in production.
    settings.CONTENT_SECURITY_POLICY = csp.with_form_action(
        settings.CONTENT_SECURITY_POLICY, fake_payos.url
    )
    ensure_site_tree()
    cms_services.site_sections_ensure()
    cafe, cafe_front = _shop(
        "Cà Phê Sáng", "ca-phe-sang", "Cà phê hạt rang mộc", "ca-phe-hat", 150_000
    )
    BankAccount.objects.create(
        business=cafe,
        bank_code="VCB",
        bank_bin="970436",
        account_number="0011001932418",
        holder_name="NGUYEN VAN A",
        state=BankAccountState.CONFIRMED,
    )
    tea, tea_front = _shop("Trà Thái Nguyên", "tra-thai-nguyen", "Trà móc câu", "tra-moc", 85_000)
    channel = channel_for(tea, checksum_key=fake_payos.checksum_key)
    channel.client_id, channel.api_key = fake_payos.client_id, fake_payos.api_key
    channel.save()
    fake_payos.webhook_url = (
        f"{live_server.url}{reverse('payments_webhooks:payos', args=[channel.webhook_token])}"
    )

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    group = _to_payment_page(
        page,
        live_server,
        [(cafe_front, "ca-phe-hat"), (tea_front, "tra-moc")],
        [(cafe, "vietqr"), (tea, "payos")],
    )
    payment_page = page.url
    assert page.locator("[data-testid=shop-payment]").count() == 2
    assert _serious(page) == []
    qr_order = group.orders.get(business=cafe)
    payos_order = group.orders.get(business=tea)

    # The VietQR shop: the sandbox's simulated transfer.
    page.get_by_role("button", name="Giả lập chuyển khoản (môi trường thử)").click()
    page.wait_for_url(payment_page)
    assert page.locator(f'[data-order="{qr_order.pk}"] [data-state]').inner_text() == (
        "Đã thanh toán"
    )

    # The payOS shop: to payOS's page (the fake), pay, back to our page.
    page.get_by_role("button", name="Thanh toán qua payOS").click()
    payos_order.refresh_from_db()
    page.wait_for_url(f"{fake_payos.url}/web/{payos_order.payos_payment_link_id}")
    assert "85000 VND" in page.content()
    page.get_by_role("button", name="Thanh toán").click()
    page.wait_for_url(payment_page)
    assert page.locator(f'[data-order="{payos_order.pk}"] [data-state]').inner_text() == (
        "Đã thanh toán"
    )
    page.locator("[data-group-complete]").wait_for(state="visible")
    assert _serious(page) == []

    group.refresh_from_db()
    assert group.status == GroupStatus.PAID
    assert {o.business_id: (o.status, o.payment_source) for o in group.orders.all()} == {
        cafe.pk: (OrderStatus.PAID, "sandbox"),
        tea.pk: (OrderStatus.PAID, "payos"),
    }
    link = fake_payos.links[payos_order.payos_order_code]
    assert (link["status"], link["amount"]) == ("PAID", 85_000)
    context.close()


def test_owner_connects_sandbox_payos_then_a_shopper_pays_there(browser, live_server, settings):
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.PAYMENTS_SANDBOX_ENABLED = True
    settings.PAYOS_BASE_URL = ""
    ensure_site_tree()
    cms_services.site_sections_ensure()
    shop, front = _shop(
        "Hạt Điều Bình Phước", "hat-dieu", "Hạt điều rang muối", "hat-dieu", 120_000
    )
    owner = vendor(business=shop)

    page = _as(browser, live_server, owner)
    page.goto(f"{live_server.url}{reverse('payments:payos_connect', args=[shop.slug])}")
    assert _serious(page) == []
    page.get_by_label("Client ID").fill("demo-client")
    page.get_by_label("Khóa API").fill("demo-api-key")
    page.get_by_label("Khóa checksum").fill("demo-checksum-key")
    page.get_by_role("button", name="Kết nối payOS").click()
    page.get_by_test_id("payos-state").wait_for()
    assert page.get_by_test_id("payos-state").get_attribute("data-state") == "verified"
    assert _serious(page) == []
    assert PayOSChannel.objects.get(business=shop).is_verified
    page.context.close()

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    shopper = context.new_page()
    group = _to_payment_page(shopper, live_server, [(front, "hat-dieu")], [(shop, "payos")])
    order = group.orders.get()
    shopper.get_by_role("button", name="Thanh toán qua payOS").click()
    order.refresh_from_db()
    shopper.wait_for_url(f"{live_server.url}/vi/payments/sandbox/payos/{order.payos_order_code}/")
    assert shopper.get_by_test_id("payos-amount").inner_text() == "120.000 ₫"
    assert _serious(shopper) == []
    shopper.get_by_role("button", name="Thanh toán", exact=True).click()
    shopper.wait_for_url(f"{live_server.url}/vi/payments/checkout/{group.reference}/")
    assert shopper.locator(f'[data-order="{order.pk}"] [data-state]').inner_text() == (
        "Đã thanh toán"
    )
    order.refresh_from_db()
    assert (order.payment_state, order.payment_source) == (PaymentState.PAID, "payos")
    context.close()
