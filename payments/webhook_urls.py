"""Unprefixed machine endpoints of the payments app, mounted at /payments/ (provider webhooks)."""

from django.urls import path

from payments import views
from payments.payos import views as payos_views
from payments.sepay import views as sepay_views

app_name = "payments_webhooks"

urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe"),
    path("stripe/connect-webhook/", views.stripe_connect_webhook, name="stripe_connect"),
    path("payos/<str:webhook_token>/", payos_views.webhook, name="payos"),
    path("sepay/<str:token>/", sepay_views.webhook, name="sepay"),
]
