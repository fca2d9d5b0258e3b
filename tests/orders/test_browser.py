"""Browser: a guest buys from two shops on a phone, pays in the sandbox, and each vendor sees it.

storefront -> add products from two shops -> cart -> checkout -> sandbox payment -> confirmation;
then each vendor finds their order (only theirs) in the workspace, and the stock went down.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from cms import services as cms_services
from marketplace.models import Product
from orders.models import GroupStatus, OrderGroup, OrderStatus
from payments.models import AccountState, PaymentAccount
from tests.cms.factories import ensure_site_tree
from tests.factories import BusinessFactory, vendor
from tests.marketplace.factories import ProductFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _serious(page) -> list[str]:
    """Accessibility problems axe-core rates serious or critical."""
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def _shop(name, slug, product_name, product_slug, price):
    business = BusinessFactory(trading_name=name, slug=slug, can_take_payments=True)
    PaymentAccount.objects.create(
        business=business,
        provider="sandbox",
        provider_account_id=f"sbx_acct_{slug}",
        state=AccountState.READY,
    )
    storefront = cms_services.storefront_ensure(business=business)
    storefront.save_revision().publish()
    product = ProductFactory(
        business=business, name=product_name, slug=product_slug, price=price, stock=5
    )
    return business, storefront, product


def _as(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


def test_guest_buys_from_two_shops_and_each_vendor_sees_their_order(
    page, browser, live_server, settings
):
    settings.PAYMENT_PROVIDER = "sandbox"
    ensure_site_tree()
    cms_services.site_sections_ensure()
    cafe, cafe_front, coffee = _shop(
        "Cà Phê Sáng", "ca-phe-sang", "Cà phê hạt rang mộc", "ca-phe-hat", 150_000
    )
    pottery, pottery_front, bowl = _shop(
        "Gốm Sứ Minh Long", "gom-su-minh-long", "Bát gốm men lam", "bat-gom", 120_000
    )

    # Storefront -> product page -> add to cart, for each shop.
    cafe_url = f"{live_server.url}{cafe_front.url}san-pham/ca-phe-hat/"
    page.goto(cafe_url)
    page.get_by_label("Số lượng").fill("2")
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.wait_for_url(cafe_url)
    assert "Đã thêm vào giỏ: 2 × Cà phê hạt rang mộc." in page.locator(".messages").inner_text()
    pottery_url = f"{live_server.url}{pottery_front.url}san-pham/bat-gom/"
    page.goto(pottery_url)
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.wait_for_url(pottery_url)
    page.get_by_role("link", name="Xem giỏ hàng").click()
    page.wait_for_url(f"{live_server.url}/vi/cart/")

    # Cart: grouped by shop, total in VND.
    main = page.locator("main").inner_text()
    assert "Cà Phê Sáng" in main and "Gốm Sứ Minh Long" in main
    assert page.get_by_test_id("cart-total").inner_text() == "420.000 ₫"
    assert _serious(page) == []
    page.get_by_role("link", name="Thanh toán").click()

    # Checkout: contact and delivery.
    page.wait_for_url(f"{live_server.url}/vi/cart/checkout/")
    assert page.get_by_test_id("checkout-total").inner_text() == "420.000 ₫"
    assert _serious(page) == []
    page.get_by_label("Email").fill("khach@example.vn")
    page.get_by_label("Họ và tên").fill("Trần Thị Bích")
    page.get_by_label("Số điện thoại").fill("0903 555 111")
    page.get_by_label("Địa chỉ").fill("12 Nguyễn Huệ")
    page.locator("select[name=ward]").select_option("26743")
    page.get_by_role("button", name="Tiếp tục thanh toán").click()

    # The sandbox's hosted payment page.
    page.wait_for_url("**/payments/sandbox/checkout/**")
    page.locator("input[name=outcome][value=pay]").check()
    page.locator("main form button[type=submit]").click()

    # Confirmation.
    group = OrderGroup.objects.get()
    page.wait_for_url(f"{live_server.url}/vi/cart/orders/{group.reference}/?paid=1")
    assert "Cảm ơn bạn! Thanh toán đã được nhận" in page.locator("main").inner_text()
    assert _serious(page) == []
    group.refresh_from_db()
    assert group.status == GroupStatus.PAID
    assert Product.objects.get(pk=coffee.pk).stock == 3
    assert Product.objects.get(pk=bowl.pk).stock == 4

    # Each vendor sees their own order, not the other shop's.
    for business, mine, other in (
        (cafe, "Cà phê hạt rang mộc", "Bát gốm men lam"),
        (pottery, "Bát gốm men lam", "Cà phê hạt rang mộc"),
    ):
        vendor_page = _as(browser, live_server, vendor(business=business))
        vendor_page.goto(f"{live_server.url}/admin/orders/")
        listing = vendor_page.locator("main").inner_text()
        assert mine in listing and other not in listing
        vendor_page.locator("tr.vendor-order a").first.click()
        vendor_page.wait_for_url("**/admin/orders/*/")
        assert "Trần Thị Bích" in vendor_page.locator("main").inner_text()
        assert "khach@example.vn" not in vendor_page.content()
        vendor_page.get_by_label("Đơn vị vận chuyển").select_option("ghn")
        vendor_page.get_by_label("Mã vận đơn").fill("GHN5F8A2")
        vendor_page.get_by_role("button", name="Đánh dấu đã gửi hàng").click()
        vendor_page.wait_for_url("**/admin/orders/*/")
        assert vendor_page.get_by_test_id("order-status").inner_text() == "Đã gửi cho người mua"
        vendor_page.context.close()
    assert set(group.orders.values_list("status", flat=True)) == {OrderStatus.FULFILLED}
