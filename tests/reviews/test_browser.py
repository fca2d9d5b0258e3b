"""Browser, on a 390×844 phone in Vietnamese: a guest orders, opens the emailed link in a fresh
browser (another device), and once the shop completed the order reviews the product with a
picture; and signing in from checkout comes back to checkout with the cart merged."""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from PIL import Image

from cms import services as cms_services
from orders import services as order_services
from orders.models import Cart, OrderGroup
from payments.models import AccountState, PaymentAccount
from reviews.models import ProductReview
from tests.cms.factories import ensure_site_tree
from tests.factories import DEFAULT_PASSWORD, BusinessFactory, UserFactory
from tests.marketplace.factories import ProductFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "vi-VN"}
LINK = re.compile(r"(http://\S+/vi/tra-cuu-don-hang/[^/\s]+/)")


def _serious(page) -> list[str]:
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def _shop():
    business = BusinessFactory(
        trading_name="Cà Phê Sáng", slug="ca-phe-sang", can_take_payments=True
    )
    PaymentAccount.objects.create(
        business=business,
        provider="sandbox",
        provider_account_id="sbx_acct_cafe",
        state=AccountState.READY,
    )
    storefront = cms_services.storefront_ensure(business=business)
    storefront.save_revision().publish()
    coffee = ProductFactory(
        business=business, name="Cà phê hạt rang mộc", slug="ca-phe-hat", price=150_000, stock=5
    )
    tea = ProductFactory(business=business, name="Trà sen", slug="tra-sen", price=90_000, stock=5)
    return storefront, coffee, tea


def _picture(tmp_path):
    path = tmp_path / "ly-ca-phe.png"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (120, 70, 30)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def site(settings, live_server):
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.SITE_URL = live_server.url
    ensure_site_tree()
    cms_services.site_sections_ensure()
    return _shop()


def test_guest_orders_opens_the_emailed_link_elsewhere_and_reviews_with_a_picture(
    page, browser, live_server, site, tmp_path
):
    storefront, coffee, _tea = site
    product_url = f"{live_server.url}{storefront.url}san-pham/ca-phe-hat/"
    page.goto(product_url)
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.wait_for_url(product_url)
    page.goto(f"{live_server.url}/vi/cart/checkout/")
    page.get_by_label("Email").fill("khach@example.vn")
    page.get_by_label("Họ và tên").fill("Trần Thị Bích")
    page.get_by_label("Số điện thoại").fill("0903 555 111")
    page.get_by_label("Địa chỉ").fill("12 Nguyễn Huệ")
    page.locator("select[name=ward]").select_option("26743")
    page.get_by_role("button", name="Tiếp tục thanh toán").click()
    page.wait_for_url("**/payments/sandbox/checkout/**")
    page.locator("input[name=outcome][value=pay]").check()
    page.locator("main form button[type=submit]").click()
    group = OrderGroup.objects.get()
    page.wait_for_url(f"{live_server.url}/vi/cart/orders/{group.reference}/?paid=1")

    # The confirmation email's link, opened on "another device" (a fresh browser context).
    confirmation = next(m for m in mail.outbox if m.to == ["khach@example.vn"])
    (link,) = LINK.findall(confirmation.body)
    other_device = browser.new_context(**PHONE).new_page()
    other_device.goto(link)
    assert group.short_reference in other_device.locator("h1").inner_text()
    assert "Cà phê hạt rang mộc" in other_device.locator("main").inner_text()
    assert _serious(other_device) == []

    # The shop sends and completes the order; the buyer reviews it from the same link.
    order = group.orders.get()
    order_services.order_mark_fulfilled(order=order)
    order_services.order_mark_completed(order=order)
    other_device.goto(link)
    other_device.get_by_role("link", name="Đánh giá sản phẩm và gian hàng").click()
    other_device.wait_for_url(f"**/vi/danh-gia/don-hang/{order.pk}/?t=*")
    assert _serious(other_device) == []
    section = other_device.locator("section.review-line")
    section.get_by_label("5 sao").check()
    section.get_by_label("Nhận xét của bạn").fill("Hạt rang đều, thơm mùi sô-cô-la.")
    section.get_by_label("Ảnh (tối đa 3)").set_input_files(str(_picture(tmp_path)))
    section.get_by_role("button", name="Gửi đánh giá").click()
    other_device.wait_for_url(f"**/vi/danh-gia/don-hang/{order.pk}/?t=*")
    assert "Cảm ơn bạn: đánh giá đã được lưu." in other_device.locator(".messages").inner_text()
    other_device.screenshot(path=str(tmp_path / "review-390.png"), full_page=True)
    review = ProductReview.objects.get()
    assert (review.rating, review.photos.count(), review.author_name) == (5, 1, "Trần T. B.")

    # The product page shows the rating and the review with its picture.
    page.goto(product_url)
    main = page.locator("main").inner_text()
    assert "5,0" in main and "(1 đánh giá)" in main
    assert "Hạt rang đều, thơm mùi sô-cô-la." in main
    assert page.get_by_role("img", name="Ảnh 1 của Trần T. B.").count() == 1
    assert _serious(page) == []

    # The lookup page answers without saying whether the email ordered.
    page.goto(f"{live_server.url}/vi/tra-cuu-don-hang/")
    assert _serious(page) == []
    page.get_by_label("Email đã dùng khi đặt hàng").fill("khach@example.vn")
    page.get_by_label("Mã đơn hàng").fill(order.number)
    page.get_by_role("button", name="Gửi đường dẫn cho tôi").click()
    assert page.get_by_test_id("lookup-sent").is_visible()


def test_signing_in_at_checkout_comes_back_to_checkout_with_the_cart_merged(
    page, live_server, site
):
    storefront, coffee, tea = site
    user = UserFactory(email="lan@example.vn", first_name="Lan", last_name="Nguyễn")
    Cart.objects.create(user=user).lines.create(product=tea, quantity=1)
    product_url = f"{live_server.url}{storefront.url}san-pham/ca-phe-hat/"
    page.goto(product_url)
    page.get_by_role("button", name="Thêm vào giỏ").click()
    page.wait_for_url(product_url)
    page.goto(f"{live_server.url}/vi/cart/checkout/")
    page.locator("header").get_by_role("link", name="Đăng nhập").click()
    page.wait_for_url("**/vi/accounts/login/?next=/vi/cart/checkout/")
    page.get_by_label("Email").fill("lan@example.vn")
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/vi/cart/checkout/")
    main = page.locator("main").inner_text()
    assert "Cà phê hạt rang mộc" in main and "Trà sen" in main
    assert page.get_by_label("Email").input_value() == "lan@example.vn"
    assert _serious(page) == []
