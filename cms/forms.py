"""Filter forms of the public listings (GET forms: bad values become form errors, never a 500)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Sector

ANY = [("", _("All"))]


class GuideFilterForm(forms.Form):
    q = forms.CharField(label=_("Search guides"), required=False, max_length=100)
    dimension = forms.ChoiceField(label=_("Topic"), required=False)
    level = forms.TypedChoiceField(
        label=_("Your level"), required=False, coerce=int, empty_value=None
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=ANY + Sector.choices)

    def __init__(self, *args, dimensions, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = ANY + list(dimensions)
        self.fields["level"].choices = ANY + [(str(value), label) for value, label in levels]


class StorefrontFilterForm(forms.Form):
    ward = forms.ChoiceField(label=_("Ward"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args, wards, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Sector.choices)
        self.fields["ward"].choices = ANY + [(ward.code, ward.display_name) for ward in wards]
        self.fields["sector"].choices = ANY + [(code, labels[code]) for code in sectors]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search this shop"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = ANY + list(categories)
