"""factory_boy factories for every model of the lower layers; apps add theirs beside their tests.

Rows made here announce themselves as the services that make them do (``core.events``): a business
and a seller's account once the test commits (never, in a test that does not), a membership at
once, as if committed, since a storefront's editors follow memberships in nearly every workspace
test.
"""

import factory
from django.contrib.auth.models import Group
from django.test import TestCase
from stdnum.vn import mst

from accounts.models import (
    Business,
    BusinessType,
    JoinedAs,
    Membership,
    MembershipRole,
    Sector,
    User,
    Ward,
)
from accounts.roles import Role
from accounts.services import size_band_for, tax_code_fingerprint
from core.events import AccountChanged, BusinessChanged, MembershipChanged, publish
from privacy.models import AccessLog, Consent, ConsentPurpose

DEFAULT_PASSWORD = "Str0ng-Passw0rd!"


def valid_tax_code(n: int) -> str:
    """A 10-digit tax code with a correct check digit, distinct for each n."""
    # About one body in eleven has no single-digit check digit: step to a free range until one does.
    offset = 1000001
    while len(digit := mst.calc_check_digit(body := f"03{n + offset:07d}")) != 1:
        offset += 4_000_000
    return body + digit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    first_name = "Lan"
    last_name = "Nguyễn"
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()
        if create and self.email:
            self.emailaddress_set.update_or_create(
                email=self.email, defaults={"verified": True, "primary": True}
            )
        if create and self.joined_as == JoinedAs.SELLER:
            publish(AccountChanged(user_id=self.pk))  # as the signup form does


def ward(code: str = "26743") -> Ward:
    """A ward loaded by the migration (default: Phường Bến Thành)."""
    return Ward.objects.get(code=code)


class BusinessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Business

    legal_name = factory.Sequence(lambda n: f"Công ty TNHH Thương mại Số {n}")
    trading_name = factory.Sequence(lambda n: f"Cửa hàng Số {n}")
    slug = factory.Sequence(lambda n: f"cua-hang-so-{n}")
    business_type = BusinessType.COMPANY
    tax_code = factory.Sequence(valid_tax_code)
    tax_code_kind = "tax_code"
    tax_code_index = factory.LazyAttribute(lambda o: tax_code_fingerprint(o.tax_code))
    owner_name = "Nguyễn Thị Lan"
    phone = "+84903123789"
    email = factory.Sequence(lambda n: f"shop{n}@example.vn")
    street_address = "12 Lê Lợi"
    ward = factory.LazyFunction(ward)
    sector = Sector.G
    employees = 5
    annual_revenue_vnd = 2_000_000_000
    size_band = factory.LazyAttribute(
        lambda o: size_band_for(
            sector=o.sector, employees=o.employees, annual_revenue_vnd=o.annual_revenue_vnd
        )
    )
    year_founded = 2015

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        business = super()._create(model_class, *args, **kwargs)
        publish(BusinessChanged(business_id=business.pk, created=True))  # as business_create does
        return business


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    business = factory.SubFactory(BusinessFactory)
    role = MembershipRole.OWNER

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create:
            name = Role.VENDOR_OWNER if self.role == MembershipRole.OWNER else Role.VENDOR_STAFF
            self.user.groups.add(Group.objects.get(name=name))
            with TestCase.captureOnCommitCallbacks(execute=True):
                publish(MembershipChanged(business_id=self.business_id, user_id=self.user_id))


def vendor(*, business: Business | None = None, role: str = MembershipRole.OWNER) -> User:
    """A user who is a member of ``business`` (a new one if None)."""
    membership = MembershipFactory(role=role, **({"business": business} if business else {}))
    return membership.user


class AccessLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessLog

    actor = factory.SubFactory(UserFactory)
    subject_type = "accounts.business"
    subject_id = "1"
    fields = "phone"
    reason = "follow-up call"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    user = factory.SubFactory(UserFactory)
    purpose = ConsentPurpose.TERMS
    text_version = "2026-01"
