"""Forms of the accounts app. Rules live in the services; forms only shape and label the input."""

from urllib.parse import urlsplit

from allauth.core import context as allauth_context
from django import forms
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Business, BusinessType, JoinedAs, Sector, User, Ward
from accounts.validators import format_phone_national
from core.events import AccountChanged, publish
from core.forms import VNDField
from privacy.forms import MARKETING_HELP_SIGNUP, PROGRAMME_HELP_PROFILE, RESEARCH_HELP_PROFILE
from privacy.models import ConsentPurpose, ConsentSource
from privacy.selectors import business_consents
from privacy.services import consent_give


class WardSelect(forms.Select):
    """A select whose options carry folded search text, for the filter box beside it."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        ward = getattr(value, "instance", None)
        if ward is not None:
            option["attrs"]["data-search"] = ward.search_text
        return option


class WardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, ward):
        english = get_language() == "en"
        name = ward.full_name_en if english else ward.full_name
        return _("%(name)s (formerly: %(district)s)") % {
            "name": name,
            "district": ward.former_district.replace("; ", ", "),
        }


class BusinessProfileForm(forms.Form):
    legal_name = forms.CharField(
        label=_("Legal name"),
        max_length=255,
        help_text=_("As on the business registration certificate."),
    )
    trading_name = forms.CharField(
        label=_("Trading name"), max_length=255, help_text=_("The name customers know.")
    )
    business_type = forms.ChoiceField(
        label=_("Business type"), choices=BusinessType.choices, widget=forms.RadioSelect
    )
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        help_text=_(
            "10 digits, or 10-3 for a branch. A household business may give the owner's "
            "12-digit personal ID number."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    owner_name = forms.CharField(
        label=_("Owner's full name"),
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("Business email"))
    street_address = forms.CharField(
        label=_("Street address"),
        max_length=255,
        help_text=_("House number and street."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    ward = WardChoiceField(
        label=_("Ward or commune"),
        queryset=Ward.objects.all(),
        widget=WardSelect,
        empty_label=_("Choose a ward or commune"),
        help_text=_("The 168 wards and communes of Ho Chi Minh City since 1 July 2025."),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "---------"), *Sector.choices])
    employees = forms.IntegerField(label=_("Employees"), min_value=0, max_value=1_000_000)
    annual_revenue_vnd = VNDField(
        label=_("Annual revenue (VND)"),
        max_value=10**15,
        help_text=_("Last year's revenue in đồng, e.g. 850000000."),
    )
    year_founded = forms.IntegerField(label=_("Year founded"), min_value=1900)
    # Optional purposes of this business (privacy), each on its own and off by default.
    programme_consent = forms.BooleanField(
        label=ConsentPurpose.PROGRAMME.label, required=False, help_text=PROGRAMME_HELP_PROFILE
    )
    research_consent = forms.BooleanField(
        label=ConsentPurpose.RESEARCH.label, required=False, help_text=RESEARCH_HELP_PROFILE
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year_founded"].max_value = timezone.localdate().year
        self.fields["year_founded"].widget.attrs["max"] = timezone.localdate().year

    def consent_answers(self) -> dict[str, bool]:
        """The business purposes as answered: purpose -> given."""
        return {
            ConsentPurpose.PROGRAMME: self.cleaned_data["programme_consent"],
            ConsentPurpose.RESEARCH: self.cleaned_data["research_consent"],
        }

    @classmethod
    def initial_from(cls, business: Business) -> dict:
        given = business_consents(business_ids=[business.pk])[business.pk]
        return {
            "legal_name": business.legal_name,
            "trading_name": business.trading_name,
            "business_type": business.business_type,
            "tax_code": business.tax_code,
            "owner_name": business.owner_name,
            "phone": format_phone_national(business.phone),
            "email": business.email,
            "street_address": business.street_address,
            "ward": business.ward_id,
            "sector": business.sector,
            "employees": business.employees,
            "annual_revenue_vnd": business.annual_revenue_vnd,
            "year_founded": business.year_founded,
            "programme_consent": ConsentPurpose.PROGRAMME in given,
            "research_consent": ConsentPurpose.RESEARCH in given,
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email of the person to invite"),
        help_text=_("They join as staff: they can manage products and orders, not the profile."),
    )


# Where the SME journey starts: the maturity check (any page under /<lang>/start/) and the
# business-profile form. Named, not imported: onboarding is a higher layer.
SME_JOURNEY_NAMESPACES = {"onboarding"}
SME_JOURNEY_VIEWS = {"accounts:business_create"}


def points_into_sme_journey(url: str) -> bool:
    """True when ``url`` (a signup's ``next``) is a page of this site on the way to selling."""
    parts = urlsplit(url or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    language = translation.get_language_from_path(parts.path)
    if not language:
        return False
    # The site's URLs carry a language prefix, which resolves only in that language.
    with translation.override(language):
        try:
            match = resolve(parts.path)
        except Resolver404:
            return False
    return bool(SME_JOURNEY_NAMESPACES & set(match.namespaces)) or (
        match.view_name in SME_JOURNEY_VIEWS
    )


class SignupForm(forms.Form):
    """What the signup form asks besides email and password (``ACCOUNT_SIGNUP_FORM_CLASS``:
    allauth's own signup form inherits from this one): why the person is joining.

    The choice is preselected from where the person is heading: "to sell" when the ``next`` URL
    is in the SME journey, "to shop" otherwise; they can change it either way."""

    field_order = ["joined_as", "email", "password1", "password2", "marketing_consent"]

    joined_as = forms.ChoiceField(
        label=_("I am joining Chợ Số"),
        choices=JoinedAs.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose why you are joining: to sell for your business or to shop."),
            "invalid_choice": _(
                "Choose one of the two answers: to sell for your business or to shop."
            ),
        },
    )

    # Optional, off by default, asked on its own (privacy); the business purposes are asked on
    # the business's own privacy settings once it exists.
    marketing_consent = forms.BooleanField(
        label=ConsentPurpose.MARKETING.label,
        required=False,
        help_text=MARKETING_HELP_SIGNUP,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = allauth_context.request  # set by allauth's middleware for every request
        heading_to = request.GET.get("next", "") if request is not None else ""
        self.fields["joined_as"].initial = (
            JoinedAs.SELLER if points_into_sme_journey(heading_to) else JoinedAs.SHOPPER
        )

    def signup(self, request, user: User) -> None:
        """allauth's hook, called once the new account is saved."""
        user.joined_as = self.cleaned_data["joined_as"]
        user.save(update_fields=["joined_as"])
        if user.joined_as == JoinedAs.SELLER:
            # The programme's funnel starts with the accounts that joined to sell.
            publish(AccountChanged(user_id=user.pk))
        if self.cleaned_data.get("marketing_consent"):
            consent_give(user=user, purpose=ConsentPurpose.MARKETING, source=ConsentSource.SIGNUP)
