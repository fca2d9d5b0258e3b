"""Charts of the dashboard drawn as SVG on the server: no script, no CDN, readable when printed.

Each function returns SVG markup (every text escaped) for the template to place beside a table of
the same numbers, so the chart is never the only way to read them.
"""

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

BAR = "#0b6e4f"
TARGET = "#b3261e"
GRID = "#d0d7de"
TEXT = "#1b1f23"
MUTED = "#4a5560"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no data (drawn as an empty row)
    text: str = ""  # the value as printed; defaults to the number
    target: float | None = None


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every piece below is escaped or a number
        f'<svg class="programme-chart" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _short(label: str, length: int) -> str:
    """``label`` cut to fit ``length`` characters, with an ellipsis when cut (the full label is in
    the chart's table and in the text's tooltip)."""
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def bars(items: list[Bar], *, title: str, maximum: float | None = None) -> SafeString:
    """Horizontal bars, one row per item, with an optional target tick on each."""
    label_width, bar_width, row = 250, 300, 30
    width, height = label_width + bar_width + 90, max(row * len(items) + 10, 40)
    top = (
        maximum
        or max([item.value or 0 for item in items] + [item.target or 0 for item in items])
        or 1
    )
    body = []
    for index, item in enumerate(items):
        y = 5 + index * row
        body.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="13" fill="{}">'
                "<title>{}</title>{}</text>",
                label_width - 8,
                y + 19,
                TEXT,
                item.label,
                _short(item.label, 32),
            )
        )
        length = round(bar_width * (item.value or 0) / top, 1)
        body.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="20" fill="{}" rx="2"/>',
                label_width,
                y + 4,
                length,
                BAR,
            )
        )
        text = item.text or ("—" if item.value is None else f"{item.value:g}")
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" fill="{}">{}</text>',
                label_width + length + 6,
                y + 19,
                TEXT,
                text,
            )
        )
        if item.target is not None:
            x = round(label_width + bar_width * item.target / top, 1)
            body.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" '
                    'stroke-dasharray="4 2"/>',
                    x,
                    y + 1,
                    x,
                    y + 27,
                    TARGET,
                )
            )
    return _svg(width, height, title, body)


@dataclass(frozen=True)
class Line:
    label: str
    values: list[float | None]
    colour: str = BAR
    end_text: str = ""  # the last value as printed beside the label at the line's end


END_LABEL = 34  # characters of an end label that fit the right margin at 12px
LABEL_GAP = 14  # the least distance between two end labels (px): 12px text stays apart


def spread(wanted: list[float], *, low: float, high: float, gap: float = LABEL_GAP) -> list[float]:
    """Label positions as near ``wanted`` as they can be while ``gap`` apart and within
    [``low``, ``high``] (y grows downwards); returned in the order given."""
    order = sorted(range(len(wanted)), key=lambda index: wanted[index])
    placed: list[float] = []
    for index in order:
        y = max(wanted[index], low, placed[-1] + gap if placed else low)
        placed.append(y)
    overflow = (placed[-1] - high) if placed else 0
    if overflow > 0:  # pushed past the bottom: slide the tail back up, keeping the gaps
        for position in range(len(placed) - 1, -1, -1):
            limit = high if position == len(placed) - 1 else placed[position + 1] - gap
            placed[position] = min(placed[position], limit)
    out = [0.0] * len(wanted)
    for index, y in zip(order, placed, strict=True):
        out[index] = round(y, 1)
    return out


def lines(
    months: list[str],
    series: list[Line],
    *,
    title: str,
    targets: list[tuple[str, float]] = (),
    maximum: float = 100,
    unit: str = "%",
) -> SafeString:
    """Lines over months (y from 0 to ``maximum``) with each target drawn as a dashed line."""
    width, height, left, right, top, bottom = 720, 280, 44, 220, 14, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    count = max(len(months), 1)

    def x(index):
        return round(left + (plot_w * index / (count - 1) if count > 1 else plot_w / 2), 1)

    def y(value):
        return round(top + plot_h * (1 - min(value, maximum) / maximum), 1)

    body = []
    for tick in range(0, 5):
        value = maximum * tick / 4
        body.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
                '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}">{}{}</text>',
                left,
                y(value),
                left + plot_w,
                y(value),
                GRID,
                left - 4,
                y(value) + 4,
                MUTED,
                f"{value:g}",
                unit,
            )
        )
    step = max(1, count // 6)
    for index, month in enumerate(months):
        if index % step == 0 or index == count - 1:
            body.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                    x(index),
                    height - bottom + 16,
                    MUTED,
                    month,
                )
            )
    # End labels: each series at its last value, each target at its line, none overlapping.
    labels: list[tuple[float, str, str, str]] = []  # (y wanted, name, value, colour)
    for label, value in targets:
        body.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
                'stroke-dasharray="6 4"/>',
                left,
                y(value),
                left + plot_w,
                y(value),
                TARGET,
            )
        )
        labels.append((y(value), label, "", TARGET))
    for line in series:
        points = [
            f"{x(index)},{y(value)}" for index, value in enumerate(line.values) if value is not None
        ]
        if len(points) == 1:  # a single month draws a dot, not an invisible line
            point_x, point_y = points[0].split(",")
            body.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="4" fill="{}"/>', point_x, point_y, line.colour
                )
            )
        elif points:
            body.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="3"/>',
                    " ".join(points),
                    line.colour,
                )
            )
        last = next((v for v in reversed(line.values) if v is not None), None)
        labels.append(
            (y(last) if last is not None else top + plot_h, line.label, line.end_text, line.colour)
        )
    positions = spread([label[0] for label in labels], low=top + 4, high=top + plot_h + 4)
    for (_wanted, name, value, colour), label_y in zip(labels, positions, strict=True):
        # Cut to fit the margin, keeping the value at its end; the whole text is the tooltip.
        text = f"{name} {value}".strip()
        shown = f"{_short(name, END_LABEL - len(value) - 1)} {value}".strip()
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" fill="{}"><title>{}</title>{}</text>',
                left + plot_w + 6,
                label_y + 4,
                colour,
                text,
                shown,
            )
        )
    return _svg(width, height, title, body)
