"""Chợ Số as an OAuth 2.0 / OpenID Connect provider to city services (django-oauth-toolkit): its
endpoints with our consent screen, without the toolkit's self-service client registration
(city services are registered by an administrator: ``manage.py register_city_service``)."""

from django.urls import path
from oauth2_provider import urls as dot_urls
from oauth2_provider import views as dot_views

from identity.views import SharingAuthorizationView

app_name = "oauth2_provider"
urlpatterns = [
    path("authorize/", SharingAuthorizationView.as_view(), name="authorize"),
    path("token/", dot_views.TokenView.as_view(), name="token"),
    path("revoke_token/", dot_views.RevokeTokenView.as_view(), name="revoke-token"),
    path("introspect/", dot_views.IntrospectTokenView.as_view(), name="introspect"),
    *dot_urls.oidc_urlpatterns,
]
