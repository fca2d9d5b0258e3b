"""The consent form shown to an owner when a city service asks for a business profile."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oauth2_provider.forms import AllowForm


class ShareForm(AllowForm):
    business = forms.TypedChoiceField(
        label=_("Business to share"), coerce=int, required=False, empty_value=None
    )
