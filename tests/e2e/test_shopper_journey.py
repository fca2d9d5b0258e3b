"""The shopper's whole journey as one browser test (issue #15, "Done when"), on a 390×844 phone in
Vietnamese: search "caphe", filter by ward and price, add products from two shops (one found by
search, one on its category page), choose each shop's delivery, sign in at checkout and come back
with the cart kept, pay in the sandbox, open the emailed order link on a "new device" (a fresh
browser context), see the carrier and tracking once the shop ships, and review the product once
the shop's order is completed. axe finds no serious or critical violation on the search,
category, cart, checkout, order and review pages."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from orders import services as order_services
from orders.models import Carrier, GroupStatus, OrderGroup
from reviews.models import ProductReview
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.orders.test_delivery import flat, pickup, zoned
from tests.reviews.test_browser import LINK, PHONE, _serious

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = "/tmp"
BEN_THANH = "26743"  # the tea shop's ward, Quận 1: the shopper's too
COFFEE_WARD = "26740"  # the coffee shop's ward


def _add_to_cart(page):
    url = page.url
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.wait_for_url(url)
    assert "Đã thêm vào giỏ" in page.locator(".messages").inner_text()


def test_a_shopper_finds_buys_from_two_shops_comes_back_and_reviews(
    browser, live_server, shop_catalogue
):
    tea_shop, coffee_shop, _school = shop_catalogue["shops"]
    pickup(tea_shop, position=1)
    tea_delivery = zoned(tea_shop)  # Quận 1: 15.000
    pickup(coffee_shop, position=1)
    coffee_delivery = flat(coffee_shop)  # 25.000 everywhere
    UserFactory(email="lan@example.vn", first_name="Lan", last_name="Nguyễn")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    base = live_server.url

    # Search "caphe" from the header's box: both coffee products, whichever way it is written.
    page.goto(f"{base}/vi/")
    box = page.get_by_role("searchbox", name="Tìm sản phẩm ở mọi gian hàng")
    box.fill("caphe")
    box.press("Enter")
    page.wait_for_url("**/vi/tim-kiem/?q=caphe")
    cards = page.locator("ul.products > li h3")
    assert cards.all_inner_texts()[:2] == ["Cà phê Robusta rang mộc 500g", "Bộ phin nhôm"]
    assert _serious(page) == []

    # Filter by the coffee shop's ward (a link), then by price (the form keeps the ward).
    filters = page.locator("aside.catalogue-filters")
    filters.locator(f'a[href*="ward={COFFEE_WARD}"]').click()
    page.wait_for_url(f"**ward={COFFEE_WARD}*")
    assert "Trà" not in " ".join(cards.all_inner_texts())
    page.get_by_label("Từ").fill("100.000")
    page.get_by_label("Đến").fill("150.000")
    page.get_by_role("button", name="Lọc theo giá").click()
    page.wait_for_url("**price_max=150.000*")
    assert f"ward={COFFEE_WARD}" in page.url
    assert cards.all_inner_texts() == ["Cà phê Robusta rang mộc 500g"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{SHOTS}/h10-search-390.png", full_page=True)
    assert _serious(page) == []
    page.get_by_role("link", name="Cà phê Robusta rang mộc 500g").click()
    page.wait_for_url("**/vi/gian-hang/ca-phe-sang/san-pham/robusta/")
    _add_to_cart(page)

    # The second shop's product, from its category page.
    page.goto(f"{base}/vi/danh-muc/ca-phe-tra/")
    assert page.get_by_role("heading", name="Cà phê & trà", level=1).is_visible()
    assert _serious(page) == []
    page.get_by_role("link", name="Trà sen Tây Hồ 100g").click()
    page.wait_for_url("**/vi/gian-hang/tra-sen/san-pham/tra-sen/")
    _add_to_cart(page)

    # The cart holds both shops' lines.
    page.goto(f"{base}/vi/cart/")
    assert page.get_by_test_id("cart-line").count() == 2
    assert page.get_by_test_id("cart-total").inner_text() == "465.000 ₫"
    assert _serious(page) == []
    page.get_by_role("link", name="Thanh toán").click()
    page.wait_for_url(f"{base}/vi/cart/checkout/")

    # Signing in at checkout comes back to checkout, the cart kept.
    page.locator("header").get_by_role("link", name="Đăng nhập").click()
    page.wait_for_url("**/vi/accounts/login/?next=/vi/cart/checkout/")
    page.get_by_label("Email").fill("lan@example.vn")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/vi/cart/checkout/")
    main = page.locator("main").inner_text()
    assert "Cà phê Robusta rang mộc 500g" in main and "Trà sen Tây Hồ 100g" in main
    assert page.get_by_label("Email").input_value() == "lan@example.vn"

    # Each shop's delivery, among the options that reach the shopper's ward.
    page.get_by_label("Họ và tên").fill("Nguyễn Lan")
    page.get_by_label("Số điện thoại").fill("0903 555 111")
    page.get_by_label("Địa chỉ").fill("12 Nguyễn Huệ")
    page.locator("select[name=ward]").select_option(BEN_THANH)
    tea_box = page.locator(f'[data-delivery-shop="{tea_shop.pk}"]')
    coffee_box = page.locator(f'[data-delivery-shop="{coffee_shop.pk}"]')
    tea_box.get_by_label("Giao nội thành · Trung tâm").wait_for()
    assert "15.000 ₫" in tea_box.inner_text()
    assert "25.000 ₫" in coffee_box.inner_text()
    tea_box.get_by_label("Giao nội thành · Trung tâm").check()
    page.locator(f"#delivery_{coffee_shop.pk}-{coffee_delivery.pk}").check()
    expect(page.get_by_test_id("checkout-total")).to_have_text("505.000 ₫")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{SHOTS}/h10-checkout-390.png", full_page=True)
    assert _serious(page) == []
    page.get_by_role("button", name="Tiếp tục thanh toán").click()

    # The sandbox payment of goods and both fees.
    page.wait_for_url("**/payments/sandbox/checkout/**")
    assert "505000 VND" in page.locator("main").inner_text()
    page.locator("input[name=outcome][value=pay]").check()
    page.locator("main form button[type=submit]").click()
    group = OrderGroup.objects.get()
    page.wait_for_url(f"{base}/vi/cart/orders/{group.reference}/?paid=1")
    group.refresh_from_db()
    assert (group.status, group.total) == (GroupStatus.PAID, 505_000)
    assert group.user.email == "lan@example.vn"
    tea_order = group.orders.get(business=tea_shop)
    coffee_order = group.orders.get(business=coffee_shop)
    assert (tea_order.delivery_option_id, tea_order.delivery_fee) == (tea_delivery.pk, 15_000)
    assert (coffee_order.delivery_option_id, coffee_order.delivery_fee) == (
        coffee_delivery.pk,
        25_000,
    )
    assert _serious(page) == []
    context.close()

    # The confirmation email's link, opened on a new device (a fresh context, not signed in).
    confirmation = next(m for m in mail.outbox if m.to == ["lan@example.vn"])
    (link,) = LINK.findall(confirmation.body)
    device = browser.new_context(**PHONE)
    other = device.new_page()
    other.goto(link)
    assert group.short_reference in other.locator("h1").inner_text()
    assert "Cà phê Robusta rang mộc 500g" in other.locator("main").inner_text()

    # The coffee shop ships with GHN: the shopper sees the carrier and the tracking number.
    order_services.ship_order(order=coffee_order, carrier=Carrier.GHN, tracking_number="GHN5F8A2")
    other.reload()
    tracking = other.get_by_test_id(f"tracking-{coffee_order.pk}")
    assert "GHN5F8A2" in tracking.inner_text()
    link_to_carrier = tracking.get_by_role("link", name="Theo dõi đơn trên trang của GHN")
    assert link_to_carrier.get_attribute("href") == "https://donhang.ghn.vn/?order_code=GHN5F8A2"
    assert other.evaluate("document.documentElement.scrollWidth") <= 390
    other.screenshot(path=f"{SHOTS}/h10-order-390.png", full_page=True)
    assert _serious(other) == []

    # Once the shop completes the order, the shopper reviews the product from the same link.
    order_services.order_mark_completed(order=coffee_order)
    other.reload()
    assert other.get_by_test_id(f"review-order-{tea_order.pk}").count() == 0
    other.get_by_test_id(f"review-order-{coffee_order.pk}").click()
    other.wait_for_url(f"**/vi/danh-gia/don-hang/{coffee_order.pk}/?t=*")
    assert _serious(other) == []
    section = other.locator("section.review-line")
    section.get_by_label("5 sao").check()
    section.get_by_label("Nhận xét của bạn").fill("Rang mộc, đậm vị, giao nhanh.")
    section.get_by_role("button", name="Gửi đánh giá").click()
    other.wait_for_url(f"**/vi/danh-gia/don-hang/{coffee_order.pk}/?t=*")
    assert "Cảm ơn bạn: đánh giá đã được lưu." in other.locator(".messages").inner_text()
    other.screenshot(path=f"{SHOTS}/h10-review-390.png", full_page=True)
    review = ProductReview.objects.get()
    assert (review.rating, review.product.slug, review.text) == (
        5,
        "robusta",
        "Rang mộc, đậm vị, giao nhanh.",
    )
    device.close()
