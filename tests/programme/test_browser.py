"""In a browser: a programme manager opens the dashboard, filters by a ward picked from the list,
reads the filtered figures and downloads a table as CSV."""

import csv
import io
from pathlib import Path

import pytest

from tests.factories import DEFAULT_PASSWORD
from tests.programme.factories import AN_NHON
from tests.programme.factories import city as build_city

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_manager_filters_by_ward_and_downloads_csv(page, live_server, manager):
    build_city()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.locator("#id_login").fill(manager.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/admin/programme/")
    assert page.locator("svg.programme-chart").count() >= 4
    page.locator("#id_ward").fill(AN_NHON)
    page.locator("form.programme-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert f"ward={AN_NHON}" in page.url
    assert page.locator("#id_ward").input_value() == AN_NHON
    funnel = page.locator("#funnel table tbody tr")
    # Accounts have no ward: "signed up to sell" is a dash with the reason below the table.
    assert funnel.nth(0).locator("td").first.inner_text() == "—"
    assert funnel.nth(1).locator("td").first.inner_text() == "2"
    assert page.locator("#funnel .programme-note").nth(1).is_visible()

    link = page.locator("#breakdowns a[href*='/export/by_sector.csv']")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "cho-so-by_sector.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2  # the header and sector G: the two An Nhơn businesses
    assert rows[1][1] == "2"
