import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from accounts.models import Ward
from marketplace import services
from marketplace.models import Category, ProductStatus
from tests.factories import BusinessFactory, UserFactory
from tests.marketplace.factories import ProductFactory, category, image_upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/products/"


def _products(n, **kwargs):
    business = kwargs.pop("business", None) or BusinessFactory(can_take_payments=True)
    return [ProductFactory(business=business, **kwargs) for _ in range(n)]


def test_list_shows_only_visible_products_as_cards(api):
    product = ProductFactory(name="Cà phê phin", name_en="Phin coffee", price=35_000)
    ProductFactory(status=ProductStatus.DRAFT)
    ProductFactory(business=BusinessFactory(can_take_payments=False))
    response = api.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert (body["next"], body["previous"], body["page"]) == (None, None, 1)
    assert [card["id"] for card in body["results"]] == [product.pk]
    card = body["results"][0]
    assert card["name"] == "Cà phê phin"
    assert (card["price"], card["currency"], card["in_stock"]) == (35_000, "VND", True)
    assert card["business"] == {
        "id": product.business.pk,
        "slug": product.business.slug,
        "name": product.business.trading_name,
    }
    assert card["ward"] == {"code": "26743", "name": "Phường Bến Thành"}
    assert card["category"]["slug"] == "ca-phe-tra"
    assert card["image"] is None
    english = api.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert (english["name"], english["category"]["name"]) == ("Phin coffee", "Coffee & tea")


def test_card_image_has_webp_and_jpeg_srcsets_once_renditions_exist(
    api, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.product_image_add(
            product=product, upload=image_upload(size=(700, 700)), alt_text="Ly cà phê"
        )
    image = api.get(URL).json()["results"][0]["image"]
    assert image["alt"] == "Ly cà phê"
    assert image["src"].endswith(".jpg")
    assert ".webp 320w" in image["srcset_webp"] and ".webp 640w" in image["srcset_webp"]
    assert "320w" in image["srcset_jpeg"]


@pytest.mark.parametrize("count", [1, 20, 100])
def test_list_runs_the_same_queries_for_1_20_and_100_results(api, count, settings):
    settings.MARKETPLACE_API_CACHE_SECONDS = 0
    business = BusinessFactory(can_take_payments=True)
    for product in _products(count, business=business):
        services.product_image_add(product=product, upload=image_upload(size=(8, 8)))
    api.get(URL)  # loads the reference data (ward names, the category tree) once
    with CaptureQueriesContext(connection) as queries:
        response = api.get(URL, {"page_size": 100})
    assert len(response.json()["results"]) == count
    # the products with their business; the cover pictures with their renditions
    assert len(queries) == 2, [q["sql"] for q in queries]


def test_card_shows_the_first_picture_and_follows_a_reorder(api, settings):
    settings.MARKETPLACE_API_CACHE_SECONDS = 0
    product = ProductFactory()
    first = services.product_image_add(product=product, upload=image_upload(), alt_text="Một")
    second = services.product_image_add(product=product, upload=image_upload(), alt_text="Hai")
    assert api.get(URL).json()["results"][0]["image"]["alt"] == "Một"
    services.product_images_reorder(product=product, order=[second.pk, first.pk])
    assert api.get(URL).json()["results"][0]["image"]["alt"] == "Hai"
    services.product_image_delete(product_image=second)
    services.product_image_delete(product_image=first)
    assert api.get(URL).json()["results"][0]["image"] is None


def test_cards_name_a_category_and_a_ward_added_after_they_were_loaded(api, settings):
    settings.MARKETPLACE_API_CACHE_SECONDS = 0
    ProductFactory()
    api.get(URL)  # the category tree and the ward names are now held in memory
    tea = Category.objects.create(name="Trà sen", name_en="Lotus tea", slug="tra-sen", position=99)
    ward = Ward.objects.create(
        code="99999", name="Thử", name_en="Test", type="ward", full_name="Phường Thử",
        full_name_en="Test Ward", former_district="", former_province="",
    )  # fmt: skip
    ProductFactory(category=tea, business=BusinessFactory(can_take_payments=True, ward=ward))
    cards = api.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert (cards[0]["category"]["name"], cards[0]["ward"]["name"]) == ("Lotus tea", "Test Ward")


def test_pagination_without_count_and_capped_size(api):
    _products(3)
    body = api.get(URL, {"page_size": 2}).json()
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2") or "page=2" in body["next"]
    last = api.get(URL, {"page_size": 2, "page": 2}).json()
    assert len(last["results"]) == 1 and last["next"] is None and last["previous"]


@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({"page_size": 100000}, "page_size"),
        ({"page_size": 0}, "page_size"),
        ({"page": "abc"}, "page"),
        ({"category": "khong-ton-tai"}, "category"),
        ({"ward": "abc"}, "ward"),
        ({"price_min": -1}, "price_min"),
        ({"price_min": "re"}, "price_min"),
        ({"price_min": 500, "price_max": 100}, "price_max"),
        ({"in_stock": "maybe"}, "in_stock"),
        ({"ordering": "random"}, "ordering"),
        ({"colour": "red"}, "colour"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_bad_query_values_are_a_400_with_the_one_error_shape(api, params, attr):
    response = api.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert [error["attr"] for error in body["errors"]] == [attr]
    assert body["errors"][0]["detail"]


def test_filters_category_with_children_business_ward_price_and_stock(api):
    coffee = ProductFactory(price=30_000, category=category("ca-phe-tra"))
    cake = ProductFactory(
        price=90_000, category=category("banh-keo-dac-san"), stock=0, made_to_order=True
    )
    vase = ProductFactory(
        price=500_000,
        category=category("gom-su"),
        business=BusinessFactory(can_take_payments=True, ward_id="26740"),
    )

    def ids(**params):
        return {card["id"] for card in api.get(URL, params).json()["results"]}

    assert ids(category="thuc-pham-do-uong") == {coffee.pk, cake.pk}
    assert ids(category=str(category("gom-su").pk)) == {vase.pk}
    assert ids(business=vase.business.slug) == {vase.pk}
    assert ids(ward="26740") == {vase.pk}
    assert ids(price_min=50_000, price_max=100_000) == {cake.pk}
    assert ids(in_stock="true") == {coffee.pk, vase.pk}
    assert ids(in_stock="false") == {cake.pk}


def test_search_without_marks_and_ordering(api):
    phin = ProductFactory(name="Cà phê phin Đà Lạt", description="", price=50_000)
    salt = ProductFactory(name="Cà phê muối", description="", price=40_000)
    ProductFactory(name="Trà sen", description="", category=category("gom-su"))

    def names(**params):
        return [card["name"] for card in api.get(URL, params).json()["results"]]

    assert names(q="ca phe", ordering="price") == ["Cà phê muối", "Cà phê phin Đà Lạt"]
    assert names(q="da lat") == [phin.name]
    assert names(q="CA PHE MUOI") == [salt.name]
    assert names(q="ca phe", ordering="-price") == ["Cà phê phin Đà Lạt", "Cà phê muối"]


def test_detail_has_description_and_images_and_hides_invisible(api):
    product = ProductFactory(description="Rang mộc")
    hidden = ProductFactory(status=ProductStatus.DRAFT)
    body = api.get(f"{URL}{product.pk}/").json()
    assert (body["description"], body["stock"], body["images"]) == ("Rang mộc", 10, [])
    for pk in (hidden.pk, 999999, "abc"):
        response = api.get(f"{URL}{pk}/")
        assert response.status_code == 404
        assert response.json()["type"] == "client_error"


def test_etag_and_last_modified_give_304(api):
    product = ProductFactory()
    first = api.get(URL)
    assert first["ETag"] and first["Last-Modified"]
    again = api.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    detail = api.get(f"{URL}{product.pk}/")
    assert (
        api.get(f"{URL}{product.pk}/", HTTP_IF_MODIFIED_SINCE=detail["Last-Modified"]).status_code
        == 304
    )


def test_cached_list_changes_on_the_next_request_after_a_write(
    api, django_assert_num_queries, django_capture_on_commit_callbacks
):
    product = ProductFactory(price=30_000)
    assert api.get(URL).json()["results"][0]["price"] == 30_000
    with django_assert_num_queries(0):  # the catalogue version and the page: both from Redis
        assert api.get(URL).json()["results"][0]["price"] == 30_000
    with django_capture_on_commit_callbacks(execute=True):
        services.product_update(product=product, price=45_000)
    assert api.get(URL).json()["results"][0]["price"] == 45_000
    with django_capture_on_commit_callbacks(execute=True):
        services.product_archive(product=product)
    assert api.get(URL).json()["results"] == []


def test_anonymous_cache_hits_answer_as_the_api_does_and_count_against_the_rate(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "10/min"},
    }
    product = ProductFactory()
    for path in (URL, f"{URL}{product.pk}/"):
        cache.clear()
        computed = api.get(path, {"page_size": 5} if path == URL else {})
        hit = api.get(path, {"page_size": 5} if path == URL else {})
        assert hit.content == computed.content
        for header in ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Allow"):
            assert hit[header] == computed[header], header
        # The page is the same whoever reads it; only the framework's path reads the session.
        assert hit["Vary"] == "Accept-Language"
        assert computed["Vary"] in ("Accept-Language", "Accept-Language, Cookie")
        assert api.get(path, {"page_size": 5} if path == URL else {}).status_code == 200
        # The fourth request in the minute is over the anonymous rate, hit or not.
        refused = api.get(path, {"page_size": 5} if path == URL else {})
        assert refused.status_code == 429
        assert refused.json()["errors"][0]["code"] == "throttled"
    # A signed-in reader from the same address goes through the API framework, at the user rate.
    api.force_login(UserFactory())
    assert [api.get(URL).status_code for _ in range(3)] == [200] * 3


def test_categories_tree(api):
    body = api.get("/api/v1/categories/").json()
    assert len(body) == 9
    food = body[0]
    assert (food["slug"], food["name"], food["name_en"]) == (
        "thuc-pham-do-uong",
        "Thực phẩm & đồ uống",
        "Food & drink",
    )
    assert food["children"][0]["slug"] == "ca-phe-tra"
    assert api.get("/api/v1/categories/", HTTP_ACCEPT_LANGUAGE="en").json()[0]["name"] == (
        "Food & drink"
    )


def test_businesses_show_public_facts_only(api):
    business = BusinessFactory(can_take_payments=True, slug="tra-sen")
    BusinessFactory(is_active=False)
    body = api.get("/api/v1/businesses/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert set(row) == {
        "id",
        "slug",
        "name",
        "business_type",
        "sector",
        "sector_name",
        "ward",
        "year_founded",
        "accepts_online_payment",
    }
    text = str(body)
    for secret in ("Nguyễn Thị Lan", "903123789", "12 Lê Lợi", business.tax_code, business.email):
        assert secret not in text
    assert api.get("/api/v1/businesses/tra-sen/").json()["ward"]["code"] == "26743"


def test_schema_documents_error_responses(api):
    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths["/api/v1/products/"]["get"]["responses"]) == {"200", "400", "429"}
    vendor = paths["/api/v1/vendor/products/{id}/"]["patch"]["responses"]
    assert {"400", "401", "403", "404"} <= set(vendor)


def test_card_updated_at_and_last_modified_are_the_products_own(api, settings):
    settings.MARKETPLACE_API_CACHE_SECONDS = 0
    product = ProductFactory()
    response = api.get(URL)
    card = response.json()["results"][0]
    product.refresh_from_db()
    assert card["updated_at"] == product.updated_at.isoformat()
    assert response["Last-Modified"] == http_date(int(product.updated_at.timestamp()))
