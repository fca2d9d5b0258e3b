"""Factories for the payments app's models."""

import factory

from payments.models import AccountState, PaymentAccount
from tests.factories import BusinessFactory


class PaymentAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaymentAccount

    business = factory.SubFactory(BusinessFactory)
    provider = "stripe"
    provider_account_id = factory.Sequence(lambda n: f"acct_test{n:08d}")
    state = AccountState.INFORMATION_NEEDED
