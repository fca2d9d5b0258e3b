"""The REST API under /api/v1/: each app's routes, the OpenAPI schema and its docs (served offline).

Swagger UI is the one documentation page: its files come from drf-spectacular-sidecar. ReDoc is
not served, as its page loads a web font from another site (blocked by our CSP, and a request to a
third party from every reader).
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("marketplace.api.urls")),
    path("maturity/", include("onboarding.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
