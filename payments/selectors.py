"""Reads of the payments app: a business's e-payment account, each shop's payment rails (what it
accepts at checkout) and the programme's overview."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.models import Business, User
from accounts.roles import Role
from accounts.selectors import businesses_for_user, user_has_role
from orders.models import Order, PaymentMethod, PaymentState
from payments.models import (
    AccountState,
    BankAccount,
    BankAccountState,
    IncomingTransfer,
    PaymentAccount,
    PayOSChannelState,
    SandboxAccount,
    TransferState,
)
from payments.vietqr import banks
from privacy.masking import mask_middle, mask_name


def payment_account_for_business(*, business: Business) -> PaymentAccount | None:
    return PaymentAccount.objects.filter(business=business).first()


def state_of(account: PaymentAccount | None) -> str:
    return account.state if account else AccountState.NOT_STARTED


def businesses_with_accounts(*, user: User) -> QuerySet[Business]:
    """The user's businesses with their accounts, in one query."""
    return (
        businesses_for_user(user=user)
        .select_related(None)
        .select_related("payment_account")
        .only("trading_name", "slug", "can_take_payments", "payment_account__state")
        .order_by("trading_name")
    )


def can_see_programme_overview(*, user: User) -> bool:
    return user_has_role(user=user, role=Role.PROGRAMME_MANAGER) or user_has_role(
        user=user, role=Role.ADMIN
    )


def programme_account_overview() -> QuerySet[Business]:
    """Every business with whether it can take payments: no provider ids, no personal data."""
    return (
        Business.objects.select_related("payment_account", "ward")
        .only(
            "trading_name",
            "slug",
            "sector",
            "can_take_payments",
            "ward__name",
            "ward__name_en",
            "ward__full_name",
            "ward__full_name_en",
            "payment_account__state",
            "payment_account__state_changed_at",
            "payment_account__ready_at",
        )
        .order_by("trading_name")
    )


def sandbox_account(*, account_id: str) -> SandboxAccount | None:
    return SandboxAccount.objects.filter(account_id=account_id).first()


# Paying each shop directly ----------------------------------------------------------------------


@dataclass(frozen=True)
class VietQRRail:
    """Where a shop's VietQR transfers go (a confirmed bank account)."""

    bank_code: str
    bank_bin: str
    account_number: str
    holder_name: str


@dataclass(frozen=True)
class PayOSRail:
    """A shop's verified payOS channel."""

    client_id: str
    api_key: str
    checksum_key: str


@dataclass(frozen=True)
class ShopRails:
    """What a shop accepts at checkout, and how its transfers are confirmed."""

    vietqr: VietQRRail | None = None
    payos: PayOSRail | None = None
    cod: bool = False
    sepay: bool = False  # an active SePay monitor confirms transfers by itself
    stripe: bool = False  # the shop's card account (Stripe Connect or the sandbox) is ready

    @property
    def methods(self) -> list[str]:
        """``orders.models.PaymentMethod`` values, in the order the checkout offers them."""
        methods = []
        if self.vietqr:
            methods.append(PaymentMethod.VIETQR.value)
        if self.payos:
            methods.append(PaymentMethod.PAYOS.value)
        if self.cod:
            methods.append(PaymentMethod.COD.value)
        if self.stripe:
            methods.append(PaymentMethod.STRIPE.value)
        return methods

    @property
    def electronic(self) -> bool:
        """An electronic rail is ready (what the programme counts as an e-payment account)."""
        return bool(self.vietqr or self.payos or self.stripe)

    @property
    def any(self) -> bool:
        """The shop can sell: some rail is ready, cash on delivery included."""
        return self.electronic or self.cod


_RAIL_RELATIONS = (
    "bank_account",
    "payos_channel",
    "sepay_monitor",
    "payment_options",
    "payment_account",
)


def rails_of(business: Business) -> ShopRails:
    bank = getattr(business, "bank_account", None)
    channel = getattr(business, "payos_channel", None)
    monitor = getattr(business, "sepay_monitor", None)
    options = getattr(business, "payment_options", None)
    account = getattr(business, "payment_account", None)
    vietqr = None
    if bank is not None and bank.state == BankAccountState.CONFIRMED:
        vietqr = VietQRRail(
            bank_code=bank.bank_code,
            bank_bin=bank.bank_bin,
            account_number=bank.account_number,
            holder_name=bank.holder_name,
        )
    payos = None
    if channel is not None and channel.state == PayOSChannelState.VERIFIED:
        payos = PayOSRail(
            client_id=channel.client_id,
            api_key=channel.api_key,
            checksum_key=channel.checksum_key,
        )
    return ShopRails(
        vietqr=vietqr,
        payos=payos,
        cod=bool(options and options.cod_enabled),
        sepay=bool(vietqr and monitor is not None and monitor.active),
        stripe=bool(account and account.state == AccountState.READY),
    )


def shop_rails_for(*, businesses) -> dict[int, ShopRails]:
    """Per business id, its ready rails: one query whatever the number of shops."""
    ids = {business.pk for business in businesses}
    if not ids:
        return {}
    rows = Business.objects.filter(pk__in=ids).select_related(*_RAIL_RELATIONS)
    found = {business.pk: rails_of(business) for business in rows}
    return {business_id: found.get(business_id, ShopRails()) for business_id in ids}


def shop_rails(*, business: Business) -> ShopRails:
    return shop_rails_for(businesses=[business])[business.pk]


def electronic_rail_ready_q(prefix: str = "") -> Q:
    """Businesses with an electronic rail ready: VietQR confirmed, payOS verified or card ready.

    ``prefix`` reaches the business through a relation (e.g. ``"business__"``).
    """
    return (
        Q(**{f"{prefix}bank_account__state": BankAccountState.CONFIRMED})
        | Q(**{f"{prefix}payos_channel__state": PayOSChannelState.VERIFIED})
        | Q(**{f"{prefix}payment_account__state": AccountState.READY})
    )


def business_with_rails(*, business: Business) -> Business:
    """The business with its bank account, payOS channel, monitor, options and card account
    attached (one query), for the owner's "receive payments" page."""
    return Business.objects.select_related(*_RAIL_RELATIONS).get(pk=business.pk)


def unmatched_transfers(*, business: Business) -> QuerySet[IncomingTransfer]:
    """Transfers the shop's monitor saw that pay no order by themselves, newest first."""
    return IncomingTransfer.objects.filter(
        business=business, state=TransferState.UNMATCHED
    ).order_by("-received_at", "-pk")


def matchable_orders(*, business: Business) -> QuerySet[Order]:
    """The shop's orders a transfer may be matched to by hand: paid to the shop directly and
    waiting for payment or for review."""
    return (
        Order.objects.filter(
            business=business,
            payment_method__in=[PaymentMethod.VIETQR, PaymentMethod.COD],
            payment_state__in=[PaymentState.PENDING, PaymentState.NEEDS_REVIEW],
        )
        .select_related("group")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class BankAccountSummary:
    """A shop's receiving account as a member may see it: whole for the owner, masked for staff."""

    bank: object | None  # payments.vietqr.banks.Bank
    bank_code: str
    account_number: str
    holder_name: str
    confirmed: bool
    confirmed_at: object
    confirmed_via: str
    masked: bool


def bank_account_summary(*, bank: BankAccount | None, for_owner: bool) -> BankAccountSummary | None:
    if bank is None:
        return None
    return BankAccountSummary(
        bank=banks.get(bank.bank_code) or banks.by_bin(bank.bank_bin),
        bank_code=bank.bank_code,
        account_number=bank.account_number
        if for_owner
        else mask_middle(bank.account_number, keep_start=0, keep_end=4),
        holder_name=bank.holder_name if for_owner else mask_name(bank.holder_name),
        confirmed=bank.is_confirmed,
        confirmed_at=bank.confirmed_at,
        confirmed_via=bank.get_confirmed_via_display() if bank.confirmed_via else "",
        masked=not for_owner,
    )
