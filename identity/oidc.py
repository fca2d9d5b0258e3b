"""Sign-in with the city's account: allauth's generic OpenID Connect provider, made strict.

allauth's ``openid_connect`` provider does discovery, ``state`` (one use, kept in the session) and
PKCE. ``CityOIDCProvider`` (named in ``SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]``)
adds the two checks the standard asks of a relying party that allauth leaves out:

- a fresh ``nonce`` goes with every authorization request, is kept with the state, and the ID token
  must carry it back (a token minted for another login is refused);
- the ID token's signature is always checked against the issuer's published keys, as are its
  issuer, audience and expiry (allauth skips the signature when the token came straight from the
  token endpoint; a city deployment may sit behind proxies we do not control).

The callback is ``identity_oidc_callback`` (no language prefix: one redirect URI to register with
the city, ``/identity/oidc/city/callback/``). Any failure renders allauth's authentication-error
page with our message (``identity.adapter``) and creates no account.
"""

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.http import Http404
from django.urls import reverse
from django.utils.crypto import constant_time_compare, get_random_string


class NonceMismatch(OAuth2Error):
    """The ID token does not carry the nonce this login sent."""


class CityOIDCAdapter(OpenIDConnectOAuth2Adapter):
    """Our callback URL, and an ID token checked in full (signature, issuer, audience, nonce)."""

    def __init__(self, request, provider_id) -> None:
        super().__init__(request, provider_id)
        self.state: dict | None = None

    def get_callback_url(self, request, app):
        path = reverse("identity_oidc_callback", kwargs={"provider_id": self.provider_id})
        return build_absolute_uri(request, path, self.redirect_uri_protocol)

    def _decode_id_token(self, app, id_token: str) -> dict:
        claims = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        expected = (self.state or {}).get("nonce") or ""
        if not expected or not constant_time_compare(str(claims.get("nonce", "")), expected):
            raise NonceMismatch("ID token nonce does not match this login")
        return claims


class CityOIDCProvider(OpenIDConnectProvider):
    oauth2_adapter_class = CityOIDCAdapter
    package = "allauth.socialaccount.providers.openid_connect"  # its URLs, not ours

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = get_random_string(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params = {**auth_params, "nonce": nonce}
        # Extra keyword arguments are stashed with the state, read back by the callback.
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


class CityCallbackView(OAuth2CallbackView):
    """allauth's callback, handing the unstashed state (and so the nonce) to the adapter."""

    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response


def callback(request, provider_id):
    try:
        view = CityCallbackView.adapter_view(CityOIDCAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
