import io

import pytest
from PIL import Image

from accounts import demo as accounts_demo
from marketplace import demo, selectors
from marketplace.models import Product

pytestmark = pytest.mark.django_db


class _Out:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)


class _Style:
    def __getattr__(self, name):
        return lambda text: text


def test_demo_products_with_pictures_idempotent_and_hidden_until_payments():
    out = _Out()
    accounts_demo.seed(stdout=out, style=_Style(), password="demo-Pass-2026")
    demo.seed(stdout=out, style=_Style(), password="demo-Pass-2026")
    expected = sum(len(rows) for rows in demo.DEMO_PRODUCTS.values())
    assert Product.objects.count() == expected
    assert f"marketplace: {expected} new demo products with pictures" in out.lines
    product = Product.objects.get(name="Cà phê muối đóng chai 330ml")
    assert (product.price, product.currency, product.business.trading_name) == (
        35_000,
        "VND",
        "Cà Phê Sáng Bến Thành",
    )
    picture = product.first_image
    assert picture.alt_text == product.name
    with picture.image.file.open("rb") as fh, Image.open(io.BytesIO(fh.read())) as image:
        assert (image.format, image.size) == ("JPEG", (800, 800))
    # Demo businesses cannot take payments until the payments demo says so.
    assert not selectors.products_visible().exists()
    demo.seed(stdout=out, style=_Style(), password="demo-Pass-2026")
    assert Product.objects.count() == expected
