"""Browser (390×844, Vietnamese): a shopper buys from two shops, chooses each shop's delivery, a
first card payment fails and the retry keeps everything, the second pays (sandbox); each shop
sends its order with a carrier and tracking number, and the shopper sees the tracking.

The cart is one card per line with a stepper; checkout lists per shop only the options reaching
the chosen ward (fetched as the ward changes) and the total follows the choices.
"""

import pytest
from playwright.sync_api import expect

from cms import services as cms_services
from orders.models import GroupStatus, OrderGroup, OrderStatus
from tests.cms.factories import ensure_site_tree
from tests.factories import vendor
from tests.orders.test_browser import _as, _serious, _shop
from tests.orders.test_delivery import flat, pickup, zoned

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = "/tmp"


def _fill_contact(page):
    page.get_by_label("Email").fill("khach@example.vn")
    page.get_by_label("Họ và tên").fill("Trần Thị Bích")
    page.get_by_label("Số điện thoại").fill("0903 555 111")
    page.get_by_label("Địa chỉ").fill("12 Nguyễn Huệ")


def _pay_in_sandbox(page, outcome):
    page.wait_for_url("**/payments/sandbox/checkout/**")
    assert "460000 VND" in page.locator("main").inner_text()
    page.locator(f"input[name=outcome][value={outcome}]").check()
    page.locator("main form button[type=submit]").click()


def test_two_shops_each_with_its_delivery_paid_shipped_and_tracked(browser, live_server, settings):
    settings.PAYMENT_PROVIDER = "sandbox"
    ensure_site_tree()
    cms_services.site_sections_ensure()
    cafe, cafe_front, _coffee = _shop(
        "Cà Phê Sáng", "ca-phe-sang", "Cà phê hạt rang mộc", "ca-phe-hat", 150_000
    )
    pottery, pottery_front, _bowl = _shop(
        "Gốm Sứ Minh Long", "gom-su-minh-long", "Bát gốm men lam", "bat-gom", 120_000
    )
    pickup(cafe, position=1)
    cafe_delivery = zoned(cafe)  # Quận 1: 15.000
    pottery_pickup = pickup(pottery, position=1)
    pottery_delivery = flat(pottery)  # 25.000 everywhere
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    for front, slug, quantity in ((cafe_front, "ca-phe-hat", "2"), (pottery_front, "bat-gom", "1")):
        url = f"{live_server.url}{front.url}san-pham/{slug}/"
        page.goto(url)
        page.get_by_label("Số lượng").fill(quantity)
        page.get_by_role("button", name="Thêm vào giỏ").click()
        page.wait_for_url(url)

    # The cart: a card per line, a stepper, remove as a secondary action, continue shopping.
    page.goto(f"{live_server.url}/vi/cart/")
    assert page.get_by_test_id("cart-line").count() == 2
    page.get_by_role("button", name="Thêm một Bát gốm men lam").click()
    page.wait_for_url(f"{live_server.url}/vi/cart/")
    assert page.get_by_label("Số lượng Bát gốm men lam").input_value() == "2"
    page.get_by_role("button", name="Bớt một Bát gốm men lam").click()
    page.wait_for_url(f"{live_server.url}/vi/cart/")
    assert page.get_by_label("Số lượng Bát gốm men lam").input_value() == "1"
    assert page.get_by_role("button", name="Bớt một Bát gốm men lam").is_disabled()
    assert page.get_by_role("button", name="Bỏ Cà phê hạt rang mộc").is_visible()
    assert page.get_by_role("link", name="Tiếp tục mua sắm").is_visible()
    assert page.get_by_test_id("cart-total").inner_text() == "420.000 ₫"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{SHOTS}/h2-cart-390.png", full_page=True)
    assert _serious(page) == []
    page.get_by_role("link", name="Thanh toán").click()

    # Checkout: the ward brings each shop's options that reach it, with their fees.
    page.wait_for_url(f"{live_server.url}/vi/cart/checkout/")
    _fill_contact(page)
    page.locator("select[name=ward]").select_option("26743")  # Bến Thành, Quận 1
    cafe_box = page.locator(f'[data-delivery-shop="{cafe.pk}"]')
    pottery_box = page.locator(f'[data-delivery-shop="{pottery.pk}"]')
    cafe_box.get_by_label("Giao nội thành · Trung tâm").wait_for()
    assert "15.000 ₫" in cafe_box.inner_text()
    assert "25.000 ₫" in pottery_box.inner_text()
    cafe_box.get_by_label("Giao nội thành · Trung tâm").check()
    # The pottery's delivery is not chosen yet: a form error, nothing placed.
    page.get_by_role("button", name="Tiếp tục thanh toán").click()
    page.wait_for_load_state()
    assert "Hãy chọn cách Gốm Sứ Minh Long giao hàng cho bạn." in page.locator("main").inner_text()
    assert OrderGroup.objects.count() == 0
    assert page.get_by_label("Email").input_value() == "khach@example.vn"
    page.locator(f"#delivery_{pottery.pk}-{pottery_delivery.pk}").check()
    expect(page.get_by_test_id("checkout-total")).to_have_text("460.000 ₫")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{SHOTS}/h2-checkout-390.png", full_page=True)
    assert _serious(page) == []
    page.get_by_role("button", name="Tiếp tục thanh toán").click()

    # The first payment fails: said plainly, and the retry keeps everything.
    _pay_in_sandbox(page, "fail")
    page.wait_for_url("**/cart/orders/**")
    assert "Thanh toán chưa thành công" in page.locator("main").inner_text()
    assert "Đã hủy" not in page.locator("main").inner_text()
    page.get_by_role("link", name="Thử lại").click()
    page.wait_for_url(f"{live_server.url}/vi/cart/checkout/")
    assert page.get_by_label("Họ và tên").input_value() == "Trần Thị Bích"
    assert page.locator("select[name=ward]").input_value() == "26743"
    assert page.locator(f"#delivery_{cafe.pk}-{cafe_delivery.pk}").is_checked()
    assert page.locator(f"#delivery_{pottery.pk}-{pottery_delivery.pk}").is_checked()
    assert not page.locator(f"#delivery_{pottery.pk}-{pottery_pickup.pk}").is_checked()
    assert page.get_by_test_id("checkout-total").inner_text() == "460.000 ₫"
    page.get_by_role("button", name="Tiếp tục thanh toán").click()
    _pay_in_sandbox(page, "pay")
    group = OrderGroup.objects.exclude(status=GroupStatus.CANCELLED).get()
    page.wait_for_url(f"{live_server.url}/vi/cart/orders/{group.reference}/?paid=1")
    group.refresh_from_db()
    assert group.status == GroupStatus.PAID
    assert group.total == 460_000
    assert sorted(group.orders.values_list("delivery_fee", flat=True)) == [15_000, 25_000]

    # Each shop sends its order with its carrier and tracking number.
    for business, carrier, number in ((cafe, "ghn", "GHN5F8A2"), (pottery, "own", "")):
        vendor_page = _as(browser, live_server, vendor(business=business))
        order = group.orders.get(business=business)
        vendor_page.goto(f"{live_server.url}/admin/orders/{order.pk}/")
        vendor_page.get_by_label("Đơn vị vận chuyển").select_option(carrier)
        vendor_page.get_by_label("Mã vận đơn").fill(number)
        vendor_page.get_by_role("button", name="Đánh dấu đã gửi hàng").click()
        vendor_page.wait_for_url(f"**/admin/orders/{order.pk}/")
        assert vendor_page.get_by_test_id("order-status").inner_text() == "Đã gửi cho người mua"
        vendor_page.context.close()
    assert set(group.orders.values_list("status", flat=True)) == {OrderStatus.FULFILLED}

    # The shopper sees the tracking, with a link to GHN's tracking page.
    page.goto(f"{live_server.url}/vi/cart/orders/{group.reference}/")
    cafe_order = group.orders.get(business=cafe)
    tracking = page.get_by_test_id(f"tracking-{cafe_order.pk}")
    assert "GHN5F8A2" in tracking.inner_text()
    link = tracking.get_by_role("link", name="Theo dõi đơn trên trang của GHN")
    assert link.get_attribute("href") == "https://donhang.ghn.vn/?order_code=GHN5F8A2"
    pottery_order = group.orders.get(business=pottery)
    assert "Cửa hàng tự giao" in page.get_by_test_id(f"tracking-{pottery_order.pk}").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{SHOTS}/h2-order-390.png", full_page=True)
    assert _serious(page) == []
    context.close()
