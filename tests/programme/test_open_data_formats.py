"""Open data in the formats portals use: the Frictionless Data Package passes the ``frictionless``
validator on exactly what the site serves, ``rdflib`` reads both DCAT-AP catalogues to the same
graph, the page lives under /vi/ and /en/ and is linked from the footer and the dashboard."""

import json

import pytest
from frictionless import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from programme import open_data
from programme.services import business_facts_refresh
from tests.factories import BusinessFactory, ward
from tests.programme.factories import AN_NHON
from tests.programme.factories import city as build_city

pytestmark = pytest.mark.django_db

BASE = "http://testserver/open-data/"


@pytest.fixture
def served(client, tmp_path, city):
    """The descriptor and its files as the site serves them, saved side by side."""
    BusinessFactory.create_batch(4, ward=ward(AN_NHON), sector="G")
    build_city()  # a second city: some cells published, some withheld
    business_facts_refresh()
    descriptor = client.get("/open-data/datapackage.json")
    assert descriptor.status_code == 200
    (tmp_path / "datapackage.json").write_bytes(descriptor.content)
    for resource in descriptor.json()["resources"]:
        response = client.get("/open-data/" + resource["path"])
        assert response.status_code == 200
        (tmp_path / resource["path"]).write_bytes(response.content)
    return tmp_path, descriptor.json()


def test_the_data_package_passes_the_frictionless_validator(served):
    folder, descriptor = served
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    adoption, sales = descriptor["resources"]
    assert adoption["schema"]["primaryKey"] == ["dimension", "code"]
    assert adoption["schema"]["missingValues"] == [""]
    assert sales["schema"]["primaryKey"] == ["month"]
    fields = [field["name"] for field in adoption["schema"]["fields"]]
    assert fields == list(open_data.FIELDS)
    assert all(field["description"] for field in adoption["schema"]["fields"])


def test_the_validator_catches_a_file_that_breaks_its_schema(served):
    """The validator really reads the rows: a count that is not a number fails it."""
    folder, _descriptor = served
    path = folder / "adoption.csv"
    text = path.read_text(encoding="utf-8-sig").splitlines()
    broken = text[1].split(",")
    broken[4] = "many"  # businesses
    path.write_text("\n".join([text[0], ",".join(broken), *text[2:]]), encoding="utf-8")
    assert not validate(str(folder / "datapackage.json")).valid


def _graph(client, url: str, fmt: str) -> Graph:
    response = client.get(url)
    assert response.status_code == 200
    return Graph().parse(data=response.content.decode(), format=fmt, publicID=BASE)


def test_rdflib_reads_both_dcat_catalogues_to_the_same_graph(client, city):
    turtle = _graph(client, "/open-data/catalog.ttl", "turtle")
    jsonld = _graph(client, "/open-data/catalog.jsonld", "json-ld")
    assert len(turtle) == len(jsonld) > 50
    assert set(turtle) == set(jsonld)
    catalog = URIRef(BASE + "catalog")
    assert (catalog, RDF.type, DCAT.Catalog) in turtle
    datasets = set(turtle.objects(catalog, DCAT.dataset))
    assert len(datasets) == 2
    for dataset in datasets:
        assert (dataset, RDF.type, DCAT.Dataset) in turtle
        assert {title.language for title in turtle.objects(dataset, DCTERMS.title)} == {
            "vi",
            "en",
        }
        for distribution in turtle.objects(dataset, DCAT.distribution):
            assert (distribution, DCTERMS.license, None) in turtle
            (download,) = turtle.objects(distribution, DCAT.downloadURL)
            path = str(download).removeprefix("http://testserver")
            assert client.get(path).status_code == 200, path
    rights = " ".join(str(label) for label in turtle.objects(None, URIRef(str(DCTERMS) + "rights")))
    assert rights  # a rights statement (Decree 47/2020: free reuse, cite the source)


def test_the_city_row_is_published_above_the_threshold(client, city):
    data = client.get("/open-data/adoption.json").json()
    (row,) = [row for row in data["rows"] if row["dimension"] == "city"]
    assert row["code"] == "79" and row["businesses"] == 7
    assert row["assessed"] is None  # 5 of 7: the 2 not assessed are too few to show
    assert row["suppressed"] is True and row["reassessed"] is None


def test_the_page_is_under_each_language_and_linked(client, manager_client, city):
    assert client.get("/open-data/").status_code == 302
    for language in ("vi", "en"):
        response = client.get(f"/{language}/open-data/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "datapackage.json" in html and "catalog.ttl" in html
        assert f'href="/{language}/open-data/"' in html  # the footer's link
    dashboard = manager_client.get("/admin/programme/").content.decode()
    assert 'href="/vi/open-data/"' in dashboard


def test_an_unknown_format_is_404(client, db):
    for path in ("adoption.xml", "catalog.rdf", "datapackage.yaml"):
        assert client.get("/open-data/" + path).status_code == 404


def test_sales_by_month_withholds_months_of_few_sellers(client, city):
    rows = {
        row["month"]: row for row in client.get("/open-data/adoption.json").json()["sales_by_month"]
    }
    assert rows["2026-06"] == {
        "month": "2026-06",
        "businesses_with_sales": None,
        "electronic_share": None,
        "suppressed": True,
    }
    assert "66.7" not in json.dumps(rows)
