"""Demo payments: sandbox card accounts for most businesses, and a mix of the Vietnamese rails.

Everything goes through the services and the sandbox's webhook paths, as a real owner's clicks
would, and stays offline (``make run``):

- most businesses get a sandbox card account, approved (two are left short of ready);
- the rails a household business really uses: VietQR with a SePay monitor (confirmed by the
  sandbox's SePay notification of the 2.000 ₫ self-test transfer), VietQR confirmed by hand,
  payOS (a verified channel with made-up keys, answered by the in-process payOS sandbox), and cash
  on delivery.

Idempotent: an account, bank account, channel or option already there is left as it is.
"""

from accounts.models import Business, Membership, MembershipRole
from payments import services
from payments.models import BankAccount, PaymentAccount, PayOSChannel, ShopPaymentOptions
from payments.payos import client as payos_client
from payments.payos.services import payos_channel_connect
from payments.providers import get_provider
from payments.sandbox.services import Decision, sandbox_account_decide
from payments.sepay.services import sandbox_allowed, sepay_sandbox_self_test
from payments.services import payment_account_open

# Trading names of demo businesses left short of ready: one waiting for documents, one not started.
INFORMATION_NEEDED = {"Sửa Xe Máy Thành Công"}
NOT_STARTED = {"Spa Hoa Sen"}

# Demo receiving accounts: (bank code, account number). Made-up numbers; holder = the owner's name.
VIETQR_MONITORED = {
    "Cà Phê Sáng Bến Thành": ("VCB", "0071000123456"),
    "Nông Sản Sạch Củ Chi": ("AGRIBANK", "6300205123456"),
}
VIETQR_BY_HAND = {
    "Gốm Sứ Minh Long Sài Gòn": ("ACB", "190123456"),
    "Trà Sen Tân Định": ("MBB", "0901234567890"),
    "Bánh Mì Cô Ba": ("TCB", "19036123456017"),
}
PAYOS = {"Áo Dài Thu Hà", "Hải Sản Vũng Tàu Tươi"}
COD = {"Cà Phê Sáng Bến Thành", "Bánh Mì Cô Ba", "Áo Dài Thu Hà", "Hải Sản Vũng Tàu Tươi"}


def _owner(business: Business):
    membership = (
        Membership.objects.filter(business=business, role=MembershipRole.OWNER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _card_accounts() -> tuple[int, int]:
    sandbox = get_provider("sandbox")
    opened = ready = 0
    taken = set(
        PaymentAccount.objects.exclude(provider_account_id="").values_list("business_id", flat=True)
    )
    for business in Business.objects.exclude(pk__in=taken).order_by("pk"):
        if business.trading_name in NOT_STARTED:
            continue
        account = payment_account_open(business=business, provider=sandbox)
        opened += 1
        if business.trading_name in INFORMATION_NEEDED:
            sandbox_account_decide(
                account_id=account.provider_account_id, decision=Decision.MORE_INFORMATION
            )
            continue
        sandbox_account_decide(account_id=account.provider_account_id, decision=Decision.APPROVE)
        ready += 1
    return opened, ready


def _vietqr(business: Business, owner, bank_code: str, number: str, *, monitored: bool) -> bool:
    if BankAccount.objects.filter(business=business).exists():
        return False
    services.bank_account_link(
        business=business,
        actor=owner,
        bank_code=bank_code,
        account_number=number,
        holder_name=business.owner_name,
    )
    if monitored:
        services.sepay_monitor_connect(business=business, actor=owner)
        if sandbox_allowed():
            sepay_sandbox_self_test(business=business, actor=owner)
            return True
    services.bank_account_confirm(business=business, actor=owner)
    return True


def _payos(business: Business, owner) -> bool:
    if PayOSChannel.objects.filter(business=business).exists() or not (
        payos_client.sandbox_active()
    ):
        return False
    payos_channel_connect(
        business=business,
        actor=owner,
        client_id=f"demo-client-{business.pk}",
        api_key=f"demo-api-key-{business.pk}",
        checksum_key=f"demo-checksum-key-{business.pk}",
    )
    return True


def seed(*, stdout, style, password):
    opened, ready = _card_accounts()
    vietqr = payos = cod = 0
    for business in Business.objects.order_by("pk"):
        owner = _owner(business)
        if owner is None:
            continue
        name = business.trading_name
        if name in VIETQR_MONITORED:
            vietqr += _vietqr(business, owner, *VIETQR_MONITORED[name], monitored=True)
        if name in VIETQR_BY_HAND:
            vietqr += _vietqr(business, owner, *VIETQR_BY_HAND[name], monitored=False)
        if name in PAYOS:
            payos += _payos(business, owner)
        if name in COD and not ShopPaymentOptions.objects.filter(business=business).exists():
            services.shop_cod_set(business=business, actor=owner, enabled=True)
            cod += 1
    stdout.write(
        f"payments: {opened} sandbox accounts opened, {ready} ready to take payments; "
        f"{vietqr} VietQR accounts confirmed, {payos} payOS channels, {cod} shops with COD"
    )
