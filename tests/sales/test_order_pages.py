"""The orders list (filters, totals) and the order page (fee breakdown, cost, profit, raw data)."""

from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sales.services import recompute_profit
from soleflip.analytics.refresh import refresh_analytics
from tests.factories import make_brand, make_marketplace, make_order, make_product, make_stock

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def orders():
    nike = make_brand(name="Nike Test")
    sold = make_stock(status="sold", product=make_product(name="Dunk Low Panda", brand=nike))
    a = make_order(
        marketplace=make_marketplace(output_vat="domestic"),
        inventory_item=sold,
        external_id="70001111-70002222",
        gross_sale=Decimal("238.00"),
        platform_fee=Decimal("20.00"),
        payment_fee=Decimal("7.14"),
        shipping_cost=Decimal("10.86"),
        net_proceeds=Decimal("200.00"),
        buyer_destination_country="Netherlands",
        raw_data={"Order Number": "70001111-70002222", "Listing Price": "238"},
    )
    b = make_order(
        inventory_item=make_stock(status="sold", purchase_price=None),
        external_id="80001111-80002222",
        buyer_destination_country="Germany",
    )
    recompute_profit(order_ids=[a.pk, b.pk])
    return {"a": a, "b": b, "nike": nike}


def test_order_page_shows_fees_cost_profit_and_raw_data(orders, viewer, client):
    client.force_login(viewer)
    body = client.get(reverse("sales:order-detail", args=[orders["a"].pk])).content.decode()
    # 238 × 19/119 = 38.00 output VAT; 200 − 38 − 100 = 62.00; ROI 62 %
    for text in (
        "238,00 €",
        "20,00 €",
        "7,14 €",
        "10,86 €",
        "38,00 €",
        "200,00 €",
        "100,00 €",
        "62,00 €",
        "62,0 %",
        "Dunk Low Panda",
        "Listing Price",
        "Verkauf und Gebühren",
        "Zahlungsabwicklung",
        "19 % USt. im Preis enthalten",
        "Nettogewinn",
    ):
        assert text in body, text
    sold = orders["a"].sold_at.astimezone(BERLIN)
    assert f"{sold:%d.%m.%Y %H:%M}</td>" in body


def test_orders_list_sums_without_a_filter_are_as_of_the_last_refresh(orders, viewer, client):
    client.force_login(viewer)
    refresh_analytics()
    make_order(net_profit=Decimal("10.00"), gross_sale=Decimal("50.00"))  # sold since the refresh
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("sales:order-list")).content.decode()
    # Nothing counts or sums every order: the pager reads one row past the page.
    assert not [q for q in queries if "COUNT(" in q["sql"] and '"sales"."order"' in q["sql"]]
    assert 'Nettogewinn (Kosten bekannt): <strong class="text-body">62,00 €</strong>' in body
    assert "Stand: <strong" in body
    filtered = client.get(reverse("sales:order-list"), {"cost": "known"}).content.decode()
    assert "Stand: <strong" not in filtered  # a filter: summed live
    assert "nicht bekannt" not in body


def test_order_page_in_english(orders, viewer, client):
    viewer.language = "en"
    viewer.save(update_fields=["language"])
    client.force_login(viewer)
    body = client.get(reverse("sales:order-detail", args=[orders["a"].pk])).content.decode()
    for text in ("€238.00", "€62.00", "62.0%", "Sale and fees", "Payment processing", "Net profit"):
        assert text in body, text
    assert "19 % included in the price" in body
    sold = orders["a"].sold_at.astimezone(BERLIN)
    assert f"{sold.day} {sold:%b %Y %H:%M}</td>" in body
    assert "Verkauf und Gebühren" not in body


def test_order_without_cost_shows_no_profit(orders, staff, client):
    client.force_login(staff)
    body = client.get(reverse("sales:order-detail", args=[orders["b"].pk])).content.decode()
    assert "Die Einkaufskosten dieses Paars sind nicht bekannt" in body
    assert reverse("sales:missing-cost") in body


def test_orders_filter_by_country_and_brand(orders, viewer, client):
    client.force_login(viewer)
    url = reverse("sales:order-list")
    body = client.get(url, {"country": "netherlands"}).content.decode()
    assert "70001111-70002222" in body and "80001111-80002222" not in body
    body = client.get(url, {"brand": orders["nike"].pk}).content.decode()
    assert "70001111-70002222" in body and "80001111-80002222" not in body
    assert 'Verkäufe: <strong class="text-body">1</strong>' in body


def test_orders_list_marks_missing_cost_and_links_the_order(orders, viewer, client):
    client.force_login(viewer)
    refresh_analytics()  # without a filter the sums are as of the last refresh
    body = client.get(reverse("sales:order-list")).content.decode()
    assert "Kosten fehlen" in body and ">Verkauft</a>" in body  # a sortable column header
    assert reverse("sales:order-detail", args=[orders["a"].pk]) in body
    assert 'Nettogewinn (Kosten bekannt): <strong class="text-body">62,00 €</strong>' in body
    assert 'Umsatz: <strong class="text-body">' in body
    assert "Stand: <strong" in body
    sold = orders["a"].sold_at.astimezone(BERLIN)
    assert f"{sold:%d.%m.%Y %H:%M}</td>" in body


def test_orders_list_in_english(orders, viewer, client):
    client.force_login(viewer)
    client.post(reverse("language"), {"language": "en"})
    body = client.get(reverse("sales:order-list"), {"country": "netherlands"}).content.decode()
    assert "Any marketplace" in body and "Buyer country" in body
    assert 'Net profit (cost known): <strong class="text-body">€62.00</strong>' in body
    assert 'Sales: <strong class="text-body">1</strong>' in body
    sold = orders["a"].sold_at.astimezone(BERLIN)
    assert f"{sold.day} {sold:%b %Y %H:%M}</td>" in body


def test_unknown_order_is_404(viewer, client):
    client.force_login(viewer)
    assert client.get(reverse("sales:order-detail", args=[999999])).status_code == 404


def test_the_orders_date_filter_takes_a_german_date(owner, client):
    from datetime import UTC, datetime

    from tests.factories import make_order

    early = make_order(sold_at=datetime(2024, 5, 1, 12, tzinfo=UTC))
    late = make_order(sold_at=datetime(2024, 6, 2, 12, tzinfo=UTC))
    client.force_login(owner)
    response = client.get(reverse("sales:order-list"), {"sold_from": "01.06.2024"})
    body = response.content.decode()
    assert response.status_code == 200
    assert late.external_id in body and early.external_id not in body
