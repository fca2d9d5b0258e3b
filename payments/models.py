"""E-payment accounts of businesses and the provider events that move them.

``PaymentAccount`` is a business's account with a payment provider (Stripe Connect, the offline
sandbox, later a Vietnamese provider). Its ``state`` is derived from the provider's account status by
``payments.states`` and only moves forward in time: an event older than the last status applied is
stored but changes nothing, and ``rejected`` is final. ``WebhookEvent`` stores every verified
provider event once (unique per provider and event id) together with the outcome of applying it, so a
repeat changes nothing and a failure stays visible. ``SandboxAccount`` is the sandbox provider's own
record of the accounts it "hosts": what a real provider would keep on its side.

Shops paid directly (the money model of docs/payments.md): ``BankAccount`` (where VietQR transfers
go, ready once self-tested), ``PayOSChannel`` (the shop's own payOS keys), ``SePayMonitor`` (a
bank-statement webhook confirming transfers), ``ShopPaymentOptions`` (cash on delivery) and
``IncomingTransfer`` (each transfer a monitor reported, stored once, matched to an order or not).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Business
from orders.models import Order
from privacy.fields import EncryptedTextField


class AccountState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    INFORMATION_NEEDED = "information_needed", _("Information needed")
    UNDER_REVIEW = "under_review", _("Under review")
    READY = "ready", _("Ready to take payments")
    RESTRICTED = "restricted", _("Restricted")
    REJECTED = "rejected", _("Rejected")


class PaymentAccount(models.Model):
    """One business's account with the payment provider that pays it out."""

    business = models.OneToOneField(
        Business,
        on_delete=models.CASCADE,
        related_name="payment_account",
        verbose_name=_("business"),
    )
    provider = models.CharField(_("provider"), max_length=32)
    provider_account_id = models.CharField(_("provider account id"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=24, choices=AccountState.choices, default=AccountState.NOT_STARTED
    )
    charges_enabled = models.BooleanField(_("charges enabled"), default=False)
    payouts_enabled = models.BooleanField(_("payouts enabled"), default=False)
    details_submitted = models.BooleanField(_("details submitted"), default=False)
    # Names of the provider's requirement fields (e.g. "external_account"), never their values.
    requirements_due = models.JSONField(_("requirements due"), default=list, blank=True)
    disabled_reason = models.CharField(_("disabled reason"), max_length=100, blank=True)
    # When the provider produced the status applied last; older events are ignored.
    status_as_of = models.DateTimeField(_("status as of"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    ready_at = models.DateTimeField(_("first ready at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("e-payment account")
        verbose_name_plural = _("e-payment accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_account_id"],
                condition=~models.Q(provider_account_id=""),
                name="payment_account_unique_provider_id",
            )
        ]
        indexes = [models.Index(fields=["state"])]

    def __str__(self):
        return f"{self.business} — {self.get_state_display()}"

    @property
    def is_ready(self) -> bool:
        return self.state == AccountState.READY


class WebhookEvent(models.Model):
    """A verified provider event, stored once by its id and applied in the same transaction."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied")
        STALE = "stale", _("Older than the state already known: no change")
        IGNORED = "ignored", _("Type not handled: stored only")
        FAILED = "failed", _("Failed")

    provider = models.CharField(_("provider"), max_length=32)
    endpoint = models.CharField(_("endpoint"), max_length=16)
    event_id = models.CharField(_("event id"), max_length=255)
    type = models.CharField(_("type"), max_length=100, db_index=True)
    provider_account_id = models.CharField(_("provider account id"), max_length=255, blank=True)
    provider_created_at = models.DateTimeField(_("created at the provider"))
    # Events can carry names, emails and bank details of the account: encrypted at rest.
    payload = EncryptedTextField(_("payload"), classification="sensitive")
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveIntegerField(_("deliveries"), default=1)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="webhook_event_unique_provider_id"
            )
        ]

    def __str__(self):
        return f"{self.provider} {self.type} {self.event_id}"


class SandboxAccount(models.Model):
    """The sandbox provider's side of an account: the status a real provider would report."""

    account_id = models.CharField(max_length=64, unique=True)
    business_id = models.PositiveBigIntegerField()
    prefill = models.JSONField(default=dict)
    charges_enabled = models.BooleanField(default=False)
    payouts_enabled = models.BooleanField(default=False)
    details_submitted = models.BooleanField(default=False)
    currently_due = models.JSONField(default=list)
    disabled_reason = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sandbox account")
        verbose_name_plural = _("sandbox accounts")

    def __str__(self):
        return self.account_id


# Paying each shop directly (VietQR, payOS, SePay, cash on delivery) -----------------------------
#
# The platform never holds buyers' money (Decree 52/2024/ND-CP): each shop is paid into its own
# bank account. These records say where a shop is paid and how payments are confirmed; none of
# them moves money. Secrets and bank details are encrypted at rest.


def new_webhook_token() -> str:
    """A random, URL-safe token naming one shop's webhook endpoint (not a secret by itself)."""
    return secrets.token_urlsafe(24)


SELF_TEST_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no O/0 or I/1 mix-ups


def new_self_test_code() -> str:
    """The code of a shop's self-test transfer memo (``KT`` + this): 8 letters or digits."""
    return "".join(secrets.choice(SELF_TEST_ALPHABET) for _i in range(8))


class BankAccountState(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for the self-test")
    CONFIRMED = "confirmed", _("Confirmed")


class ConfirmedVia(models.TextChoices):
    OWNER = "owner", _("The owner checked the name in a bank app")
    TRANSFER = "transfer", _("A test transfer arrived")


class BankAccount(models.Model):
    """The bank account a shop receives VietQR transfers into (one per shop).

    Ready (``confirmed``) only after the self-test: the owner scans the shop's test QR with any bank
    app, which shows the holder's name as the bank has it, and confirms it matches; or a small test
    transfer with the memo ``KT<self_test_code>`` is seen by the shop's monitor.
    """

    business = models.OneToOneField(
        Business,
        on_delete=models.CASCADE,
        related_name="bank_account",
        verbose_name=_("business"),
    )
    # Keyed on code and BIN together: BINs are reused when banks merge or are renamed.
    bank_code = models.CharField(_("bank code"), max_length=20)
    bank_bin = models.CharField(_("bank BIN"), max_length=6)
    account_number = EncryptedTextField(_("account number"))
    # As the bank prints it: upper-case ASCII letters and single spaces (payload.clean_holder_name).
    holder_name = EncryptedTextField(_("account holder's name"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=BankAccountState.choices,
        default=BankAccountState.UNCONFIRMED,
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_via = models.CharField(
        _("confirmed by way of"), max_length=16, choices=ConfirmedVia.choices, blank=True
    )
    self_test_code = models.CharField(
        _("self-test code"), max_length=12, unique=True, default=new_self_test_code
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("receiving bank account")
        verbose_name_plural = _("receiving bank accounts")
        indexes = [models.Index(fields=["state"])]

    def __str__(self):
        return f"{self.business} — {self.bank_code}"

    @property
    def is_confirmed(self) -> bool:
        return self.state == BankAccountState.CONFIRMED

    @property
    def self_test_memo(self) -> str:
        return f"KT{self.self_test_code}"


class PayOSChannelState(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified yet")
    VERIFIED = "verified", _("Verified")
    REFUSED = "refused", _("Refused by payOS")


class PayOSChannel(models.Model):
    """A shop's own payOS payment channel (its keys, verified with an API call on save)."""

    business = models.OneToOneField(
        Business,
        on_delete=models.CASCADE,
        related_name="payos_channel",
        verbose_name=_("business"),
    )
    client_id = EncryptedTextField(_("client ID"), classification="sensitive")
    api_key = EncryptedTextField(_("API key"), classification="sensitive")
    checksum_key = EncryptedTextField(_("checksum key"), classification="sensitive")
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=PayOSChannelState.choices,
        default=PayOSChannelState.UNVERIFIED,
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # Names the shop in the payOS webhook URL; the webhook itself is verified by its signature.
    webhook_token = models.CharField(
        _("webhook token"), max_length=64, unique=True, default=new_webhook_token
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("payOS channel")
        verbose_name_plural = _("payOS channels")
        indexes = [models.Index(fields=["state"])]

    def __str__(self):
        return f"{self.business} — payOS {self.get_state_display()}"

    @property
    def is_verified(self) -> bool:
        return self.state == PayOSChannelState.VERIFIED


class SePayMonitor(models.Model):
    """A shop's SePay bank-statement monitor: SePay posts each incoming transfer to our webhook.

    SePay sends ``Authorization: Apikey <api_key>``; the key is made here, shown to the owner once
    (to paste into SePay) and kept encrypted. The webhook URL carries ``webhook_token``.
    """

    business = models.OneToOneField(
        Business,
        on_delete=models.CASCADE,
        related_name="sepay_monitor",
        verbose_name=_("business"),
    )
    api_key = EncryptedTextField(_("webhook API key"), classification="sensitive")
    webhook_token = models.CharField(
        _("webhook token"), max_length=64, unique=True, default=new_webhook_token
    )
    active = models.BooleanField(_("active"), default=True)
    connected_at = models.DateTimeField(_("connected at"))
    last_seen_at = models.DateTimeField(_("last notification at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SePay monitor")
        verbose_name_plural = _("SePay monitors")

    def __str__(self):
        return f"{self.business} — SePay"


class ShopPaymentOptions(models.Model):
    """A shop's choices that need no provider: cash on delivery."""

    business = models.OneToOneField(
        Business,
        on_delete=models.CASCADE,
        related_name="payment_options",
        verbose_name=_("business"),
    )
    cod_enabled = models.BooleanField(_("cash on delivery"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("shop payment options")
        verbose_name_plural = _("shop payment options")

    def __str__(self):
        return f"{self.business} — COD {'on' if self.cod_enabled else 'off'}"


class TransferState(models.TextChoices):
    MATCHED = "matched", _("Matched to an order")
    UNMATCHED = "unmatched", _("Not matched yet")
    SELF_TEST = "self_test", _("Self-test transfer")
    IGNORED = "ignored", _("Ignored")


class IncomingTransfer(models.Model):
    """A transfer into a shop's account reported by a monitor (SePay) or the sandbox, stored once.

    Matched by the payment code in its memo to one of the shop's orders, or left ``unmatched`` for
    the owner to match by hand.
    """

    business = models.ForeignKey(
        Business,
        on_delete=models.CASCADE,
        related_name="incoming_transfers",
        verbose_name=_("business"),
    )
    provider = models.CharField(_("reported by"), max_length=16)
    provider_txn_id = models.CharField(_("transaction id"), max_length=100)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    # Memos often carry the sender's name: encrypted like the payload.
    memo = EncryptedTextField(_("memo"), blank=True)
    received_at = models.DateTimeField(_("received at"))
    payload = EncryptedTextField(_("payload"), classification="sensitive")
    order = models.ForeignKey(
        Order,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=TransferState.choices, default=TransferState.UNMATCHED
    )
    # The order's payment state after applying it (a PaymentState value), and why when reviewed.
    outcome = models.CharField(_("outcome"), max_length=16, blank=True)
    reason = models.CharField(_("reason"), max_length=32, blank=True)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("matched by"),
    )
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    created_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incoming transfer")
        verbose_name_plural = _("incoming transfers")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_txn_id"], name="incoming_transfer_unique_txn"
            )
        ]
        indexes = [models.Index(fields=["business", "state"])]

    def __str__(self):
        return f"{self.provider} {self.provider_txn_id} {self.amount}"
