"""The owner's form for connecting a payOS channel."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PayOSConnectForm(forms.Form):
    client_id = forms.CharField(
        label=_("Client ID"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    api_key = forms.CharField(
        label=_("API key"),
        max_length=100,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    checksum_key = forms.CharField(
        label=_("Checksum key"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_(
            "In payOS: Kênh thanh toán → your channel → Thông tin tích hợp. The three keys are "
            "stored encrypted and never shown again."
        ),
    )
