"""What a shop's products need, for the workspace home ("Cửa hàng của tôi").

For many shops at once and in a fixed number of queries: per shop, how many products run low
(stock at or under the product's own ``low_stock_threshold``; made-to-order and archived products
never do) and how many have no picture (archived ones aside), and the first few of each to open.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q

from marketplace.models import Product, ProductImage, ProductStatus

LIST_LIMIT = 8

LOW_STOCK_Q = Q(made_to_order=False, stock__lte=F("low_stock_threshold")) & ~Q(
    status=ProductStatus.ARCHIVED
)


NO_PICTURE_Q = Q(has_picture=False) & ~Q(status=ProductStatus.ARCHIVED)


@dataclass
class ProductNeeds:
    products: int = 0
    low_stock: int = 0
    without_pictures: int = 0
    low_stock_list: list = field(default_factory=list)
    without_pictures_list: list = field(default_factory=list)


def product_needs(*, business_ids: list[int]) -> dict[int, ProductNeeds]:
    """Per business id, its product counts and the first low-stock and picture-less products
    (``LIST_LIMIT`` across all the shops, fewest in stock first). Three queries."""
    needs = {pk: ProductNeeds() for pk in business_ids}
    if not business_ids:
        return needs
    mine = Product.objects.filter(business_id__in=business_ids).annotate(
        has_picture=Exists(ProductImage.objects.filter(product=OuterRef("pk")))
    )
    counts = (
        mine.values("business_id")
        .annotate(
            products=Count("pk", filter=~Q(status=ProductStatus.ARCHIVED)),
            low_stock=Count("pk", filter=LOW_STOCK_Q),
            without_pictures=Count("pk", filter=NO_PICTURE_Q),
        )
        .order_by()
    )
    for row in counts:
        shop = needs[row["business_id"]]
        shop.products = row["products"]
        shop.low_stock = row["low_stock"]
        shop.without_pictures = row["without_pictures"]
    fields = ("pk", "business_id", "name", "stock", "low_stock_threshold", "status")
    for product in (
        mine.filter(LOW_STOCK_Q).only(*fields).order_by("stock", "name", "pk")[:LIST_LIMIT]
    ):
        needs[product.business_id].low_stock_list.append(product)
    for product in (
        mine.filter(NO_PICTURE_Q).only(*fields).order_by("-updated_at", "-pk")[:LIST_LIMIT]
    ):
        needs[product.business_id].without_pictures_list.append(product)
    return needs
