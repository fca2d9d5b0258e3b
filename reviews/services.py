"""Writes of the reviews app: one keyword-only function per use case, each atomic.

Every write that changes which ratings count (a review saved, hidden or restored) recomputes the
product's or shop's average and count from the visible reviews, under a lock on that row, and
stores them on ``marketplace.Product`` / ``accounts.Business``; the catalogue version moves in the
same transaction, so cached product cards show the new figures on the next request.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg, Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Business, User
from accounts.selectors import businesses_for_user
from core.errors import Conflict, DomainError, Forbidden, NotFound
from marketplace.cache import catalogue_changed
from marketplace.images import CleanImage
from marketplace.models import Product
from orders.models import Order, OrderLine, OrderStatus
from privacy.masking import mask_name
from reviews.models import (
    MAX_PHOTOS,
    MAX_REPLY,
    MAX_TEXT,
    ProductReview,
    ReportReason,
    ReviewPhoto,
    ReviewReport,
    ShopReview,
)

REVIEWABLE_STATUSES = (OrderStatus.COMPLETED, OrderStatus.PARTIALLY_REFUNDED)


def order_reviewable(order: Order) -> bool:
    """A shop's order may be reviewed once the shop completed it (a later partial refund too)."""
    return order.completed_at is not None and order.status in REVIEWABLE_STATUSES


def line_reviewable(line: OrderLine) -> bool:
    return line.refunded_quantity < line.quantity


def _rating(value) -> int:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise DomainError(_("Choose from 1 to 5 stars."), field="rating")
    return rating


def _average(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _product_rating_refresh(product_id: int | None) -> None:
    if product_id is None:
        return
    Product.objects.select_for_update().filter(pk=product_id).values_list("pk").first()
    figures = ProductReview.objects.filter(product_id=product_id, hidden=False).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    Product.objects.filter(pk=product_id).update(
        rating_average=_average(figures["average"]), rating_count=figures["count"]
    )
    catalogue_changed()


def _business_rating_refresh(business_id: int) -> None:
    Business.objects.select_for_update().filter(pk=business_id).values_list("pk").first()
    figures = ShopReview.objects.filter(business_id=business_id).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    Business.objects.filter(pk=business_id).update(
        rating_average=_average(figures["average"]), rating_count=figures["count"]
    )


def _author(order: Order, user: User | None) -> tuple[User | None, str]:
    """Who wrote it, and how the review names them: the family name and initials."""
    if user is not None and user.is_authenticated and order.group.user_id == user.pk:
        # Family name first, as Vietnamese names are written (and as mask_name expects).
        name = " ".join(filter(None, (user.last_name, user.first_name))) or order.group.contact_name
        return user, mask_name(name)
    return None, mask_name(order.group.contact_name)


def _check_reviewable(order: Order) -> None:
    if not order_reviewable(order):
        raise Conflict(_("You can review this order once the shop has completed it."))


@transaction.atomic
def product_review_save(
    *,
    order: Order,
    line_id: int,
    user: User | None,
    rating,
    text: str = "",
    photos: list[CleanImage] = (),
    remove_photo_ids: list[int] = (),
) -> ProductReview:
    """The buyer's review of one line of ``order`` (whose access the caller checked): written the
    first time, edited after that. At most three pictures, already re-encoded by the caller."""
    _check_reviewable(order)
    line = OrderLine.objects.filter(order=order, pk=line_id).first()
    if line is None:
        raise NotFound(_("This product is not part of the order."))
    if not line_reviewable(line):
        raise Conflict(_("This product was refunded: there is nothing to review."))
    rating = _rating(rating)
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise DomainError(
            _("Keep the review under %(count)d characters.") % {"count": MAX_TEXT}, field="text"
        )
    author, author_name = _author(order, user)
    review = ProductReview.objects.select_for_update().filter(line=line).first()
    if review is None:
        review = ProductReview(line=line, product_id=line.product_id, business_id=order.business_id)
    review.rating = rating
    review.text = text
    review.author = author or review.author
    review.author_name = author_name
    review.save()
    if remove_photo_ids:
        review.photos.filter(pk__in=list(remove_photo_ids)).delete()
    if review.photos.count() + len(photos) > MAX_PHOTOS:
        raise DomainError(
            _("A review has at most %(count)d pictures.") % {"count": MAX_PHOTOS}, field="photos"
        )
    for picture in photos:
        ReviewPhoto.objects.create(review=review, file=picture.as_file())
    _product_rating_refresh(review.product_id)
    return review


@transaction.atomic
def shop_review_save(*, order: Order, user: User | None, rating) -> ShopReview:
    """The buyer's rating of the shop for ``order``: written once, edited after that."""
    _check_reviewable(order)
    rating = _rating(rating)
    author, _name = _author(order, user)
    review, _created = ShopReview.objects.select_for_update().get_or_create(
        order=order,
        defaults={"business_id": order.business_id, "rating": rating, "author": author},
    )
    if review.rating != rating:
        review.rating = rating
        review.save(update_fields=["rating", "updated_at"])
    _business_rating_refresh(order.business_id)
    return review


@transaction.atomic
def review_reply(*, review_id: int, actor: User, text: str) -> ProductReview:
    """The shop's one public reply to a review of its product, by one of its members."""
    review = ProductReview.objects.select_for_update().filter(pk=review_id).first()
    if review is None or not businesses_for_user(user=actor).filter(pk=review.business_id).exists():
        raise NotFound(_("No review of your shops has this number."))
    if review.replied_at is not None:
        raise Conflict(_("Your shop has already replied to this review."))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the reply."), field="text")
    if len(text) > MAX_REPLY:
        raise DomainError(
            _("Keep the reply under %(count)d characters.") % {"count": MAX_REPLY}, field="text"
        )
    review.reply = text
    review.replied_at = timezone.now()
    review.replied_by = actor
    review.save(update_fields=["reply", "replied_at", "replied_by", "updated_at"])
    return review


@transaction.atomic
def review_report(*, review_id: int, reporter_key: str, reason: str) -> bool:
    """Someone reports a review; True the first time this person (or browser) does."""
    if reason not in ReportReason.values:
        raise DomainError(_("Choose why you report this review."), field="reason")
    review = ProductReview.objects.filter(pk=review_id, hidden=False).first()
    if review is None:
        raise NotFound(_("This review is not shown any more."))
    _report, created = ReviewReport.objects.get_or_create(
        review=review, reporter_key=reporter_key, defaults={"reason": reason}
    )
    if created:
        ProductReview.objects.filter(pk=review.pk).update(report_count=F("report_count") + 1)
    return created


@transaction.atomic
def review_set_hidden(*, review_id: int, actor: User, hidden: bool) -> ProductReview:
    """An editor hides a review (it leaves the pages and the averages) or shows it again."""
    if not actor.has_perm("reviews.moderate_review"):
        raise Forbidden(_("Only editors can hide or restore reviews."))
    review = ProductReview.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise NotFound(_("No review has this number."))
    review.hidden = hidden
    review.moderated_at = timezone.now()
    review.moderated_by = actor
    review.save(update_fields=["hidden", "moderated_at", "moderated_by", "updated_at"])
    _product_rating_refresh(review.product_id)
    return review
