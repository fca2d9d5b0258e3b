"""Review pages: who may review (the buyer, the browser that ordered, the signed link; anyone else
403), the form (stars, words, pictures re-encoded without metadata), reports, the shop's reply
and editors' moderation in the workspace; ratings on product and storefront pages."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from accounts.roles import Role
from orders import links
from orders.models import OrderStatus
from reviews.models import ProductReview, ReviewPhoto, ShopReview
from tests.factories import UserFactory
from tests.marketplace.factories import image_upload
from tests.reviews.conftest import completed_order

pytestmark = pytest.mark.django_db


def _url(order, token=""):
    return f"/vi/danh-gia/don-hang/{order.pk}/" + (f"?t={token}" if token else "")


def _exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (10.0, 46.0, 30.0)}  # GPS
    exif[0x010F] = "PhoneMaker"
    return exif.tobytes()


def _post_review(client, order, line, *, rating="5", text="Rất thơm", photos=(), token=""):
    prefix = f"line-{line.pk}"
    data = {
        "kind": "product",
        "line": str(line.pk),
        f"{prefix}-rating": rating,
        f"{prefix}-text": text,
    }
    if token:
        data["t"] = token
    if photos:
        data[f"{prefix}-photos"] = list(photos)
    return client.post(_url(order), data)


def test_someone_who_did_not_buy_gets_403_and_nothing_is_written(order, coffee, client):
    line = order.lines.get(product=coffee)
    for visitor in (Client(), client):
        if visitor is client:
            client.force_login(UserFactory())
        assert visitor.get(_url(order)).status_code == 403
        assert _post_review(visitor, order, line).status_code == 403
    other = completed_order(coffee, user=None, email="b@example.vn")
    foreign_token = links.group_link_token(other.group)
    assert Client().get(_url(order, foreign_token)).status_code == 403
    assert Client().get(_url(order, "nonsense:token")).status_code == 403
    assert Client().get("/vi/danh-gia/don-hang/999999/").status_code == 404
    assert ProductReview.objects.count() == 0


def test_the_buyer_reviews_with_a_picture_stripped_of_metadata_and_edits_it(
    order, coffee, buyer, client, storefront
):
    client.force_login(buyer)
    line = order.lines.get(product=coffee)
    assert client.get(_url(order)).status_code == 200
    upload = image_upload(exif=_exif_with_gps())
    response = _post_review(client, order, line, rating="4", photos=[upload])
    assert response.status_code == 302
    review = ProductReview.objects.get()
    (photo,) = ReviewPhoto.objects.filter(review=review)
    with photo.file.open("rb") as fh:
        stored = Image.open(io.BytesIO(fh.read()))
        assert not stored.getexif()
    assert "photo" not in photo.file.name
    # a second review of the same line edits the first
    response = _post_review(client, order, line, rating="2", text="Hơi đắng")
    assert response.status_code == 302
    review = ProductReview.objects.get()
    assert (review.rating, review.text, review.photos.count()) == (2, "Hơi đắng", 1)
    coffee.refresh_from_db()
    assert coffee.rating_count == 1
    page = client.get(f"{storefront.url}san-pham/{coffee.slug}/").content.decode()
    assert "Hơi đắng" in page
    assert "Đặng A." in page
    assert photo.file.url in page


def test_bad_input_is_a_form_error_and_nothing_is_saved(order, coffee, buyer, client):
    client.force_login(buyer)
    line = order.lines.get(product=coffee)
    assert _post_review(client, order, line, rating="9").status_code == 400
    not_a_picture = io.BytesIO(b"%PDF-1.4 not a picture")
    not_a_picture.name = "invoice.jpg"
    response = _post_review(client, order, line, photos=[not_a_picture])
    assert response.status_code == 400
    assert "JPEG, PNG" in response.content.decode()
    four = [image_upload() for _ in range(4)]
    assert _post_review(client, order, line, photos=four).status_code == 400
    assert client.post(_url(order), {"kind": "nonsense"}).status_code == 400
    assert client.post(_url(order), {"kind": "product", "line": "999999"}).status_code == 400
    assert ProductReview.objects.count() == 0 and ReviewPhoto.objects.count() == 0


def test_an_order_not_yet_completed_cannot_be_reviewed(coffee, buyer, client):
    order = completed_order(coffee, user=buyer, status=OrderStatus.FULFILLED)
    client.force_login(buyer)
    response = client.get(_url(order))
    assert response.status_code == 200
    assert "khi gian hàng đã hoàn tất" in response.content.decode()
    assert _post_review(client, order, order.lines.get()).status_code == 409
    assert client.post(_url(order), {"kind": "shop", "shop-rating": "5"}).status_code == 409
    assert ProductReview.objects.count() == 0 and ShopReview.objects.count() == 0


def test_a_guest_reviews_through_the_signed_link_and_rates_the_shop(coffee, shop):
    order = completed_order(coffee, user=None, email="khach@example.vn")
    token = links.group_link_token(order.group)
    browser = Client()
    assert browser.get(_url(order, token)).status_code == 200
    assert _post_review(browser, order, order.lines.get(), token=token).status_code == 302
    response = browser.post(_url(order), {"kind": "shop", "shop-rating": "4", "t": token})
    assert response.status_code == 302
    assert response["Location"] == _url(order, token).replace(":", "%3A")
    shop.refresh_from_db()
    assert (shop.rating_count, str(shop.rating_average)) == (1, "4.00")
    assert ProductReview.objects.get().author is None


def test_ratings_on_product_and_storefront_pages_in_fixed_queries(
    coffee, shop, storefront, client, django_assert_num_queries
):
    from reviews import services

    def review(rating):
        order = completed_order(coffee, user=None, email="k@example.vn")
        services.product_review_save(
            order=order,
            line_id=order.lines.get().pk,
            user=None,
            rating=rating,
            text="Ngon",
            photos=[],
        )
        services.shop_review_save(order=order, user=None, rating=rating)

    url = f"{storefront.url}san-pham/{coffee.slug}/"
    client.get(url)
    with CaptureQueriesContext(connection) as unreviewed:
        client.get(url)
    review(5)
    # the reviews and their pictures: two statements, none for a product nobody reviewed
    with django_assert_num_queries(len(unreviewed) + 2):
        client.get(url)
    with django_assert_num_queries(16) as first:
        response = client.get(url)
    html = response.content.decode()
    assert "5,0" in html and "(1 đánh giá)" in html
    for rating in (4, 3, 4):
        review(rating)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert "4,0" in html and "(4 đánh giá)" in html
    assert html.count('data-testid="review"') == 4
    storefront_html = client.get(storefront.url).content.decode()
    assert 'data-testid="shop-rating"' in storefront_html and "4,0" in storefront_html


def test_anyone_reports_a_review_once_and_editors_hide_it(order, coffee, buyer, storefront):
    from reviews import services

    review = services.product_review_save(
        order=order,
        line_id=order.lines.get(product=coffee).pk,
        user=buyer,
        rating=1,
        text="Lời lẽ xúc phạm",
    )
    product_url = f"{storefront.url}san-pham/{coffee.slug}/"
    visitor = Client()
    for _ in range(2):
        response = visitor.post(
            f"/vi/danh-gia/{review.pk}/bao-cao/", {"reason": "offensive", "next": product_url}
        )
        assert response.status_code == 302 and response["Location"] == product_url
    assert visitor.post(f"/vi/danh-gia/{review.pk}/bao-cao/", {"reason": "???"}).status_code == 302
    review.refresh_from_db()
    assert review.report_count == 1
    shopper = Client()
    shopper.force_login(UserFactory(roles=[Role.SHOPPER]))
    assert shopper.get("/admin/reviews/reported/").status_code in (302, 403)
    assert shopper.post(f"/admin/reviews/{review.pk}/hide/").status_code in (302, 403)
    review.refresh_from_db()
    assert review.hidden is False
    editor = Client()
    editor.force_login(UserFactory(roles=[Role.EDITOR]))
    listing = editor.get("/admin/reviews/reported/")
    assert listing.status_code == 200
    assert f'data-testid="reported-{review.pk}"' in listing.content.decode()
    assert editor.post(f"/admin/reviews/{review.pk}/hide/").status_code == 302
    review.refresh_from_db()
    coffee.refresh_from_db()
    assert review.hidden is True and coffee.rating_count == 0
    assert "Lời lẽ xúc phạm" not in visitor.get(product_url).content.decode()
    assert visitor.post(f"/vi/danh-gia/{review.pk}/bao-cao/", {"reason": "spam"}).status_code == 404


def test_the_shop_replies_once_from_the_workspace(order, coffee, buyer, owner, storefront):
    from reviews import services

    review = services.product_review_save(
        order=order, line_id=order.lines.get(product=coffee).pk, user=buyer, rating=3
    )
    member = Client()
    member.force_login(owner)
    listing = member.get("/admin/reviews/")
    assert listing.status_code == 200
    assert f'action="/admin/reviews/{review.pk}/reply/"' in listing.content.decode()
    member.post(f"/admin/reviews/{review.pk}/reply/", {"text": "Cảm ơn anh, lần sau đậm hơn ạ"})
    member.post(f"/admin/reviews/{review.pk}/reply/", {"text": "Lần hai"})
    review.refresh_from_db()
    assert review.reply == "Cảm ơn anh, lần sau đậm hơn ạ"
    stranger = Client()
    stranger.force_login(UserFactory())
    stranger.post(f"/admin/reviews/{review.pk}/reply/", {"text": "Giả mạo"})
    review.refresh_from_db()
    assert review.reply == "Cảm ơn anh, lần sau đậm hơn ạ"
    page = Client().get(f"{storefront.url}san-pham/{coffee.slug}/").content.decode()
    assert "Cảm ơn anh, lần sau đậm hơn ạ" in page
