"""Endpoints of the identity app (no language prefix): the city login's callback, its prefill,
withdrawing a city service's permission."""

from django.urls import path

from identity import oidc, views

urlpatterns = [
    path("oidc/<str:provider_id>/callback/", oidc.callback, name="identity_oidc_callback"),
    path("business-prefill.json", views.business_prefill, name="identity_business_prefill"),
    path("grants/<int:grant_id>/revoke/", views.grant_revoke, name="identity_grant_revoke"),
]
