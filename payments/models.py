"""E-payment accounts of businesses and the provider events that move them.

``PaymentAccount`` is a business's account with a payment provider (Stripe Connect, the offline
sandbox, later a Vietnamese provider). Its ``state`` is derived from the provider's account status by
``payments.states`` and only moves forward in time: an event older than the last status applied is
stored but changes nothing, and ``rejected`` is final. ``WebhookEvent`` stores every verified
provider event once (unique per provider and event id) together with the outcome of applying it, so a
repeat changes nothing and a failure stays visible. ``SandboxAccount`` is the sandbox provider's own
record of the accounts it "hosts": what a real provider would keep on its side.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Business
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
