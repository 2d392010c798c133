""" "Should I buy?" for a barcode our catalog does not know: looked up on StockX (the local
fake), then answered."""

import pytest
from django.urls import reverse

from catalog.models import Product
from tests.stockx.conftest import stockx_connected, stockx_fake  # noqa: F401
from tests.stockx.fake_stockx import make_product as stockx_product
from tests.stockx.fake_stockx import make_variant

pytestmark = pytest.mark.django_db
GTIN = "195866000010"


def test_an_unknown_ean_is_looked_up_on_stockx_then_answered(client, staff, stockx_connected):  # noqa: F811
    data = stockx_product()
    variant = make_variant(data, variantValue="10", gtins=[{"identifier": GTIN, "type": "UPC"}])
    stockx_connected.add_product(data, [variant])
    stockx_connected.set_market_data(
        data["productId"], variant["variantId"], "EUR", lowestAskAmount="158",
        highestBidAmount="131", sellFasterAmount="155",
    )  # fmt: skip
    client.force_login(staff)
    url = reverse("pricing:buy-check")
    assert "Auf StockX suchen" in client.get(url, {"code": GTIN}).content.decode()
    page = client.post(reverse("pricing:buy-check-stockx"), {"code": GTIN}, follow=True)
    assert "StockX wird nach 195866000010 gefragt" in page.content.decode()
    assert Product.objects.filter(stockx_product_id=data["productId"]).exists()
    text = client.get(url, {"code": GTIN, "price": "100,00"}).content.decode()
    # 100,00 € → 84,03 € net; listed at 155,00 €: 155 − 13,95 − 4,65 = 136,40 € payout.
    assert 'data-verdict="buy"' in text and "136,40 €" in text and "+52,37 €" in text
