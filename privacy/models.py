"""Records that prove how personal data was handled: reads of sensitive fields and consent."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.fields import BlindIndexField, EncryptedTextField


class AccessLog(models.Model):
    """One read of a personal field by staff: who, what, when and why. Never the value itself."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    subject_type = models.CharField(_("record type"), max_length=100)
    subject_id = models.CharField(_("record id"), max_length=64)
    fields = models.CharField(_("fields"), max_length=255)
    reason = models.CharField(_("reason"), max_length=255)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.actor_id} read {self.fields} of {self.subject_type} {self.subject_id}"


class ConsentPurpose(models.TextChoices):
    TERMS = "terms", _("Terms of use and privacy notice")
    MARKETING = "marketing", _("News and offers by email")
    PROGRAMME = "programme", _("Sharing my business profile with the city's support programme")
    RESEARCH = "research", _("Using my assessment answers in the programme's research")


# The purposes asked (off by default, each on its own); the processing needed to run an account or
# an order is stated in the notice, not asked.
OPTIONAL_PURPOSES = (ConsentPurpose.MARKETING, ConsentPurpose.PROGRAMME, ConsentPurpose.RESEARCH)
# Asked per business (on the business profile), the others per person.
BUSINESS_PURPOSES = (ConsentPurpose.PROGRAMME, ConsentPurpose.RESEARCH)


class ConsentSource(models.TextChoices):
    SIGNUP = "signup", _("Signup form")
    CHECKOUT = "checkout", _("Checkout (guest)")
    BUSINESS_PROFILE = "business_profile", _("Business profile")
    PRIVACY_PAGE = "privacy_page", _("My privacy page")


class Consent(models.Model):
    """One answer to one optional purpose: given (with the privacy-notice version and time) and,
    perhaps later, withdrawn. Never edited otherwise: a person's history is the list of them.

    ``user`` is empty for a guest at checkout (the email is kept encrypted with a blind index to
    find it again); ``business_id`` names the business for the purposes asked per business
    (``BUSINESS_PURPOSES``): an id, not a foreign key, as privacy sits below accounts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("person"),
    )
    email = EncryptedTextField(_("guest email"), blank=True)
    email_index = BlindIndexField(blank=True, db_index=True)
    business_id = models.PositiveBigIntegerField(_("business id"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    text_version = models.CharField(_("privacy notice version"), max_length=32)
    source = models.CharField(
        _("where"), max_length=20, choices=ConsentSource.choices, default=ConsentSource.PRIVACY_PAGE
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        indexes = [
            models.Index(fields=["purpose", "text_version"], name="consent_purpose_version"),
            models.Index(fields=["user", "purpose"], name="consent_user_purpose"),
            models.Index(fields=["business_id", "purpose"], name="consent_business_purpose"),
        ]

    def __str__(self):
        return f"{self.purpose} {self.text_version} ({self.user_id or 'guest'})"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class PrivacyNotice(models.Model):
    """One version of the privacy notice, in Vietnamese and English. The newest published one whose
    date has come is the notice in force; consents record its ``version``."""

    version = models.CharField(_("version"), max_length=32, unique=True)
    effective_at = models.DateTimeField(_("in force from"), default=timezone.now)
    body_vi = models.TextField(_("text in Vietnamese"))
    body_en = models.TextField(_("text in English"))
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-effective_at", "-id"]

    def __str__(self):
        return self.version


class PersonalDetails(models.Model):
    """What a person tells us about themselves beyond the account: their phone (encrypted)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_details",
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("personal details")
        verbose_name_plural = _("personal details")

    def __str__(self):
        return f"details of {self.user_id}"


class Address(models.Model):
    """A saved delivery address of a signed-in shopper, reused by the checkout. Encrypted; the ward
    is its code (``accounts.Ward``: a code, not a foreign key, as privacy sits below accounts)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses"
    )
    label = models.CharField(_("label"), max_length=60, blank=True)
    contact_name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"))
    street_address = EncryptedTextField(_("street address"))
    ward_code = models.CharField(_("ward code"), max_length=5)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delivery address")
        verbose_name_plural = _("delivery addresses")
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.label or f"address {self.pk}"


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access (download my data)")
    CORRECTION = "correction", _("Correction")
    DELETION = "deletion", _("Deletion")
    OBJECTION = "objection", _("Objection or withdrawal")


class RequestStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Waiting for email confirmation")
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")


OPEN_REQUEST_STATUSES = (RequestStatus.RECEIVED, RequestStatus.ACKNOWLEDGED)


class RightsRequest(models.Model):
    """A data-subject request with its legal due dates (working days in Viet Nam, ``workdays``):
    acknowledged within ``ACKNOWLEDGE_DAYS`` and completed within ``COMPLETE_DAYS`` of receipt."""

    kind = models.CharField(_("kind"), max_length=16, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rights_requests",
        verbose_name=_("person"),
    )
    # A guest's request: the order's email (encrypted, blind-indexed) and its number.
    email = EncryptedTextField(_("email"), blank=True)
    email_index = BlindIndexField(blank=True, db_index=True)
    order_number = models.CharField(_("order number"), max_length=40, blank=True)
    confirm_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    details = models.TextField(_("details"), blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    acknowledge_by = models.DateField(_("acknowledge by"))
    complete_by = models.DateField(_("complete by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    outcome = models.TextField(_("outcome or reason"), blank=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["complete_by", "received_at", "id"]
        indexes = [models.Index(fields=["status", "complete_by"], name="rights_request_queue")]

    def __str__(self):
        return f"{self.kind} {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class DataExport(models.Model):
    """A person's data, built by the task worker: JSON and an HTML summary, both encrypted at rest,
    downloadable by that person alone until ``expires_at``. A guest's export (no ``user``) is
    their order's data, built when they confirm the emailed link and downloadable only in the
    browser session that confirmed it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="data_exports",
    )
    request = models.ForeignKey(
        RightsRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="exports"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    payload = EncryptedTextField(_("data (JSON)"), blank=True, classification="sensitive")
    summary = EncryptedTextField(_("summary (HTML)"), blank=True, classification="sensitive")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"export {self.pk} ({self.status})"


class RetentionRun(models.Model):
    """One run of the retention job: what it removed, by kind (counts only)."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    removed = models.JSONField(_("removed"), default=dict)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"retention {self.started_at:%Y-%m-%d %H:%M}"


class Breach(models.Model):
    """A personal-data breach: the law asks that the authority be told within 72 hours."""

    occurred_at = models.DateTimeField(_("occurred at"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("discovered at"))
    description = models.TextField(_("what happened"))
    data_affected = models.TextField(_("data affected"))
    people_affected = models.TextField(_("who is affected"))
    people_count = models.PositiveIntegerField(_("number of people affected"), default=0)
    measures = models.TextField(_("measures taken"), blank=True)
    authority_notified_at = models.DateTimeField(_("authority notified at"), null=True, blank=True)
    people_notified_at = models.DateTimeField(_("people notified at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personal-data breach")
        verbose_name_plural = _("personal-data breaches")
        ordering = ["-discovered_at", "-id"]

    def __str__(self):
        return f"{self.discovered_at:%Y-%m-%d} {self.description[:60]}"

    @property
    def authority_deadline(self):
        return self.discovered_at + datetime.timedelta(hours=72)
