"""Wagtail content: the home page, the guide library and a storefront for every business.

The tree, per language (Vietnamese first, English translations beside it)::

    HomePage
    ├── GuideIndexPage        the guide library (filters, search)
    │   └── GuidePage         one guide, tagged by the maturity model's dimension and levels
    └── StorefrontIndexPage   all shops (filters by ward and sector)
        └── StorefrontPage    one per accounts.Business; products are routes below it

Guide tags (dimension S/E/P/O/C/H, level range L0-L5, sector, platform action) are what the
onboarding app reads through ``cms.selectors.guides_for`` to put guides into a business's plan.
Storefronts show only what the owner chose to publish on the page; the business profile's private
(encrypted) fields are never read here.
"""

import math

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts.models import Business, Sector
from cms import selectors
from cms.blocks import AboutStreamBlock, GuideStreamBlock
from cms.forms import (
    CatalogueFilterForm,
    ContentPageForm,
    GuideFilterForm,
    StorefrontFilterForm,
    StorefrontPageForm,
)
from cms.selectors import PRODUCT_SEGMENTS, product_path, product_segment_language
from marketplace.page_cache import shareable
from reviews.models import ReportReason
from reviews.selectors import product_reviews

WORDS_PER_MINUTE = 200
GUIDES_PER_PAGE = 12
STOREFRONTS_PER_PAGE = 12


class CustomImage(AbstractImage):
    """Every image on the site; alt text is a field of its own, required by our pages.

    ``reencoded`` is true once the stored file is our own re-encoding (no metadata, random name):
    every file saved since issue #13 is (``cms.signals`` re-encodes any other before it is
    written); older ones are re-encoded by ``manage.py images_reencode``."""

    alt_text = models.CharField(_("alt text"), max_length=255, blank=True)
    reencoded = models.BooleanField(_("re-encoded without metadata"), default=False, editable=False)

    admin_form_fields = (*Image.admin_form_fields, "alt_text")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def default_alt_text(self):
        return self.alt_text or self.title


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class Dimension(models.TextChoices):
    """The six dimensions of the maturity model (shared/specs/maturity-model.md)."""

    STRATEGY = "S", _("Strategy and leadership")
    ONLINE = "E", _("Online presence and e-commerce")
    PAYMENTS = "P", _("Digital payments and e-invoicing")
    OPERATIONS = "O", _("Digital operations and data")
    SECURITY = "C", _("Cybersecurity and data protection")
    PEOPLE = "H", _("People and skills")


class Level(models.IntegerChoices):
    L0 = 0, _("L0 Not started")
    L1 = 1, _("L1 Starting")
    L2 = 2, _("L2 Beginning")
    L3 = 3, _("L3 Forming")
    L4 = 4, _("L4 Advanced")
    L5 = 5, _("L5 Leading")


class PlatformAction(models.TextChoices):
    """Steps a business can take on Chợ Số itself; a guide may explain one of them."""

    OPEN_PAYMENT_ACCOUNT = "open_payment_account", _("Open an e-payment account")
    PUBLISH_STOREFRONT = "publish_storefront", _("Publish your storefront")
    LIST_PRODUCTS = "list_products", _("List your first products")
    ENABLE_TWO_FACTOR = "enable_two_factor", _("Turn on two-factor sign-in")
    INVITE_STAFF = "invite_staff", _("Invite your staff")
    TAKE_ASSESSMENT = "take_assessment", _("Take the digital maturity assessment")


def _querystring(request) -> str:
    """The listing's filters without the page number, ready to prefix ``page=``."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


# Where each platform action is done (URL names; a missing one simply shows no link).
PLATFORM_ACTION_URL_NAMES = {
    PlatformAction.OPEN_PAYMENT_ACCOUNT: "payments:overview",
    PlatformAction.PUBLISH_STOREFRONT: "wagtailadmin_home",
    PlatformAction.LIST_PRODUCTS: "wagtailadmin_home",
    PlatformAction.ENABLE_TWO_FACTOR: "mfa_index",
    PlatformAction.INVITE_STAFF: "accounts:dashboard",
    PlatformAction.TAKE_ASSESSMENT: "onboarding:start",
}


class SeoMixin:
    """What every page offers the <head>: a description and an Open Graph image."""

    def get_meta_description(self) -> str:
        return self.search_description

    def get_og_image(self):
        return None


class HomePage(SeoMixin, Page):
    """The site's front page: what Chợ Số is, and the ways in for businesses and shoppers."""

    base_form_class = ContentPageForm

    intro = models.CharField(_("intro"), max_length=255, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.GuideIndexPage", "cms.StorefrontIndexPage", "cms.InfoPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_guides"] = selectors.featured_guides(limit=3)
        context["featured_storefronts"] = selectors.featured_storefronts(limit=4)
        context["guide_library"] = self.get_children().type(GuideIndexPage).live().first()
        context["storefront_index"] = self.get_children().type(StorefrontIndexPage).live().first()
        return context

    def get_meta_description(self) -> str:
        return self.search_description or self.intro


class InfoRole(models.TextChoices):
    """Which footer link a page answers (``cms:terms``, ``cms:contact``); other pages have none."""

    NONE = "", _("No footer link")
    TERMS = "terms", _("Terms of use")
    CONTACT = "contact", _("Contact us")


class InfoPage(SeoMixin, Page):
    """A plain page of the site below the home page: the terms of use, the contact page. Made in
    both languages by migration ``cms/0007``; editors change their words in the workspace."""

    base_form_class = ContentPageForm

    role = models.CharField(
        _("footer link"), max_length=16, choices=InfoRole.choices, blank=True, default=""
    )
    intro = models.CharField(_("intro"), max_length=255, blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    settings_panels = [*Page.settings_panels, FieldPanel("role")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")

    def get_meta_description(self) -> str:
        return self.search_description or self.intro


class GuideIndexPage(SeoMixin, Page):
    """The guide library: every guide of one language, filtered by tag and searchable."""

    base_form_class = ContentPageForm

    intro = models.TextField(_("intro"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("guide library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = GuideFilterForm(
            request.GET or None, dimensions=Dimension.choices, levels=Level.choices
        )
        filters = form.cleaned_data if form.is_valid() else {}
        guides = selectors.guide_library(
            dimension=filters.get("dimension", ""),
            level=filters.get("level"),
            sector=filters.get("sector", ""),
            query=filters.get("q", ""),
        )
        context["form"] = form
        context["guides"] = Paginator(guides, GUIDES_PER_PAGE).get_page(request.GET.get("page"))
        context["querystring"] = _querystring(request)
        return context

    def get_meta_description(self) -> str:
        return self.search_description or self.intro


class GuidePage(SeoMixin, Page):
    """One practical guide, tied to the maturity model by its tags."""

    base_form_class = ContentPageForm

    summary = models.CharField(_("summary"), max_length=300)
    hero_image = models.ForeignKey(
        CustomImage,
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(GuideStreamBlock(), verbose_name=_("body"))
    dimension = models.CharField(_("dimension"), max_length=1, choices=Dimension.choices)
    level_min = models.PositiveSmallIntegerField(
        _("from level"), choices=Level.choices, default=Level.L0
    )
    level_max = models.PositiveSmallIntegerField(
        _("to level"), choices=Level.choices, default=Level.L5
    )
    sector = models.CharField(
        _("sector"),
        max_length=1,
        choices=Sector.choices,
        blank=True,
        help_text=_("Leave empty when the guide suits every sector."),
    )
    platform_action = models.CharField(
        _("platform action"),
        max_length=32,
        choices=PlatformAction.choices,
        blank=True,
        help_text=_("The step on Chợ Số this guide walks through, if any."),
    )
    featured = models.BooleanField(_("featured on the home page"), default=False)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("dimension"),
        index.FilterField("sector"),
        index.FilterField("locale_id"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("dimension"),
                FieldRowPanel([FieldPanel("level_min"), FieldPanel("level_max")]),
                FieldPanel("sector"),
                FieldPanel("platform_action"),
            ],
            heading=_("Maturity model tags"),
        ),
        InlinePanel("related_links", label=_("Related guides")),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("featured")]

    parent_page_types = ["cms.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def clean(self):
        super().clean()
        levels = (self.level_min, self.level_max)
        if None not in levels and self.level_min > self.level_max:
            raise ValidationError(
                {"level_max": _("The last level cannot be below the first level.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_guides"] = selectors.related_guides(guide=self)
        return context

    @property
    def reading_time(self) -> int:
        """Minutes to read the body at 200 words a minute (at least one)."""
        words = len(strip_tags(self.body.render_as_block() if self.body else "").split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    def get_meta_description(self) -> str:
        return self.search_description or self.summary

    @property
    def platform_action_url_name(self) -> str:
        return PLATFORM_ACTION_URL_NAMES.get(self.platform_action, "")

    def get_og_image(self):
        return self.hero_image


class GuideRelatedLink(Orderable):
    """A guide an editor chose to show beside another."""

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="related_links")
    guide = models.ForeignKey(
        GuidePage, verbose_name=_("guide"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("guide")]

    class Meta(Orderable.Meta):
        verbose_name = _("related guide")


class StorefrontIndexPage(SeoMixin, Page):
    """All shops of the platform, filtered by ward and sector."""

    base_form_class = ContentPageForm

    intro = models.TextField(_("intro"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StorefrontPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("storefront index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        wards, sectors = selectors.storefront_filter_options()
        form = StorefrontFilterForm(request.GET or None, wards=wards, sectors=sectors)
        filters = form.cleaned_data if form.is_valid() else {}
        storefronts = selectors.storefront_listing(
            ward=filters.get("ward", ""), sector=filters.get("sector", "")
        )
        context["form"] = form
        context["storefronts"] = Paginator(storefronts, STOREFRONTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context["querystring"] = _querystring(request)
        return context

    def get_meta_description(self) -> str:
        return self.search_description or self.intro


class StorefrontPage(SeoMixin, RoutablePageMixin, Page):
    """A business's shop window; created by ``cms.services.storefront_ensure``, one per language."""

    base_form_class = StorefrontPageForm

    business = models.ForeignKey(
        Business,
        verbose_name=_("business"),
        on_delete=models.PROTECT,
        related_name="storefront_pages",
    )
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    logo = models.ForeignKey(
        CustomImage,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    banner = models.ForeignKey(
        CustomImage,
        verbose_name=_("banner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    about = StreamField(AboutStreamBlock(), verbose_name=_("about the shop"), blank=True)
    opening_hours = models.TextField(
        _("opening hours"),
        blank=True,
        help_text=_("One line per row, e.g. “Mon–Sat: 7:00–21:00”."),
    )
    public_phone = models.CharField(_("public phone"), max_length=32, blank=True)
    public_email = models.EmailField(_("public email"), blank=True)
    public_address = models.CharField(_("public address"), max_length=255, blank=True)
    show_ward = models.BooleanField(_("show the ward"), default=True)
    accepts_cash = models.BooleanField(_("cash on delivery or at the counter"), default=True)
    accepts_bank_transfer = models.BooleanField(_("bank transfer or VietQR"), default=False)
    featured = models.BooleanField(_("featured on the home page"), default=False)

    search_fields = [*Page.search_fields, index.SearchField("tagline")]

    content_panels = [
        *Page.content_panels,
        FieldPanel("business", read_only=True),
        FieldPanel("tagline"),
        FieldRowPanel([FieldPanel("logo"), FieldPanel("banner")]),
        FieldPanel("about"),
        FieldPanel("opening_hours"),
        MultiFieldPanel(
            [
                FieldPanel("public_phone"),
                FieldPanel("public_email"),
                FieldPanel("public_address"),
                FieldPanel("show_ward"),
            ],
            heading=_("Contact details to publish"),
            help_text=_("Only what you enter here is shown; your business profile stays private."),
        ),
        MultiFieldPanel(
            [FieldPanel("accepts_cash"), FieldPanel("accepts_bank_transfer")],
            heading=_("Payment methods accepted"),
        ),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("featured")]

    parent_page_types = ["cms.StorefrontIndexPage"]
    subpage_types = []
    # Made only by cms.services.storefront_ensure, bound to its business.
    is_creatable = False

    class Meta:
        verbose_name = _("storefront")
        verbose_name_plural = _("storefronts")

    def get_meta_description(self) -> str:
        return self.search_description or self.tagline or self.title

    def get_og_image(self):
        return self.banner or self.logo

    @property
    def opening_hours_lines(self) -> list[str]:
        return [line.strip() for line in self.opening_hours.splitlines() if line.strip()]

    def serve(self, request, *args, **kwargs):
        # An inactive shop is hidden from the public; its members and editors see a preview.
        if not self.business.is_active and not self.permissions_for_user(request.user).can_edit():
            raise Http404
        return super().serve(request, *args, **kwargs)

    @path("")
    def storefront(self, request):
        params = request.GET
        categories = selectors.storefront_categories(business=self.business)
        form = CatalogueFilterForm(params or None, categories=categories)
        filters = form.cleaned_data if form.is_valid() else {}
        catalogue = selectors.storefront_catalogue(
            business=self.business,
            category=filters.get("category", ""),
            query=filters.get("q", ""),
            page=params.get("page"),
        )
        return shareable(
            self.render(
                request,
                context_overrides={
                    "form": form,
                    "products": catalogue,
                    "querystring": _querystring(request),
                },
            )
        )

    def reverse_subpage(self, name, args=None, kwargs=None):
        # One name, "product", for the product route of the active language.
        if name == "product":
            name = f"product_{product_segment_language()}"
        return super().reverse_subpage(name, args=args, kwargs=kwargs)

    def _product_page(self, request, product_slug, language):
        if language != product_segment_language():
            # The other language's path (or the English one all product pages had before #15).
            return HttpResponsePermanentRedirect(
                self.url + self.reverse_subpage("product", args=(product_slug,))
            )
        product = selectors.storefront_product(business=self.business, slug=product_slug)
        if product is None:
            raise Http404
        return shareable(
            self.render(
                request,
                template="cms/product_page.html",
                context_overrides={
                    "product": product,
                    "product_path": product_path(language, product.slug),
                    "product_paths": {
                        code: product_path(code, product.slug) for code in PRODUCT_SEGMENTS
                    },
                    # No query for a product nobody reviewed (the count is stored on it).
                    "reviews": product_reviews(product_id=product.pk)
                    if product.rating_count
                    else [],
                    "report_reasons": ReportReason.choices,
                },
            )
        )

    @path("san-pham/<slug:product_slug>/", name="product_vi")
    def product_vi(self, request, product_slug):
        return self._product_page(request, product_slug, "vi")

    @path("products/<slug:product_slug>/", name="product_en")
    def product_en(self, request, product_slug):
        return self._product_page(request, product_slug, "en")
