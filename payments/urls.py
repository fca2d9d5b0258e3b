"""Language-prefixed pages of the payments app, mounted at /<lang>/payments/.

The sandbox's pages (approve your own account, "pay" or "transfer" with a click) answer only on a
site that allows the sandbox (``PAYMENTS_SANDBOX_ENABLED``: on with DEBUG, a demo site's choice
otherwise); elsewhere they are 404, whatever provider an account or a link names.
"""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.urls import path

from payments import checkout_views, shop_urls, views
from payments.payos import views as payos_views

app_name = "payments"


def _sandbox_only(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.PAYMENTS_SANDBOX_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


urlpatterns = [
    path("", views.overview, name="overview"),
    path("business/<slug:slug>/", views.account, name="account"),
    path("business/<slug:slug>/open/", views.account_open, name="account_open"),
    path("business/<slug:slug>/return/", views.account_return, name="account_return"),
    path("business/<slug:slug>/refresh/", views.account_refresh, name="account_refresh"),
    path("business/<slug:slug>/dashboard/", views.account_dashboard, name="account_dashboard"),
    path("business/<slug:slug>/payos/", payos_views.connect, name="payos_connect"),
    path("business/<slug:slug>/payos/disconnect/", payos_views.disconnect, name="payos_disconnect"),
    path("programme/", views.programme, name="programme"),
    *shop_urls.urlpatterns,
    path(
        "sandbox/onboarding/<str:account_id>/",
        _sandbox_only(views.sandbox_onboarding),
        name="sandbox_onboarding",
    ),
    path(
        "sandbox/dashboard/<str:account_id>/",
        _sandbox_only(views.sandbox_dashboard),
        name="sandbox_dashboard",
    ),
    path("sandbox/checkout/", _sandbox_only(views.sandbox_checkout), name="sandbox_checkout"),
    path(
        "sandbox/payos/<int:order_code>/",
        _sandbox_only(payos_views.sandbox_pay),
        name="payos_sandbox_pay",
    ),
    path("checkout/<uuid:reference>/", checkout_views.checkout_pay, name="checkout_pay"),
    path(
        "checkout/<uuid:reference>/refund-account/",
        checkout_views.checkout_refund_account,
        name="checkout_refund_account",
    ),
    path(
        "checkout/<uuid:reference>/status/",
        checkout_views.checkout_status,
        name="checkout_status",
    ),
    path(
        "checkout/<uuid:reference>/<int:order_id>/simulate/",
        _sandbox_only(checkout_views.checkout_simulate),
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
