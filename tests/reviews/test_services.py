"""Reviews' rules: only completed orders, one review per line (a second edits the first), averages
stored on write and without hidden reviews, one reply, one report per person, editors only."""

from decimal import Decimal

import pytest

from accounts.roles import Role
from core.errors import Conflict, DomainError, Forbidden, NotFound
from marketplace.cache import catalogue_version
from marketplace.images import clean_upload
from orders.models import OrderStatus
from reviews import services
from reviews.models import ProductReview, ReviewReport
from tests.factories import UserFactory
from tests.marketplace.factories import image_upload
from tests.reviews.conftest import completed_order

pytestmark = pytest.mark.django_db


def _line(order, product):
    return order.lines.get(product=product)


def test_a_review_stores_the_average_and_count_on_the_product(order, coffee, buyer):
    version = catalogue_version()
    services.product_review_save(
        order=order, line_id=_line(order, coffee).pk, user=buyer, rating=4, text="Thơm ngon"
    )
    other = completed_order(coffee, user=None, email="b@example.vn")
    services.product_review_save(order=other, line_id=other.lines.get().pk, user=None, rating=5)
    coffee.refresh_from_db()
    assert (coffee.rating_average, coffee.rating_count) == (Decimal("4.50"), 2)
    assert catalogue_version() > version  # cached cards show the new figures


def test_a_second_review_of_the_same_line_edits_the_first(order, coffee, buyer):
    line = _line(order, coffee)
    first = services.product_review_save(order=order, line_id=line.pk, user=buyer, rating=2)
    second = services.product_review_save(
        order=order, line_id=line.pk, user=buyer, rating=5, text="Đổi ý: rất ngon"
    )
    assert first.pk == second.pk
    assert ProductReview.objects.count() == 1
    coffee.refresh_from_db()
    assert (coffee.rating_average, coffee.rating_count) == (Decimal("5.00"), 1)
    assert second.author_name == "Đặng A."


def test_an_order_not_completed_cannot_be_reviewed(coffee, buyer):
    order = completed_order(coffee, user=buyer, status=OrderStatus.FULFILLED)
    with pytest.raises(Conflict):
        services.product_review_save(
            order=order, line_id=order.lines.get().pk, user=buyer, rating=5
        )
    assert ProductReview.objects.count() == 0


@pytest.mark.parametrize("rating", [0, 6, "", "five", None])
def test_a_rating_outside_one_to_five_is_refused(order, coffee, buyer, rating):
    with pytest.raises(DomainError) as caught:
        services.product_review_save(
            order=order, line_id=_line(order, coffee).pk, user=buyer, rating=rating
        )
    assert caught.value.field == "rating"
    assert ProductReview.objects.count() == 0


def test_a_line_of_another_order_is_not_found(order, coffee, buyer):
    other = completed_order(coffee, user=None, email="b@example.vn")
    with pytest.raises(NotFound):
        services.product_review_save(
            order=order, line_id=other.lines.get().pk, user=buyer, rating=5
        )


def test_at_most_three_pictures_and_nothing_saved_when_over(order, coffee, buyer):
    pictures = [clean_upload(image_upload()) for _ in range(4)]
    line = _line(order, coffee)
    with pytest.raises(DomainError) as caught:
        services.product_review_save(
            order=order, line_id=line.pk, user=buyer, rating=5, photos=pictures
        )
    assert caught.value.field == "photos"
    assert ProductReview.objects.count() == 0
    review = services.product_review_save(
        order=order, line_id=line.pk, user=buyer, rating=5, photos=pictures[:3]
    )
    assert review.photos.count() == 3
    kept = list(review.photos.values_list("pk", flat=True))
    review = services.product_review_save(
        order=order,
        line_id=line.pk,
        user=buyer,
        rating=5,
        photos=pictures[3:],
        remove_photo_ids=kept[:1],
    )
    assert review.photos.count() == 3


def test_hiding_a_review_takes_it_out_of_the_average_and_restoring_puts_it_back(
    order, coffee, tea, buyer
):
    editor = UserFactory(roles=[Role.EDITOR])
    low = services.product_review_save(
        order=order, line_id=_line(order, coffee).pk, user=buyer, rating=1
    )
    other = completed_order(coffee, user=None, email="b@example.vn")
    services.product_review_save(order=other, line_id=other.lines.get().pk, user=None, rating=5)
    services.review_set_hidden(review_id=low.pk, actor=editor, hidden=True)
    coffee.refresh_from_db()
    assert (coffee.rating_average, coffee.rating_count) == (Decimal("5.00"), 1)
    services.review_set_hidden(review_id=low.pk, actor=editor, hidden=False)
    coffee.refresh_from_db()
    assert (coffee.rating_average, coffee.rating_count) == (Decimal("3.00"), 2)


def test_only_editors_moderate(order, coffee, buyer, owner):
    review = services.product_review_save(
        order=order, line_id=_line(order, coffee).pk, user=buyer, rating=1
    )
    for actor in (buyer, owner):
        with pytest.raises(Forbidden):
            services.review_set_hidden(review_id=review.pk, actor=actor, hidden=True)
    review.refresh_from_db()
    assert review.hidden is False


def test_the_shop_replies_once_and_only_its_members(order, coffee, buyer, owner):
    review = services.product_review_save(
        order=order, line_id=_line(order, coffee).pk, user=buyer, rating=3
    )
    stranger = UserFactory()
    with pytest.raises(NotFound):
        services.review_reply(review_id=review.pk, actor=stranger, text="Cảm ơn")
    with pytest.raises(DomainError):
        services.review_reply(review_id=review.pk, actor=owner, text="   ")
    services.review_reply(review_id=review.pk, actor=owner, text="Cảm ơn anh đã góp ý")
    with pytest.raises(Conflict):
        services.review_reply(review_id=review.pk, actor=owner, text="Lần hai")
    review.refresh_from_db()
    assert review.reply == "Cảm ơn anh đã góp ý"
    assert review.replied_by == owner


def test_a_report_counts_once_per_reporter(order, coffee, buyer):
    review = services.product_review_save(
        order=order, line_id=_line(order, coffee).pk, user=buyer, rating=3
    )
    assert services.review_report(review_id=review.pk, reporter_key="s1", reason="spam")
    assert not services.review_report(review_id=review.pk, reporter_key="s1", reason="false")
    assert services.review_report(review_id=review.pk, reporter_key="u9", reason="offensive")
    review.refresh_from_db()
    assert review.report_count == 2
    with pytest.raises(DomainError):
        services.review_report(review_id=review.pk, reporter_key="s2", reason="nonsense")
    assert ReviewReport.objects.count() == 2


def test_shop_rating_once_per_order_stored_on_the_business(order, shop, buyer, coffee):
    services.shop_review_save(order=order, user=buyer, rating=3)
    services.shop_review_save(order=order, user=buyer, rating=5)
    other = completed_order(coffee, user=None, email="b@example.vn")
    services.shop_review_save(order=other, user=None, rating=4)
    shop.refresh_from_db()
    assert (shop.rating_average, shop.rating_count) == (Decimal("4.50"), 2)


def test_a_deleted_account_leaves_its_reviews_unsigned_and_exports_them(order, coffee, buyer):
    from config.personal_data import reviews_anonymise, reviews_export

    services.product_review_save(
        order=order, line_id=_line(order, coffee).pk, user=buyer, rating=4, text="Ổn"
    )
    services.shop_review_save(order=order, user=buyer, rating=5)
    exported = reviews_export(buyer)
    assert exported["product_reviews"][0]["text"] == "Ổn"
    assert exported["shop_ratings"][0]["rating"] == 5
    reviews_anonymise(buyer, {})
    review = ProductReview.objects.get()
    assert (review.author, review.author_name, review.text) == (None, "", "Ổn")
    assert reviews_export(buyer) == {"product_reviews": [], "shop_ratings": []}
