"""The role × endpoint matrix of the security spec, BOLA (404 on another shop's products) and the
fields a vendor may not set."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from marketplace.models import Product, ProductImage, ProductStatus
from tests.marketplace.conftest import token_client
from tests.marketplace.factories import ProductFactory, image_upload
from tests.marketplace.test_services import huge_png

pytestmark = pytest.mark.django_db

VENDOR = "/api/v1/vendor/products/"
ROLES = ["anonymous", "shopper", "vendor_owner", "vendor_staff", "programme_manager", "admin"]
NEW = {"category": "ca-phe-tra", "name": "Cà phê muối", "price": 45000, "stock": 5}


@pytest.fixture
def own(shop_a):
    return ProductFactory(business=shop_a, status=ProductStatus.DRAFT)


@pytest.fixture
def foreign(shop_b):
    return ProductFactory(business=shop_b)


# (method, path template, body, expected per role in ROLES order)
MATRIX = [
    ("get", "/api/v1/products/", None, [200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/products/{foreign}/", None, [200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/categories/", None, [200, 200, 200, 200, 200, 200]),
    ("get", "/api/v1/businesses/", None, [200, 200, 200, 200, 200, 200]),
    ("get", VENDOR, None, [401, 403, 200, 200, 403, 200]),
    ("post", VENDOR, {**NEW, "business": "ca-phe-sang"}, [401, 403, 201, 201, 403, 201]),
    ("get", VENDOR + "{own}/", None, [401, 403, 200, 200, 403, 200]),
    ("patch", VENDOR + "{own}/", {"price": 50000}, [401, 403, 200, 200, 403, 200]),
    ("delete", VENDOR + "{own}/", None, [401, 403, 204, 204, 403, 204]),
    ("get", VENDOR + "{foreign}/", None, [401, 403, 404, 404, 403, 200]),
    ("patch", VENDOR + "{foreign}/", {"price": 1}, [401, 403, 404, 404, 403, 200]),
    ("put", VENDOR + "{foreign}/", NEW, [401, 403, 404, 404, 403, 200]),
    ("delete", VENDOR + "{foreign}/", None, [401, 403, 404, 404, 403, 204]),
    ("put", VENDOR + "{foreign}/images/order/", {"order": []}, [401, 403, 404, 404, 403, 200]),
]


@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
@pytest.mark.parametrize(("method", "path", "body", "expected"), MATRIX, ids=lambda v: str(v))
def test_role_endpoint_matrix(users, own, foreign, role_index, method, path, body, expected):
    client = token_client(users[ROLES[role_index]])
    url = path.format(own=own.pk, foreign=foreign.pk)
    response = getattr(client, method)(url, body, format="json")
    assert response.status_code == expected[role_index], response.content
    if response.status_code >= 400:
        assert response.json()["type"] in ("client_error", "validation_error")


@pytest.mark.parametrize("role", ["vendor_owner", "vendor_staff"])
def test_other_shops_product_is_untouched_and_404_on_image_calls(users, foreign, role):
    client = token_client(users[role])
    picture = ProductImage.objects.create(
        product=foreign, image=_stored_image(), alt_text="Bình gốm", sort_order=0
    )
    url = f"{VENDOR}{foreign.pk}/images/"
    assert client.post(url, {"file": image_upload()}, format="multipart").status_code == 404
    detail = f"{url}{picture.pk}/"
    assert client.patch(detail, {"alt_text": "x"}, format="json").status_code == 404
    assert client.delete(detail).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == ProductStatus.ACTIVE
    assert ProductImage.objects.get(pk=picture.pk).alt_text == "Bình gốm"


def _stored_image():
    upload = image_upload()
    image = get_image_model()(title="x", width=64, height=48)
    image.file = ContentFile(upload.read(), name="x.jpg")
    image._set_image_file_metadata()
    image.save()
    return image


def test_vendor_list_shows_own_products_of_any_status(users, own, foreign):
    body = token_client(users["vendor_staff"]).get(VENDOR).json()
    assert [row["id"] for row in body["results"]] == [own.pk]
    assert body["results"][0]["status"] == "draft"


def test_create_with_session_auth_and_the_only_business_by_default(users, api, shop_a):
    api.force_login(users["vendor_owner"])
    response = api.post(VENDOR, NEW, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["business"], body["category"], body["price"], body["currency"]) == (
        "ca-phe-sang",
        "ca-phe-tra",
        45000,
        "VND",
    )
    assert (body["status"], body["slug"]) == ("draft", "ca-phe-muoi")
    assert Product.objects.get(pk=body["id"]).business == shop_a


def test_create_for_another_business_is_refused(users, shop_b):
    client = token_client(users["vendor_owner"])
    response = client.post(VENDOR, {**NEW, "business": shop_b.slug}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "business"
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({**NEW, "price": -1000}, "price"),
        ({**NEW, "price": 45000.5}, "price"),
        ({**NEW, "price": "45.000"}, "price"),
        ({**NEW, "price": "abc"}, "price"),
        ({**NEW, "price": True}, "price"),
        ({**NEW, "stock": -1}, "stock"),
        ({**NEW, "category": "khong-co"}, "category"),
        ({**NEW, "category": 999999}, "category"),
        ({**NEW, "status": "published"}, "status"),
        ({**NEW, "search_text": "hack"}, "search_text"),
        ({**NEW, "currency": "USD"}, "currency"),
        ({**NEW, "id": 5}, "id"),
        ({"name": "Thiếu giá"}, "category"),
    ],
)
def test_bad_product_input_is_a_400_and_writes_nothing(users, body, attr):
    response = token_client(users["vendor_owner"]).post(VENDOR, body, format="json")
    assert response.status_code == 400, response.content
    assert attr in [error["attr"] for error in response.json()["errors"]]
    assert not Product.objects.exists()


def test_malformed_json_is_a_400(users):
    client = token_client(users["vendor_owner"])
    response = client.post(VENDOR, "{not json", content_type="application/json")
    assert response.status_code == 400
    response = client.post(VENDOR, [1, 2], format="json")
    assert response.status_code == 400


def test_update_refuses_business_and_platform_fields(users, own, shop_b):
    client = token_client(users["vendor_owner"])
    for field, value in (("business", shop_b.slug), ("created_at", "2020-01-01T00:00:00Z")):
        response = client.patch(f"{VENDOR}{own.pk}/", {field: value, "price": 1}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"][0]["attr"] == field
    own.refresh_from_db()
    assert (own.business_id, own.price) == (own.business_id, 35_000)


def test_images_upload_alt_text_order_delete(users, own):
    client = token_client(users["vendor_staff"])
    url = f"{VENDOR}{own.pk}/images/"
    first = client.post(url, {"file": image_upload(), "alt_text": "Mặt trước"}, format="multipart")
    assert first.status_code == 201, first.content
    second = client.post(url, {"file": image_upload(fmt="PNG", name="b.png")}, format="multipart")
    a, b = first.json()["id"], second.json()["id"]
    assert (
        client.patch(f"{url}{b}/", {"alt_text": "Mặt sau"}, format="json").json()["alt_text"]
        == "Mặt sau"
    )
    order = client.put(f"{url}order/", {"order": [b, a]}, format="json")
    assert [row["id"] for row in order.json()] == [b, a]
    assert client.put(f"{url}order/", {"order": [b]}, format="json").status_code == 400
    assert client.delete(f"{url}{b}/").status_code == 204
    assert list(own.images.values_list("pk", "sort_order")) == [(a, 0)]


def test_bad_uploads_are_4xx_and_store_nothing(users, own):
    client = token_client(users["vendor_owner"])
    url = f"{VENDOR}{own.pk}/images/"
    cases = [
        {"file": huge_png()},
        {"file": SimpleUploadedFile("a.jpg", b"not a picture", content_type="image/jpeg")},
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")},
        {},
    ]
    for body in cases:
        response = client.post(url, body, format="multipart")
        assert response.status_code == 400, response.content
        assert response.json()["errors"][0]["attr"] == "file"
    assert not ProductImage.objects.exists()


def test_oversize_upload_is_refused(users, own, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    response = token_client(users["vendor_owner"]).post(
        f"{VENDOR}{own.pk}/images/", {"file": image_upload(size=(400, 400))}, format="multipart"
    )
    assert response.status_code == 400
    # Vietnamese is the default language; English when the client asks for it.
    assert response.json()["errors"][0]["detail"].startswith("Tệp quá lớn")
    english = token_client(users["vendor_owner"]).post(
        f"{VENDOR}{own.pk}/images/",
        {"file": image_upload(size=(400, 400))},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.json()["errors"][0]["detail"].startswith("The file is too large")
