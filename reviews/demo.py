"""Demo reviews: the demo shopper reviews the lines of their completed demo orders and rates the
shop, through the services (so the stored averages move). Idempotent: a second run edits the same
reviews to the same values."""

from accounts.models import User
from orders.models import Order
from reviews import services

TEXTS = [
    (5, "Hàng đúng mô tả, đóng gói cẩn thận, giao nhanh. Sẽ mua lại."),
    (4, "Chất lượng tốt, giá hợp lý; giao hơi trễ một chút."),
]


def seed(*, stdout, style, password):
    shopper = User.objects.filter(email="shopper@choso.local").first()
    if shopper is None:
        stdout.write("reviews: no demo shopper; no demo reviews")
        return
    orders = Order.objects.filter(group__user=shopper).select_related("group").order_by("pk")
    count = 0
    for order in orders:
        if not services.order_reviewable(order):
            continue
        for index, line in enumerate(order.lines.order_by("pk")):
            rating, text = TEXTS[index % len(TEXTS)]
            services.product_review_save(
                order=order, line_id=line.pk, user=shopper, rating=rating, text=text
            )
            count += 1
        services.shop_review_save(order=order, user=shopper, rating=5)
    stdout.write(f"reviews: {count} demo product reviews")
