"""Monthly open-data snapshots: the scheduled job keeps last month's files once, served at
/open-data/<YYYY-MM>/<file> beside the latest, never rewritten, listed in the Data Package, the
DCAT catalogue and the open-data page."""

import datetime

import pytest
from frictionless import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT

from programme import open_data
from programme.cache import invalidate
from programme.models import OpenDataSnapshot
from programme.services import business_facts_refresh, open_data_snapshot
from tests.factories import BusinessFactory, ward
from tests.programme.factories import AN_NHON

pytestmark = pytest.mark.django_db

BASE = "http://testserver/open-data/"
DECEMBER = datetime.datetime(2026, 12, 3, 1, 0, tzinfo=datetime.UTC)


def test_the_job_keeps_last_months_files_once(client, city):
    latest = client.get("/open-data/adoption.csv").content
    assert open_data_snapshot(now=DECEMBER) == "2026-11"
    kept = client.get("/open-data/2026-11/adoption.csv")
    assert kept.status_code == 200
    assert kept.content == latest
    assert kept["Cache-Control"] == "public, max-age=31536000, immutable"
    assert 'filename="cho-so-adoption-2026-11.csv"' in kept["Content-Disposition"]
    for name in open_data.FILES:
        assert client.get(f"/open-data/2026-11/{name}").status_code == 200

    # The figures move on; the snapshot does not, and a second run writes nothing.
    BusinessFactory.create_batch(5, ward=ward(AN_NHON))
    business_facts_refresh()
    invalidate()
    assert client.get("/open-data/adoption.csv").content != latest
    assert open_data_snapshot(now=DECEMBER + datetime.timedelta(days=20)) is None
    assert client.get("/open-data/2026-11/adoption.csv").content == latest
    assert OpenDataSnapshot.objects.count() == len(open_data.FILES)


def test_january_keeps_december_of_the_year_before(city):
    assert open_data_snapshot(now=datetime.datetime(2027, 1, 1, 0, 30, tzinfo=datetime.UTC)) == (
        "2026-12"
    )


def test_unknown_months_and_formats_are_not_found(client, city):
    open_data_snapshot(now=DECEMBER)
    assert client.get("/open-data/2026-10/adoption.csv").status_code == 404
    assert client.get("/open-data/2026-11/adoption.xml").status_code == 404
    assert client.get("/open-data/2026-11/other.csv").status_code == 404
    assert client.get("/open-data/adoption.xml").status_code == 404
    assert client.get("/open-data/adoption.xlsx").status_code == 404


def test_snapshots_are_listed_in_the_package_the_catalogue_and_the_page(client, city, tmp_path):
    open_data_snapshot(now=DECEMBER)
    invalidate()
    package = client.get("/open-data/datapackage.json")
    assert package.json()["snapshots"] == [
        {"month": "2026-11", "paths": [f"2026-11/{name}" for name in open_data.FILES]}
    ]
    # The descriptor with its listing still passes the validator.
    (tmp_path / "datapackage.json").write_bytes(package.content)
    for resource in package.json()["resources"]:
        (tmp_path / resource["path"]).write_bytes(
            client.get("/open-data/" + resource["path"]).content
        )
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    graph = Graph().parse(data=client.get("/open-data/catalog.ttl").content, format="turtle")
    distributions = set(graph.objects(None, DCAT.distribution))
    assert URIRef(BASE + "2026-11/adoption.csv") in distributions
    assert URIRef(BASE + "2026-11/electronic-sales.csv") in distributions
    assert (URIRef(BASE + "2026-11/adoption.csv"), DCAT.downloadURL, None) in graph

    for language in ("vi", "en"):
        page = client.get(f"/{language}/open-data/").content.decode()
        assert 'href="/open-data/2026-11/adoption.csv"' in page
