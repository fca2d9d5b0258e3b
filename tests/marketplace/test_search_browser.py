"""A shopper on a phone (390×844, Chromium, Vietnamese) types "caphe" in the header's search box,
sees the suggestion, submits, filters by price, and opens a product; axe finds no serious or
critical violation on the search and category pages."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from marketplace.search import synonyms, wards
from tests.cms.factories import ensure_site_tree
from tests.marketplace.search_data import build_catalogue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING = {"serious", "critical"}


def _serious(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {json.dumps([n['target'] for n in v['nodes']])}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def catalogue(db):
    ensure_site_tree()
    wards.cache_clear()  # the flush of the previous transactional test reloaded the wards
    synonyms.cache_clear()
    return build_catalogue()


def test_shopper_searches_caphe_filters_by_price_and_opens_a_product(page, live_server, catalogue):
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message))
    page.goto(f"{live_server.url}/vi/")
    box = page.get_by_role("searchbox", name="Tìm sản phẩm ở mọi gian hàng")
    box.press_sequentially("caphe", delay=30)
    suggestion = page.locator("#site-search-suggestions a:not(.suggestion-category)").first
    suggestion.wait_for()
    assert "Cà phê Robusta rang mộc 500g" in suggestion.inner_text()
    assert "Cà Phê Sáng" in suggestion.inner_text()
    assert page.locator("#site-search-suggestions a.suggestion-category").all_inner_texts() == [
        "Cà phê & trà"
    ]

    box.press("Enter")
    page.wait_for_url("**/vi/tim-kiem/?q=caphe")
    cards = page.locator("ul.products > li h3")
    assert cards.all_inner_texts()[:2] == ["Cà phê Robusta rang mộc 500g", "Bộ phin nhôm"]
    assert _serious(page) == []

    page.get_by_label("Từ").fill("100.000")
    page.get_by_label("Đến").fill("150.000")
    page.get_by_role("button", name="Lọc theo giá").click()
    page.wait_for_url("**price_min=100.000&price_max=150.000")
    assert page.get_by_label("Từ").input_value() == "100.000"
    assert cards.all_inner_texts() == ["Cà phê Robusta rang mộc 500g"]
    assert page.get_by_role("heading", name="1 sản phẩm").is_visible()

    page.get_by_role("link", name="Cà phê Robusta rang mộc 500g").click()
    page.wait_for_url("**/vi/gian-hang/ca-phe-sang/san-pham/robusta/")
    assert page.get_by_role("heading", name="Cà phê Robusta rang mộc 500g").is_visible()
    assert console_errors == []


def test_category_page_and_empty_search_pass_axe(page, live_server, catalogue):
    page.goto(f"{live_server.url}/vi/danh-muc/ca-phe-tra/")
    assert page.get_by_role("heading", name="Cà phê & trà", level=1).is_visible()
    assert _serious(page) == []
    page.goto(f"{live_server.url}/vi/tim-kiem/?q=kh%C3%B4ng+c%C3%B3+g%C3%AC&page=0")
    assert page.get_by_text("Không có trang “0”").is_visible()
    assert _serious(page) == []
    page.goto(f"{live_server.url}/en/search/?q=tea")
    assert _serious(page) == []
