"""Response headers that Django 5.2 does not set by itself."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _


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
