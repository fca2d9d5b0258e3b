"""The dashboard's filters: what a manager may combine, validated before any figure is computed.

``Filters`` is the validated, hashable form of a filter set (it keys the cache and the export
links); ``FilterForm`` turns query parameters into one, naming each unknown value.
"""

import datetime
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import BusinessType, Sector, SizeBand, Ward

MONTH_FORMAT = "%Y-%m"


@dataclass(frozen=True)
class Filters:
    ward: str = ""
    district: str = ""
    sector: str = ""
    size_band: str = ""
    business_type: str = ""
    joined_from: str = ""  # "YYYY-MM", inclusive
    joined_to: str = ""  # "YYYY-MM", inclusive

    @property
    def key(self) -> str:
        return "|".join(f"{name}={value}" for name, value in asdict(self).items())

    @property
    def query_string(self) -> str:
        return urlencode({name: value for name, value in asdict(self).items() if value})

    @property
    def is_empty(self) -> bool:
        return not any(asdict(self).values())

    def joined_range(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """Aware datetimes [start, end) in the city's time zone for the joining months."""
        tz = timezone.get_current_timezone()
        start = end = None
        if self.joined_from:
            month = datetime.datetime.strptime(self.joined_from, MONTH_FORMAT)
            start = timezone.make_aware(month, tz)
        if self.joined_to:
            month = datetime.datetime.strptime(self.joined_to, MONTH_FORMAT)
            following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            end = timezone.make_aware(following, tz)
        return start, end


def districts() -> list[str]:
    """Every former district named by a ward (wards made from several list them with "; ")."""
    names = set()
    for value in Ward.objects.values_list("former_district", flat=True):
        names.update(part.strip() for part in value.split(";") if part.strip())
    return sorted(names)


def ward_codes_in_district(district: str) -> list[str]:
    return [
        code
        for code, value in Ward.objects.values_list("code", "former_district")
        if district in (part.strip() for part in value.split(";"))
    ]


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, e.g. 2026-03.")}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        try:
            month = datetime.datetime.strptime(value, MONTH_FORMAT)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if month.year < 2000:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month.strftime(MONTH_FORMAT)


def _choice_message(label):
    return _("Unknown %(label)s “%(value)s”: choose one from the list.") % {
        "label": label,
        "value": "%(value)s",
    }


class FilterForm(forms.Form):
    """GET filters of the dashboard and its exports; every field is optional and they combine."""

    ward = forms.CharField(
        label=_("Ward or commune"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"list": "programme-wards", "autocomplete": "off"}),
        help_text=_("Type a name or code and pick from the list."),
    )
    district = forms.ChoiceField(label=_("Former district"), required=False)
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
    size_band = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("All sizes")), *SizeBand.choices]
    )
    business_type = forms.ChoiceField(
        label=_("Household or company"),
        required=False,
        choices=[("", _("Both")), *BusinessType.choices],
    )
    joined_from = MonthField(label=_("Joined from (month)"), required=False)
    joined_to = MonthField(label=_("Joined until (month)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [
            ("", _("All former districts")),
            *((name, name) for name in districts()),
        ]
        for name in ("district", "sector", "size_band", "business_type"):
            field = self.fields[name]
            field.error_messages["invalid_choice"] = _choice_message(field.label.lower())

    def clean_ward(self):
        code = self.cleaned_data["ward"].strip()
        if code and not Ward.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("Unknown ward or commune “%(value)s”: choose one from the list."),
                code="invalid_choice",
                params={"value": code},
            )
        return code

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("joined_from"), cleaned.get("joined_to")
        if start and end and start > end:
            raise forms.ValidationError(
                _(
                    "The joining months are the wrong way round: “from” (%(start)s) is after "
                    "“until” (%(end)s)."
                ),
                code="range",
                params={"start": start, "end": end},
            )
        return cleaned

    def filters(self) -> Filters:
        """The validated filters; call only after ``is_valid()`` returned True."""
        return Filters(
            **{name: self.cleaned_data.get(name) or "" for name in Filters.__annotations__}
        )

    def first_errors(self) -> list[str]:
        return [str(message) for errors in self.errors.values() for message in errors]


def wards_for_datalist() -> list[Ward]:
    return list(Ward.objects.only("code", "full_name", "full_name_en", "former_district"))
