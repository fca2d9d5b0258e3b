"""Reads of the payments app: a business's e-payment account and the programme's overview."""

from django.db.models import QuerySet

from accounts.models import Business, User
from accounts.roles import Role
from accounts.selectors import businesses_for_user, user_has_role
from payments.models import AccountState, PaymentAccount, SandboxAccount


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
