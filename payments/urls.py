"""Language-prefixed pages of the payments app, mounted at /<lang>/payments/."""

from django.urls import path

from payments import checkout_views, views

app_name = "payments"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("business/<slug:slug>/", views.account, name="account"),
    path("business/<slug:slug>/open/", views.account_open, name="account_open"),
    path("business/<slug:slug>/return/", views.account_return, name="account_return"),
    path("business/<slug:slug>/refresh/", views.account_refresh, name="account_refresh"),
    path("business/<slug:slug>/dashboard/", views.account_dashboard, name="account_dashboard"),
    path("programme/", views.programme, name="programme"),
    path(
        "sandbox/onboarding/<str:account_id>/",
        views.sandbox_onboarding,
        name="sandbox_onboarding",
    ),
    path("sandbox/dashboard/<str:account_id>/", views.sandbox_dashboard, name="sandbox_dashboard"),
    path("sandbox/checkout/", views.sandbox_checkout, name="sandbox_checkout"),
    path("checkout/<uuid:reference>/", checkout_views.checkout_pay, name="checkout_pay"),
    path(
        "checkout/<uuid:reference>/status/",
        checkout_views.checkout_status,
        name="checkout_status",
    ),
    path(
        "checkout/<uuid:reference>/<int:order_id>/simulate/",
        checkout_views.checkout_simulate,
        name="checkout_simulate",
    ),
    path(
        "checkout/<uuid:reference>/<int:order_id>/transferred/",
        checkout_views.checkout_claim,
        name="checkout_claim",
    ),
    path(
        "checkout/<uuid:reference>/<int:order_id>/payos/",
        checkout_views.checkout_payos,
        name="checkout_payos",
    ),
]
