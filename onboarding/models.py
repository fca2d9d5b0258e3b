"""Digital-maturity assessments of a business.

An ``Assessment`` starts as a draft whose answers are saved step by step (the owner can leave and
come back); submitting scores it with the questionnaire version it was taken with and freezes it.
A business has at most one draft at a time; submitted assessments are its history (T0, T1, ...),
read by the result pages and the programme dashboard.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Business


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Assessment(models.Model):
    business = models.ForeignKey(
        Business, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("business")
    )
    version = models.CharField(_("questionnaire version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    # {question code: points, or null for "not applicable"}; a draft may lack some codes.
    answers = models.JSONField(_("answers"), default=dict)
    # Filled on submission and never changed afterwards.
    dimension_scores = models.JSONField(_("dimension scores"), default=dict)
    overall = models.DecimalField(
        _("overall score"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    unweighted_mean = models.DecimalField(
        _("unweighted mean"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    level = models.CharField(_("level"), max_length=4, blank=True)
    gate_capped = models.BooleanField(_("capped by the gate"), default=False)
    plan = models.JSONField(_("plan (action codes)"), default=list)
    advice = models.JSONField(_("advice codes"), default=list)
    assisted = models.BooleanField(
        _("assisted"),
        default=False,
        help_text=_("Taken with or for the business by a programme officer."),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-taken_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["business"],
                condition=Q(status="draft"),
                name="assessment_one_draft_per_business",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(overall__isnull=False) & Q(taken_at__isnull=False) & ~Q(level="")),
                name="assessment_submitted_is_scored",
            ),
        ]
        indexes = [models.Index(fields=["business", "status", "taken_at"])]

    def __str__(self):
        return f"{self.business} — {self.version} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED
