"""Forms of the sandbox provider's hosted pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from payments.sandbox.services import Decision


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
