"""Draws a VietQR payload as a QR code, on our own server (never a hosted QR-image API).

``segno`` (pure Python) encodes the payload as a QR Code Model 2 symbol (ISO/IEC 18004), error
correction M so a printed counter code survives smudges, with the 4-module quiet zone the standard
asks for. ``svg`` returns inline SVG — one path on a white square, no script, style attribute,
font file or external reference, so it passes a strict Content-Security-Policy; ``png`` returns
image bytes for download and print. A caption (the shop's name) goes under the code; the PNG writes
it without diacritics because the font Pillow bundles has no Vietnamese glyphs (the SVG keeps them
and lets the viewer's fonts draw them).
"""

import io
from xml.sax.saxutils import escape, quoteattr

import segno
from PIL import Image, ImageDraw, ImageFont

from payments.vietqr.payload import fold

BORDER = 4  # quiet zone, in modules (ISO/IEC 18004)
_CAPTION_LINES = 5  # modules of height added under the code for a caption


def _symbol(payload: str) -> segno.QRCode:
    return segno.make(payload, error="m", micro=False, boost_error=False)


def _dark_path(qr: segno.QRCode) -> str:
    """One SVG path of the dark modules, a horizontal run per subpath, in module units."""
    parts = []
    for y, row in enumerate(qr.matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start + BORDER} {y + BORDER}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return "".join(parts)


def svg(payload: str, *, caption: str = "") -> str:
    """The QR code of ``payload`` as an inline ``<svg>`` element, scalable, with an optional caption."""
    qr = _symbol(payload)
    size = len(qr.matrix) + 2 * BORDER
    height = size + (_CAPTION_LINES if caption else 0)
    label = caption or "VietQR"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {height}" '
        f'role="img" aria-label={quoteattr(label)} shape-rendering="crispEdges">',
        f"<title>{escape(label)}</title>",
        f'<rect width="{size}" height="{height}" fill="#fff"/>',
        f'<path fill="#000" d="{_dark_path(qr)}"/>',
    ]
    if caption:
        # Roughly 0.55 em per character in a sans-serif face: shrink long names to fit the width.
        font_size = min(3.0, (size - 2) / (0.55 * len(caption)))
        parts.append(
            f'<text x="{size / 2:g}" y="{size + 2.5:g}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="{font_size:.2f}" fill="#000">{escape(caption)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def png(payload: str, *, scale: int = 8, caption: str = "") -> bytes:
    """The QR code of ``payload`` as PNG bytes, ``scale`` pixels per module, optional caption below."""
    if not isinstance(scale, int) or not 1 <= scale <= 40:
        raise ValueError("scale must be a whole number of pixels per module from 1 to 40")
    qr = _symbol(payload)
    out = io.BytesIO()
    qr.save(out, kind="png", scale=scale, border=BORDER)
    if not caption:
        return out.getvalue()
    code = Image.open(io.BytesIO(out.getvalue())).convert("L")
    width, height = code.size
    canvas = Image.new("L", (width, height + _CAPTION_LINES * scale), 255)
    canvas.paste(code, (0, 0))
    text = fold(caption)
    font_size = 3 * scale
    font = ImageFont.load_default(size=font_size)
    while font_size > 6 and font.getlength(text) > width - 2 * scale:
        font_size -= 1
        font = ImageFont.load_default(size=font_size)
    ImageDraw.Draw(canvas).text(
        (width / 2, height + 2.5 * scale), text, fill=0, font=font, anchor="mm"
    )
    result = io.BytesIO()
    canvas.save(result, format="PNG", optimize=True)
    return result.getvalue()
