"""The stale-stock page (German first, English on request) and the dashboard's link."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import StockStatus
from pricing.models import MarketPrice
from sales.models import Marketplace
from soleflip.analytics.refresh import refresh_analytics
from tests.factories import make_order, make_product, make_stock

pytestmark = pytest.mark.django_db
URL = "/pricing/stale/"


@pytest.fixture
def stock():
    """Two pairs of a product that sells in a median 30 days: one 90 days old with the
    lowest ask at 150 (risk 3,0, reprice), one 15 days old (risk 0,5)."""
    today = timezone.localdate()
    stockx = Marketplace.objects.get(slug="stockx")
    product = make_product(name="Dunk Low Panda")
    for _n in range(3):
        sold = make_stock(product=product, status=StockStatus.SOLD)
        make_order(inventory_item=sold, shelf_life_days=30, marketplace=stockx)
    old = make_stock(product=product, purchase_date=today - timedelta(days=90))
    young = make_stock(product=product, purchase_date=today - timedelta(days=15))
    MarketPrice.objects.create(
        product=product,
        size=old.size,
        marketplace=stockx,
        price_date=today,
        lowest_ask=D("150.00"),
    )
    refresh_analytics()
    return old, young


def test_the_page_worst_first_in_german(client, viewer, stock):
    old, young = stock
    client.force_login(viewer)
    html = client.get(reverse("pricing:stale-stock")).content.decode()
    assert reverse("pricing:stale-stock") == URL
    assert "<h1" in html and "Ladenhüter" in html
    assert html.index(f"#{old.pk} ") < html.index(f"#{young.pk} ")
    assert "Kapital gebunden (zu Kosten): <strong" in html and "200,00 €" in html
    assert 'Mit Risiko: <strong class="text-body">1</strong>' in html
    assert ">3,0<" in html and ">0,5<" in html
    assert "Neu bepreisen auf 150,00 € bei StockX (Gewinn 32,00 €)." in html
    assert f'href="/inventory/{old.pk}/"' in html
    assert "table-responsive" in html  # scrolls inside its card on a phone


def test_the_page_in_english(client, viewer, stock):
    viewer.language = "en"
    viewer.save()
    client.force_login(viewer)
    html = client.get(URL).content.decode()
    assert "Stale stock" in html and "Capital tied up (at cost)" in html
    assert "Reprice to €150.00 on StockX (profit €32.00)." in html
    assert ">3.0<" in html


def test_filters_min_age_and_brand(client, viewer, stock):
    old, young = stock
    client.force_login(viewer)
    html = client.get(URL, {"min_age": "60"}).content.decode()
    assert f"#{old.pk} " in html and f"#{young.pk} " not in html
    other = make_stock(purchase_date=timezone.localdate() - timedelta(days=200))
    html = client.get(URL, {"brand": other.product.brand_id}).content.decode()
    assert f"#{other.pk} " in html and f"#{old.pk} " not in html
    # A refused filter shows its error, not a crash.
    answer = client.get(URL, {"min_age": "-1"})
    assert answer.status_code == 422


def test_the_second_page_and_htmx(client, viewer, stock):
    client.force_login(viewer)
    product = stock[0].product
    new = [
        make_stock(product=product, purchase_date=timezone.localdate() - timedelta(days=5))
        for _n in range(50)
    ]
    refresh_analytics()  # as a purchase asks for (its pairs' market and expected days)
    # 52 pairs: the old (3,0), the young (0,5), then the 50 new ones (0,17) by number.
    html = client.get(URL, {"page": "2"}).content.decode()
    assert f"#{new[-1].pk} " in html and f"#{new[-2].pk} " in html
    assert f"#{new[-3].pk} " not in html and f"#{stock[0].pk} " not in html
    fragment = client.get(URL, headers={"HX-Request": "true"}).content.decode()
    assert 'id="results"' in fragment and "<html" not in fragment


def test_the_page_needs_the_inventory_permission(client, stock):
    from tests.factories import make_user

    client.force_login(make_user())
    assert client.get(URL).status_code == 403


def test_the_dashboard_links_with_the_count_and_capital_at_risk(client, owner, stock):
    client.force_login(owner)
    html = client.get(reverse("dashboard")).content.decode()
    assert "1 Paar mit Risiko bindet 100,00 €." in html
    assert f'href="{URL}"' in html
    client.post(reverse("language"), {"language": "en"})
    html = client.get(reverse("dashboard")).content.decode()
    assert "1 pair at risk ties up €100.00." in html


def test_the_page_queries_do_not_grow_with_its_rows(
    client, viewer, stock, django_assert_max_num_queries
):
    client.force_login(viewer)
    product = stock[0].product
    for days in (100, 120, 140):  # more rows, each with a quote and a sell-now estimate
        pair = make_stock(
            product=product, purchase_date=timezone.localdate() - timedelta(days=days)
        )
        MarketPrice.objects.filter(product=product, size=stock[0].size).update(
            lowest_ask=D("80.00")
        )
        MarketPrice.objects.create(
            product=product,
            size=pair.size,
            marketplace=Marketplace.objects.get(slug="stockx"),
            price_date=timezone.localdate(),
            lowest_ask=D("90.00"),
        )
    refresh_analytics()  # the ranking's market prices are those of the last refresh
    with django_assert_max_num_queries(15):
        html = client.get(URL).content.decode()
    # Every pair: below cost everywhere (the young one's size has no ask: the product's 80).
    assert html.count("Verlust jetzt hinnehmen") == 5


def test_hold_in_a_rising_market_in_german(client, viewer, stock):
    old, _young = stock
    today = timezone.localdate()
    MarketPrice.objects.filter(product=old.product).update(lowest_ask=D("90.00"))
    MarketPrice.objects.create(
        product=old.product,
        size=old.size,
        marketplace=Marketplace.objects.get(slug="stockx"),
        price_date=today - timedelta(days=30),
        lowest_ask=D("80.00"),
    )
    refresh_analytics()
    client.force_login(viewer)
    html = client.get(URL).content.decode()
    # The result (net profit) of selling in 30 days at 90 × 1,125 = 101,25 against now.
    assert (
        "Halten: der Markt steigt; erwartetes Ergebnis in 30 Tagen 1,25 € statt -10,00 € jetzt."
        in html
    )
