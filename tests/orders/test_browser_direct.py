"""Browser (phone): a shopper pays a two-shop cart directly to each shop — one by VietQR (the
sandbox's simulated transfer), the other cash on delivery — and sees both done without a reload.

The payOS half of the issue's browser test waits for vn-lib's fake payOS server.
"""

import pytest

from cms import services as cms_services
from orders.models import GroupStatus, OrderGroup, OrderStatus
from tests.cms.factories import ensure_site_tree
from tests.orders.rails import FakeRails, rails  # noqa: F401
from tests.orders.test_browser import _serious, _shop

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_shopper_pays_one_shop_by_vietqr_and_the_other_cod(
    browser,
    live_server,
    settings,
    rails,  # noqa: F811
):
    settings.PAYMENT_PROVIDER = "sandbox"
    ensure_site_tree()
    cms_services.site_sections_ensure()
    cafe, cafe_front, _coffee = _shop(
        "Cà Phê Sáng", "ca-phe-sang", "Cà phê hạt rang mộc", "ca-phe-hat", 150_000
    )
    pottery, pottery_front, _bowl = _shop(
        "Gốm Sứ Minh Long", "gom-su-minh-long", "Bát gốm men lam", "bat-gom", 120_000
    )
    rails[pottery.pk] = FakeRails(cod=True)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    for front, slug in ((cafe_front, "ca-phe-hat"), (pottery_front, "bat-gom")):
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
    page.locator(f"#method_{cafe.pk}-vietqr").check()
    page.get_by_role("button", name="Tiếp tục thanh toán").click()

    group = OrderGroup.objects.get()
    page.wait_for_url(f"{live_server.url}/vi/payments/checkout/{group.reference}/")
    assert page.locator("[data-testid=shop-payment]").count() == 2
    assert page.locator(".vietqr-code svg").count() == 1
    qr = group.orders.get(business=cafe)
    assert page.get_by_test_id("memo").inner_text() == qr.payment_code
    assert _serious(page) == []

    page.get_by_role("button", name="Giả lập chuyển khoản (môi trường thử)").click()
    page.wait_for_url(f"{live_server.url}/vi/payments/checkout/{group.reference}/")
    block = page.locator(f'[data-order="{qr.pk}"] [data-state]')
    assert block.inner_text() == "Đã thanh toán"
    page.locator("[data-group-complete]").wait_for(state="visible")
    group.refresh_from_db()
    assert group.status == GroupStatus.PAID
    assert {o.business_id: o.status for o in group.orders.all()} == {
        cafe.pk: OrderStatus.PAID,
        pottery.pk: OrderStatus.PLACED,
    }
    context.close()
