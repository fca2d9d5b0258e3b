"""The OpenAPI schema says what the endpoints really answer (schemathesis runs the whole contract in
CI through tools/api_contract.sh; these pin the drifts it found, one request each)."""

import pytest

from tests.factories import BusinessFactory
from tests.marketplace.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def _resolve(schema, node):
    ref = node.get("$ref")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else node


def test_product_list_is_documented_as_the_page_object_it_returns(client, schema, settings):
    settings.MARKETPLACE_API_CACHE_SECONDS = 0
    ProductFactory()
    documented = schema["paths"]["/api/v1/products/"]["get"]["responses"]["200"]
    body_schema = _resolve(schema, documented["content"]["application/json"]["schema"])
    assert body_schema.get("type", "object") == "object"
    assert set(body_schema["properties"]) == {"next", "previous", "page", "results"}
    body = client.get("/api/v1/products/").json()
    assert set(body) == set(body_schema["properties"])


# Not named "page": that is pytest-playwright's fixture, and the browser parameter it brings
# regroups every browser test (which flush the database) right after this one.
@pytest.mark.parametrize("number", ["0", "-1", "abc", "1.5"])
def test_a_page_that_is_not_a_whole_number_from_one_is_a_400_with_the_field(client, number):
    BusinessFactory()
    response = client.get("/api/v1/businesses/", {"page": number}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "page"


def test_a_page_past_the_last_is_a_documented_404(client, schema):
    BusinessFactory()
    assert client.get("/api/v1/businesses/", {"page": 99}).status_code == 404
    assert "404" in schema["paths"]["/api/v1/businesses/"]["get"]["responses"]


@pytest.mark.parametrize("path", ["/api/v1/products/0.5/", "/api/v1/nowhere/", "/api/v1/vendor/x/"])
def test_unknown_api_paths_answer_json_in_the_error_shape(client, path):
    for method in (client.get, client.post, client.delete):
        response = method(path)
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["errors"][0]["code"] == "not_found"


def test_downloads_document_both_file_types(schema):
    for path in ("/api/v1/vendor/products/export/", "/api/v1/vendor/products/import-template/"):
        content = schema["paths"][path]["get"]["responses"]["200"]["content"]
        assert {
            "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        } <= set(content)


def test_cards_and_details_answer_exactly_the_documented_fields(client, schema, settings):
    settings.MARKETPLACE_API_CACHE_SECONDS = 0
    product = ProductFactory()
    components = schema["components"]["schemas"]
    card = client.get("/api/v1/products/").json()["results"][0]
    assert set(card) == set(components["ProductCard"]["properties"])
    detail = client.get(f"/api/v1/products/{product.pk}/").json()
    assert set(detail) == set(components["ProductDetail"]["properties"])
    assert card["rating"] == detail["rating"] == {"average": None, "count": 0}
