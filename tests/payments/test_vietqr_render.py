"""QR rendering: the image, decoded back with zxing-cpp, carries exactly the payload; SVG is CSP-clean."""

import io
import re
import xml.etree.ElementTree as ET

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from payments.vietqr import render
from payments.vietqr.payload import build

PAYLOAD = build(bin="970436", account="0011001932418", amount=150000, memo="DH12345")
SVG_NS = "{http://www.w3.org/2000/svg}"


def decode(image: Image.Image) -> list[str]:
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


def rasterize_svg(svg: str, *, scale: int = 6) -> Image.Image:
    """Draws our SVG's path (runs of ``M x y h n v1 h-n z``) the way a browser would, in pixels."""
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    image = Image.new("L", (int(width * scale), int(height * scale)), 255)
    draw = ImageDraw.Draw(image)
    path = root.find(f"{SVG_NS}path").get("d")
    runs = re.findall(r"M(\d+) (\d+)h(\d+)v1h-\3z", path)
    assert "".join(f"M{x} {y}h{n}v1h-{n}z" for x, y, n in runs) == path
    for x, y, n in runs:
        x, y, n = int(x), int(y), int(n)
        draw.rectangle([x * scale, y * scale, (x + n) * scale - 1, (y + 1) * scale - 1], fill=0)
    return image


@pytest.mark.parametrize("caption", ["", "Tiệm Bánh Mì Cô Ba — Quận 1"])
def test_png_decodes_back_to_the_payload(caption):
    image = Image.open(io.BytesIO(render.png(PAYLOAD, caption=caption)))
    assert image.format == "PNG"
    assert decode(image) == [PAYLOAD]


@pytest.mark.parametrize("caption", ["", "Tiệm Bánh Mì Cô Ba"])
def test_svg_decodes_back_to_the_payload(caption):
    assert decode(rasterize_svg(render.svg(PAYLOAD, caption=caption))) == [PAYLOAD]


@settings(max_examples=40, deadline=None)
@given(
    account=st.text(alphabet="0123456789", min_size=6, max_size=19),
    amount=st.none() | st.integers(min_value=1, max_value=10**13 - 1),
    memo=st.text(alphabet="ABCDEFGHJKMNPQRSTVWXYZ0123456789", max_size=25),
)
def test_any_payload_survives_png_and_svg(account, amount, memo):
    payload = build(bin="970422", account=account, amount=amount, memo=memo)
    assert decode(Image.open(io.BytesIO(render.png(payload, scale=4)))) == [payload]
    assert decode(rasterize_svg(render.svg(payload), scale=4)) == [payload]


def test_png_scale_sets_pixels_per_module():
    small = Image.open(io.BytesIO(render.png(PAYLOAD, scale=2)))
    large = Image.open(io.BytesIO(render.png(PAYLOAD, scale=10)))
    assert large.size == (small.size[0] * 5, small.size[1] * 5)
    assert small.size == (
        2 * (37 + 8),
        2 * (37 + 8),
    )  # version 5 at error level M, 4-module quiet zone


@pytest.mark.parametrize("scale", [0, 41, 2.5])
def test_png_refuses_bad_scale(scale):
    with pytest.raises(ValueError):
        render.png(PAYLOAD, scale=scale)


def test_png_caption_adds_a_band_below():
    plain = Image.open(io.BytesIO(render.png(PAYLOAD)))
    captioned = Image.open(io.BytesIO(render.png(PAYLOAD, caption="Cô Ba")))
    assert captioned.size == (plain.size[0], plain.size[1] + 5 * 8)
    band = captioned.crop((0, plain.size[1], plain.size[0], captioned.size[1])).convert("L")
    assert band.getextrema()[0] < 128  # something dark was written in the band


def test_svg_is_inline_and_csp_clean():
    svg = render.svg(PAYLOAD, caption='Cô Ba <script>alert("x")</script> & Co')
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert not svg.startswith("<?xml")
    for element in root.iter():
        assert element.tag not in {
            f"{SVG_NS}script",
            f"{SVG_NS}style",
            f"{SVG_NS}image",
            f"{SVG_NS}foreignObject",
        }
        assert "style" not in element.attrib
        assert not any(name.startswith("on") for name in element.attrib)
        assert not any("href" in name for name in element.attrib)
    assert "url(" not in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert root.find(f"{SVG_NS}title").text == 'Cô Ba <script>alert("x")</script> & Co'
    assert root.find(f"{SVG_NS}text").text == 'Cô Ba <script>alert("x")</script> & Co'
    assert root.get("role") == "img"


def test_svg_without_caption_has_a_label_and_no_text():
    root = ET.fromstring(render.svg(PAYLOAD))
    assert root.get("aria-label") == "VietQR"
    assert root.find(f"{SVG_NS}text") is None
    assert root.get("viewBox") == "0 0 45 45"
