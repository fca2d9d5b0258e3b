"""Percentages read one way per locale, in the charts and the tables alike."""

import re

import pytest

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/programme/"


def test_a_share_is_written_the_same_way_in_chart_and_table(manager_client, city):
    html = manager_client.get(DASHBOARD).content.decode()
    # E-payment ready: 3 of 7 businesses. Vietnamese writes a decimal comma, everywhere.
    assert "42,9%" in html  # the indicators chart and the trend's end label
    assert re.search(r"<td[^>]*>\s*42,9\s*</td>", html)  # the table beside it
    assert "42.9%" not in html and not re.search(r">\s*42\.9\s*<", html)  # (SVG coordinates aside)


def test_english_writes_a_decimal_point_everywhere(manager_client, city, settings):
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = manager_client.get(DASHBOARD, headers={"accept-language": "en"}).content.decode()
    if "E-payment ready" not in html:
        pytest.skip("the workspace follows the account's language here, not the request's")
    assert "42.9%" in html
    assert re.search(r"<td[^>]*>\s*42\.9\s*</td>", html)
    assert "42,9%" not in html and not re.search(r">\s*42,9\s*<", html)
