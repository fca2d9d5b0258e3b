"""Root URLs: unprefixed machine endpoints first, then the language-prefixed site (/vi/, /en/)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from config import observability, views
from core import views as core_views

urlpatterns = [
    path("api/v1/", include("config.api_router")),  # first: the busiest routes
    path("healthz", views.healthz, name="healthz"),
    path("metrics", observability.metrics_view, name="metrics"),  # internal network only
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin logs in through allauth only (MFA and rate limits apply): its own form is closed;
    # signed-in people without workspace rights go to their account page (core.views).
    path("admin/login/", core_views.admin_login, name="wagtailadmin_login"),
    # The programme dashboard refuses non-managers with 403 itself (see programme.views).
    path("admin/programme/", include(("programme.admin_urls", "programme_admin"))),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Machine endpoints of the payments app (provider webhooks): no language prefix.
    path("payments/", include("payments.webhook_urls")),
    # Public open data of the programme (CSV/JSON and its documentation page).
    path("open-data/", include("programme.urls")),
    # The city's login callback and what it prefills (identity app, no language prefix).
    path("identity/", include("identity.urls")),
    path("o/", include("identity.oauth_urls")),  # OAuth 2.0 / OIDC provider to city services
    path("registry/", include("registry.urls")),  # the enterprise-register lookup (JSON)
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", cms_views.sitemap_index, name="sitemap_index"),
    path("", views.root_redirect, name="root"),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("me/", include("accounts.urls")),
    path("me/privacy/", include("privacy.urls")),
    path("cart/", include("orders.urls")),
    path("payments/", include("payments.urls")),
    path("start/", include("onboarding.urls")),
    path("open-data/", include("programme.page_urls")),
    path("", include("orders.lookup_urls")),
    path("", include("reviews.urls")),
    path("", include("marketplace.urls")),
    path("", include("cms.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
