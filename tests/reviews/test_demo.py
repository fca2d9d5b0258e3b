"""The reviews demo: the demo shopper's completed order is reviewed, once."""

import io

import pytest
from django.core.management import call_command

from reviews.models import ProductReview, ShopReview

pytestmark = pytest.mark.django_db


def test_seed_demo_reviews_the_completed_order_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    reviews = list(ProductReview.objects.select_related("product"))
    assert sorted(review.rating for review in reviews) == [4, 5]
    assert ShopReview.objects.count() == 1
    assert all(review.product.rating_count == 1 for review in reviews)
    call_command("seed_demo", stdout=io.StringIO())
    assert ProductReview.objects.count() == 2 and ShopReview.objects.count() == 1
