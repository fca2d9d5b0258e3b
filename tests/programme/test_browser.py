"""In a browser: a programme manager opens the dashboard, types a ward's name without diacritics,
reads the filtered figures and the trend, and downloads a table as CSV that names its filter."""

import csv
import io
import os
import re
from pathlib import Path

import pytest

from tests.factories import DEFAULT_PASSWORD
from tests.programme.factories import city as build_city

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_manager_filters_by_ward_and_downloads_csv(page, live_server, manager):
    build_city()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.locator("#id_login").fill(manager.email)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/admin/programme/")
    assert page.locator("svg.programme-chart").count() >= 4
    # The suggestions list every ward by name and former district.
    assert page.locator("#programme-wards option[value='Phường An Nhơn (Quận Gò Vấp)']").count()
    page.locator("#id_ward").fill("phuong an nhon")
    page.locator("form.programme-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "ward=phuong+an+nhon" in page.url
    assert page.locator("#id_ward").input_value() == "phuong an nhon"
    # The trend draws its lines, each labelled at its end with its last value, the targets as
    # dashed lines with their own labels; the table beside it reads month by month.
    trend = page.locator("#trends svg.programme-chart")
    assert trend.locator("polyline").count() >= 2
    assert trend.locator("line[stroke-dasharray]").count() >= 1
    labels = [text.strip() for text in trend.locator("text[font-size='12']").all_text_contents()]
    assert sum(text.endswith("%") for text in labels) >= 4, labels  # series, each with its value
    assert any("2025" in text and "60%" in text for text in labels), labels  # the 2025 target
    boxes = sorted(
        box["y"]
        for box in (label.bounding_box() for label in trend.locator("text[font-size='12']").all())
    )
    assert all(b - a >= 8 for a, b in zip(boxes, boxes[1:], strict=False)), boxes  # no overlap
    assert page.locator("#trends table tbody tr").count() >= 3
    trend.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "programme-trend-1280.png"))
    funnel = page.locator("#funnel table tbody tr")
    # Accounts have no ward: "signed up to sell" is a dash with the reason below the table.
    assert funnel.nth(0).locator("td").first.inner_text() == "—"
    assert funnel.nth(1).locator("td").first.inner_text() == "2"
    assert page.locator("#funnel .programme-note").nth(1).is_visible()

    link = page.locator("#breakdowns a[href*='/export/by_sector.csv']")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert re.fullmatch(
        r"cho-so-by_sector-phuong-an-nhon-quan-go-vap-\d{8}-\d{4}\.csv", download.suggested_filename
    ), download.suggested_filename
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert "Phường An Nhơn (Quận Gò Vấp)" in rows[0][0]  # the filter line
    assert len(rows) == 3  # the filter line, the header and sector G: the two An Nhơn businesses
    assert rows[2][1] == "2"

    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#trends svg.programme-chart").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "programme-trend-390.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scroll
