import pytest

from marketplace import selectors
from marketplace.models import ProductStatus
from marketplace.services import product_image_add
from tests.factories import BusinessFactory, vendor
from tests.marketplace.factories import ProductFactory, category, image_upload

pytestmark = pytest.mark.django_db


def test_visible_needs_active_product_active_business_payments_and_stock():
    visible = ProductFactory()
    made_to_order = ProductFactory(stock=0, made_to_order=True)
    ProductFactory(status=ProductStatus.DRAFT)
    ProductFactory(status=ProductStatus.ARCHIVED)
    ProductFactory(stock=0)
    ProductFactory(business=BusinessFactory(can_take_payments=False))
    ProductFactory(business=BusinessFactory(is_active=False, can_take_payments=True))
    assert set(selectors.products_visible()) == {visible, made_to_order}


def test_visible_loads_business_ward_category_and_images_in_fixed_queries(
    django_assert_num_queries,
):
    for _ in range(3):
        product_image_add(product=ProductFactory(), upload=image_upload(), alt_text="Ly cà phê")
    with django_assert_num_queries(3):
        rows = [
            (p.business.ward.name, p.category.parent.name, p.first_image)
            for p in selectors.products_visible()
        ]
    assert len(rows) == 3
    assert all(image.alt_text == "Ly cà phê" for _ward, _parent, image in rows)


def test_products_for_member_are_only_the_members_businesses():
    mine = ProductFactory(status=ProductStatus.DRAFT)
    ProductFactory()
    user = vendor(business=mine.business)
    assert list(selectors.products_for_member(user=user)) == [mine]
    assert selectors.product_for_member(user=user, product_id=mine.pk) == mine


def test_category_lookup_by_slug_or_id_includes_children():
    food = selectors.category_by_key("thuc-pham-do-uong")
    coffee = category("ca-phe-tra")
    assert coffee.pk in food.subtree_ids
    assert selectors.category_by_key(str(coffee.pk)).slug == "ca-phe-tra"
    assert selectors.category_by_key("khong-co") is None


def test_search_finds_vietnamese_with_or_without_marks():
    coffee = ProductFactory(name="Cà phê phin Đà Lạt", description="")
    ProductFactory(name="Trà sen Tây Hồ", description="", category=category("gom-su"))
    products = selectors.products_visible()
    assert list(selectors.products_search(products, query="ca phe da lat")) == [coffee]
    assert list(selectors.products_search(products, query="CÀ PHÊ")) == [coffee]
