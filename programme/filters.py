"""The dashboard's filters: what a manager may combine, validated before any figure is computed.

``Filters`` is the validated, hashable form of a filter set (it keys the cache and the export
links); ``FilterForm`` turns query parameters into one, naming each unknown value. A ward or a
former district is typed by name, with or without diacritics ("ben thanh" is Phường Bến Thành),
or by its code; an unknown name is answered with the closest names.
"""

import datetime
import difflib
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import BusinessType, Sector, SizeBand, Ward
from accounts.selectors import ward_search
from accounts.text import fold

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
    widget = forms.TextInput(attrs={"type": "month", "placeholder": _("e.g. 2026-03")})
    default_error_messages = {
        "invalid": _("Enter a month as YYYY-MM, e.g. 2026-03."),
        "future": _("%(month)s is in the future: choose this month or an earlier one."),
    }

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
        value = month.strftime(MONTH_FORMAT)
        if value > timezone.localtime().strftime(MONTH_FORMAT):
            raise forms.ValidationError(
                self.error_messages["future"], code="future", params={"month": value}
            )
        return value


CLOSEST = 3


def _closest(typed: str, names: dict[str, str]) -> list[str]:
    """Up to ``CLOSEST`` of ``names`` (folded name -> shown name) nearest to what was typed."""
    folded = fold(typed)
    found = difflib.get_close_matches(folded, list(names), n=CLOSEST, cutoff=0.5)
    if not found:
        found = [name for name in names if any(word in name for word in folded.split())]
    return [names[name] for name in found[:CLOSEST]]


def _unknown(what, typed: str, closest: list[str]) -> forms.ValidationError:
    if closest:
        return forms.ValidationError(
            _("Unknown %(what)s “%(value)s”. Did you mean: %(closest)s?"),
            code="invalid_choice",
            params={"what": what, "value": typed, "closest": "; ".join(closest)},
        )
    return forms.ValidationError(
        _("Unknown %(what)s “%(value)s”: type a name from the list."),
        code="invalid_choice",
        params={"what": what, "value": typed},
    )


def _ward_label(ward: Ward) -> str:
    return f"{ward.full_name} ({ward.former_district})"


def ward_code(typed: str) -> str:
    """The code of the ward named (or coded) by ``typed``; a ValidationError naming the closest
    wards when none or several match."""
    wards = list(Ward.objects.only("code", "name", "full_name", "full_name_en", "former_district"))
    by_code = {ward.code: ward for ward in wards}
    if typed in by_code:
        return typed
    wanted = fold(typed)
    # A suggestion picked from the list reads "Phường Bến Thành (Quận 1)".
    matches = [
        ward
        for ward in wards
        if wanted
        in {fold(ward.name), fold(ward.full_name), fold(ward.full_name_en), fold(_ward_label(ward))}
    ]
    if not matches:
        matches = list(ward_search(query=typed, limit=CLOSEST + 1)) if wanted else []
    if len(matches) == 1:
        return matches[0].code
    if matches:
        closest = [_ward_label(ward) for ward in matches[:CLOSEST]]
    else:
        closest = _closest(typed, {fold(ward.full_name): _ward_label(ward) for ward in wards})
    raise _unknown(_("ward or commune"), typed, closest)


def district_name(typed: str) -> str:
    """The former district named by ``typed`` (with or without diacritics)."""
    names = {fold(name): name for name in districts()}
    wanted = fold(typed)
    if wanted in names:
        return names[wanted]
    raise _unknown(_("former district"), typed, _closest(typed, names))


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
        widget=forms.TextInput(attrs={"list": "programme-wards", "autocomplete": "off"}),
        help_text=_("Type a name, with or without diacritics, or a code."),
    )
    district = forms.CharField(
        label=_("Former district"),
        required=False,
        widget=forms.TextInput(attrs={"list": "programme-districts", "autocomplete": "off"}),
        help_text=_("Type a name, with or without diacritics."),
    )
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
        for name in ("sector", "size_band", "business_type"):
            field = self.fields[name]
            field.error_messages["invalid_choice"] = _choice_message(field.label.lower())

    def clean_ward(self):
        typed = " ".join(self.cleaned_data["ward"].split())
        return ward_code(typed) if typed else ""

    def clean_district(self):
        typed = " ".join(self.cleaned_data["district"].split())
        return district_name(typed) if typed else ""

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


def wards_for_datalist() -> list[str]:
    """The suggestions of the ward field, as a manager would type them."""
    return [
        _ward_label(ward)
        for ward in Ward.objects.only("full_name", "former_district").order_by("name")
    ]


def describe(filters: Filters) -> list[tuple[str, str, str]]:
    """The filters as (name, label, value) a reader understands (names, not codes)."""
    form = FilterForm()
    out = []
    for name, value in asdict(filters).items():
        if not value:
            continue
        field = form.fields[name]
        if name == "ward":
            ward = Ward.objects.filter(code=value).only("full_name", "former_district").first()
            value = _ward_label(ward) if ward else value
        elif isinstance(field, forms.ChoiceField):
            value = str(dict(field.choices).get(value, value))
        out.append((name, str(field.label), value))
    return out
