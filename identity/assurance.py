"""Whether this session's sign-in at the city already used a second factor.

With ``CITY_OIDC_MFA_ACR_VALUES`` or ``CITY_OIDC_MFA_AMR_VALUES`` set, an ID token whose ``acr`` is
one of the first, or whose ``amr`` holds one of the second, counts as the workspace's second factor
(``accounts.mfa.needs_mfa``) for the rest of that session. Unset (the default), the workspace asks
for its own TOTP as for everyone.

The adapter records the verdict in the session at sign-in with the city account's ``sub``;
``CityAssuranceMiddleware`` honours it only for the user who owns that city account (checked once
per session), so a later password login in the same browser gains nothing from it.
"""

from allauth.socialaccount.models import SocialAccount
from django.conf import settings

from identity.conf import CITY_PROVIDER_ID

SESSION_KEY = "identity.city_assurance"


def second_factor_asserted(claims: dict) -> bool:
    acr_values = set(settings.CITY_OIDC_MFA_ACR_VALUES)
    amr_values = set(settings.CITY_OIDC_MFA_AMR_VALUES)
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(
        (acr_values and claims.get("acr") in acr_values) or (amr_values and amr_values & set(amr))
    )


def record(session, *, uid: str, claims: dict) -> None:
    if second_factor_asserted(claims):
        session[SESSION_KEY] = {"uid": uid, "user_id": None}
    else:
        session.pop(SESSION_KEY, None)


class CityAssuranceMiddleware:
    """Marks ``request.user.mfa_assured_by_identity_provider`` (read by ``accounts.mfa``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # No session cookie, nothing to read: touching the session would add "Vary: Cookie" to
        # every anonymous answer and defeat the shared page caches.
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES and hasattr(
            request, "session"
        )
        mark = request.session.get(SESSION_KEY) if has_session else None
        if mark and request.user.is_authenticated:
            if (
                mark["user_id"] is None
                and SocialAccount.objects.filter(
                    user_id=request.user.pk, provider=CITY_PROVIDER_ID, uid=mark["uid"]
                ).exists()
            ):
                mark = {**mark, "user_id": request.user.pk}
                request.session[SESSION_KEY] = mark
            if mark["user_id"] == request.user.pk:
                request.user.mfa_assured_by_identity_provider = True
        return self.get_response(request)
