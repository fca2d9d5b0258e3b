"""A small catalogue for the search tests: two shops in two wards, teas, coffees and a course
whose English text holds "tra" inside a word (training)."""

from datetime import timedelta

from django.utils import timezone

from cms.services import storefront_ensure
from marketplace.models import Product
from tests.factories import BusinessFactory, ward
from tests.marketplace.factories import ProductFactory, category


def build_catalogue() -> dict:
    tea_shop = BusinessFactory(
        can_take_payments=True, trading_name="Trà Sen Tân Định", slug="tra-sen", ward=ward("26743")
    )
    coffee_shop = BusinessFactory(
        can_take_payments=True,
        trading_name="Cà Phê Sáng",
        slug="ca-phe-sang",
        ward=ward("26740"),
    )
    school = BusinessFactory(
        can_take_payments=True, trading_name="Kế Toán An Tâm", slug="ke-toan", ward=ward("26743")
    )
    for shop in (tea_shop, coffee_shop, school):
        storefront_ensure(business=shop)
    now = timezone.now()
    products = {}

    def make(key, shop, name, **fields):
        fields.setdefault("description", "")
        created = fields.pop("age_days", 0)
        product = ProductFactory(business=shop, name=name, slug=key, **fields)
        Product.objects.filter(pk=product.pk).update(created_at=now - timedelta(days=created))
        products[key] = product
        return product

    # The course is the newest: a ranking by date alone would list it first for "trà".
    make(
        "course",
        school,
        "Khóa học hóa đơn điện tử",
        name_en="E-invoicing course",
        description="Hai buổi tối, thực hành trên máy của bạn.",
        description_en="Evening training on your own laptop.",
        category=category("dao-tao-lop-hoc"),
        price=450_000,
        age_days=0,
    )
    make(
        "tra-o-long",
        tea_shop,
        "Trà ô long hộp thiếc 200g",
        name_en="Oolong tea tin 200g",
        description="Trà ô long Bảo Lộc.",
        price=185_000,
        stock=0,
        made_to_order=True,
        age_days=3,
    )
    make(
        "tra-sen",
        tea_shop,
        "Trà sen Tây Hồ 100g",
        name_en="West Lake lotus tea 100g",
        description="Ướp bông sen bảy lần.",
        price=320_000,
        stock=12,
        age_days=5,
    )
    make(
        "robusta",
        coffee_shop,
        "Cà phê Robusta rang mộc 500g",
        name_en="Roasted Robusta coffee 500g",
        description="Hạt Robusta Buôn Ma Thuột.",
        price=145_000,
        age_days=1,
    )
    make(
        "phin",
        coffee_shop,
        "Bộ phin nhôm",
        name_en="Aluminium phin filter",
        description="Phin nhôm kèm gói cà phê pha phin.",
        price=85_000,
        age_days=2,
    )
    make(
        "hidden",
        coffee_shop,
        "Cà phê hết hàng",
        description="Không còn bán.",
        price=10_000,
        stock=0,
        age_days=4,
    )
    return {"products": products, "shops": (tea_shop, coffee_shop, school)}
