"""Forms of the sandbox provider's hosted pages and of the owner's "receive payments" pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from payments.sandbox.services import Decision
from payments.services import bank_details_clean
from payments.vietqr import banks
from payments.vietqr.payload import fold


class SandboxDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.APPROVE, _("Approve: the account can take payments")),
            (Decision.MORE_INFORMATION, _("Ask for more information")),
            (Decision.REJECT, _("Reject the account")),
        ],
        widget=forms.RadioSelect,
    )


class SandboxCheckoutForm(forms.Form):
    PAY = "pay"
    FAIL = "fail"

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(PAY, _("Pay")), (FAIL, _("Fail the payment"))],
        widget=forms.RadioSelect,
    )


# Receiving payments directly ---------------------------------------------------------------------


class BankSelect(forms.Select):
    """A plain ``<select>`` of the NAPAS banks; each option carries its folded names and codes in
    ``data-search`` so the filter box (static/js/site.js) matches with or without diacritics."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        bank = banks.get(str(value)) if value else None
        if bank is not None:
            words = [bank.code, bank.bin, bank.short_name, bank.name, *bank.former_names]
            option["attrs"]["data-search"] = " ".join(fold(w).lower() for w in words)
        return option


def bank_choices() -> list[tuple[str, str]]:
    return [("", _("Choose your bank"))] + [
        (bank.code, f"{bank.short_name} ({bank.code}) — {bank.name}") for bank in banks.all_banks()
    ]


class BankAccountForm(forms.Form):
    """The account a shop receives transfers into. Checks are the service's
    (``services.bank_details_clean``), so the form and the service cannot disagree."""

    bank_code = forms.ChoiceField(label=_("Bank"), choices=bank_choices, widget=BankSelect)
    account_number = forms.CharField(
        label=_("Account number"),
        max_length=40,
        help_text=_("6 to 19 digits, as in your bank app."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    holder_name = forms.CharField(
        label=_("Account holder's name"),
        max_length=120,
        help_text=_(
            "As your bank prints it: capital letters without accents, e.g. NGUYEN VAN AN. "
            "We convert what you type."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank_code"].error_messages["invalid_choice"] = _(
            "Choose your bank from the list."
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            details = bank_details_clean(
                bank_code=data["bank_code"],
                account_number=data["account_number"],
                holder_name=data["holder_name"],
            )
        except DomainError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
            return data
        data.update(
            bank_code=details.bank_code,
            account_number=details.account_number,
            holder_name=details.holder_name,
        )
        return data


class CodForm(forms.Form):
    enabled = forms.BooleanField(label=_("Accept cash on delivery"), required=False)


class TransferMatchForm(forms.Form):
    """Which of the shop's waiting orders an unmatched transfer pays."""

    order = forms.TypedChoiceField(label=_("Order"), coerce=int)

    def __init__(self, *args, orders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [("", _("Choose an order"))] + [
            (
                order.pk,
                f"{order.number} · {order.payment_code} · {order.total:,} ₫".replace(",", "."),
            )
            for order in orders
        ]
        self.fields["order"].error_messages["invalid_choice"] = _(
            "Choose one of your shop's orders that is waiting for payment."
        )
