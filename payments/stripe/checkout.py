"""Stripe details of checkout that the provider interface does not carry.

A transfer funded by a payment names the charge (``ch_...``) as ``source_transaction``, while a
Checkout Session's event names the payment intent: the intent's ``latest_charge`` links them.
"""

from payments.stripe.provider import StripeProvider, _translate_errors


def charge_id_for_payment(provider: StripeProvider, payment_id: str) -> str:
    intent = _translate_errors(lambda: provider.client.v1.payment_intents.retrieve(payment_id))
    return intent.get("latest_charge") or payment_id
