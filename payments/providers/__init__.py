"""Which payment provider serves the site: chosen by ``settings.PAYMENT_PROVIDER``.

Providers are named here by dotted path and imported only when used, so the ``stripe`` library is
loaded only by ``payments.stripe``. A local provider (VNPay, MoMo, VietQR) is added by writing a
``PaymentProvider`` subclass and one line in ``PROVIDERS``.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from payments.providers.base import PaymentProvider

PROVIDERS = {
    "sandbox": "payments.sandbox.provider.SandboxProvider",
    "stripe": "payments.stripe.provider.StripeProvider",
}


def get_provider(name: str | None = None) -> PaymentProvider:
    """The provider called ``name``, or the site's configured one."""
    name = name or settings.PAYMENT_PROVIDER
    try:
        path = PROVIDERS[name]
    except KeyError as exc:
        raise ImproperlyConfigured(
            f"PAYMENT_PROVIDER={name!r} is not one of: {', '.join(sorted(PROVIDERS))}."
        ) from exc
    return import_string(path)()
