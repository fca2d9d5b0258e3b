"""The sandbox's hosted checkout: the session travels in a signed token, the result as an event.

Paying sends ``checkout.session.completed`` (``payment_status=paid``) and failing sends
``payment_intent.payment_failed``, both Stripe-shaped and through the same webhook path as Stripe's;
the checkout's handlers (``payments.checkout``) decide what they do to orders.
"""

import time

from django.core import signing

from payments.sandbox.provider import CHECKOUT_SALT, SandboxProvider, sign, stable_id
from payments.sandbox.services import sandbox_event
from payments.services import WebhookResult, webhook_receive


def session_from_token(token: str) -> dict | None:
    """The session the token describes, or None if the token is forged or the session expired."""
    try:
        session = signing.loads(token, salt=CHECKOUT_SALT)
    except signing.BadSignature:
        return None
    if session["expires_at"] < time.time():
        return None
    return session


def sandbox_checkout_finish(*, session: dict, paid: bool) -> WebhookResult:
    payment_intent = stable_id("sbx_pi", session["reference"])
    if paid:
        body = sandbox_event(
            event_type="checkout.session.completed",
            obj={
                "id": session["id"],
                "object": "checkout.session",
                "mode": "payment",
                "status": "complete",
                "payment_status": "paid",
                "amount_total": session["amount"],
                "currency": session["currency"].lower(),
                "client_reference_id": session["reference"],
                "metadata": {"order_group": session["reference"]},
                "payment_intent": payment_intent,
            },
        )
    else:
        body = sandbox_event(
            event_type="payment_intent.payment_failed",
            obj={
                "id": payment_intent,
                "object": "payment_intent",
                "amount": session["amount"],
                "currency": session["currency"].lower(),
                "status": "requires_payment_method",
                "transfer_group": session["reference"],
                "metadata": {"order_group": session["reference"]},
                "last_payment_error": {"code": "card_declined", "decline_code": "generic_decline"},
            },
        )
    return webhook_receive(
        provider=SandboxProvider(), endpoint="platform", body=body, signature=sign(body)
    )
