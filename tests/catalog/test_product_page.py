from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from pricing.models import MarketPrice
from sales.models import Marketplace
from tests.factories import make_order, make_product, make_stock

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
    assert "1 pair" in body and "250.00 €" in body and "90.00 €" in body
    assert "ask 260.00" in body
    assert (
        reverse("catalog:product-detail", args=[product.pk])
        in client.get(reverse("catalog:product-list")).content.decode()
    )
