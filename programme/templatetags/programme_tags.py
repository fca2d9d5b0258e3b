"""Formatting of dashboard table cells."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def cell(value):
    """A table value as shown: an em dash for no data, numbers in the active locale's format."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, use_l10n=True)
    if isinstance(value, int):
        return number_format(value, use_l10n=True, force_grouping=True)
    return value
