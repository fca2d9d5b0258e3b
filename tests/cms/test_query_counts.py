"""Listings and pages render in a fixed number of queries whatever their length (renditions of
logos, banners and product pictures are prefetched)."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image

from cms import services
from cms.models import CustomImage
from marketplace import services as catalogue
from tests.cms.factories import guide
from tests.factories import BusinessFactory
from tests.marketplace.factories import ProductFactory, image_upload

pytestmark = pytest.mark.django_db

# Pinned numbers; a change means a listing started querying per row (or got cheaper: re-pin).
STOREFRONT_INDEX_QUERIES = 18
STOREFRONT_QUERIES = 20
PRODUCT_QUERIES = 16
GUIDE_LIBRARY_QUERIES = 12
GUIDE_QUERIES = 15
HOME_QUERIES = 18  # + new products (rows, pictures, links), - the site lookup of the header


def _image(title: str) -> CustomImage:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (11, 110, 79)).save(buffer, "PNG")
    image = CustomImage(title=title, alt_text=title)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"{title}.png")
    image.save()
    return image


def _shop(index: int, *, products: int = 0):
    business = BusinessFactory(can_take_payments=True)
    page = services.storefront_ensure(business=business)
    page.logo = _image(f"logo-{index}")
    page.banner = _image(f"banner-{index}")
    page.featured = True
    page.save_revision().publish()
    for number in range(products):
        product = ProductFactory(business=business, slug=f"p-{index}-{number}")
        catalogue.product_image_add(product=product, upload=image_upload(), alt_text="Ảnh")
    return page


def _queries(client, url, django_assert_num_queries, expected):
    client.get(url)  # the first visit makes missing renditions; later visits only read
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_storefront_index_query_count_does_not_grow_with_shops(
    client, sections, django_assert_num_queries
):
    _shop(0)
    _shop(1)
    url = sections.storefronts.url
    _queries(client, url, django_assert_num_queries, STOREFRONT_INDEX_QUERIES)
    for index in range(2, 7):
        _shop(index)
    response = _queries(client, url, django_assert_num_queries, STOREFRONT_INDEX_QUERIES)
    assert len(response.context["storefronts"]) == 7


def test_storefront_and_product_pages_query_count_does_not_grow_with_products(
    client, sections, django_assert_num_queries
):
    shop = _shop(0, products=1)
    _queries(client, shop.url, django_assert_num_queries, STOREFRONT_QUERIES)
    _queries(client, f"{shop.url}san-pham/p-0-0/", django_assert_num_queries, PRODUCT_QUERIES)
    for number in range(1, 8):
        product = ProductFactory(business=shop.business, slug=f"p-0-{number}")
        catalogue.product_image_add(product=product, upload=image_upload(), alt_text="Ảnh")
    product = shop.business.products.get(slug="p-0-0")
    for _ in range(3):
        catalogue.product_image_add(product=product, upload=image_upload(), alt_text="Ảnh")
    response = _queries(client, shop.url, django_assert_num_queries, STOREFRONT_QUERIES)
    assert len(response.context["products"]) == 8
    _queries(client, f"{shop.url}san-pham/p-0-0/", django_assert_num_queries, PRODUCT_QUERIES)


def test_guide_library_and_guide_query_counts_do_not_grow_with_guides(
    client, sections, django_assert_num_queries
):
    first = guide("mot", dimension="P")
    guide("hai", dimension="P")
    url = sections.guides.url
    _queries(client, url, django_assert_num_queries, GUIDE_LIBRARY_QUERIES)
    _queries(client, first.url, django_assert_num_queries, GUIDE_QUERIES)
    for index in range(6):
        guide(f"them-{index}", dimension="P")
    response = _queries(client, url, django_assert_num_queries, GUIDE_LIBRARY_QUERIES)
    assert len(response.context["guides"]) == 8
    _queries(client, first.url, django_assert_num_queries, GUIDE_QUERIES)


def test_home_page_query_count_does_not_grow_with_featured_content(
    client, sections, django_assert_num_queries
):
    _shop(0)
    guide("mot")
    _queries(client, "/vi/", django_assert_num_queries, HOME_QUERIES)
    for index in range(1, 5):
        _shop(index)
        guide(f"them-{index}")
    response = _queries(client, "/vi/", django_assert_num_queries, HOME_QUERIES)
    assert len(response.context["featured_storefronts"]) == 4
    assert len(response.context["featured_guides"]) == 3
