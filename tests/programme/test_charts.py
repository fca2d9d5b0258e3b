"""The dashboard's SVG charts: long labels are cut to fit, with the full text as a tooltip."""

from programme import charts


def test_long_bar_labels_are_cut_with_an_ellipsis_and_keep_a_tooltip():
    label = "Share of assessed businesses re-assessed within the year"
    svg = str(charts.bars([charts.Bar(label, 66.7), charts.Bar("Short", 10)], title="t"))
    assert f"<title>{label}</title>" in svg
    assert "Share of assessed businesses re…<" in svg
    assert ">Short<" in svg


def test_a_series_of_one_month_is_drawn_as_a_dot():
    svg = str(charts.lines(["2026-12"], [charts.Line("Ready", [42.9])], title="t"))
    assert "<circle" in svg and "<polyline" not in svg
    svg = str(charts.lines(["2026-11", "2026-12"], [charts.Line("Ready", [40.0, 42.9])], title="t"))
    assert "<polyline" in svg
