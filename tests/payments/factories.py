"""Factories for the payments app's models."""

import itertools

import factory
from stdnum.vn import mst

from payments.models import AccountState, PaymentAccount
from tests.factories import BusinessFactory

_bodies = itertools.count(2_000_001)


def _tax_code(_n) -> str:
    """A valid 10-digit tax code; skips bodies whose check digit would be 10."""
    while True:
        body = f"03{next(_bodies):07d}"
        digit = mst.calc_check_digit(body)
        if len(digit) == 1:
            return body + digit


class PaymentBusinessFactory(BusinessFactory):
    tax_code = factory.Sequence(_tax_code)


class PaymentAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentAccount

    business = factory.SubFactory(PaymentBusinessFactory)
    provider = "stripe"
    provider_account_id = factory.Sequence(lambda n: f"acct_test{n:08d}")
    state = AccountState.INFORMATION_NEEDED
