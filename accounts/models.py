"""People and the businesses they run.

``User`` logs in with an email (no username). ``Business`` is the SME profile, entered once and read by
every other module; its identifying fields are encrypted at rest (``privacy``), and the tax code is
unique through a blind index. ``Membership`` ties users to businesses as owner or staff, and
``Invitation`` brings staff in. ``Ward`` is one of the 168 commune-level units of Ho Chi Minh City since
1 July 2025, loaded from data by a migration.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from privacy.fields import BlindIndexField, EncryptedTextField


class EmailUserManager(UserManager):
    """Users are found and created by email."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class JoinedAs(models.TextChoices):
    """Why someone signed up, asked once on the signup form (the programme's funnel starts here)."""

    SELLER = "seller", _("To sell for my business")
    SHOPPER = "shopper", _("To shop")


class User(AbstractUser):
    """One account for the public site, the seller workspace and the API."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    joined_as = models.CharField(
        _("reason for joining"),
        max_length=8,
        choices=JoinedAs.choices,
        default=JoinedAs.SHOPPER,
        help_text=_("Why the person signed up: to sell for a business or to shop."),
    )

    objects = EmailUserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        # The programme's "signed up to sell" count filters on these two.
        indexes = [models.Index(fields=["joined_as", "date_joined"], name="user_joined_as_date")]

    def __str__(self):
        return self.get_full_name() or self.email


class WardType(models.TextChoices):
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    SPECIAL_ZONE = "special_zone", _("Special zone")


class Ward(models.Model):
    """A commune-level unit of Ho Chi Minh City (2025), with the former units it was made from."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)
    type = models.CharField(_("type"), max_length=16, choices=WardType.choices)
    full_name = models.CharField(_("full name"), max_length=120)
    full_name_en = models.CharField(_("full name in English"), max_length=120)
    former_district = models.CharField(_("former district"), max_length=255)
    former_province = models.CharField(_("former province"), max_length=100)
    former_units = models.TextField(_("former units"), blank=True)
    search_text = models.CharField(max_length=400, editable=False, db_index=True)

    class Meta:
        verbose_name = _("ward or commune")
        verbose_name_plural = _("wards and communes")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name_en if get_language() == "en" else self.full_name


class BusinessType(models.TextChoices):
    HOUSEHOLD = "household", _("Household business")
    COMPANY = "company", _("Company")


class TaxCodeKind(models.TextChoices):
    TAX_CODE = "tax_code", _("Tax code (10 digits)")
    BRANCH = "branch", _("Branch tax code (10-3 digits)")
    PERSONAL_ID = "personal_id", _("Owner's personal ID number (12 digits)")


class Sector(models.TextChoices):
    """VSIC 2018 sections (Decision 27/2018/QĐ-TTg)."""

    A = "A", _("Agriculture, forestry and fishing")
    B = "B", _("Mining and quarrying")
    C = "C", _("Manufacturing")
    D = "D", _("Electricity, gas, steam and air conditioning supply")
    E = "E", _("Water supply, sewerage and waste management")
    F = "F", _("Construction")
    G = "G", _("Wholesale and retail trade; repair of motor vehicles")
    H = "H", _("Transportation and storage")
    I = "I", _("Accommodation and food service")  # noqa: E741 - the VSIC section letter
    J = "J", _("Information and communication")
    K = "K", _("Financial, banking and insurance activities")
    L = "L", _("Real estate activities")
    M = "M", _("Professional, scientific and technical activities")
    N = "N", _("Administrative and support service activities")
    O = "O", _("Public administration, defence and social security")  # noqa: E741
    P = "P", _("Education and training")
    Q = "Q", _("Human health and social work")
    R = "R", _("Arts, entertainment and recreation")
    S = "S", _("Other service activities")
    T = "T", _("Activities of households as employers")
    U = "U", _("Activities of extraterritorial organisations")


class SizeBand(models.TextChoices):
    """Enterprise size per Decree 80/2021/NĐ-CP, Article 5."""

    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large (not an SME)")


class Business(models.Model):
    """The SME profile: entered once, reused by payments, storefronts, assessments and reports."""

    legal_name = models.CharField(_("legal name"), max_length=255)
    trading_name = models.CharField(_("trading name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    business_type = models.CharField(
        _("business type"), max_length=16, choices=BusinessType.choices
    )
    tax_code = EncryptedTextField(_("tax code"), classification="sensitive")
    tax_code_kind = models.CharField(
        _("kind of tax code"), max_length=16, choices=TaxCodeKind.choices
    )
    tax_code_index = BlindIndexField(unique=True)
    owner_name = EncryptedTextField(_("owner's full name"))
    phone = EncryptedTextField(_("phone"))
    email = models.EmailField(_("email"))
    street_address = EncryptedTextField(_("street address"))
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="businesses", verbose_name=_("ward")
    )
    sector = models.CharField(_("sector"), max_length=1, choices=Sector.choices)
    employees = models.PositiveIntegerField(_("employees"))
    annual_revenue_vnd = models.PositiveBigIntegerField(_("annual revenue (VND)"))
    size_band = models.CharField(_("size"), max_length=8, choices=SizeBand.choices, editable=False)
    year_founded = models.PositiveSmallIntegerField(_("year founded"))
    is_active = models.BooleanField(_("active"), default=True)
    # Written by the payments app when the e-payment account becomes (or stops being) ready.
    can_take_payments = models.BooleanField(_("can take payments"), default=False, editable=False)
    # Buyers' ratings of the shop, kept up to date by reviews.services on every review write.
    rating_average = models.DecimalField(
        _("average rating"), max_digits=3, decimal_places=2, null=True, blank=True, editable=False
    )
    rating_count = models.PositiveIntegerField(_("ratings"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("business")
        verbose_name_plural = _("businesses")
        ordering = ["trading_name"]
        indexes = [
            models.Index(fields=["sector"]),
            models.Index(fields=["size_band"]),
            models.Index(fields=["business_type"]),
        ]

    def __str__(self):
        return self.trading_name

    def get_absolute_url(self):
        return reverse("accounts:business_detail", kwargs={"slug": self.slug})


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    STAFF = "staff", _("Staff")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=8, choices=MembershipRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "business"], name="membership_unique_user")
        ]

    def __str__(self):
        return f"{self.user} — {self.business} ({self.role})"


class Invitation(models.Model):
    """An invitation for someone to join a business as staff, accepted through a one-time link.

    Only the SHA-256 of the link's token is stored: whoever reads the table cannot accept it."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.business}"

    @staticmethod
    def hash_token(token: str) -> str:
        """What is stored of a link's token: its SHA-256 (hex)."""
        return hashlib.sha256(token.encode()).hexdigest()
