"""The search and category pages, the suggestions endpoint, the header and footer: bad input
gives a normal page with a message, filters are links with counts, statement counts are pinned
and a GET writes nothing."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from marketplace import services
from orders.models import Cart, CartLine
from tests.factories import UserFactory
from tests.marketplace.search_data import build_catalogue

pytestmark = pytest.mark.django_db

SEARCH = "/vi/tim-kiem/"


@pytest.fixture
def catalogue():
    return build_catalogue()


def _titles(response) -> list[str]:
    return [card["name"] for card in response.context["result"].cards]


def test_translated_paths():
    with translation.override("vi"):
        assert reverse("marketplace:search") == "/vi/tim-kiem/"
        assert reverse("marketplace:suggest") == "/vi/tim-kiem/goi-y/"
        assert reverse("marketplace:category", args=["ca-phe-tra"]) == "/vi/danh-muc/ca-phe-tra/"
    with translation.override("en"):
        assert reverse("marketplace:search") == "/en/search/"
        assert reverse("marketplace:category", args=["ca-phe-tra"]) == "/en/category/ca-phe-tra/"


def test_results_are_cards_with_shop_ward_price_and_link(client, catalogue):
    response = client.get(SEARCH, {"q": "trà sen"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trà sen Tây Hồ 100g" in body
    assert "320.000 ₫" in body
    assert "Trà Sen Tân Định" in body  # the shop
    assert "Phường Bến Thành" in body  # its ward
    assert 'href="/vi/gian-hang/tra-sen/san-pham/tra-sen/"' in body


def test_english_page_uses_english_names(client, catalogue):
    response = client.get("/en/search/", {"q": "tea"})
    assert response.status_code == 200
    assert _titles(response)[:2] == ["West Lake lotus tea 100g", "Oolong tea tin 200g"]


BAD_QUERIES = [
    {"q": ""},
    {"q": "x" * 500},
    {"q": "!!!...???"},
    {"q": "'; DROP TABLE marketplace_product; --"},
    {"q": "% _ \\ %%"},
    {"q": "cà phê", "category": "khong-co"},
    {"q": "cà phê", "ward": "99999"},
    {"q": "cà phê", "district": "quan-99"},
    {"q": "cà phê", "sort": "price; DELETE"},
    {"q": "cà phê", "in_stock": "maybe"},
    {"q": "cà phê", "price_min": "abc", "price_max": "-5"},
    {"q": "cà phê", "price_min": "85,5"},
    {"q": "cà phê", "price_min": "9" * 80},
    {"q": "cà phê", "price_min": "9" * 39, "price_max": "9" * 39},
    {"page": "²"},
    {"page": "١٢"},
    {"q": "cà phê", "price_min": "500.000", "price_max": "100.000"},
    {"page": "0"},
    {"page": "10000"},
    {"page": "-1"},
    {"page": "9" * 5000},
    {"page": "abc"},
    {"q": ["a", "b"], "sort": ["newest", "price_asc"]},
]


@pytest.mark.parametrize("params", BAD_QUERIES)
def test_bad_input_gives_a_normal_page(client, catalogue, params):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    response = client.get("/vi/danh-muc/ca-phe-tra/", params)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 500}, "chỉ dùng 200 ký tự đầu tiên"),
        ({"q": "!!!"}, "Hãy gõ một từ hoặc một con số để tìm."),
        ({"category": "khong-co"}, "Không có danh mục này"),
        ({"ward": "99999"}, "Không có phường/xã này"),
        ({"district": "quan-99"}, "Không có quận/huyện này"),
        ({"sort": "x"}, "Cách sắp xếp không hợp lệ"),
        ({"price_min": "85,5"}, "Đã bỏ qua giá “85,5”"),
        ({"price_min": "500.000", "price_max": "100.000"}, "chúng tôi đã đổi chỗ hai giá"),
        ({"page": "0"}, "Không có trang “0”"),
        ({"page": "10000"}, "Không có trang 10000: đang hiển thị trang 1."),
    ],
)
def test_bad_input_is_explained(client, catalogue, params, message):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_nul_characters_never_reach_the_database(client, catalogue):
    # The request-limits middleware may refuse them first (400); the page must never fail.
    response = client.get(SEARCH, {"q": "trà\x00sen"})
    assert response.status_code in (200, 400)
    from marketplace.search import parse_params

    assert "\x00" not in parse_params({"q": "trà\x00sen", "ward": "\x00"}).q


def test_price_typed_the_vietnamese_way(client, catalogue):
    response = client.get(SEARCH, {"price_min": "85.000", "price_max": "150.000 ₫"})
    assert sorted(_titles(response)) == ["Bộ phin nhôm", "Cà phê Robusta rang mộc 500g"]
    reversed_range = client.get(SEARCH, {"price_min": "150.000", "price_max": "85000"})
    assert sorted(_titles(reversed_range)) == sorted(_titles(response))


def test_out_of_range_page_shows_the_last_page(client, catalogue):
    response = client.get(SEARCH, {"page": "10000"})
    result = response.context["result"]
    assert (result.page, result.pages, len(result.cards)) == (1, 1, 5)


def test_filters_are_links_with_counts(client, catalogue):
    response = client.get(SEARCH, {"q": "trà"})
    result = response.context["result"]
    assert result.total == 5
    categories = {facet.value: facet.count for facet in result.categories}
    assert (
        categories == {"thuc-pham-do-uong": 4, "dich-vu": 1} or categories["thuc-pham-do-uong"] == 4
    )
    in_stock = client.get(SEARCH, {"q": "trà", "in_stock": "1"}).context["result"]
    assert result.in_stock_count == in_stock.total == 4
    wards = {facet.label: facet for facet in result.wards}
    ben_thanh = wards["Phường Bến Thành"]
    assert ben_thanh.count == 3  # two teas and the course
    followed = client.get(SEARCH + ben_thanh.url)
    assert followed.context["result"].total == 3
    bands = {facet.label: facet.count for facet in result.price_bands}
    assert bands == {
        "Dưới 50.000 ₫": 0,
        "50.000 ₫ đến 200.000 ₫": 3,
        "200.000 ₫ đến 500.000 ₫": 2,
        "Từ 500.000 ₫ trở lên": 0,
    }
    band = next(facet for facet in result.price_bands if facet.count == 2)
    assert client.get(SEARCH + band.url).context["result"].total == 2
    body = response.content.decode()
    assert 'href="?q=tr%C3%A0&amp;in_stock=1"' in body


def test_category_page_has_breadcrumbs_and_only_its_products(client, catalogue):
    response = client.get("/vi/danh-muc/ca-phe-tra/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/vi/danh-muc/thuc-pham-do-uong/"' in body  # the parent in the breadcrumbs
    assert sorted(_titles(response)) == [
        "Bộ phin nhôm",
        "Cà phê Robusta rang mộc 500g",
        "Trà sen Tây Hồ 100g",
        "Trà ô long hộp thiếc 200g",
    ]
    top = client.get("/vi/danh-muc/thuc-pham-do-uong/")
    assert top.context["result"].total == 4
    assert client.get("/vi/danh-muc/khong-co/").status_code == 404


def test_empty_result_suggests_close_matches_and_categories(client, catalogue):
    response = client.get(SEARCH, {"q": "trà xyzw"})
    assert response.status_code == 200
    assert response.context["result"].total == 0
    assert response.context["near_categories"]
    assert "Xem theo danh mục" in response.content.decode()


def test_suggestions_json(client, catalogue):
    response = client.get("/vi/tim-kiem/goi-y/", {"q": "caphe"})
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["products"][0] == {
        "name": "Cà phê Robusta rang mộc 500g",
        "shop": "Cà Phê Sáng",
        "price": "145.000 ₫",
        "url": "/vi/gian-hang/ca-phe-sang/san-pham/robusta/",
    }
    assert body["categories"] == [{"name": "Cà phê & trà", "url": "/vi/danh-muc/ca-phe-tra/"}]
    for bad in ("", "x" * 500, "!!!", "'; --"):
        response = client.get("/vi/tim-kiem/goi-y/", {"q": bad})
        assert response.status_code == 200
        assert json.loads(response.content)["products"] == []


def test_get_writes_nothing(client, catalogue):
    for url in (
        SEARCH + "?q=tr%C3%A0&in_stock=1",
        SEARCH + "?q=robsta",
        "/vi/danh-muc/ca-phe-tra/",
        "/vi/tim-kiem/goi-y/?q=caphe",
        "/vi/",
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        writes = [
            query["sql"]
            for query in queries.captured_queries
            if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        assert writes == [], url
    assert "sessionid" not in client.cookies


def _warm(client):
    # Reference data held in memory or in the cache after the first request (wards, the
    # category tree, the sites' root paths): a warm server's count is the one that matters.
    client.get(SEARCH, {"q": "trà"})
    client.get("/vi/danh-muc/ca-phe-tra/")


def test_search_page_statement_count_is_fixed(
    client, catalogue, settings, django_assert_num_queries
):
    # Section links of the header, the facet groups, the page's rows, their pictures, the
    # product links: five, whatever the number of products.
    settings.MARKETPLACE_PAGE_CACHE_SECONDS = 0
    _warm(client)
    with django_assert_num_queries(5):
        assert client.get(SEARCH, {"q": "trà"}).status_code == 200
    build_catalogue_more()
    with django_assert_num_queries(5):
        assert client.get(SEARCH, {"q": "trà"}).status_code == 200
    with django_assert_num_queries(5):
        assert client.get("/vi/danh-muc/ca-phe-tra/", {"in_stock": "1"}).status_code == 200


def test_anonymous_results_are_cached_under_the_catalogue_version(
    client, catalogue, django_assert_num_queries
):
    _warm(client)
    # A miss (another query): the five statements of the page (the catalogue version is cached).
    with django_assert_num_queries(5):
        first = client.get(SEARCH, {"q": "sen"})
    # A hit: the header's section links.
    with django_assert_num_queries(1):
        second = client.get(SEARCH, {"q": "sen"})
    assert _titles(second) == _titles(first) == ["Trà sen Tây Hồ 100g"]
    with django_assert_num_queries(1):
        client.get(SEARCH, {"q": "trà"})
    services.product_update(product=catalogue["products"]["tra-sen"], name="Trà sen đặc biệt")
    # The write bumped the version: the next request sees it.
    assert "Trà sen đặc biệt" in _titles(client.get(SEARCH, {"q": "trà"}))


def test_signed_in_with_a_cart_stays_within_eight(client, catalogue, django_assert_num_queries):
    user = UserFactory()
    cart = Cart.objects.create(user=user)
    CartLine.objects.create(cart=cart, product=catalogue["products"]["robusta"], quantity=2)
    client.force_login(user)
    _warm(client)
    # + the session, the user and the cart's count.
    with django_assert_num_queries(8):
        response = client.get(SEARCH, {"q": "trà"})
    assert '<span class="cart-count">2' in response.content.decode()
    with django_assert_num_queries(8):
        assert client.get("/vi/danh-muc/ca-phe-tra/").status_code == 200


def build_catalogue_more():
    from tests.marketplace.factories import ProductFactory

    for n in range(30):
        ProductFactory(name=f"Trà thảo mộc số {n}", slug=f"tra-thao-moc-{n}")


def test_header_and_footer_on_django_and_wagtail_pages(client, catalogue):
    for url in ("/vi/", SEARCH, "/vi/cart/", "/vi/gian-hang/", "/vi/danh-muc/ca-phe-tra/"):
        body = client.get(url).content.decode()
        assert 'action="/vi/tim-kiem/"' in body, url
        assert ">Gian hàng</a>" in body, url
        assert ">Giỏ hàng" in body, url
        assert ">Bán hàng cùng Chợ Số</a>" in body, url
        assert ">Dữ liệu mở</a>" in body, url
        assert ">Thông báo về quyền riêng tư</a>" in body, url
        assert 'class="language-switcher"' in body, url


def test_home_page_shows_new_products(client, catalogue):
    body = client.get("/vi/").content.decode()
    assert "Sản phẩm mới" in body
    assert 'href="/vi/gian-hang/ke-toan/san-pham/course/"' in body
