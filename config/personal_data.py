"""The data map's sections for the apps above privacy (``privacy.rights``): what accounts, orders,
onboarding and payments hold about a person, and how each right reaches it.

Top layer: it may import every app. ``privacy`` names ``SECTIONS`` by its dotted path (the
``PRIVACY_DATA_SECTIONS`` setting) and reads it when a right is exercised; no app registers itself.
The table-by-table map (which field, its class, encryption and retention) is in
docs/architecture.md, "Data map".
"""

import uuid

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Business, Invitation, Membership, MembershipRole, User, Ward
from cms.models import StorefrontPage
from core.events import AccountChanged, BusinessChanged, MembershipChanged, publish
from onboarding.models import Assessment
from orders.models import (
    Cart,
    CartLine,
    GroupStatus,
    Order,
    OrderGroup,
    OrderLine,
    OrderStatus,
)
from payments.models import (
    BankAccount,
    IncomingTransfer,
    PaymentAccount,
    PayOSChannel,
    SePayMonitor,
    TransferState,
    WebhookEvent,
)
from privacy.crypto import blind_index
from privacy.models import (
    AccessLog,
    Address,
    Breach,
    Consent,
    DataExport,
    PersonalDetails,
    RightsRequest,
)
from privacy.rights import SHOP_ORDER_ITEM, Handover, MapEntry, Section, retention_periods
from reviews.models import ProductReview, ReviewPhoto, ReviewReport, ShopReview

# Orders still moving: a deletion waits until each is completed, cancelled or refunded.
OPEN_ORDER_STATUSES = (
    OrderStatus.PENDING_PAYMENT,
    OrderStatus.PLACED,
    OrderStatus.PAID,
    OrderStatus.FULFILLED,
)
ANONYMOUS = "—"


def _iso(value):
    return value.isoformat() if value else None


def _deleted_email(user: User) -> str:
    return f"deleted-{uuid.uuid4().hex[:16]}@deleted.invalid"


# --- accounts ---------------------------------------------------------------------------------


def _owned(user: User):
    return Business.objects.filter(
        memberships__user=user, memberships__role=MembershipRole.OWNER
    ).select_related("ward")


def account_export(user: User) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "joined_as": user.joined_as,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "two_factor": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
    }


def businesses_export(user: User) -> list[dict]:
    rows = []
    memberships = Membership.objects.filter(user=user).select_related("business__ward")
    for membership in memberships:
        business = membership.business
        entry = {
            "role": membership.role,
            "member_since": _iso(membership.created_at),
            "trading_name": business.trading_name,
            "legal_name": business.legal_name,
        }
        if membership.role == MembershipRole.OWNER:
            entry.update(
                tax_code=business.tax_code,
                owner_name=business.owner_name,
                phone=business.phone,
                email=business.email,
                street_address=business.street_address,
                ward=business.ward.full_name,
                sector=business.sector,
                employees=business.employees,
                annual_revenue_vnd=business.annual_revenue_vnd,
                year_founded=business.year_founded,
                invitations=[
                    {"email": i.email, "sent": _iso(i.created_at), "accepted": _iso(i.accepted_at)}
                    for i in business.invitations.all()
                ],
            )
        rows.append(entry)
    return rows


def accounts_subjects(user: User) -> list[tuple[str, str]]:
    subjects = [("accounts.user", str(user.pk))]
    subjects += [("accounts.business", str(pk)) for pk in _owned(user).values_list("pk", flat=True)]
    return subjects


def accounts_handovers(user: User) -> list[Handover]:
    found = []
    for business in _owned(user):
        others = (
            Membership.objects.filter(business=business)
            .exclude(user=user)
            .select_related("user")
            .order_by("user__email")
        )
        if not others:
            continue
        other_owners = [m for m in others if m.role == MembershipRole.OWNER]
        if other_owners:
            continue  # another owner already runs it
        found.append(
            Handover(
                business_id=business.pk,
                name=business.trading_name,
                members=[(m.user_id, m.user.get_full_name() or m.user.email) for m in others],
            )
        )
    return found


def _sole_owned(user: User):
    """The businesses the person owns with nobody else in them: they close with the account."""
    others = Membership.objects.filter(business=OuterRef("pk")).exclude(user=user)
    return _owned(user).exclude(Exists(others))


def accounts_open_items(user: User) -> list[str]:
    """Orders still open at a shop that closes with the account (its customers wait for them)."""
    open_orders = (
        Order.objects.filter(business__in=_sole_owned(user), status__in=OPEN_ORDER_STATUSES)
        .select_related("business", "group")
        .order_by("pk")
    )
    return [
        SHOP_ORDER_ITEM % {"number": order.number, "shop": order.business.trading_name}
        for order in open_orders
    ]


def _anonymise_business(business: Business) -> None:
    marker = f"deleted-{business.pk}"
    business.owner_name = ANONYMOUS
    business.phone = ""
    business.street_address = ANONYMOUS
    business.email = f"{marker}@deleted.invalid"
    business.tax_code = marker
    business.tax_code_index = blind_index(f"taxcode:{marker}")
    business.legal_name = business.trading_name = _("Closed business %(id)s") % {"id": business.pk}
    business.is_active = False
    business.save()
    publish(BusinessChanged(business_id=business.pk))
    BankAccount.objects.filter(business=business).update(account_number="", holder_name="")
    business.invitations.all().delete()
    # No orphan shop stays live: the storefront (each language) is unpublished.
    for page in StorefrontPage.objects.filter(business=business).live().specific():
        page.unpublish(log_action=True)


def accounts_anonymise(user: User, handover: dict[int, int]) -> None:
    for business in _owned(user):
        others = Membership.objects.filter(business=business).exclude(user=user)
        if not others.exists():
            _anonymise_business(business)
            continue
        heir = handover.get(business.pk)
        if heir is not None and not others.filter(role=MembershipRole.OWNER).exists():
            others.filter(user_id=heir).update(role=MembershipRole.OWNER)
        if business.owner_name or business.phone:
            # The profile's owner contact was the leaving person's: the new owner fills it in.
            business.owner_name = ANONYMOUS
            business.phone = ""
            business.save(update_fields=["owner_name", "phone", "updated_at"])
            publish(BusinessChanged(business_id=business.pk))
    left = list(Membership.objects.filter(user=user).values_list("business_id", flat=True))
    Membership.objects.filter(user=user).delete()
    for business_id in left:
        publish(MembershipChanged(business_id=business_id, user_id=user.pk))
    Invitation.objects.filter(Q(email__iexact=user.email) | Q(invited_by=user)).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    user.email = _deleted_email(user)
    user.first_name = user.last_name = ""
    user.is_active = False
    user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()
    publish(AccountChanged(user_id=user.pk))
    user.groups.clear()


def accounts_purge(now) -> dict[str, int]:
    cutoff = now - retention_periods()["expired_invitations"]
    count, _detail = Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__lt=cutoff
    ).delete()
    return {"expired_invitations": count}


# --- orders -----------------------------------------------------------------------------------


def _group_export(group: OrderGroup) -> dict:
    return {
        "reference": str(group.reference),
        "created_at": _iso(group.created_at),
        "status": group.status,
        "total": group.total,
        "currency": group.currency,
        "email": group.email,
        "name": group.contact_name,
        "phone": group.phone,
        "street_address": group.street_address,
        "ward": group.ward.full_name,
        "note": group.note,
        "refund_account_given": bool(group.refund_account_given_at),
        "shops": [
            {
                "number": order.number,
                "shop": order.business.trading_name,
                "status": order.status,
                "payment_method": order.payment_method,
                "subtotal": order.subtotal,
                "refunded": order.refunded_amount,
                "lines": [
                    {
                        "name": line.name,
                        "unit_price": line.unit_price,
                        "quantity": line.quantity,
                        "refunded_quantity": line.refunded_quantity,
                    }
                    for line in order.lines.all()
                ],
            }
            for order in group.orders.all()
        ],
    }


def orders_export(user: User) -> dict:
    groups = (
        OrderGroup.objects.filter(user=user)
        .select_related("ward")
        .prefetch_related("orders__lines", "orders__business")
    )
    cart = Cart.objects.filter(user=user).prefetch_related("lines__product").first()
    return {
        "orders": [_group_export(group) for group in groups],
        "cart": [
            {"product": line.product.name, "quantity": line.quantity, "added": _iso(line.added_at)}
            for line in (cart.lines.all() if cart else [])
        ],
    }


def orders_open_items(user: User) -> list[str]:
    open_orders = (
        Order.objects.filter(group__user=user, status__in=OPEN_ORDER_STATUSES)
        .select_related("group")
        .order_by("pk")
    )
    return [order.number for order in open_orders]


def orders_subjects(user: User) -> list[tuple[str, str]]:
    return [
        ("orders.ordergroup", str(pk))
        for pk in OrderGroup.objects.filter(user=user).values_list("pk", flat=True)
    ]


def _anonymise_group(group: OrderGroup) -> None:
    group.email = ""
    group.contact_name = ANONYMOUS
    group.phone = ""
    group.street_address = ANONYMOUS
    group.note = ""
    group.refund_account_number = ""
    group.refund_holder_name = ""
    group.user = None
    group.save()


def orders_anonymise(user: User, handover: dict[int, int]) -> None:
    for group in OrderGroup.objects.filter(user=user):
        _anonymise_group(group)
    Cart.objects.filter(user=user).delete()


def _group_by_number(order_number: str) -> OrderGroup | None:
    reference, _sep, pk = order_number.rpartition("-")
    if not reference or not pk.isdigit() or len(pk) > 12:
        return None
    order = Order.objects.select_related("group").filter(pk=int(pk)).first()
    if order is None or order.group.short_reference != reference.upper():
        return None
    return order.group


def orders_guest_match(email: str, order_number: str) -> bool:
    group = _group_by_number(order_number)
    return group is not None and (group.email or "").strip().lower() == email


def orders_guest_export(email: str, order_number: str) -> dict | None:
    """What the order group holds about the guest (its contact, shops and lines), decrypted."""
    group = _group_by_number(order_number)
    if group is None or (group.email or "").strip().lower() != email:
        return None
    return {"orders": [_group_export(group)]}


def orders_guest_anonymise(email: str, order_number: str) -> bool:
    group = _group_by_number(order_number)
    if group is None or (group.email or "").strip().lower() != email:
        return False
    if group.orders.filter(status__in=OPEN_ORDER_STATUSES).exists():
        return False  # still running: the DPO completes the request once it closes
    _anonymise_group(group)
    return True


def orders_purge(now) -> dict[str, int]:
    periods = retention_periods()
    carts, _detail = Cart.objects.filter(
        updated_at__lt=now - periods["abandoned_carts"], order_groups__isnull=True
    ).delete()
    unpaid = OrderGroup.objects.filter(
        user__isnull=True,
        status=GroupStatus.CANCELLED,
        created_at__lt=now - periods["guest_contacts"],
    )
    # Encrypted columns take no lookups; an emptied one has length 0.
    unpaid = unpaid.annotate(email_length=Length("email")).filter(email_length__gt=0)
    contacts = 0
    for group in unpaid.iterator():
        _anonymise_group(group)
        contacts += 1
    return {"abandoned_carts": carts, "guest_contacts": contacts}


# --- onboarding and payments ------------------------------------------------------------------


def assessments_export(user: User) -> list[dict]:
    rows = Assessment.objects.filter(
        Q(business__in=_owned(user)) | Q(started_by=user) | Q(taken_by=user)
    ).select_related("business")
    return [
        {
            "business": a.business.trading_name,
            "version": a.version,
            "status": a.status,
            "answers": a.answers,
            "overall": str(a.overall) if a.overall is not None else None,
            "level": a.level,
            "taken_at": _iso(a.taken_at),
        }
        for a in rows.distinct()
    ]


def payments_export(user: User) -> list[dict]:
    """Payment accounts of the person's businesses: their state only, never a secret."""
    rows = []
    for business in _owned(user):
        account = PaymentAccount.objects.filter(business=business).first()
        bank = BankAccount.objects.filter(business=business).first()
        rows.append(
            {
                "business": business.trading_name,
                "payment_account_state": account.state if account else None,
                "bank_account_state": bank.state if bank else None,
                "bank": bank.bank_code if bank else None,
            }
        )
    return rows


def payments_purge(now) -> dict[str, int]:
    """Provider payloads (names, accounts) emptied after their period; the rows stay as evidence
    of what was paid. A transfer still waiting to be matched by hand keeps its payload."""
    periods = retention_periods()
    webhooks = (
        WebhookEvent.objects.filter(received_at__lt=now - periods["webhook_payloads"])
        .annotate(payload_length=Length("payload"))
        .filter(payload_length__gt=0)
        .update(payload="")
    )
    transfers = (
        IncomingTransfer.objects.filter(received_at__lt=now - periods["transfer_payloads"])
        .exclude(state=TransferState.UNMATCHED)
        .annotate(payload_length=Length("payload"))
        .filter(payload_length__gt=0)
        .update(payload="")
    )
    return {"webhook_payloads": webhooks, "transfer_payloads": transfers}


def reviews_export(user: User) -> dict:
    reviews = (
        ProductReview.objects.filter(author=user)
        .select_related("line")
        .prefetch_related("photos")
        .order_by("pk")
    )
    return {
        "product_reviews": [
            {
                "product": review.line.name,
                "rating": review.rating,
                "text": review.text,
                "shown_as": review.author_name,
                "pictures": [photo.file.name for photo in review.photos.all()],
                "shop_reply": review.reply,
                "written": _iso(review.created_at),
            }
            for review in reviews
        ],
        "shop_ratings": [
            {"order": rating.order_id, "rating": rating.rating, "written": _iso(rating.created_at)}
            for rating in ShopReview.objects.filter(author=user).order_by("pk")
        ],
    }


def reviews_anonymise(user: User, handover: dict[int, int]) -> None:
    # Published reviews stay (they are about the product), no longer tied to the person.
    ProductReview.objects.filter(author=user).update(author=None, author_name="")
    ShopReview.objects.filter(author=user).update(author=None)


SECTIONS = [
    Section(
        key="account",
        export=account_export,
        subjects=accounts_subjects,
    ),
    Section(
        key="businesses",
        export=businesses_export,
        open_items=accounts_open_items,
        handovers=accounts_handovers,
        anonymise=accounts_anonymise,
        purge=accounts_purge,
    ),
    Section(key="payment_accounts", export=payments_export),
    Section(key="assessments", export=assessments_export),
    Section(
        key="orders",
        export=orders_export,
        open_items=orders_open_items,
        anonymise=orders_anonymise,
        subjects=orders_subjects,
        guest_match=orders_guest_match,
        guest_anonymise=orders_guest_anonymise,
        guest_export=orders_guest_export,
        purge=orders_purge,
    ),
    Section(key="payments_retention", purge=payments_purge),
    Section(key="reviews", export=reviews_export, anonymise=reviews_anonymise),
]


def ward_choices() -> list[tuple[str, str]]:
    english = get_language() == "en"
    return [
        (ward.code, ward.full_name_en if english else ward.full_name)
        for ward in Ward.objects.order_by("name")
    ]


def owned_businesses(user: User) -> list[tuple[int, str]]:
    return list(_owned(user).order_by("trading_name").values_list("pk", "trading_name"))


LOOKUPS = {"wards": ward_choices, "owned_businesses": owned_businesses}


# --- the data map (docs/architecture.md, "Data map", is generated from it) --------------------

DATA_MAP = [
    MapEntry(
        User,
        ("email", "first_name", "last_name", "password", "last_login"),
        "B",
        "account life; deletion replaces the email, empties the names, unusable password",
        encryption="no (the email is the login, unique; the password is an Argon2 hash)",
    ),
    MapEntry(EmailAddress, ("email",), "B", "deleted with the account"),
    MapEntry(
        Authenticator,
        ("data",),
        "S",
        "deleted with the account",
        encryption="data (TOTP secret and recovery seed, sealed by `privacy.mfa`)",
    ),
    MapEntry(
        Session,
        ("session_data",),
        "B",
        "until it expires; the person's sessions deleted with the account",
    ),
    MapEntry(
        Business,
        ("tax_code", "tax_code_index", "owner_name", "phone", "email", "street_address"),
        "S (tax code or owner's personal ID), B",
        "business life; a sole owner's deletion closes it (storefront unpublished) and replaces "
        "them; the blind index is an HMAC",
    ),
    MapEntry(
        Invitation,
        ("email",),
        "B",
        "purged `RETENTION_INVITATION_DAYS` (30) after expiry if unaccepted; deleted with the "
        "inviter or the invitee; the token is stored as a hash",
    ),
    MapEntry(Membership, ("user", "business"), "B", "deleted with the account (after hand-over)"),
    MapEntry(
        OrderGroup,
        (
            "email",
            "contact_name",
            "phone",
            "street_address",
            "note",
            "refund_account_number",
            "refund_holder_name",
        ),
        "B, S (bank account)",
        "kept for accounting, the contact replaced at the person's deletion or a guest's "
        "confirmed request; guests' cancelled unpaid contact purged after "
        "`RETENTION_GUEST_CONTACT_DAYS` (30)",
    ),
    MapEntry(
        Cart,
        ("user",),
        "B (behaviour)",
        "purged after `RETENTION_CART_DAYS` (90) untouched; deleted with the account",
    ),
    MapEntry(CartLine, ("product",), "B (behaviour)", "with its cart"),
    MapEntry(
        Order,
        (),
        "S (transaction history, through its group)",
        "amounts and state, no contact: kept for accounting",
    ),
    MapEntry(OrderLine, (), "S (transaction history)", "product snapshot: kept for accounting"),
    MapEntry(
        ProductReview,
        ("author", "author_name", "text"),
        "B",
        "published by the person: kept; in the export; author and shown name removed at the "
        "account's deletion",
    ),
    MapEntry(
        ReviewPhoto,
        ("file",),
        "B",
        "with its review; re-encoded without metadata (no location, no camera) before it is stored",
    ),
    MapEntry(ShopReview, ("author",), "B", "kept; author removed at the account's deletion"),
    MapEntry(
        ReviewReport,
        ("reporter_key",),
        "B",
        "kept with the review; the key is the user id or a hash of the session key",
    ),
    MapEntry(
        Assessment,
        ("answers", "started_by", "taken_by"),
        "B",
        "business life; research reads answers only with the business's consent "
        "(`onboarding.research`)",
    ),
    MapEntry(
        BankAccount,
        ("account_number", "holder_name"),
        "S",
        "business life; emptied when a sole owner deletes the account",
    ),
    MapEntry(
        WebhookEvent,
        ("payload",),
        "S",
        "payload emptied after `RETENTION_WEBHOOK_PAYLOAD_DAYS` (180), the row kept",
    ),
    MapEntry(
        IncomingTransfer,
        ("memo", "payload"),
        "S",
        "payload emptied `RETENTION_TRANSFER_PAYLOAD_DAYS` (180) after receipt once matched or "
        "set aside; the memo kept as payment evidence",
    ),
    MapEntry(PersonalDetails, ("phone",), "B", "deleted with the account"),
    MapEntry(
        Address,
        ("contact_name", "phone", "street_address", "ward_code"),
        "B",
        "deleted by the person or with the account",
    ),
    MapEntry(
        Consent,
        ("user", "email", "email_index", "purpose", "text_version"),
        "B",
        "kept as proof; withdrawn at deletion",
    ),
    MapEntry(
        RightsRequest,
        ("user", "email", "email_index", "order_number", "details"),
        "B",
        "kept as proof; a guest's email emptied when done, details emptied at deletion",
    ),
    MapEntry(
        DataExport,
        ("payload", "summary"),
        "S",
        "link `PRIVACY_EXPORT_LINK_HOURS` (48); deleted by the retention job after expiry and "
        "with the account",
    ),
    MapEntry(
        AccessLog,
        ("actor", "subject_type", "subject_id", "fields", "reason"),
        "B",
        "kept as audit (never the value read)",
    ),
    MapEntry(Breach, ("description", "people_affected"), "B", "kept (the register)"),
]

# Encrypted columns that hold a business's credentials, not anyone's personal data.
NOT_PERSONAL = {
    (PayOSChannel, "client_id"),
    (PayOSChannel, "api_key"),
    (PayOSChannel, "checksum_key"),
    (SePayMonitor, "api_key"),
}
