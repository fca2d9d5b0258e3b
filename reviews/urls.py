"""Shopper pages of the reviews app under the language prefix, with translated paths
(``/vi/danh-gia/…``, ``/en/reviews/…``)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from reviews import views

app_name = "reviews"

urlpatterns = [
    path(_("reviews/order/<int:order_id>/"), views.order_reviews, name="order"),
    path(_("reviews/<int:review_id>/report/"), views.report, name="report"),
]
