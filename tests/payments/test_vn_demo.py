"""seed_demo gives the demo shops a mix of the Vietnamese rails, offline and idempotent."""

import io

import pytest
from django.core.management.color import no_style

from accounts import demo as accounts_demo
from payments import demo, selectors
from payments.models import BankAccount, ConfirmedVia, IncomingTransfer, SePayMonitor


@pytest.mark.django_db
def test_demo_shops_get_vietqr_with_and_without_a_monitor_payos_and_cod(settings):
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.PAYMENTS_SANDBOX_ENABLED = True
    settings.PAYOS_BASE_URL = ""
    out = io.StringIO()
    accounts_demo.seed(stdout=out, style=no_style(), password="pw-Demo-2026!")
    demo.seed(stdout=out, style=no_style(), password="pw-Demo-2026!")

    from accounts.models import Business

    shops = {b.trading_name: b for b in Business.objects.all()}
    rails = selectors.shop_rails_for(businesses=list(shops.values()))

    def methods(name):
        return rails[shops[name].pk].methods

    cafe = rails[shops["Cà Phê Sáng Bến Thành"].pk]
    assert cafe.vietqr.holder_name == "NGUYEN THI LAN" and cafe.sepay and cafe.cod
    assert BankAccount.objects.get(business=shops["Cà Phê Sáng Bến Thành"]).confirmed_via == (
        ConfirmedVia.TRANSFER
    )
    assert IncomingTransfer.objects.filter(state="self_test").count() == 2
    assert BankAccount.objects.get(business=shops["Trà Sen Tân Định"]).confirmed_via == (
        ConfirmedVia.OWNER
    )
    assert "payos" in methods("Áo Dài Thu Hà") and "cod" in methods("Áo Dài Thu Hà")
    assert "vietqr" in methods("Gốm Sứ Minh Long Sài Gòn")
    assert methods("Spa Hoa Sen") == []
    assert SePayMonitor.objects.count() == 2
    counts = (
        BankAccount.objects.count(),
        IncomingTransfer.objects.count(),
        SePayMonitor.objects.count(),
    )
    demo.seed(stdout=out, style=no_style(), password="pw-Demo-2026!")
    assert (
        BankAccount.objects.count(),
        IncomingTransfer.objects.count(),
        SePayMonitor.objects.count(),
    ) == counts
    assert "5 VietQR accounts confirmed, 2 payOS channels, 4 shops with COD" in out.getvalue()
