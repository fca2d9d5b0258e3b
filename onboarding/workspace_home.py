"""The vendor's workspace home, "Cửa hàng của tôi": what each of the user's shops needs today.

Per shop (and all together for someone with several): orders waiting for payment, for the shop's
confirmation and for shipping; today's and this month's sales (count, value, by payment method);
products running low (each product's own threshold) and products without pictures; recent reviews
(from whatever app answers the ``workspace_home_recent_reviews`` hook); and the getting-started
checklist (profile -> assessment -> e-payment account -> storefront -> first product -> first sale,
the steps of ``onboarding.facts.journey``) with the next step as the main button.

It sits in onboarding because the checklist needs the assessments; it reads the lower apps through
their selectors. A fixed number of queries whatever the number of shops, and nothing is written:
a shop without a storefront is offered the step that makes one (a POST).
"""

from dataclasses import dataclass, field, replace

from django.db.models import BooleanField, Case, Count, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from accounts.models import Business, MembershipRole, User
from cms import selectors as cms_selectors
from marketplace.models import Product
from marketplace.selectors import visible_q
from marketplace.workspace_home import ProductNeeds, product_needs
from onboarding import facts as platform
from onboarding import selectors
from orders.models import PAID_STATUSES, Order
from orders.workspace_home import ShopFigures, shop_figures
from payments import selectors as payment_selectors

# A hook for the app that holds reviews: ``fn(business_ids=[...], limit=n)`` returns, in one query,
# recent reviews as objects with ``business_id``, ``rating``, ``text``, ``author_name`` and
# ``created_at``, newest first. Without one the home says that no reviews are shown yet.
RECENT_REVIEWS_HOOK = "workspace_home_recent_reviews"
REVIEWS_LIMIT = 5


@dataclass
class ShopHome:
    business: Business
    role: str
    storefront: object | None
    figures: ShopFigures
    needs: ProductNeeds
    checklist: list[platform.Step]
    reviews: list = field(default_factory=list)

    @property
    def is_owner(self) -> bool:
        return self.role == MembershipRole.OWNER

    @property
    def next_step(self) -> platform.Step | None:
        return next((step for step in self.checklist if step.state != platform.DONE), None)

    @property
    def steps_done(self) -> int:
        return sum(step.state == platform.DONE for step in self.checklist)


@dataclass
class Home:
    shops: list[ShopHome]
    reviews_available: bool

    @property
    def together(self) -> tuple[ShopFigures, ProductNeeds] | None:
        """The figures of every shop added up, for someone with more than one."""
        if len(self.shops) < 2:
            return None
        figures, needs = ShopFigures(), ProductNeeds()
        for shop in self.shops:
            figures.add(shop.figures)
            needs.products += shop.needs.products
            needs.low_stock += shop.needs.low_stock
            needs.without_pictures += shop.needs.without_pictures
        return figures, needs


def _count(queryset):
    return Coalesce(
        Subquery(queryset.order_by().values("business").annotate(n=Count("pk")).values("n")[:1]),
        0,
    )


def _businesses(user: User) -> list[Business]:
    """The user's shops with their role, payment state and the checklist's counts: one query."""
    return list(
        Business.objects.filter(memberships__user=user)
        .select_related("payment_account")
        .annotate(
            member_role=F("memberships__role"),
            rail_ready=Case(
                When(payment_selectors.electronic_rail_ready_q(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            products_listed=_count(Product.objects.filter(visible_q(), business=OuterRef("pk"))),
            paid_orders=_count(
                Order.objects.filter(business=OuterRef("pk"), status__in=PAID_STATUSES)
            ),
        )
        .order_by("trading_name", "pk")
    )


def _checklist(business, storefront, latest, has_draft) -> list[platform.Step]:
    facts = platform.Facts(
        payment_state=payment_selectors.state_of(getattr(business, "payment_account", None)),
        storefront=storefront,
        products_listed=business.products_listed,
        paid_orders=business.paid_orders,
        two_factor=False,  # not a step of the checklist
        rail_ready=business.rail_ready,
    )
    steps = platform.platform_steps(business=business, facts=facts)
    journey = platform.journey(
        business=business, facts=facts, steps=steps, latest=latest, has_draft=has_draft
    )
    # The home's own way to each step: add a product here, then share the storefront.
    home_urls = {
        "first_product": reverse("wagtailsnippets_marketplace_product:add"),
        "first_sale": storefront.url if facts.storefront_live else "",
    }
    return [
        replace(step, url=home_urls[step.code])
        if step.code in home_urls and step.state != platform.DONE
        else step
        for step in journey
    ]


def _recent_reviews(business_ids: list[int]) -> tuple[bool, list]:
    sources = hooks.get_hooks(RECENT_REVIEWS_HOOK)
    reviews = []
    for source in sources:
        reviews.extend(source(business_ids=business_ids, limit=REVIEWS_LIMIT))
    return bool(sources), reviews


def vendor_home(*, user: User) -> Home:
    """Everything the home shows for ``user``'s shops, in a fixed number of queries."""
    businesses = _businesses(user)
    ids = [business.pk for business in businesses]
    storefronts = {
        business.pk: page
        for business, page in cms_selectors.storefronts_for_businesses(businesses=businesses)
    }
    latest = selectors.latest_by_business(businesses=ids)
    drafts = selectors.draft_business_ids(businesses=ids)
    figures = shop_figures(business_ids=ids)
    needs = product_needs(business_ids=ids)
    reviews_available, reviews = _recent_reviews(ids)
    shops = []
    for business in businesses:
        storefront = storefronts.get(business.pk)
        shops.append(
            ShopHome(
                business=business,
                role=business.member_role,
                storefront=storefront,
                figures=figures[business.pk],
                needs=needs[business.pk],
                checklist=_checklist(
                    business, storefront, latest.get(business.pk), business.pk in drafts
                ),
                reviews=[review for review in reviews if review.business_id == business.pk],
            )
        )
    return Home(shops=shops, reviews_available=reviews_available)


class VendorHomePanel(Component):
    """The home's main panel for members of a business, first on the page."""

    name = "vendor_home"
    order = -100
    template_name = "onboarding/admin/vendor_home.html"

    class Media:
        css = {"all": ["onboarding/workspace_home.css"]}

    def __init__(self, home: Home):
        self.home = home

    def get_context_data(self, parent_context=None):
        return {
            "home": self.home,
            "heading": _("My shop"),
            "orders_url": reverse("orders_workspace:list"),
            "statements_url": reverse("orders_workspace:statements"),
            "products_url": reverse("wagtailsnippets_marketplace_product:list"),
        }
