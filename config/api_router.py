"""The REST API under /api/v1/: each app's routes, the OpenAPI schema and its docs (served offline).

Swagger UI is the one documentation page: its files come from drf-spectacular-sidecar. ReDoc is
not served, as its page loads a web font from another site (blocked by our CSP, and a request to a
third party from every reader).
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import exceptions, permissions
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView


class NotFoundView(APIView):
    """Any other path under /api/v1/ (``/products/0.5/``, a typo) answers the API's own 404 in
    JSON, in the error shape of every endpoint, instead of the site's HTML page."""

    schema = None
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound()


urlpatterns = [
    path("", include("marketplace.api.urls")),
    path("maturity/", include("onboarding.api.urls")),
    path("shared/", include("identity.api_urls")),  # a profile shared with a city service
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^", NotFoundView.as_view()),  # last: everything else under /api/v1/
]
