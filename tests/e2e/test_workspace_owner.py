"""Browser, in Vietnamese, on a laptop (1280×800) and a phone (390×844): a new shop owner's day.

The home "Cửa hàng của tôi" shows the checklist's next step; a price typed the Vietnamese way
(85.000) shows as 85.000 ₫ on the storefront; a draft storefront says it is not live and the
owner's main button publishes it; two orders are marked sent at once with the carrier and their
tracking numbers; a packing slip prints; the month's statement downloads as CSV.
"""

import uuid
from pathlib import Path

import pytest
from django.test import Client

from cms import services as cms_services
from cms.models import StorefrontPage
from marketplace.models import Product
from orders import services as order_services
from orders.models import Order, OrderStatus
from payments.models import AccountState, PaymentAccount
from tests.cms.factories import ensure_site_tree
from tests.factories import BusinessFactory, vendor
from tests.marketplace.factories import ProductFactory, category
from tests.orders.factories import placed_group

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = {"laptop": (1280, 800), "phone": (390, 844)}
SHOTS = Path("/tmp/workspace-owner-shots")


def _paid(product):
    group = placed_group((product, 1))
    order_services.order_group_mark_paid(
        reference=group.reference,
        provider="sandbox",
        amount=group.total,
        currency="VND",
        payment_id=f"sbx_{uuid.uuid4().hex[:8]}",
    )
    return group.orders.get()


@pytest.mark.parametrize("size", SIZES)
def test_a_new_owner_runs_the_shop_from_the_workspace(browser, live_server, settings, size):
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.PLATFORM_FEE_BPS = 500
    ensure_site_tree()
    cms_services.site_sections_ensure()
    shop = BusinessFactory(trading_name="Cà Phê Sáng", slug="ca-phe-sang", can_take_payments=True)
    PaymentAccount.objects.create(
        business=shop, provider="sandbox", provider_account_id="sbx_a", state=AccountState.READY
    )
    storefront = cms_services.storefront_ensure(business=shop)
    storefront.unpublish()
    owner = vendor(business=shop)
    client = Client()
    client.force_login(owner)
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    SHOTS.mkdir(exist_ok=True)

    # The home: the shop, its draft storefront said plainly, the checklist's next step.
    page.goto(f"{live_server.url}/admin/")
    home = page.get_by_test_id("vendor-home")
    assert "Cửa hàng của tôi" in home.locator("h1").inner_text()
    assert "khách hàng chưa thấy" in page.get_by_test_id("storefront-draft").text_content()
    next_step = page.get_by_test_id("next-step")
    assert "Bước tiếp theo" in next_step.inner_text()
    page.screenshot(path=SHOTS / f"home-{size}.png", full_page=True)

    # Publishing: the owner's main button in the storefront's editor is "Xuất bản".
    page.get_by_role("link", name="Xem lại và xuất bản").click()
    page.wait_for_url("**/edit/")
    main = page.locator(".w-dropdown-button button").first
    assert "Xuất bản" in main.inner_text()
    main.click()
    page.wait_for_load_state()
    assert StorefrontPage.objects.get(pk=storefront.pk).live

    # A product priced the Vietnamese way, seen right on the storefront.
    page.goto(f"{live_server.url}/admin/snippets/marketplace/product/add/")
    page.select_option("#id_category", str(category("ca-phe-tra").pk))
    page.fill("#id_name", "Cà phê trứng")
    page.fill("#id_price", "85.000")
    page.fill("#id_stock", "12")
    page.select_option("#id_status", "active")
    page.click("button.action-save")
    page.wait_for_url("**/product/**")
    product = Product.objects.get(name="Cà phê trứng")
    assert (product.business_id, product.price) == (shop.pk, 85_000)
    page.goto(f"{live_server.url}{StorefrontPage.objects.get(pk=storefront.pk).url}")
    assert "85.000 ₫" in page.locator("main").inner_text()

    # Following the checklist: the next step's main button opens it.
    page.goto(f"{live_server.url}/admin/")
    page.get_by_test_id("next-step").locator(".button").click()
    page.wait_for_load_state()
    assert "/admin/" not in page.url or "/start/" in page.url

    # Two orders sent at once, with the carrier and each tracking number.
    stock = ProductFactory(business=shop, name="Trà sen", price=30_000, stock=10)
    one, two = _paid(stock), _paid(stock)
    page.goto(f"{live_server.url}/admin/orders/")
    for order, number in ((one, "GHN111"), (two, "GHN222")):
        page.check(f"#ship-{order.pk}")
        page.fill(f"#tracking-{order.pk}", number)
    page.select_option("#ship-carrier", "ghn")
    page.get_by_role("button", name="Đánh dấu các đơn đã chọn là đã gửi").click()
    page.wait_for_load_state()
    sent = {
        o.pk: (o.status, o.tracking_number) for o in Order.objects.filter(pk__in=[one.pk, two.pk])
    }
    assert sent == {
        one.pk: (OrderStatus.FULFILLED, "GHN111"),
        two.pk: (OrderStatus.FULFILLED, "GHN222"),
    }
    page.screenshot(path=SHOTS / f"orders-{size}.png", full_page=True)

    # The packing slip of one of them.
    page.goto(f"{live_server.url}/admin/orders/{one.pk}/slip/")
    assert one.number in page.content()
    page.screenshot(path=SHOTS / f"slip-{size}.png", full_page=True)

    # The month's statement, downloaded as CSV.
    page.goto(f"{live_server.url}/admin/orders/statements/{shop.pk}/")
    with page.expect_download() as download:
        page.locator("a[href*='/csv/']").click()
    saved = download.value.path()
    text = Path(saved).read_text(encoding="utf-8-sig")
    assert "60000" in text.replace(".", "").replace(",", "")  # two orders of 30.000 ₫
    context.close()
