"""allauth's social-account adapter for the city login (``SOCIALACCOUNT_ADAPTER``).

- What the city sends prefills what it can: names on the new account (allauth's own mapping),
  and the business profile's owner name, phone, email and tax code for this session
  (``PREFILL_SESSION_KEY``, read by the profile form's script: it offers them, the owner saves).
- Never a silent link: a city login whose email belongs to an existing account does not sign into
  it (``SOCIALACCOUNT_EMAIL_AUTHENTICATION`` off); the person signs in to that account first and
  then connects the city account from "Third-party accounts".
- A failed login says what went wrong in words a person can act on, and creates nothing.
"""

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError
from django.conf import settings
from django.utils.translation import gettext as _

from identity import assurance
from identity.conf import CITY_PROVIDER_ID
from identity.oidc import NonceMismatch

PREFILL_SESSION_KEY = "identity.business_prefill"


def _claims(sociallogin) -> tuple[dict, dict]:
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or {}, data.get("id_token") or {}


def business_prefill(userinfo: dict) -> dict:
    """The business-profile fields the city's claims can fill (only those it sent)."""
    tax_code = userinfo.get(settings.CITY_OIDC_TAX_CODE_CLAIM)
    values = {
        "owner_name": userinfo.get("name"),
        "email": userinfo.get("email") if userinfo.get("email_verified") else None,
        "phone": userinfo.get("phone_number"),
        "tax_code": tax_code,
    }
    return {key: str(value) for key, value in values.items() if value}


def failure_message(error, exception) -> str:
    if error == AuthError.CANCELLED:
        return _("You cancelled the sign-in with the city account. No account was created.")
    if isinstance(exception, NonceMismatch) or "id_token" in str(exception or ""):
        return _(
            "The city's identity token could not be verified (its signature, issuer or "
            "audience is wrong). No account was created and nobody is signed in."
        )
    if exception is not None:
        return _(
            "The city's identity service refused to complete this sign-in: the code was "
            "already used or has expired. No account was created. Start again from the "
            "sign-in page."
        )
    return _(
        "This answer from the city's identity service does not match a sign-in started "
        "here (it was used already or came from another browser). No account was created. "
        "Start again from the sign-in page."
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin):
        super().pre_social_login(request, sociallogin)
        if sociallogin.account.provider != CITY_PROVIDER_ID:
            return
        userinfo, id_token = _claims(sociallogin)
        assurance.record(request.session, uid=sociallogin.account.uid, claims=id_token)
        prefill = business_prefill(userinfo)
        if prefill:
            request.session[PREFILL_SESSION_KEY] = prefill

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        if extra_context is not None:
            extra_context["city_failure"] = failure_message(error, exception)
        super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )
