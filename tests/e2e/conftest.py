"""Fixtures for the end-to-end browser journeys."""

import pytest

from cms import services as cms_services
from marketplace.search import synonyms, wards
from payments.models import AccountState, PaymentAccount
from tests.cms.factories import ensure_site_tree
from tests.marketplace.search_data import build_catalogue


@pytest.fixture
def shop_catalogue(settings, live_server):
    """The search tests' catalogue (a tea shop in Bến Thành, a coffee shop in another ward), the
    shops ready to take sandbox card payments, and links in emails pointing at the live server."""
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.SITE_URL = live_server.url
    ensure_site_tree()
    cms_services.site_sections_ensure()
    wards.cache_clear()  # the flush of the previous transactional test reloaded the wards
    synonyms.cache_clear()
    catalogue = build_catalogue()
    for shop in catalogue["shops"]:
        PaymentAccount.objects.create(
            business=shop,
            provider="sandbox",
            provider_account_id=f"sbx_acct_{shop.slug}",
            state=AccountState.READY,
        )
    return catalogue
