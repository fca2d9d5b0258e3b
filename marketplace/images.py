"""Validation and re-encoding of uploaded pictures (security spec, "Input and resources").

Only JPEG, PNG and WebP are opened, judged by the decoded format and never by the client's
Content-Type or file name. The pixel count is checked from the header before any decoding, and
Pillow's decompression-bomb warning is an error. The file is ``verify()``-ed, opened again (verify
leaves the object unusable), decoded, turned upright by its EXIF orientation and saved anew, which
drops EXIF and GPS. Stored names are random.
"""

import io
import secrets
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    name: str
    width: int
    height: int
    format: str


def max_upload_bytes() -> int:
    return settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE


def max_pixels() -> int:
    return settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS


def _invalid(message: str, code: str) -> ValidationError:
    return ValidationError({"file": [ValidationError(message, code=code)]})


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
    too_big = _invalid(
        _("The picture has too many pixels: the limit is %(mp)d megapixels.")
        % {"mp": max_pixels() // 1_000_000},
        "too_many_pixels",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as probe:
                width, height = probe.size
                if width * height > max_pixels():
                    raise too_big
                probe.verify()
            with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as picture:
                fmt = picture.format
                picture.load()
                upright = ImageOps.exif_transpose(picture)
        except ValidationError:
            raise
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise too_big from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise not_image from exc
    return _encode(upright, fmt)


def _encode(picture: Image.Image, fmt: str) -> CleanImage:
    out = io.BytesIO()
    if fmt == "JPEG":
        picture = picture.convert("RGB")
        picture.save(out, "JPEG", quality=88, optimize=True)
    elif fmt == "PNG":
        if picture.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            picture = picture.convert("RGBA")
        picture.save(out, "PNG", optimize=True)
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
