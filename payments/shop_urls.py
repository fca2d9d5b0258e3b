"""The owner's "receive payments" pages (``payments.shop_views``), under /<lang>/payments/receive/."""

from django.urls import path

from payments import shop_views

urlpatterns = [
    path("receive/", shop_views.receive_overview, name="receive_overview"),
    path("receive/banks/", shop_views.banks_json, name="receive_banks"),
    path("receive/<slug:slug>/", shop_views.receive, name="receive"),
    path("receive/<slug:slug>/bank/", shop_views.bank_link, name="receive_bank"),
    path("receive/<slug:slug>/self-test/", shop_views.self_test, name="receive_self_test"),
    path("receive/<slug:slug>/counter-qr/", shop_views.counter_qr, name="receive_counter_qr"),
    path(
        "receive/<slug:slug>/counter-qr.svg",
        shop_views.counter_qr_svg,
        name="receive_counter_qr_svg",
    ),
    path(
        "receive/<slug:slug>/counter-qr.png",
        shop_views.counter_qr_png,
        name="receive_counter_qr_png",
    ),
    path("receive/<slug:slug>/cod/", shop_views.cod_set, name="receive_cod"),
    path("receive/<slug:slug>/sepay/", shop_views.sepay_connect, name="receive_sepay"),
    path(
        "receive/<slug:slug>/sepay/disconnect/",
        shop_views.sepay_disconnect,
        name="receive_sepay_disconnect",
    ),
    path(
        "receive/<slug:slug>/sepay/simulate/",
        shop_views.sepay_simulate,
        name="receive_sepay_simulate",
    ),
    path("receive/<slug:slug>/transfers/", shop_views.transfers, name="receive_transfers"),
    path(
        "receive/<slug:slug>/transfers/<int:pk>/match/",
        shop_views.transfer_match,
        name="receive_transfer_match",
    ),
    path(
        "receive/<slug:slug>/transfers/<int:pk>/ignore/",
        shop_views.transfer_ignore,
        name="receive_transfer_ignore",
    ),
]
