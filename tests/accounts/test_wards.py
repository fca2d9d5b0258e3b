import pytest

from accounts.selectors import ward_search
from accounts.text import fold

pytestmark = pytest.mark.django_db


def test_fold():
    assert fold("Phường Đa Kao") == "phuong da kao"
    assert fold("  Bến   Thành ") == "ben thanh"


@pytest.mark.parametrize("query", ["Bến Thành", "ben thanh", "BEN THANH", "phuong ben"])
def test_ward_search_with_or_without_diacritics(query):
    assert "26743" in [ward.code for ward in ward_search(query=query)]


def test_ward_search_by_former_district():
    codes = {ward.code for ward in ward_search(query="quan 1", limit=200)}
    assert {"26740", "26743", "26737"} <= codes


def test_ward_search_endpoint(client):
    response = client.get("/en/me/wards/", {"q": "da kao"})
    assert response.status_code == 200
    assert response.json()["results"] == []
    results = client.get("/vi/me/wards/", {"q": "sai gon"}).json()["results"]
    assert results[0] == {
        "code": "26740",
        "name": "Phường Sài Gòn",
        "former_district": "Quận 1",
    }
