from accounts.models import Ward
from tests.factories import BusinessFactory, vendor


def test_wards_loaded(db):
    assert Ward.objects.count() == 168


def test_vendor_factory(db):
    business = BusinessFactory()
    user = vendor(business=business)
    assert user.memberships.get().business == business
