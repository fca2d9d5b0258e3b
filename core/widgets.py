"""Wagtail's slug input, folding Vietnamese letters before it makes a slug in the browser."""

from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import SlugInput

from core.text import SLUG_FORMATTERS


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug input; "cửa hàng nhỏ" makes "cua-hang-nho" (Wagtail alone: "ca-hang-nh")."""

    def __init__(self, attrs=None, *, formatters=(), **kwargs):
        super().__init__(attrs, formatters=[*SLUG_FORMATTERS, *formatters], **kwargs)


def use_vietnamese_slug_input() -> None:
    """Every slug field of the Wagtail admin's model forms (page slugs included) uses it."""
    register_form_field_override(models.SlugField, override={"widget": VietnameseSlugInput})
