"""The one form field and widget for amounts of đồng, used by every form that takes money.

``VNDField`` reads what people type (``85.000``, ``85 000``, ``85.000 ₫``, ``85,000``) through
``core.money.parse_vnd`` and cleans to a whole number; ``VNDInput`` is a text input with a numeric
keypad (``type=number`` would read ``85.000`` as 85) that shows the amount grouped the way the
active language writes it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.money import AmountError, group_thousands, parse_vnd


class VNDInput(forms.TextInput):
    """A text input for đồng: numeric keypad on phones, the value shown as 85.000 (vi) or 85,000."""

    def __init__(self, attrs=None):
        defaults = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        # An int is a stored or cleaned amount; anything else is what the person typed, shown back
        # untouched beside its error.
        if isinstance(value, int) and not isinstance(value, bool):
            return group_thousands(value)
        return super().format_value(value)


class VNDField(forms.IntegerField):
    """A whole, non-negative amount of đồng, typed the Vietnamese or the English way."""

    widget = VNDInput
    default_error_messages = {
        "min_value": _("Enter an amount of at least %(limit_value)s đồng."),
        "max_value": _("Enter an amount of at most %(limit_value)s đồng."),
    }

    def __init__(self, *, min_value=0, max_value=None, **kwargs):
        kwargs.pop("step_size", None)
        super().__init__(min_value=max(min_value or 0, 0), max_value=max_value, **kwargs)
        # IntegerField's own validators show the limits unformatted; ours group them (85.000).
        self.validators = [
            v for v in self.validators if getattr(v, "code", "") not in {"min_value", "max_value"}
        ]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            amount = value
        else:
            try:
                amount = parse_vnd(value)
            except AmountError as exc:
                raise ValidationError(exc.message, code=exc.code) from exc
        if amount is None:
            return None
        return amount

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit_value": group_thousands(self.min_value)},
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit_value": group_thousands(self.max_value)},
            )

    def widget_attrs(self, widget):
        # No min/max/step attributes: they belong to number inputs, which this field never uses.
        return forms.Field.widget_attrs(self, widget)
