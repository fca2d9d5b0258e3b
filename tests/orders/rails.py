"""A local stand-in for vn-sme's ``payments.selectors.shop_rails_for`` (VN_CONTRACT.md), used
only until the real selector lands: each shop's rails as the contract shapes them."""

from dataclasses import dataclass, field

import pytest

from payments import selectors as payment_selectors


@dataclass(frozen=True)
class FakeAccount:
    bank_code: str = "VCB"
    bank_bin: str = "970436"
    account_number: str = "0011001932418"
    holder_name: str = "NGUYEN VAN A"


@dataclass(frozen=True)
class FakeChannel:
    client_id: str = "client"
    api_key: str = "api-key"
    checksum_key: str = "checksum-key"


@dataclass(frozen=True)
class FakeRails:
    vietqr: FakeAccount | None = None
    payos: FakeChannel | None = None
    cod: bool = False
    sepay: bool = False
    stripe: bool = False
    extra: list = field(default_factory=list)

    @property
    def methods(self) -> list[str]:
        methods = []
        if self.vietqr:
            methods.append("vietqr")
        if self.payos:
            methods.append("payos")
        if self.cod:
            methods.append("cod")
        if self.stripe:
            methods.append("stripe")
        return methods


@pytest.fixture
def rails(monkeypatch):
    """``rails[business_id] = FakeRails(...)``; shops not set accept VietQR and COD."""
    table: dict[int, FakeRails] = {}

    def shop_rails_for(*, businesses):
        return {
            b.pk: table.get(b.pk, FakeRails(vietqr=FakeAccount(), cod=True)) for b in businesses
        }

    if not hasattr(payment_selectors, "shop_rails_for") or getattr(
        payment_selectors.shop_rails_for, "_fake", False
    ):
        shop_rails_for._fake = True
        monkeypatch.setattr(payment_selectors, "shop_rails_for", shop_rails_for, raising=False)
    return table
