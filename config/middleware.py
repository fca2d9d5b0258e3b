"""Response headers that Django 5.2 does not set by itself."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Unprefixed areas (API, webhooks, the Wagtail admin): a 404 there is an answer, not a page to
# find under /vi/.
UNPREFIXED_PREFIXES = ("/api/", "/payments/stripe/", "/healthz", "/admin/")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 of the API, a webhook or the admin stays a 404.

    Django redirects any unprefixed 404 to /vi/<path> when that path resolves, and Wagtail's
    catch-all page route resolves everything, so API clients got a 302 to an HTML page.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED_PREFIXES):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)


class ContentSecurityPolicyMiddleware:
    """Adds the site's Content-Security-Policy to every response outside the exempt prefixes.

    The public pages and checkout use only our own scripts and styles, so the policy is strict;
    the Wagtail admin ships inline scripts and is exempted by path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and not request.path.startswith(settings.CSP_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


class WorkspaceMFAMiddleware:
    """Staff, programme managers and vendors must turn on two-factor sign-in before the workspace
    (the Wagtail admin) opens: the security spec asks MFA of every role that sees others' data.

    Off when WORKSPACE_REQUIRE_MFA is false (the default with DEBUG on, so the demo opens at once).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.WORKSPACE_REQUIRE_MFA
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.warning(
                request,
                _("Turn on two-factor sign-in to open the workspace. It takes two minutes."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
