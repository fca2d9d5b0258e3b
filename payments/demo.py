"""Demo e-payment accounts: most demo businesses are ready (sandbox), a few are not, for realism.

Everything goes through the services and the sandbox's webhook path, as a real owner's clicks would.
Idempotent: a business that already has an account is left as it is.
"""

from accounts.models import Business
from payments.models import PaymentAccount
from payments.providers import get_provider
from payments.sandbox.services import Decision, sandbox_account_decide
from payments.services import payment_account_open

# Trading names of demo businesses left short of ready: one waiting for documents, one not started.
INFORMATION_NEEDED = {"Sửa Xe Máy Thành Công"}
NOT_STARTED = {"Spa Hoa Sen"}


def seed(*, stdout, style, password):
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
    stdout.write(f"payments: {opened} sandbox accounts opened, {ready} ready to take payments")
