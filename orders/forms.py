"""Forms of the orders app: they shape and label the input; the services hold the rules."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import WardChoiceField, WardSelect
from accounts.models import Ward
from accounts.validators import normalise_phone
from core.forms import VNDField
from core.money import format_vnd
from orders.models import MAX_ESTIMATE_DAYS, Carrier, DeliveryKind, DeliveryPricing
from orders.services import TRACKING_NUMBER_MAX, Contact, ZoneInput
from privacy.forms import MARKETING_HELP_CHECKOUT, MARKETING_LABEL_CHECKOUT, SAVE_ADDRESS_LABEL

# Bounds of what a shop may type for delivery (well above any real fee; they stop typos).
MAX_DELIVERY_FEE = 5_000_000
MAX_FREE_ABOVE = 1_000_000_000
MAX_ZONES = 10


class CheckoutForm(forms.Form):
    """Contact and delivery details. Amounts are never fields: the server computes them."""

    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We send the order confirmation here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        help_text=_("The shops call this number to deliver."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    street_address = forms.CharField(
        label=_("Street address"),
        max_length=255,
        help_text=_("House number and street, e.g. 45 Lê Thánh Tôn."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    ward = WardChoiceField(
        label=_("Ward or commune"),
        queryset=Ward.objects.order_by("name"),
        widget=WardSelect,
        empty_label=_("Choose a ward"),
    )
    note = forms.CharField(
        label=_("Note for the shops (optional)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    # Signed-in shoppers may keep the address in their address book (privacy); guests are asked,
    # on its own and off by default, for news by email. The view keeps the one that applies.
    save_address = forms.BooleanField(label=SAVE_ADDRESS_LABEL, required=False)
    marketing_consent = forms.BooleanField(
        label=MARKETING_LABEL_CHECKOUT,
        required=False,
        help_text=MARKETING_HELP_CHECKOUT,
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["marketing_consent" if signed_in else "save_address"]

    def clean_phone(self):
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc

    def contact(self) -> Contact:
        data = self.cleaned_data
        return Contact(
            email=data["email"],
            contact_name=data["contact_name"].strip(),
            phone=data["phone"],
            street_address=data["street_address"].strip(),
            ward=data["ward"],
            note=data["note"].strip(),
        )


class RefundForm(forms.Form):
    """A vendor's refund: how many of each line, with a key that makes a resubmit harmless."""

    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        if order.refundable_delivery_fee > 0:
            self.fields["delivery_fee"] = forms.BooleanField(
                label=_("Also refund the delivery fee (%(amount)s)")
                % {"amount": format_vnd(order.refundable_delivery_fee)},
                help_text=_("Refunding every item left gives the delivery fee back anyway."),
                required=False,
            )
        for line in order.lines.all():
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=line.name,
                min_value=0,
                max_value=line.refundable_quantity,
                initial=0,
                required=False,
                disabled=line.refundable_quantity == 0,
            )

    def quantities(self) -> dict[int, int]:
        return {
            int(name.removeprefix("line_")): value or 0
            for name, value in self.cleaned_data.items()
            if name.startswith("line_") and not self.fields[name].disabled
        }


class ShipForm(forms.Form):
    """What a shop records when it sends an order: who carries it and the parcel's number."""

    carrier = forms.ChoiceField(
        label=_("Carrier"), choices=[("", _("Choose the carrier")), *Carrier.choices]
    )
    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=TRACKING_NUMBER_MAX,
        required=False,
        help_text=_("Required for GHN, GHTK, Viettel Post, J&T and Ahamove."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class DeliveryOptionForm(forms.Form):
    """A shop's delivery option as its owner fills it in; ``orders.services`` checks the rules."""

    kind = forms.ChoiceField(label=_("How"), choices=DeliveryKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Name shown to shoppers (optional)"),
        max_length=80,
        required=False,
        help_text=_("e.g. “Giao trong ngày”. Left empty, the kind is shown."),
    )
    pickup_address = forms.CharField(label=_("Pickup address"), max_length=255, required=False)
    pickup_hours = forms.CharField(
        label=_("Opening hours for pickup"),
        max_length=120,
        required=False,
        help_text=_("e.g. 8:00–20:00, Monday to Saturday"),
    )
    pricing = forms.ChoiceField(
        label=_("Delivery fee"),
        choices=DeliveryPricing.choices,
        initial=DeliveryPricing.FLAT,
        widget=forms.RadioSelect,
    )
    flat_fee = VNDField(label=_("Fee for every ward"), required=False, max_value=MAX_DELIVERY_FEE)
    free_above = VNDField(
        label=_("Free from (optional)"),
        required=False,
        max_value=MAX_FREE_ABOVE,
        help_text=_("Delivery is free when the order from your shop comes to this much or more."),
    )
    estimate_days_min = forms.IntegerField(
        label=_("Arrives in at least (days)"),
        min_value=0,
        max_value=MAX_ESTIMATE_DAYS,
        initial=0,
        help_text=_("0 means the same day."),
    )
    estimate_days_max = forms.IntegerField(
        label=_("Arrives in at most (days)"), min_value=0, max_value=MAX_ESTIMATE_DAYS, initial=1
    )
    is_active = forms.BooleanField(label=_("Offered to shoppers"), required=False, initial=True)
    position = forms.IntegerField(
        label=_("Position in the list"), min_value=0, max_value=100, initial=0
    )


class DeliveryZoneForm(forms.Form):
    """One zone: a name, a fee, and the wards it reaches (by former district or one by one)."""

    name = forms.CharField(label=_("Zone name"), max_length=80, required=False)
    fee = VNDField(label=_("Fee"), required=False, max_value=MAX_DELIVERY_FEE)
    former_districts = forms.MultipleChoiceField(
        label=_("Former districts"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Every ward made from a chosen district is in the zone."),
    )
    wards = forms.MultipleChoiceField(
        label=_("Wards and communes"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, districts=(), wards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["former_districts"].choices = [(d, d) for d in districts]
        self.fields["wards"].choices = list(wards)

    def zone(self):
        data = self.cleaned_data
        if (
            not data
            or data.get("DELETE")
            or not (
                (data.get("name") or "").strip()
                or data.get("wards")
                or data.get("former_districts")
            )
        ):
            return None
        return ZoneInput(
            name=data.get("name") or "",
            fee=data.get("fee") or 0,
            former_districts=tuple(data.get("former_districts") or ()),
            ward_codes=tuple(data.get("wards") or ()),
        )


DeliveryZoneFormSet = forms.formset_factory(
    DeliveryZoneForm, extra=2, max_num=MAX_ZONES, validate_max=True, can_delete=True
)
