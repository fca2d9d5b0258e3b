"""Demo users for every role and a dozen Ho Chi Minh City businesses (see seed_demo)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts import services
from accounts.models import (
    Business,
    BusinessType,
    JoinedAs,
    Membership,
    MembershipRole,
    User,
    Ward,
)
from accounts.roles import Role
from accounts.services import tax_code_fingerprint
from core.events import MembershipChanged, publish

DEMO_USERS = [
    ("admin@choso.local", "Quản", "Trị", Role.ADMIN),
    ("manager@choso.local", "Hạnh", "Trần", Role.PROGRAMME_MANAGER),
    ("editor@choso.local", "Minh", "Lê", Role.EDITOR),
    ("dpo@choso.local", "Quang", "Phạm", Role.DATA_PROTECTION_OFFICER),
    ("owner@choso.local", "Lan", "Nguyễn", Role.VENDOR_OWNER),
    ("staff@choso.local", "Tú", "Võ", Role.VENDOR_STAFF),
    ("shopper@choso.local", "An", "Đặng", Role.SHOPPER),
    # Signed up to sell and has not entered a business profile yet (the funnel's first step).
    ("seller@choso.local", "Bình", "Hồ", Role.SHOPPER),
]

# (trading name, legal name, type, tax code, owner, phone, ward code, sector, employees, revenue,
#  founded, street). Tax codes carry valid check digits; 12-digit ones are household owners' IDs.
DEMO_BUSINESSES = [
    (
        "Cà Phê Sáng Bến Thành",
        "Hộ kinh doanh Cà Phê Sáng",
        BusinessType.HOUSEHOLD,
        "079185001234",
        "Nguyễn Thị Lan",
        "0903123789",
        "26743",
        "I",
        4,
        1_200_000_000,
        2016,
        "45 Lê Thánh Tôn",
    ),
    (
        "Gốm Sứ Minh Long Sài Gòn",
        "Công ty TNHH Gốm Sứ Sài Gòn Xanh",
        BusinessType.COMPANY,
        "0314409058",
        "Trần Văn Minh",
        "0908456123",
        "26740",
        "C",
        18,
        9_500_000_000,
        2012,
        "12 Nguyễn Huệ",
    ),
    (
        "Áo Dài Thu Hà",
        "Hộ kinh doanh Áo Dài Thu Hà",
        BusinessType.HOUSEHOLD,
        "079190004567",
        "Lê Thu Hà",
        "0912345678",
        "26737",
        "C",
        6,
        2_400_000_000,
        2010,
        "88 Hai Bà Trưng",
    ),
    (
        "Trà Sen Tân Định",
        "Công ty TNHH Trà Sen Tân Định",
        BusinessType.COMPANY,
        "0301234562",
        "Phạm Quốc Bảo",
        "0937111222",
        "26737",
        "G",
        9,
        6_000_000_000,
        2018,
        "20 Trần Quang Khải",
    ),
    (
        "Bánh Mì Cô Ba",
        "Hộ kinh doanh Bánh Mì Cô Ba",
        BusinessType.HOUSEHOLD,
        "079178009876",
        "Võ Thị Ba",
        "0988765432",
        "26743",
        "I",
        3,
        800_000_000,
        2005,
        "7 Phạm Ngũ Lão",
    ),
    (
        "Mỹ Phẩm Thiên Nhiên Xanh",
        "Công ty Cổ phần Mỹ Phẩm Xanh",
        BusinessType.COMPANY,
        "0312650437",
        "Đặng Ngọc Ánh",
        "0909888777",
        "27097",
        "G",
        25,
        42_000_000_000,
        2017,
        "150 Cách Mạng Tháng Tám",
    ),
    (
        "Nông Sản Sạch Củ Chi",
        "Hợp tác xã Nông Sản Sạch Củ Chi",
        BusinessType.COMPANY,
        "0304567898",
        "Huỳnh Văn Tâm",
        "0918222333",
        "27508",
        "A",
        12,
        5_000_000_000,
        2014,
        "Ấp Phú Hòa",
    ),
    (
        "Thủ Công Mây Tre Bình Dương",
        "Công ty TNHH Mây Tre Đất Việt",
        BusinessType.COMPANY,
        "3700123450",
        "Ngô Thị Hồng",
        "0974555666",
        "25747",
        "C",
        30,
        15_000_000_000,
        2009,
        "25 Đại lộ Bình Dương",
    ),
    (
        "Hải Sản Vũng Tàu Tươi",
        "Hộ kinh doanh Hải Sản Biển Xanh",
        BusinessType.HOUSEHOLD,
        "077188002345",
        "Trương Văn Hải",
        "0983444555",
        "26506",
        "G",
        5,
        3_500_000_000,
        2019,
        "33 Trần Phú",
    ),
    (
        "Sửa Xe Máy Thành Công",
        "Hộ kinh doanh Thành Công",
        BusinessType.HOUSEHOLD,
        "079182006543",
        "Bùi Văn Thành",
        "0961222333",
        "26944",
        "G",
        2,
        450_000_000,
        2011,
        "210 Lê Văn Sỹ",
    ),
    (
        "Phần Mềm Kế Toán An Tâm",
        "Công ty TNHH Công nghệ An Tâm",
        BusinessType.COMPANY,
        "0315678906",
        "Lý Minh Khoa",
        "0906333444",
        "26848",
        "J",
        40,
        28_000_000_000,
        2020,
        "5 Nguyễn Gia Trí",
    ),
    (
        "Spa Hoa Sen",
        "Hộ kinh doanh Spa Hoa Sen",
        BusinessType.HOUSEHOLD,
        "079193001122",
        "Phan Thị Sen",
        "0938999000",
        "27475",
        "S",
        7,
        1_800_000_000,
        2021,
        "99 Nguyễn Thị Thập",
    ),
]


def _user(email, first, last, role, password) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(password)
        if role == Role.ADMIN:
            user.is_superuser = user.is_staff = True
        user.save()
    user.groups.add(Group.objects.get(name=role))
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed(*, stdout, style, password):
    users = {
        email: _user(email, first, last, role, password) for email, first, last, role in DEMO_USERS
    }
    User.objects.filter(
        email__in=["owner@choso.local", "staff@choso.local", "seller@choso.local"]
    ).update(joined_as=JoinedAs.SELLER)
    owner = users["owner@choso.local"]
    created = 0
    for index, row in enumerate(DEMO_BUSINESSES):
        (
            trading,
            legal,
            kind,
            tax_code,
            owner_name,
            phone,
            ward_code,
            sector,
            employees,
            revenue,
            founded,
            street,
        ) = row
        if Business.objects.filter(tax_code_index=tax_code_fingerprint(tax_code)).exists():
            continue
        # The first three businesses belong to the demo owner; the rest to their own owners.
        if index < 3:
            business_owner = owner
        else:
            business_owner = _user(
                f"owner{index + 1}@choso.local",
                owner_name.split()[-1],
                owner_name.split()[0],
                Role.VENDOR_OWNER,
                password,
            )
            User.objects.filter(pk=business_owner.pk).update(joined_as=JoinedAs.SELLER)
        business = services.business_create(
            owner=business_owner,
            legal_name=legal,
            trading_name=trading,
            business_type=kind,
            tax_code=tax_code,
            owner_name=owner_name,
            phone=phone,
            email=f"lienhe{index + 1}@choso.local",
            street_address=street,
            ward=Ward.objects.get(code=ward_code),
            sector=sector,
            employees=employees,
            annual_revenue_vnd=revenue,
            year_founded=founded,
        )
        if index == 0:
            staff = users["staff@choso.local"]
            Membership.objects.get_or_create(
                user=staff, business=business, defaults={"role": MembershipRole.STAFF}
            )
            publish(MembershipChanged(business_id=business.pk, user_id=staff.pk))
        created += 1
    stdout.write(f"accounts: {len(users)} demo users, {created} new businesses")
    stdout.write(style.NOTICE(f"Demo logins (password: {password}):"))
    for email, _first, _last, role in DEMO_USERS:
        stdout.write(f"  {email:<24} {role}")
