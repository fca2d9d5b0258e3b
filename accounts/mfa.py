"""Two-factor sign-in for every role that sees others' data or moves money, wherever it acts.

One rule, ``WORKSPACE_REQUIRE_MFA`` (on when DEBUG is off): business owners and staff, programme
managers, data-protection officers, editors, admins and superusers must have turned on TOTP before
they act. ``needs_mfa`` is the one predicate; the Wagtail admin applies it by path
(``config.middleware.WorkspaceMFAMiddleware``), pages with ``mfa_required`` (sent to the TOTP set-up
page) and the API with ``MFAEnrolled`` (a 403 in the API's error shape, for session and token
clients alike). Shoppers and anonymous visitors are never asked.

Secrets of the authenticators are encrypted at rest by ``MFAAdapter`` (``MFA_ADAPTER``) with the
project's field keys, so a copy of the database does not give away anyone's second factor.
"""

from functools import wraps

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from accounts.models import User
from accounts.roles import WORKSPACE_ROLES
from privacy import mfa as mfa_secrets


def _acts_in_a_role(user: User) -> bool:
    if user.is_superuser or user.is_staff:
        return True
    return (
        User.objects.filter(pk=user.pk)
        .filter(Q(memberships__isnull=False) | Q(groups__name__in=WORKSPACE_ROLES))
        .exists()
    )


def needs_mfa(user) -> bool:
    """True when the rule is on and ``user``, in one of the roles above, has no TOTP yet.

    Answered once per request (kept on the user object the request carries)."""
    if not settings.WORKSPACE_REQUIRE_MFA or not user.is_authenticated:
        return False
    if getattr(user, "mfa_assured_by_identity_provider", False):
        return False  # this session's city sign-in used a second factor (identity.assurance)
    known = getattr(user, "_needs_mfa", None)
    if known is None:
        has_totp = Authenticator.objects.filter(
            user_id=user.pk, type=Authenticator.Type.TOTP
        ).exists()
        known = not has_totp and _acts_in_a_role(user)
        user._needs_mfa = known
    return known


def ask_for_mfa(request):
    """The answer to a page request without TOTP: the set-up page, with the reason."""
    messages.warning(
        request,
        _("Turn on two-factor sign-in to open the workspace. It takes two minutes."),
    )
    return redirect("mfa_activate_totp")


def mfa_required(view):
    """Page views where owners, staff, managers or officers act: TOTP first (nothing is done)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if needs_mfa(request.user):
            return ask_for_mfa(request)
        return view(request, *args, **kwargs)

    return wrapped


class MFAEnrolled(BasePermission):
    """API views: the same rule for session and token clients (checked after authentication)."""

    message = gettext_lazy(
        "Turn on two-factor sign-in for your account on the website (My account, two-factor "
        "authentication) before using this part of the API."
    )
    code = "mfa_required"

    def has_permission(self, request, view):
        return not needs_mfa(request.user)


class MFAAdapter(DefaultMFAAdapter):
    """Encrypts TOTP secrets and recovery-code seeds with FIELD_ENCRYPTION_KEYS (MultiFernet)."""

    def encrypt(self, text: str) -> str:
        return mfa_secrets.seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_secrets.unseal(encrypted_text)
