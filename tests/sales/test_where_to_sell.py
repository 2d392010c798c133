"""The same price on every marketplace, best first; §25a only for pairs bought under it."""

from datetime import date
from decimal import Decimal as D

import pytest

from sales.profit import treatment_for
from sales.where_to_sell import market_price_of, options_for
from tests.factories import make_stock

pytestmark = pytest.mark.django_db

ON = date(2024, 7, 15)


def test_the_margin_scheme_only_for_pairs_bought_under_it():
    assert treatment_for("margin", "margin") == "margin"
    assert treatment_for("margin", "standard") == "domestic"
    assert treatment_for("none", "standard") == "none"
    assert treatment_for("domestic", "margin") == "domestic"


def test_every_active_marketplace_best_profit_first():
    pair = make_stock()  # standard scheme, cost basis 100.00 net
    options = options_for(pair, D("150"), ON)
    by_slug = {o.marketplace.slug: o for o in options}
    assert by_slug["stockx"].quote.payout == D("132.00") and by_slug["stockx"].net_profit == D(
        "32.00"
    )
    # Local: no fees, but 19 % VAT included in the price: 150 - 23.95 - 100.
    assert by_slug["local"].output_vat == D("23.95") and by_slug["local"].net_profit == D("26.05")
    # eBay is a margin marketplace, but this pair's input VAT was reclaimed: 19 % on 150.
    assert by_slug["ebay"].output_vat == D("23.95")
    profits = [o.net_profit for o in options]
    assert profits == sorted(profits, reverse=True)


def test_a_margin_scheme_pair_on_ebay_pays_vat_on_the_margin_only():
    pair = make_stock(
        tax_scheme="margin",
        purchase_price=D("100"),
        gross_purchase_price=D("100"),
        vat_amount=D("0"),
        vat_rate=D("0"),
    )
    ebay = next(o for o in options_for(pair, D("150"), ON) if o.marketplace.slug == "ebay")
    assert ebay.output_vat == D("7.98")  # 19/119 of the 50.00 margin
    assert ebay.quote.payout == D("133.15")  # 11 % + 0.35 = 16.85
    assert ebay.net_profit == D("25.17")


def test_without_a_cost_the_payout_decides():
    pair = make_stock(purchase_price=None, gross_purchase_price=None, vat_amount=None)
    options = options_for(pair, D("150"), ON)
    assert all(o.net_profit is None for o in options)
    assert options[0].quote.payout == D("150.00")  # no fees: local, Kleinanzeigen, …


def test_no_market_price_without_market_data():
    assert market_price_of(make_stock()) is None


def test_the_pair_page_compares_marketplaces_for_a_typed_price(client, staff):
    from django.urls import reverse

    pair = make_stock(status="in_stock")
    client.force_login(staff)
    url = reverse("inventory:stock-detail", args=[pair.pk])
    page = client.get(url).content.decode()
    assert "Wo verkaufen?" in page and "Der empfohlene Preis." in page  # cost plus 20 %
    page = client.get(url, {"price": "150,00"}).content.decode()
    assert "132,00 €" in page and "32,00 €" in page  # StockX payout and profit
    assert f"/sales/sell/?pair={pair.pk}&amp;marketplace=" in page
    assert "Schätzung" in page  # Alias's fees are estimates
    assert 'class="invalid-feedback"' in client.get(url, {"price": "abc"}).content.decode()


def test_a_sold_pair_has_no_comparison(client, staff):
    from django.urls import reverse

    pair = make_stock(status="sold")
    client.force_login(staff)
    assert (
        "Wo verkaufen?"
        not in client.get(reverse("inventory:stock-detail", args=[pair.pk])).content.decode()
    )
