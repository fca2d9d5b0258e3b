"""Reads of the reviews app: who may review an order, and reviews for pages and the workspace."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import businesses_for_user
from core.errors import Forbidden, NotFound
from orders.links import group_reference_from_token
from orders.models import Order, OrderLine
from reviews.models import ProductReview, ReviewPhoto

PRODUCT_PAGE_REVIEWS = 10


def order_for_reviewer(
    *, order_id: int, user: User | None, session_references: Iterable[str], token: str = ""
) -> Order:
    """The shop's order with its lines, their reviews and pictures and the shop rating, for the
    shopper who bought it: its signed-in owner, the browser that placed it, or the holder of the
    order's signed link. Anyone else: ``Forbidden``; no such order: ``NotFound``."""
    order = (
        Order.objects.select_related("group", "business", "shop_review")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=OrderLine.objects.select_related("review").order_by("pk"),
            ),
            Prefetch("lines__review__photos", queryset=ReviewPhoto.objects.order_by("pk")),
        )
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise NotFound(_("No order has this number."))
    group = order.group
    reference = str(group.reference)
    bought = (
        (user is not None and user.is_authenticated and group.user_id == user.pk)
        or reference in set(session_references)
        or (bool(token) and group_reference_from_token(token) == reference)
    )
    if not bought:
        raise Forbidden(_("Only the shopper who placed this order can review it."))
    return order


def product_reviews(*, product_id: int, limit: int = PRODUCT_PAGE_REVIEWS) -> list[ProductReview]:
    """The newest visible reviews of a product with their pictures: two queries."""
    return list(
        ProductReview.objects.filter(product_id=product_id, hidden=False)
        .only(
            "pk", "rating", "text", "author_name", "reply", "replied_at", "created_at", "product_id"
        )
        .prefetch_related(Prefetch("photos", queryset=ReviewPhoto.objects.order_by("pk")))
        .order_by("-created_at", "-pk")[:limit]
    )


def reviews_for_vendor(*, user: User) -> QuerySet[ProductReview]:
    """Reviews of the products of the user's shops, newest first (hidden ones included)."""
    return (
        ProductReview.objects.filter(business__in=businesses_for_user(user=user).values("pk"))
        .select_related("business", "line")
        .order_by("-created_at", "-pk")
    )


def reported_reviews(*, show: str = "open") -> QuerySet[ProductReview]:
    """Reviews someone reported: ``open`` (no editor decided yet), ``hidden``, or ``all``; most
    reported first."""
    reviews = (
        ProductReview.objects.filter(report_count__gt=0)
        .select_related("business", "line")
        .prefetch_related("reports")
        .order_by("-report_count", "-created_at", "-pk")
    )
    if show == "open":
        return reviews.filter(moderated_at__isnull=True)
    if show == "hidden":
        return reviews.filter(hidden=True)
    return reviews
