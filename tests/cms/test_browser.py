"""Browser checks: axe-core finds no serious or critical violation on the public content pages, and a
shopper on a phone walks home -> storefront -> product page."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.translation import gettext

from cms import services
from marketplace import services as catalogue
from tests.cms.factories import ensure_site_tree, guide
from tests.factories import BusinessFactory
from tests.marketplace.factories import ProductFactory, image_upload

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING = {"serious", "critical"}


@pytest.fixture
def content(db):
    ensure_site_tree()
    sections = services.site_sections_ensure()
    business = BusinessFactory(
        trading_name="Cà Phê Sáng", slug="ca-phe-sang", can_take_payments=True
    )
    shop = services.storefront_ensure(business=business)
    shop.tagline = "Cà phê phin rang mộc"
    shop.featured = True
    shop.opening_hours = "Thứ Hai – Chủ nhật: 6:00–21:00"
    shop.public_phone = "0909 000 111"
    shop.save_revision().publish()
    product = ProductFactory(
        business=business, name="Cà phê hạt rang mộc", slug="ca-phe-hat", price=150_000
    )
    catalogue.product_image_add(product=product, upload=image_upload(), alt_text="Túi cà phê")
    ProductFactory(business=business, name="Trà sen", slug="tra-sen", price=90_000)
    page = guide("nhan-thanh-toan-vietqr", featured=True, words=300, title="Nhận VietQR")
    return {"sections": sections, "shop": shop, "guide": page}


def _serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {json.dumps([n['target'] for n in v['nodes']])}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_serious_accessibility_violations(page, live_server, content, language):
    shop = content["shop"]
    guide_page = content["guide"]
    if language == "en":
        shop = shop.get_translations().get()
        guide_page = guide_page.get_translations().get()
    urls = {
        "home": f"/{language}/",
        "guide library": guide_page.get_parent().url,
        "guide": guide_page.url,
        "storefront index": shop.get_parent().url,
        "storefront": shop.url,
        "product": f"{shop.url}san-pham/ca-phe-hat/",
    }
    problems = {}
    for name, url in urls.items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, (name, url)
        found = _serious(page)
        if found:
            problems[name] = found
    assert problems == {}


def test_phone_walk_from_home_to_storefront_to_product(page, live_server, content):
    page.goto(f"{live_server.url}/vi/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="Cà Phê Sáng").first.click()
    page.wait_for_url(f"{live_server.url}/vi/gian-hang/ca-phe-sang/")
    assert page.get_by_role("heading", level=1).inner_text() == "Cà Phê Sáng"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.get_by_text("0909 000 111").is_visible()
    page.get_by_role("link", name="Cà phê hạt rang mộc").click()
    page.wait_for_url(f"{live_server.url}/vi/gian-hang/ca-phe-sang/san-pham/ca-phe-hat/")
    assert page.get_by_role("heading", level=1).inner_text() == "Cà phê hạt rang mộc"
    assert page.get_by_text("150.000 ₫").is_visible()
    assert page.get_by_role("img", name="Túi cà phê").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    with translation.override("vi"):
        assert focused == gettext("Skip to content")
