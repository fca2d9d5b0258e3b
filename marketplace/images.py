"""Validation and re-encoding of uploaded pictures (security spec, "Input and resources"; issue #13).

Only JPEG, PNG and WebP are opened, judged by the decoded format and never by the client's
Content-Type or file name. Everything that bounds the work is read from the header before a single
pixel is decoded: the pixel count (at most ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``; at most
``MAX_DECODED_PIXELS`` for PNG and WebP, which can only be decoded whole), the mode and the bit
depth (8 bits per channel). A JPEG is decoded at a reduced scale (``draft``) when it is larger than
what is stored, so a 40-megapixel photo costs a tenth of its size in memory. The picture is then
shrunk to at most ``MAX_EDGE`` pixels a side (the largest size the pages use is 1600), turned
upright by its EXIF orientation, converted to sRGB when it carries a colour profile, and saved anew
without any metadata (no EXIF, GPS, XMP, ICC profile or comments). Stored names are random.

Callers run this outside any transaction: decoding holds no lock. Uploads are also counted per
user (``picture_upload_wait``), whichever door they come through (the API or Wagtail's forms).
"""

import io
import math
import secrets
import time
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from rest_framework.settings import api_settings

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Modes each format may decode to; anything else (16-bit grey, 32-bit integer or float) is refused.
MODES = {
    "JPEG": {"L", "RGB", "CMYK"},
    "PNG": {"1", "L", "LA", "P", "RGB", "RGBA"},
    "WEBP": {"RGB", "RGBA"},
}
MAX_DECODED_PIXELS = 16_000_000  # 64 MB as RGBA: the most any upload may decode to
MAX_EDGE = 2560  # stored originals; renditions go up to 1600
SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    name: str
    width: int
    height: int
    format: str

    def as_file(self) -> "CleanImageFile":
        return CleanImageFile(self.content, name=self.name)


class CleanImageFile(ContentFile):
    """The bytes ``clean_upload`` wrote: a picture with no metadata under a random name. The image
    model re-encodes any other file it is given (``cms.services.image_file_strip``)."""


def max_upload_bytes() -> int:
    return settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE


def max_pixels() -> int:
    return settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


def _invalid(message: str, code: str) -> ValidationError:
    return ValidationError({"file": [ValidationError(message, code=code)]})


def _too_many_pixels(limit: int) -> ValidationError:
    return _invalid(
        _("The picture has too many pixels: the limit is %(mp)d megapixels.")
        % {"mp": limit // 1_000_000},
        "too_many_pixels",
    )


def _png_bit_depth(data: bytes) -> int:
    # IHDR is the first chunk: 8-byte signature, length, type, width, height, then the bit depth.
    return data[24] if len(data) > 24 else 0


def _check_header(probe: Image.Image, data: bytes) -> None:
    """Refuses, before decoding, what would cost too much or is not an ordinary picture."""
    width, height = probe.size
    if width * height > max_pixels():
        raise _too_many_pixels(max_pixels())
    if probe.format != "JPEG" and width * height > MAX_DECODED_PIXELS:
        raise _too_many_pixels(MAX_DECODED_PIXELS)
    depth = _png_bit_depth(data) if probe.format == "PNG" else getattr(probe, "bits", 8)
    if probe.mode not in MODES[probe.format] or depth > 8:
        raise _invalid(
            _("This picture uses more than 8 bits per colour: save it as an ordinary JPEG or PNG."),
            "unsupported_depth",
        )


def _decode(data: bytes) -> Image.Image:
    """Opens, checks and decodes the picture, at a reduced scale where the format allows."""
    with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as probe:
        _check_header(probe, data)
        probe.verify()
    picture = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    if picture.format == "JPEG":
        # Decodes at 1/2, 1/4 or 1/8 scale while still at least the size that will be stored.
        width, height = picture.size
        ratio = min(1.0, MAX_EDGE / max(width, height))
        picture.draft(None, (math.ceil(width * ratio), math.ceil(height * ratio)))
        width, height = picture.size
        if width * height > MAX_DECODED_PIXELS:
            raise _too_many_pixels(MAX_DECODED_PIXELS)
    picture.load()
    return picture


def _normalise(picture: Image.Image, profile: bytes | None) -> Image.Image:
    """Plain 8-bit grey or sRGB pixels; the colours of wide-gamut phone photos are kept once
    their profile is dropped, and palette transparency becomes an alpha channel."""
    if picture.mode == "P":
        return picture.convert("RGBA" if "transparency" in picture.info else "RGB")
    if picture.mode == "1":
        return picture.convert("L")
    if picture.mode not in ("RGB", "RGBA", "CMYK"):
        return picture
    target = "RGBA" if picture.mode == "RGBA" else "RGB"
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(picture, source, SRGB, outputMode=target)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unreadable profile: the plain conversion below
    return picture if picture.mode == target else picture.convert(target)


def clean_upload(upload) -> CleanImage:
    """Returns the re-encoded picture, or raises ValidationError on the ``file`` field."""
    size = getattr(upload, "size", None)
    if size is None or size > max_upload_bytes():
        raise _invalid(
            _("The file is too large: the limit is %(mb)d MB.")
            % {"mb": max_upload_bytes() // (1024 * 1024)},
            "file_too_large",
        )
    upload.seek(0)
    data = upload.read(max_upload_bytes() + 1)
    if not data:
        raise _invalid(_("The file is empty."), "empty")
    not_image = _invalid(
        _("This file is not a picture we accept: upload a JPEG, PNG or WebP image."),
        "invalid_image",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = _decode(data)
            fmt = picture.format
            profile = picture.info.get("icc_profile")
            picture.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS, reducing_gap=2.0)
            ImageOps.exif_transpose(picture, in_place=True)
            upright = _normalise(picture, profile)
        except ValidationError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise _too_many_pixels(max_pixels()) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise not_image from exc
    return _encode(upright, fmt)


def _encode(picture: Image.Image, fmt: str) -> CleanImage:
    picture.info = {}  # nothing read from the upload is written back
    out = io.BytesIO()
    if fmt == "JPEG":
        picture = picture.convert("RGB")
        picture.save(out, "JPEG", quality=88, optimize=True)
    elif fmt == "PNG":
        if picture.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            picture = picture.convert("RGBA")
        picture.save(out, "PNG")
    else:
        if picture.mode not in ("RGB", "RGBA"):
            picture = picture.convert("RGBA")
        picture.save(out, "WEBP", quality=85)
    return CleanImage(
        content=out.getvalue(),
        name=f"{secrets.token_hex(16)}.{EXTENSIONS[fmt]}",
        width=picture.width,
        height=picture.height,
        format=fmt,
    )


def _upload_rate() -> tuple[int, int] | None:
    rate = api_settings.DEFAULT_THROTTLE_RATES.get("uploads")
    if not rate:
        return None
    count, period = rate.split("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


def picture_upload_wait(*, user) -> int:
    """Counts one picture upload by ``user`` against the ``uploads`` rate (one counter for the
    API and Wagtail's forms, in fixed windows); returns 0 when allowed, else the seconds until
    the next window."""
    rate = _upload_rate()
    if rate is None or user is None or not user.is_authenticated:
        return 0
    allowed, duration = rate
    now = time.time()
    window = int(now // duration)
    key = f"picture-uploads:{user.pk}:{duration}:{window}"
    if cache.add(key, 1, timeout=duration + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, timeout=duration + 1)
            count = 1
    if count <= allowed:
        return 0
    return max(1, int((window + 1) * duration - now))


def too_many_uploads_message(wait: int) -> str:
    return _(
        "You have uploaded many pictures in a short time: try again in %(minutes)d minutes."
    ) % {"minutes": max(1, (wait + 59) // 60)}
