from datetime import date
from decimal import Decimal as D

import pytest
from django.db.models import OuterRef
from django.urls import reverse

from catalog.models import Product
from pricing.models import MarketPrice
from sales.models import Marketplace
from tests.factories import make_order, make_product, make_size, make_stock

pytestmark = pytest.mark.django_db


def test_product_page(viewer, client):
    client.force_login(viewer)
    product = make_product(name="Jordan 4 Retro Bred Page")
    make_stock(product=product)
    sold = make_stock(product=product, status="completed")
    make_order(
        inventory_item=sold, gross_sale=D("250.00"), net_profit=D("90.00"), shelf_life_days=14
    )
    MarketPrice.objects.create(
        product=product,
        marketplace=Marketplace.objects.get(slug="stockx"),
        price_date=date(2025, 6, 1),
        lowest_ask=D("260.00"),
        highest_bid=D("230.00"),
    )
    body = client.get(reverse("catalog:product-detail", args=[product.pk])).content.decode()
    assert "Jordan 4 Retro Bred Page" in body
    assert "1 Paar" in body and "250,00 €" in body and "90,00 €" in body
    assert "Ask 260,00 €" in body and "Gebot 230,00 €" in body
    assert "Marktpreise vom 01.06.2025" in body
    assert (
        reverse("catalog:product-detail", args=[product.pk])
        in client.get(reverse("catalog:product-list")).content.decode()
    )


@pytest.fixture
def priced_product():
    """Demo-like: StockX prices every two weeks (the demo writes them for all sizes at once,
    enrichment per size), and no copy on Product.lowest_ask."""
    stockx = Marketplace.objects.get(slug="stockx")
    product = make_product(name="Samba OG Priced", sku="B75806", style_code="B75806")
    small, large = make_size(display="EU 40"), make_size(display="EU 44")
    for day, size, ask, bid in (
        (date(2026, 11, 4), None, "95.00", "80.00"),  # older and cheaper: not current
        (date(2026, 11, 18), small, "131.00", "110.00"),
        (date(2026, 11, 18), large, "124.50", "105.00"),
    ):
        MarketPrice.objects.create(
            product=product,
            size=size,
            marketplace=stockx,
            price_date=day,
            lowest_ask=D(ask),
            highest_bid=D(bid),
        )
    assert product.lowest_ask is None
    return product


def test_current_prices_are_the_newest_day_of_each_product(priced_product):
    other = make_product()
    MarketPrice.objects.create(
        product=other,
        marketplace=Marketplace.objects.get(slug="stockx"),
        price_date=date(2026, 11, 4),
        lowest_ask=D("60.00"),
    )
    current = MarketPrice.objects.current()
    assert sorted((p.product_id, p.lowest_ask) for p in current) == sorted(
        [(priced_product.pk, D("131.00")), (priced_product.pk, D("124.50")), (other.pk, D("60.00"))]
    )
    # The list's reading over every product is the same rows.
    assert sorted(MarketPrice.objects.current_of_all().values_list("pk", flat=True)) == sorted(
        current.values_list("pk", flat=True)
    )
    asks = dict(
        Product.objects.annotate(ask=MarketPrice.objects.lowest_ask_of(OuterRef("pk"))).values_list(
            "pk", "ask"
        )
    )
    assert asks[priced_product.pk] == D("124.50") and asks[other.pk] == D("60.00")


def test_catalog_list_shows_the_lowest_ask_from_the_market_prices(priced_product, viewer, client):
    """Defect: the list read Product.lowest_ask, which only StockX enrichment fills: "—"
    on every row although the pricing page had prices."""
    client.force_login(viewer)
    body = client.get(reverse("catalog:product-list"), {"q": "B75806"}).content.decode()
    assert "Samba OG Priced" in body
    assert "124,50 €" in body  # the lowest of the newest day's sizes
    assert "95,00 €" not in body


def test_product_page_shows_the_current_market_prices(priced_product, viewer, client):
    client.force_login(viewer)
    body = client.get(reverse("catalog:product-detail", args=[priced_product.pk])).content.decode()
    assert "Noch keine Marktpreise" not in body
    assert "Marktpreise vom 18.11.2026" in body
    assert "EU 40" in body and "Ask 131,00 €" in body and "Ask 124,50 €" in body
    assert "Ask 95,00 €" not in body


def test_pricing_page_can_show_the_same_current_prices(priced_product, owner, client):
    client.force_login(owner)
    url = reverse("pricing:market-price-list")
    every = client.get(url, {"q": "B75806"}).content.decode()
    assert "95,00 €" in every and "124,50 €" in every  # the whole history by default
    assert "04.11.2026" in every  # the price day, German
    current = client.get(url, {"q": "B75806", "current": "on"}).content.decode()
    assert "124,50 €" in current and "131,00 €" in current and "95,00 €" not in current
