"""The catalog list and the product page in German (the default) and in English for a user
who chose it: texts, amounts and dates follow the language."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from pricing.models import MarketPrice
from sales.models import Marketplace
from tests.factories import make_order, make_product, make_size, make_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    product = make_product(
        name="Air Max 1 Language",
        retail_price=D("1399.00"),
        release_date=date(2026, 3, 26),
    )
    size = make_size(display="EU 42")
    make_stock(product=product, size=size)
    make_stock(product=product, size=size)
    sold = make_stock(product=product, status="completed")
    make_order(
        inventory_item=sold, gross_sale=D("1250.50"), net_profit=D("90.00"), shelf_life_days=14
    )
    MarketPrice.objects.create(
        product=product,
        marketplace=Marketplace.objects.get(slug="stockx"),
        price_date=date(2026, 11, 18),
        lowest_ask=D("1310.00"),
        highest_bid=D("1200.00"),
    )
    return product


def english(client, user):
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)


def test_catalog_list_in_german(product, viewer, client):
    client.force_login(viewer)
    body = client.get(reverse("catalog:product-list"), {"q": "Language"}).content.decode()
    assert '<h1 class="h3 mb-3">Katalog</h1>' in body
    assert "Niedrigster Ask" in body and "Marke" in body and "Alle Marken" in body
    assert "1.310,00 €" in body and "1.399,00 €" in body and "26.03.2026" in body
    empty = client.get(reverse("catalog:product-list"), {"q": "nothing-like-this"})
    assert "Keine passenden Produkte" in empty.content.decode()


def test_catalog_list_in_english(product, viewer, client):
    english(client, viewer)
    body = client.get(reverse("catalog:product-list"), {"q": "Language"}).content.decode()
    assert '<h1 class="h3 mb-3">Catalog</h1>' in body
    assert "Lowest ask" in body and "Any brand" in body
    assert "€1,310.00" in body and "€1,399.00" in body and "26 Mar 2026" in body
    assert "Niedrigster Ask" not in body


def test_product_page_in_german(product, viewer, client):
    client.force_login(viewer)
    body = client.get(reverse("catalog:product-detail", args=[product.pk])).content.decode()
    assert "2 Paare" in body and "Bestand nach Größe" in body
    assert "UVP 1.399,00 €" in body and "Release 26.03.2026" in body
    assert "Marktpreise vom 18.11.2026" in body and "Ask 1.310,00 €" in body
    assert "1.250,50 €" in body and "Nettogewinn (Kosten bekannt)" in body
    assert '<div class="value">14</div>' in body  # average days to sell
    assert "Noch nicht mit StockX verknüpft." in body


def test_product_page_in_english(product, viewer, client):
    english(client, viewer)
    body = client.get(reverse("catalog:product-detail", args=[product.pk])).content.decode()
    assert "2 pairs" in body and "In stock by size" in body
    assert "retail €1,399.00" in body and "released 26 Mar 2026" in body
    assert "Market prices of 18 Nov 2026" in body and "ask €1,310.00" in body
    assert "€1,250.50" in body and "Not linked to StockX yet." in body
    assert "Paare" not in body


def test_pricing_page_in_english(product, owner, client):
    english(client, owner)
    body = client.get(reverse("pricing:market-price-list"), {"q": "Language"}).content.decode()
    assert "Market prices" in body and "Current prices only" in body
    assert "€1,310.00" in body and "€1,200.00" in body and "18 Nov 2026" in body


def test_pricing_page_in_german(product, owner, client):
    client.force_login(owner)
    body = client.get(reverse("pricing:market-price-list"), {"q": "Language"}).content.decode()
    assert "Marktpreise" in body and "Nur aktuelle Preise" in body and "Höchstes Gebot" in body
    assert "1.310,00 €" in body and "1.200,00 €" in body and "18.11.2026" in body
