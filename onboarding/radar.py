"""The radar chart of the six dimensions, drawn as SVG on the server (no script, no CDN).

``radar()`` returns the geometry; ``onboarding/includes/radar.svg.html`` draws it. The numbers are
always printed in a table beside the chart, so the chart is never the only way to read them.
"""

import math
from dataclasses import dataclass

SIZE = 440
CENTRE_X = 220
CENTRE_Y = 165
RADIUS = 130
LABEL_RADIUS = 142
RINGS = (25, 50, 75, 100)


@dataclass(frozen=True)
class Axis:
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


def _point(index: int, count: int, value: float, radius: float = RADIUS) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = radius * value / 100
    return (
        round(CENTRE_X + distance * math.cos(angle), 1),
        round(CENTRE_Y + distance * math.sin(angle), 1),
    )


def _polygon(values: list[float]) -> str:
    return " ".join(
        f"{x},{y}" for x, y in (_point(i, len(values), v) for i, v in enumerate(values))
    )


def radar(*, labels: list[str], values: list[float], previous: list[float] | None = None) -> dict:
    """Geometry for labels and 0-100 values (and an optional earlier set drawn dashed)."""
    count = len(labels)
    axes = []
    for index, label in enumerate(labels):
        x, y = _point(index, count, 100)
        label_x, label_y = _point(index, count, 100, LABEL_RADIUS)
        anchor = (
            "middle" if abs(label_x - CENTRE_X) < 5 else ("start" if label_x > CENTRE_X else "end")
        )
        axes.append(Axis(label, x, y, label_x, label_y + 5, anchor))
    return {
        "size": SIZE,
        "height": 2 * CENTRE_Y,
        "cx": CENTRE_X,
        "cy": CENTRE_Y,
        "axes": axes,
        "rings": [_polygon([ring] * count) for ring in RINGS],
        "current": _polygon(values),
        "points": [_point(i, count, v) for i, v in enumerate(values)],
        "previous": _polygon(previous) if previous else "",
    }
