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


def _label_ys(svg: str) -> dict[str, float]:
    """The y of each text drawn right of the plot (the end labels), by its whole text."""
    import re  # noqa: PLC0415

    return {
        (whole or shown): float(y)
        for x, y, whole, shown in re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)" font-size="12" fill="[^"]+">'
            r"(?:<title>([^<]*)</title>)?([^<]+)<",
            svg,
        )
        if float(x) > 400
    }


def test_every_series_and_target_is_labelled_at_its_end_without_overlap():
    months = ["2026-01", "2026-02", "2026-03"]
    svg = str(
        charts.lines(
            months,
            [
                charts.Line("Ready", [10.0, 30.0, 50.0], end_text="50%"),
                charts.Line("Assessed", [20.0, 40.0, 51.0], colour="#4a5560", end_text="51%"),
                charts.Line("Electronic", [None, 5.0, None], colour="#8a4b08", end_text="5%"),
            ],
            title="t",
            targets=[("Target 2025: 60%", 60.0), ("Target 2030: 85%", 85.0)],
        )
    )
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 1
    assert svg.count('stroke-dasharray="6 4"') == 2
    ys = _label_ys(svg)
    assert set(ys) == {
        "Ready 50%",
        "Assessed 51%",
        "Electronic 5%",
        "Target 2025: 60%",
        "Target 2030: 85%",
    }
    ordered = sorted(ys.values())
    assert all(b - a >= charts.LABEL_GAP for a, b in zip(ordered, ordered[1:], strict=False))
    # Each label sits by its line's last value: higher values higher up (smaller y).
    assert ys["Target 2030: 85%"] < ys["Target 2025: 60%"] < ys["Assessed 51%"] < ys["Ready 50%"]
    assert ys["Ready 50%"] < ys["Electronic 5%"]


def test_spread_keeps_labels_apart_and_inside():
    assert charts.spread([50, 50, 50], low=0, high=200) == [50, 64, 78]
    assert charts.spread([195, 196, 199], low=0, high=200) == [172, 186, 200]
    assert charts.spread([10, 100], low=20, high=200) == [20, 100]


def test_a_long_end_label_is_cut_but_keeps_its_value_and_a_tooltip():
    label = "Tỷ trọng doanh số thanh toán điện tử (%)"
    svg = str(
        charts.lines(
            ["2026-11", "2026-12"], [charts.Line(label, [40.0, 52.5], end_text="52,5%")], title="t"
        )
    )
    assert f"<title>{label} 52,5%</title>" in svg
    shown = svg.split(f"<title>{label} 52,5%</title>")[1].split("<")[0]
    assert shown.endswith("… 52,5%") and len(shown) <= charts.END_LABEL


def test_a_series_without_a_value_keeps_its_dash_when_cut():
    label = "Tỷ trọng doanh số thanh toán điện tử (%)"
    svg = str(charts.lines(["2026-12"], [charts.Line(label, [None], end_text="—")], title="t"))
    shown = svg.split(f"<title>{label} —</title>")[1].split("<")[0]
    assert shown.endswith("… —")
