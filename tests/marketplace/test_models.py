import pytest
from django.db import IntegrityError, transaction

from accounts.text import fold
from marketplace.models import Category, Product
from tests.marketplace.factories import ProductFactory, category

pytestmark = pytest.mark.django_db


def test_category_tree_is_seeded_two_levels_deep_with_both_languages():
    tops = Category.objects.filter(parent=None)
    assert tops.count() == 9
    assert Category.objects.count() == 49
    coffee = category("ca-phe-tra")
    assert (coffee.name, coffee.name_en) == ("Cà phê & trà", "Coffee & tea")
    assert coffee.parent.slug == "thuc-pham-do-uong"
    assert not Category.objects.filter(parent__parent__isnull=False).exists()


def test_search_text_is_folded_from_names_description_and_category():
    product = ProductFactory(name="Cà phê Đà Lạt", name_en="Da Lat coffee", description="Rang xay")
    assert product.search_text == fold(
        "Cà phê Đà Lạt Da Lat coffee Rang xay Cà phê & trà Coffee & tea"
    )
    assert "ca phe da lat" in product.search_text


def test_stock_cannot_go_below_zero_in_the_database():
    product = ProductFactory(stock=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(stock=-1)


def test_price_cannot_be_negative_in_the_database():
    product = ProductFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(price=-5)
