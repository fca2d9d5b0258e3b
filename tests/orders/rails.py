"""A stand-in for ``payments.selectors.shop_rails_for``: each shop's rails in the shape of
``payments.selectors.ShopRails``, set per test without payments models."""

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

    # Always the stand-in: these tests are about the shopper's side, not how rails are stored.
    monkeypatch.setattr(payment_selectors, "shop_rails_for", shop_rails_for, raising=False)
    return table
