"""The city identity provider's settings, turned into what allauth and the CSP need.

Pure functions (no models), called by ``config.settings``: the city login is on only when the
issuer, client id and secret are all set (``CITY_OIDC_*``), off otherwise.
"""

from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

CITY_PROVIDER_ID = "city"


def city_oidc_apps(*, issuer: str, client_id: str, secret: str, scopes: list[str]) -> list[dict]:
    """allauth's ``SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]``: one app, or none."""
    if not (issuer and client_id and secret):
        return []
    return [
        {
            "provider_id": CITY_PROVIDER_ID,
            "name": "Thành phố Hồ Chí Minh",
            "client_id": client_id,
            "secret": secret,
            "settings": {
                "server_url": issuer.rstrip("/"),
                "scope": scopes,
                "oauth_pkce_enabled": True,
                "fetch_userinfo": True,
            },
        }
    ]


def policy_allowing_form_action(policy: str, issuer: str) -> str:
    """The login button posts to our site, which answers with a redirect to the issuer: browsers
    check that redirect against ``form-action``, so the issuer's origin joins that directive."""
    if not issuer or not policy:
        return policy
    parts = urlsplit(issuer)
    origin = f"{parts.scheme}://{parts.netloc}"
    directives = [d.strip() for d in policy.split(";")]
    for index, directive in enumerate(directives):
        if directive.startswith("form-action") and origin not in directive.split():
            directives[index] = f"{directive} {origin}"
    return "; ".join(d for d in directives if d)


def ephemeral_rsa_key() -> str:
    """A signing key for ID tokens on a laptop or in tests (a new one each start); production sets
    OAUTH_OIDC_PRIVATE_KEY."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
