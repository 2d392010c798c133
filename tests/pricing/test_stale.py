"""Stale stock (pricing.stale): expected days to sell from our own sales (product, else
brand, else category, else all), the risk score and its order, the suggested actions."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from inventory.models import StockStatus
from pricing.models import MarketPrice
from pricing.stale import (
    COST_BASIS,
    Quoter,
    StaleStock,
    monthly_markdowns,
    summary,
    unsold_pairs,
)
from sales.models import Marketplace, OrderStatus
from sales.profit import cost_basis
from sales.where_to_sell import market_price_of, options_for
from soleflip.analytics.refresh import refresh_analytics
from tests.factories import make_brand, make_category, make_order, make_product, make_stock

pytestmark = pytest.mark.django_db

TODAY = date(2025, 4, 10)
BOUGHT_90_DAYS_AGO = TODAY - timedelta(days=90)  # 2025-01-10


def sold(product, *days, status=OrderStatus.COMPLETED):
    """Sales of `product` that took `days` each (shelf_life_days)."""
    for n in days:
        pair = make_stock(product=product, status=StockStatus.SOLD)
        make_order(
            inventory_item=pair,
            shelf_life_days=n,
            status=status,
            marketplace=Marketplace.objects.get(slug="stockx"),
        )


def ask(pair, amount, *, market="stockx", on=TODAY, size=True):
    return MarketPrice.objects.create(
        product=pair.product,
        size=pair.size if size else None,
        marketplace=Marketplace.objects.get(slug=market),
        price_date=on,
        lowest_ask=amount,
    )


def ranked(**filters):
    refresh_analytics()  # the sales history comes from analytics.order_facts
    rows = StaleStock(unsold_pairs().filter(**filters), TODAY)
    return rows[0 : len(rows)]


def by_pair(rows):
    return {row.pair.pk: row for row in rows}


def test_expected_days_come_from_the_product_else_brand_else_category_else_all():
    brand, category = make_brand(), make_category()
    product = make_product(brand=brand, category=category)
    sold(product, 10, 20, 40)  # median 20
    sold(product, 1, status=OrderStatus.CANCELLED)  # cancelled: not a sale
    # A sibling of the same brand with one sale: too few of its own, the brand's 4 count.
    sibling = make_product(brand=brand, category=category)
    sold(sibling, 50)  # brand: 10, 20, 40, 50 → 30
    # Another brand in the category: its product and brand have too few sales.
    cousin = make_product(brand=make_brand(), category=category)
    sold(cousin, 70)  # category: 10, 20, 40, 50, 70 → 40
    # A product with no brand or category history: all our sales (…, 70, 80) → 45.
    loner = make_product(brand=make_brand(), category=make_category())
    sold(loner, 80)
    pairs = {
        name: make_stock(product=p, purchase_date=BOUGHT_90_DAYS_AGO)
        for name, p in [
            ("product", product),
            ("brand", sibling),
            ("category", cousin),
            ("all", loner),
        ]
    }
    rows = by_pair(ranked())
    found = {
        name: (rows[p.pk].expected_days, rows[p.pk].expected_from) for name, p in pairs.items()
    }
    assert found == {
        "product": (D("20.0"), "product"),
        "brand": (D("30.0"), "brand"),
        "category": (D("40.0"), "category"),
        "all": (D("45.0"), "all"),
    }
    # Risk = age ÷ expected days (no market price: nothing added).
    assert [rows[p.pk].risk for p in pairs.values()] == [D("4.50"), D("3.00"), D("2.25"), D("2.00")]


def test_risk_is_raised_by_the_share_the_market_is_below_cost_worst_first():
    product = make_product()
    sold(product, 30, 30, 30)
    # The docstring's example: 90 days, median 30, cost 100, ask 80 → 3 × 1.2 = 3.6.
    under = make_stock(product=product, purchase_date=BOUGHT_90_DAYS_AGO)
    ask(under, D("80.00"))
    # As old, ask above cost: 3.0.
    above = make_stock(product=product, purchase_date=BOUGHT_90_DAYS_AGO)
    ask(above, D("150.00"))
    # Young: 15 days → 0.5; no ask in its size, so the product's lowest (80) counts: 0.6.
    young = make_stock(product=product, purchase_date=TODAY - timedelta(days=15))
    # Margin scheme: the cost basis is the gross price 119, the ask 95,20 is 20 % below it.
    margin = make_stock(
        product=product, purchase_date=TODAY - timedelta(days=30), tax_scheme="margin"
    )
    ask(margin, D("95.20"))
    rows = ranked()
    assert [(r.pair.pk, r.risk) for r in rows] == [
        (under.pk, D("3.60")),
        (above.pk, D("3.00")),
        (margin.pk, D("1.20")),
        (young.pk, D("0.60")),
    ]
    assert rows[2].cost == D("119.00") and rows[2].market_price == D("95.20")
    assert [r.at_risk for r in rows] == [True, True, True, False]
    # Capital: cost basis × quantity; 3 of 4 pairs at risk (risk ≥ 1).
    refresh_analytics()
    totals = summary(today=TODAY)
    assert totals == {
        "rows": 4,
        "pairs": 4,
        "value": D("419.00"),
        "at_risk": 3,
        "at_risk_value": D("319.00"),
    }


def test_the_cost_basis_expression_is_the_profit_rule():
    pairs = [
        make_stock(tax_scheme="standard"),
        make_stock(tax_scheme="margin"),
        make_stock(tax_scheme="margin", gross_purchase_price=None),
        make_stock(purchase_price=None, gross_purchase_price=None),
    ]
    found = dict(unsold_pairs().annotate(basis=COST_BASIS).values_list("pk", "basis"))
    for pair in pairs:
        assert found[pair.pk] == cost_basis(
            tax_scheme=pair.tax_scheme,
            net_price=pair.purchase_price,
            gross_price=pair.gross_purchase_price,
        )


# -- suggested actions (standard scheme, cost basis 100,00 €, the ask quoted on StockX) --


def one(pair):
    return by_pair(ranked())[pair.pk]


def stale_pair(amount):
    product = make_product()
    sold(product, 30, 30, 30)
    pair = make_stock(product=product, purchase_date=BOUGHT_90_DAYS_AGO)
    if amount is not None:
        ask(pair, amount)
    return pair


def test_reprice_to_the_lowest_ask_when_it_still_covers_the_cost():
    pair = stale_pair(D("150.00"))
    action = one(pair).action
    # StockX at 150: payout 132,00, profit 32,00 → reprice there; the pair's page acts.
    assert (action.kind, action.price, action.option.marketplace.slug) == (
        "reprice",
        D("150.00"),
        "stockx",
    )
    assert action.option.net_profit == D("32.00")
    assert action.url == f"/inventory/{pair.pk}/"


def test_another_marketplace_whose_payout_covers_the_cost():
    pair = stale_pair(D("110.00"))
    action = one(pair).action
    # StockX at 110: payout 96,80 → −3,20. Wethenew (no fee): payout 110,00 → +10,00.
    assert (action.kind, action.option.marketplace.slug, action.option.quote.payout) == (
        "marketplace",
        "wethenew",
        D("110.00"),
    )
    market = Marketplace.objects.get(slug="wethenew")
    assert action.url == f"/sales/sell/?pair={pair.pk}&marketplace={market.pk}"


def test_accept_the_loss_now_against_the_expected_loss_later():
    pair = stale_pair(D("90.00"))
    action = one(pair).action
    # Best at 90: Wethenew, payout 90,00 → loss now 10,00. Later: a further 30 days (the
    # median) at 90 × 0,95 = 85,50 (no price history: 5 % a month) → loss 14,50.
    assert action.kind == "sell_now"
    assert action.option.marketplace.slug == "wethenew"
    assert (action.loss_now, action.wait_days, action.later_price, action.loss_later) == (
        D("10.00"),
        30,
        D("85.50"),
        D("14.50"),
    )
    assert action.url.startswith(f"/sales/sell/?pair={pair.pk}&marketplace=")


def test_no_market_price_or_no_cost_sends_to_the_pair():
    no_price = stale_pair(None)
    no_cost = make_stock(purchase_price=None, gross_purchase_price=None)
    assert one(no_price).action.kind == "no_price"
    assert one(no_cost).action.kind == "no_cost"
    assert one(no_cost).action.url == f"/inventory/{no_cost.pk}/"


def test_the_page_quoter_gives_the_options_of_options_for():
    pairs = [make_stock(), make_stock(tax_scheme="margin"), make_stock(purchase_date=None)]
    quoter = Quoter()
    for pair in pairs:
        for price in (D("90.00"), D("150.00")):
            assert quoter(pair, price, TODAY) == options_for(pair, price, TODAY)


def test_the_market_price_is_the_newest_days_lowest_ask_as_current():
    pair = stale_pair(None)
    other_size = make_stock(product=pair.product, purchase_date=BOUGHT_90_DAYS_AGO)
    ask(pair, D("60.00"), on=TODAY - timedelta(days=3))  # an older day: not current
    ask(pair, D("140.00"), on=TODAY - timedelta(days=1))
    ask(pair, D("130.00"), market="goat", on=TODAY - timedelta(days=1))
    ask(pair, D("125.00"), on=TODAY - timedelta(days=1), size=False)  # all sizes
    rows = by_pair(ranked())
    current = MarketPrice.objects.current().filter(product=pair.product)
    assert {p.lowest_ask for p in current} == {D("140.00"), D("130.00"), D("125.00")}
    # Its size: the lowest current ask of the size (130 at GOAT); another size: any size's.
    assert rows[pair.pk].market_price == market_price_of(pair) == D("130.00")
    assert rows[other_size.pk].market_price == market_price_of(other_size) == D("125.00")
    assert rows[pair.pk].market_id == Marketplace.objects.get(slug="goat").pk


def test_the_market_price_is_that_of_the_last_refresh():
    """The ranking reads the current asks from analytics.current_market: a new price day
    counts from the next refresh of the analytics views (every 10 minutes, after imports)."""
    pair = stale_pair(None)
    ask(pair, D("140.00"), on=TODAY - timedelta(days=1))
    assert one(pair).market_price == D("140.00")
    ask(pair, D("120.00"), on=TODAY)
    assert StaleStock(unsold_pairs(), TODAY)[0].market_price == D("140.00")
    assert one(pair).market_price == D("120.00")  # one() refreshes


def test_the_loss_later_follows_the_products_observed_trend():
    pair = stale_pair(D("90.00"))
    ask(pair, D("100.00"), on=TODAY - timedelta(days=30))  # −10 % in 30 days
    action = one(pair).action
    # 90 × 0,90 = 81,00 in 30 days → Wethenew payout 81,00 → loss 19,00 (now 10,00).
    assert (action.kind, action.markdown, action.later_price) == (
        "sell_now",
        D("0.1000"),
        D("81.00"),
    )
    assert (action.loss_now, action.loss_later) == (D("10.00"), D("19.00"))


def test_hold_when_the_market_rises_enough():
    pair = stale_pair(D("90.00"))
    ask(pair, D("80.00"), on=TODAY - timedelta(days=30))  # +12,5 % in 30 days
    action = one(pair).action
    # 90 × 1,125 = 101,25 → Wethenew payout 101,25 → a profit of 1,25 later.
    assert (action.kind, action.markdown, action.later_price) == (
        "hold",
        D("-0.1250"),
        D("101.25"),
    )
    assert (action.loss_now, action.loss_later) == (D("10.00"), D("-1.25"))
    assert action.url == f"/inventory/{pair.pk}/"


def test_monthly_markdowns_need_a_month_of_history():
    pair = stale_pair(D("90.00"))
    ask(pair, D("95.00"), on=TODAY - timedelta(days=10))  # too recent to count
    assert monthly_markdowns({pair.product_id}, TODAY) == {}
    ask(pair, D("120.00"), on=TODAY - timedelta(days=60))  # 120 → 90 in 60 days
    # (90 ÷ 120)^(30 ÷ 60) − 1 = −13,4 % per 30 days.
    assert monthly_markdowns({pair.product_id}, TODAY) == {pair.product_id: D("0.1340")}


def test_a_pair_bought_since_the_last_refresh_has_no_risk_until_the_next():
    product = make_product()
    sold(product, 10, 20, 30)
    old = make_stock(product=product, purchase_date=TODAY - timedelta(days=40))
    refresh_analytics()
    new = make_stock(product=product, purchase_date=TODAY - timedelta(days=60))
    rows = StaleStock(unsold_pairs(), TODAY)[0:2]
    assert [(r.pair.pk, r.risk) for r in rows] == [(old.pk, D("2.00")), (new.pk, None)]
    refresh_analytics()
    rows = StaleStock(unsold_pairs(), TODAY)[0:2]
    assert [(r.pair.pk, r.risk) for r in rows] == [(new.pk, D("3.00")), (old.pk, D("2.00"))]
