"""The payment-provider interface: what ``payments`` asks of Stripe, the sandbox or a local provider.

A provider speaks in the small dataclasses below and raises ``ProviderError`` subclasses; nothing
outside its own package sees the provider's library or wire format. Account onboarding (create,
link, re-fetch, dashboard) and webhook parsing; ``start_payment``, ``refund`` and ``transfer``
carry the card checkout (``payments.checkout``: separate charges and transfers, one payment for an
order group, one transfer per vendor, refunds with a transfer reversal).
"""

import abc
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class ProviderError(DomainError):
    """The provider refused or could not be reached; nothing was changed on our side."""

    status_code = 502
    code = "provider_error"
    default_message = _("The payment provider could not complete the request. Please try again.")

    def __init__(self, message=None, *, detail: str = ""):
        super().__init__(message or self.default_message)
        # The provider's own words, for logs and staff; never shown as-is to users.
        self.detail = detail


class ProviderDeclined(ProviderError):
    status_code = 400
    code = "provider_declined"
    default_message = _(
        "The payment provider declined the request. Check your business profile and try again, "
        "or contact the programme team."
    )


class ProviderRateLimited(ProviderError):
    status_code = 429
    code = "provider_rate_limited"
    default_message = _(
        "The payment provider is busy right now. Nothing was changed: try again in a minute."
    )


class ProviderUnavailable(ProviderError):
    status_code = 503
    code = "provider_unavailable"
    default_message = _(
        "The payment provider cannot be reached. Nothing was changed: try again in a few minutes."
    )


class ProviderNotConfigured(ProviderError):
    status_code = 503
    code = "provider_not_configured"
    default_message = _(
        "Electronic payments are not set up on this site yet. Please contact the programme team."
    )


class WebhookSignatureInvalid(Exception):
    """A webhook whose signature is missing, wrong or too old: answer 400 and store nothing."""


@dataclass(frozen=True)
class AccountPrefill:
    """What the business profile already says, sent so the owner never types it again."""

    business_id: int
    email: str
    business_name: str  # the name shoppers see
    legal_name: str
    business_type: str  # "individual" or "company", in the provider-neutral sense
    product_description: str
    url: str
    country: str


@dataclass(frozen=True)
class AccountStatus:
    """The provider's view of an account, reduced to what decides our state."""

    account_id: str
    charges_enabled: bool
    payouts_enabled: bool
    details_submitted: bool
    currently_due: tuple[str, ...] = ()
    past_due: tuple[str, ...] = ()
    pending_verification: tuple[str, ...] = ()
    disabled_reason: str = ""


@dataclass(frozen=True)
class ProviderEvent:
    """A verified webhook event."""

    id: str
    type: str
    created: datetime
    payload: dict
    account_id: str = ""
    # Filled for account events: the account's status as the event describes it.
    account_status: AccountStatus | None = None


@dataclass(frozen=True)
class PaymentLine:
    name: str
    quantity: int
    unit_amount: int


@dataclass(frozen=True)
class PaymentRequest:
    """One payment for a whole order group (the cart across shops)."""

    reference: str  # the order group's id; also the transfer group and idempotency root
    currency: str
    amount: int  # minor units: VND has none, so 150000 is 150.000 ₫
    lines: tuple[PaymentLine, ...]
    success_url: str
    cancel_url: str
    expires_at: datetime
    customer_email: str = ""
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class PaymentSession:
    id: str
    url: str
    expires_at: datetime | None = None


@dataclass(frozen=True)
class TransferRequest:
    """A vendor's share of a paid order group, sent to its account."""

    reference: str  # the vendor order's id: the idempotency root
    destination_account_id: str
    currency: str
    amount: int
    source_transaction: str
    transfer_group: str


@dataclass(frozen=True)
class RefundRequest:
    """A whole or partial refund of a vendor order, with the matching transfer reversal."""

    reference: str  # the refund's id on our side: the idempotency root
    payment_id: str
    amount: int
    currency: str
    transfer_id: str = ""
    reverse_amount: int = 0


@dataclass(frozen=True)
class MoneyMovement:
    """The provider's id for a transfer, refund or reversal it made."""

    id: str
    amount: int
    currency: str


@dataclass(frozen=True)
class RefundResult:
    refund: MoneyMovement
    reversal: MoneyMovement | None = None


class PaymentProvider(abc.ABC):
    """Every provider implements these; ``name`` is stored on the accounts it opens."""

    name: str
    # True when onboarding happens on pages of this site (the sandbox) rather than the provider's.
    hosted_here: bool = False

    # Accounts
    @abc.abstractmethod
    def create_account(self, *, prefill: AccountPrefill, idempotency_key: str) -> AccountStatus:
        """Creates the provider account, prefilled; returns its status (with its id)."""

    @abc.abstractmethod
    def onboarding_link(self, *, account_id: str, return_url: str, refresh_url: str) -> str:
        """A fresh, short-lived URL where the owner completes the account."""

    @abc.abstractmethod
    def retrieve_account(self, *, account_id: str) -> AccountStatus:
        """The account's status now (the re-fetch on return)."""

    @abc.abstractmethod
    def dashboard_link(self, *, account_id: str) -> str:
        """A URL that signs the owner into the provider's dashboard for the account."""

    # Webhooks
    @abc.abstractmethod
    def parse_webhook(self, *, body: bytes, signature: str, endpoint: str) -> ProviderEvent:
        """Verifies ``signature`` on the raw ``body`` first; raises WebhookSignatureInvalid."""

    # Money (the card checkout, payments.checkout)
    @abc.abstractmethod
    def start_payment(self, *, request: PaymentRequest) -> PaymentSession:
        """A hosted payment page for the order group."""

    @abc.abstractmethod
    def transfer(self, *, request: TransferRequest) -> MoneyMovement:
        """Sends a vendor's share to its account."""

    @abc.abstractmethod
    def refund(self, *, request: RefundRequest) -> RefundResult:
        """Refunds a payment (whole or partly) and reverses the vendor's transfer share."""
