"""The monthly sales statement of a shop: hand-counted sums, own shops only, CSV/XLSX, fixed queries."""

import csv
import io
import uuid
import zoneinfo
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from orders import services
from orders.models import Order, PaymentMethod, Refund
from tests.orders.factories import placed_group
from tests.workspace_i18n.scan import english_in

pytestmark = pytest.mark.django_db

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
RANGE = {"start": "2026-03", "end": "2026-04"}


def sold(*items, method, paid_at):
    """An order of one shop, paid through the sandbox, then dated and given its payment method."""
    group = placed_group(*items)
    services.order_group_mark_paid(
        reference=group.reference,
        provider="sandbox",
        amount=group.total,
        currency="VND",
        payment_id=f"sbx_{uuid.uuid4().hex[:8]}",
    )
    order = group.orders.get()
    Order.objects.filter(pk=order.pk).update(payment_method=method, paid_at=paid_at)
    order.refresh_from_db()
    return order


@pytest.fixture
def sales(coffee, tea, bowl):
    """Shop A: March 120,000 by VietQR; April 45,000 COD (00:30 on 1 April in Vietnam, still
    31 March in UTC) and 60,000 by card, 30,000 of it refunded in April; February 45,000 by payOS
    (outside the range). Shop B: 120,000 in March (not shop A's). One unpaid order of shop A."""
    sold(
        (coffee, 2),
        (tea, 1),
        method=PaymentMethod.VIETQR,
        paid_at=datetime(2026, 3, 10, 10, tzinfo=VN),
    )
    sold((coffee, 1), method=PaymentMethod.COD, paid_at=datetime(2026, 4, 1, 0, 30, tzinfo=VN))
    card = sold((tea, 2), method=PaymentMethod.STRIPE, paid_at=datetime(2026, 4, 15, 9, tzinfo=VN))
    sold((coffee, 1), method=PaymentMethod.PAYOS, paid_at=datetime(2026, 2, 20, 9, tzinfo=VN))
    sold((bowl, 1), method=PaymentMethod.VIETQR, paid_at=datetime(2026, 3, 12, 9, tzinfo=VN))
    placed_group((coffee, 1))
    line = card.lines.get()
    refund = services.order_refund(order=card, quantities={line.pk: 1}, key=uuid.uuid4())
    assert refund.status == Refund.Status.SUCCEEDED
    Refund.objects.filter(pk=refund.pk).update(created_at=datetime(2026, 4, 20, 9, tzinfo=VN))
    return card


def url(name, business, **query):
    base = reverse(f"orders_workspace:{name}", args=[business.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_statement_page_adds_up_by_month_and_method(client, owner_a, shop_a, sales):
    client.force_login(owner_a)
    response = client.get(url("statement", shop_a, **RANGE))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bảng kê này không phải là hóa đơn" in html
    assert html.count('class="statement-month"') == 2
    march, april = html.split('class="statement-month"')[1:]
    # Month, VietQR, payOS, COD, card, orders, sales, refunds, net
    assert (
        '<th scope="row">03/2026</th><td>120.000</td><td>0</td><td>0</td><td>0</td><td>1</td><td>120.000</td><td>0</td><td>120.000</td>'
        in march
    )
    assert (
        '<th scope="row">04/2026</th><td>0</td><td>0</td><td>45.000</td><td>60.000</td><td>2</td><td>105.000</td><td>30.000</td><td>75.000</td>'
        in april
    )
    total = html.split('class="statement-total"')[1]
    assert (
        "<td>120.000</td><td>0</td><td>45.000</td><td>60.000</td><td>3</td><td>225.000</td><td>30.000</td><td>195.000</td>"
        in total
    )


def test_statement_in_english(client, owner_a, shop_a, sales):
    profile = UserProfile.get_for_user(owner_a)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(owner_a)
    html = client.get(url("statement", shop_a, **RANGE)).content.decode()
    assert "This statement is not an invoice." in html
    assert "<td>105,000</td><td>30,000</td><td>75,000</td>" in html


def test_another_shops_statement_is_404(client, owner_a, shop_b, sales):
    client.force_login(owner_a)
    for name in ("statement", "statement_csv", "statement_xlsx"):
        assert client.get(url(name, shop_b, **RANGE)).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2026-05", "end": "2026-04"}, "The last month comes before the first."),
        ({"start": "2026-13", "end": "2026-04"}, "Write the month as YYYY-MM"),
        ({"start": "tháng 3", "end": "2026-04"}, "Write the month as YYYY-MM"),
        ({"start": "2020-01", "end": "2026-04"}, "Choose at most 36 months."),
        ({"start": "", "end": "2026-04"}, "This field is required."),
    ],
)
def test_bad_range_is_a_form_error(client, owner_a, shop_a, query, message):
    profile = UserProfile.get_for_user(owner_a)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(owner_a)
    for name in ("statement", "statement_csv", "statement_xlsx"):
        response = client.get(url(name, shop_a, **query))
        assert response.status_code == 400
        assert response["Content-Type"].startswith("text/html")
        assert message in response.content.decode()
        assert 'data-testid="statement"' not in response.content.decode()


def test_statement_defaults_to_this_year(client, owner_a, shop_a):
    client.force_login(owner_a)
    response = client.get(reverse("orders_workspace:statement", args=[shop_a.pk]))
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.content.decode().count('class="statement-month"') == today.month


def test_csv_adds_up_and_escapes_formulas(client, owner_a, shop_a, sales):
    type(shop_a).objects.filter(pk=shop_a.pk).update(trading_name='=HYPERLINK("http://x.example")')
    client.force_login(owner_a)
    response = client.get(url("statement_csv", shop_a, **RANGE))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1] == ["Cửa hàng", '\'=HYPERLINK("http://x.example")']
    assert rows[2] == ["Từ tháng", "03/2026", "Đến tháng", "04/2026"]
    assert rows[3] == ["Bảng kê này không phải là hóa đơn."]
    table = {row[0]: row[1:] for row in rows[7:]}
    assert table["03/2026"] == ["120000", "0", "0", "0", "1", "120000", "0", "120000"]
    assert table["04/2026"] == ["0", "0", "45000", "60000", "2", "105000", "30000", "75000"]
    assert rows[-1][1:] == ["120000", "0", "45000", "60000", "3", "225000", "30000", "195000"]


def test_xlsx_adds_up_with_numbers(client, owner_a, shop_a, sales):
    type(shop_a).objects.filter(pk=shop_a.pk).update(trading_name="+cmd|calc")
    client.force_login(owner_a)
    response = client.get(url("statement_xlsx", shop_a, **RANGE))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[1] == ["Cửa hàng", "'+cmd|calc", None, None, None, None, None, None, None]
    total = [row for row in rows if row[0] == "Tổng cộng"][0]
    assert total[1:] == [120000, 0, 45000, 60000, 3, 225000, 30000, 195000]


def test_statement_queries_are_fixed_and_nothing_is_written(
    client, owner_a, shop_a, coffee, django_assert_num_queries
):
    sold((coffee, 1), method=PaymentMethod.VIETQR, paid_at=datetime(2026, 3, 1, 9, tzinfo=VN))
    client.force_login(owner_a)
    page = url("statement", shop_a, **RANGE)
    client.get(page)
    with CaptureQueriesContext(connection) as one:
        client.get(page)
    for day in range(2, 8):
        sold((coffee, 1), method=PaymentMethod.COD, paid_at=datetime(2026, 4, day, 9, tzinfo=VN))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(page)
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url("statement_csv", shop_a, **RANGE))
        client.get(url("statement_xlsx", shop_a, **RANGE))
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_statement_and_slip_screens_speak_vietnamese(client, owner_a, shop_a, sales):
    client.force_login(owner_a)
    client.cookies["django_language"] = "vi"
    # Order numbers are random hex ("8F6188BE-65" is no English "be"): records' own data.
    numbers = [order.number for order in Order.objects.all()]
    allowed = frozenset([shop_a.trading_name, "Cà phê phin", "Trà sen", *numbers])
    findings = {}
    for page in (
        "/admin/orders/statements/",
        url("statement", shop_a, **RANGE),
        reverse("orders_workspace:packing_slip", args=[sales.pk]),
        "/admin/orders/?status=paid",
    ):
        response = client.get(page, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        # These screens' own text: Wagtail's chrome (sidebar, menus) is the workspace scan's.
        start, end = html.find("<main"), html.rfind("</main>")
        if start != -1 and end != -1:
            html = html[start:end]
        findings[page] = english_in(html, allowed=allowed)
    assert {page: found for page, found in findings.items() if found} == {}
