"""Forms of the privacy centre: they shape and label the input; the services hold the rules."""

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from privacy import rights
from privacy.models import RequestKind

# Labels of the privacy choices other apps' forms ask (signup, checkout): translated here.
MARKETING_HELP_SIGNUP = _("Optional. You can withdraw it at any time under My privacy.")
MARKETING_LABEL_CHECKOUT = _("Send me news and offers")
MARKETING_HELP_CHECKOUT = _("Optional, by email. Each one has a link to stop them.")
SAVE_ADDRESS_LABEL = _("Save this address in my address book")
# The business profile's two purposes (asked per business, off by default).
PROGRAMME_HELP_PROFILE = _(
    "Optional. The programme's advisers may then see this profile and call you about support. "
    "Untick it at any time, here or under My privacy: the business leaves their list at once."
)
RESEARCH_HELP_PROFILE = _(
    "Optional. Your maturity-check answers may then be studied, without your business's name, in "
    "the programme's research. Untick it at any time, here or under My privacy."
)


def normalise_phone(value: str) -> str:
    """A Vietnamese phone number as E.164, or a form error (``phonenumbers``, region VN)."""
    message = _("Enter a Vietnamese phone number, e.g. 0903 123 456.")
    try:
        number = phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException as exc:
        raise forms.ValidationError(message) from exc
    if not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(message)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def national(e164: str) -> str:
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "VN")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


class DetailsForm(forms.Form):
    first_name = forms.CharField(
        label=_("Given name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Family name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return normalise_phone(value) if value else ""


class AddressForm(forms.Form):
    label = forms.CharField(
        label=_("Label (optional)"),
        max_length=60,
        required=False,
        help_text=_("E.g. Home, Work."),
    )
    contact_name = forms.CharField(
        label=_("Full name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    street_address = forms.CharField(
        label=_("Street address"),
        max_length=255,
        help_text=_("House number and street, e.g. 45 Lê Thánh Tôn."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    ward_code = forms.ChoiceField(label=_("Ward or commune"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward_code"].choices = [
            ("", _("Choose a ward")),
            *rights.lookup("wards")(),
        ]

    def clean_phone(self):
        return normalise_phone(self.cleaned_data["phone"].strip())


class DeleteAccountForm(forms.Form):
    """Deleting is confirmed with the password; each shared business names who takes it over."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_("I understand that my account is deleted for good and cannot be restored."),
    )

    def __init__(self, *args, user, handovers, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.handovers = handovers
        for needed in handovers:
            self.fields[f"handover_{needed.business_id}"] = forms.TypedChoiceField(
                label=_("Who takes over %(business)s?") % {"business": needed.name},
                choices=[("", "---------"), *needed.members],
                coerce=int,
            )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not right."))
        return password

    def handover(self) -> dict[int, int]:
        return {
            needed.business_id: self.cleaned_data[f"handover_{needed.business_id}"]
            for needed in self.handovers
        }


class RequestForm(forms.Form):
    """A correction or objection the person cannot do themselves: goes to the DPO's queue."""

    kind = forms.ChoiceField(
        label=_("What do you ask?"),
        choices=[
            (RequestKind.CORRECTION, _("Correct data I cannot change here")),
            (RequestKind.OBJECTION, _("Object to a use of my data")),
        ],
    )
    details = forms.CharField(
        label=_("Details"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class GuestRequestForm(forms.Form):
    email = forms.EmailField(label=_("Email given with the order"))
    order_number = forms.CharField(
        label=_("Order number"), max_length=40, help_text=_("As in the confirmation email.")
    )
    kind = forms.ChoiceField(
        label=_("What do you ask?"),
        choices=[
            (RequestKind.DELETION, _("Delete my contact details from this order")),
            (RequestKind.ACCESS, _("Send me the data you hold about this order")),
        ],
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
