"""Opportunities: the buy-side formula with worked examples to the cent (pricing.buying),
the checked figures of feed offers (pricing.opportunities.check_offers) and which offers
count. StockX level 1 in the seeded rules: 9 % (at least 5 €) + 3 % payment processing.
"""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from pricing.buying import highest_price, meets, outcome, purchase
from pricing.models import MarketPrice, OfferCheck, SourcePrice
from pricing.opportunities import (
    check_offers,
    median_days,
    opportunities,
    rows_for,
    stockx,
    stockx_markets,
)
from sales.fees import FeeSchedule
from sales.models import Marketplace, OrderStatus
from soleflip.analytics.refresh import refresh_analytics
from tests.factories import make_order, make_product, make_size, make_stock

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def schedule(slug="stockx"):
    return FeeSchedule.of(Marketplace.objects.get(slug=slug))


def offer(product=None, size=None, *, price="119.00", delivery="4.00", **fields):
    return SourcePrice.objects.create(
        product=product or make_product(),
        size=size or make_size(),
        source="awin",
        supplier_name=fields.pop("supplier_name", "Snipes"),
        external_id=fields.pop("external_id", f"X{SourcePrice.objects.count() + 1}"),
        buy_price=D(price),
        delivery_cost=D(delivery) if delivery is not None else None,
        product_url="https://shop.example/offer",
        match=fields.pop("match", "ean"),
        **fields,
    )


def market(product, size, *, bid="160", faster="175", ask="180", days_old=0):
    return MarketPrice.objects.create(
        product=product, size=size, marketplace=Marketplace.objects.get(slug="stockx"),
        price_date=TODAY - timedelta(days=days_old), currency="EUR",
        highest_bid=D(bid) if bid else None, sell_faster=D(faster) if faster else None,
        lowest_ask=D(ask) if ask else None,
    )  # fmt: skip


# --- the formula ---------------------------------------------------------------------------


def test_a_retailer_offer_costs_its_net_price_with_delivery():
    pair = purchase(price=D("119.00"), delivery=D("4.00"))
    assert pair.gross == D("123.00")
    assert pair.cost.net == D("103.36")  # 123.00 ÷ 1.19 = 103.361… (VAT reclaimed)
    assert pair.cost_basis == D("103.36")


def test_sold_now_at_the_highest_bid_to_the_cent():
    pair = purchase(price=D("119.00"), delivery=D("4.00"))
    now = outcome(pair, schedule=schedule(), sale_price=D("160"), on=TODAY)
    assert now.quote.amount("transaction") == D("14.40")  # 9 % of 160
    assert now.quote.amount("payment_processing") == D("4.80")  # 3 %
    assert now.payout == D("140.80")
    assert now.output_vat == D("0.00")  # StockX: no German VAT on the sale
    assert now.net_profit == D("37.44")  # 140.80 − 103.36
    assert now.roi == D("0.3622")  # 37.44 ÷ 103.36: profit ÷ total cost
    assert now.margin == D("0.2340")  # 37.44 ÷ 160.00: profit ÷ sale price


def test_listed_at_the_sell_faster_price_to_the_cent():
    pair = purchase(price=D("119.00"), delivery=D("4.00"))
    listed = outcome(pair, schedule=schedule(), sale_price=D("175"), on=TODAY)
    assert listed.quote.total_fees == D("21.00")  # 15.75 + 5.25
    assert listed.payout == D("154.00")
    assert listed.net_profit == D("50.64")
    assert listed.roi == D("0.4899")  # 50.64 ÷ 103.36
    assert listed.margin == D("0.2894")  # 50.64 ÷ 175.00
    # The old system's "margin" was (175 − 119) ÷ 119 = 47 %: a markup without fees.
    assert listed.margin != (D("175") - D("119")) / D("119")


def test_the_minimum_fee_on_a_cheap_pair():
    pair = purchase(price=D("29.75"), delivery=None)  # net 25.00
    cheap = outcome(pair, schedule=schedule(), sale_price=D("40"), on=TODAY)
    assert cheap.quote.amount("transaction") == D("5.00")  # 9 % = 3.60 < the 5.00 minimum
    assert cheap.payout == D("33.80")
    assert cheap.net_profit == D("8.80") and cheap.roi == D("0.3520")


def test_delivery_per_order_is_shared_by_its_pairs():
    pair = purchase(price=D("119.00"), delivery=D("5.00"), pairs=2)
    assert pair.delivery == D("2.50") and pair.gross == D("121.50")
    assert pair.cost_basis == D("102.10")  # 121.50 ÷ 1.19 = 102.100…


def test_a_private_seller_under_the_margin_scheme_costs_the_gross():
    pair = purchase(price=D("100.00"), tax_scheme="margin")
    assert pair.cost_basis == D("100.00")
    on_stockx = outcome(pair, schedule=schedule(), sale_price=D("160"), on=TODAY)
    assert on_stockx.net_profit == D("40.80") and on_stockx.roi == D("0.4080")
    # eBay sells under § 25a: 19/119 of the 50.00 margin is output VAT.
    on_ebay = outcome(pair, schedule=schedule("ebay"), sale_price=D("150"), on=TODAY)
    assert on_ebay.payout == D("133.15") and on_ebay.output_vat == D("7.98")
    assert on_ebay.net_profit == D("25.17")


def test_a_retailer_pair_on_ebay_bears_vat_on_the_full_price():
    pair = purchase(price=D("119.00"))  # net 100.00, input VAT reclaimed
    on_ebay = outcome(pair, schedule=schedule("ebay"), sale_price=D("150"), on=TODAY)
    assert on_ebay.output_vat == D("23.95")  # 150 × 19/119
    assert on_ebay.net_profit == D("9.20")  # 133.15 − 23.95 − 100.00


def test_the_highest_price_that_meets_thresholds():
    pair = purchase(price=D("119.00"), delivery=D("4.00"))
    sale = schedule()

    def good(p):
        return meets(
            outcome(p, schedule=sale, sale_price=D("160"), on=TODAY),
            min_profit=D("10"),
            min_roi=D("0.10"),
        )

    top = highest_price(pair, good, most=D("160"))
    # Payout 140.80: cost at most 128.00 (ROI 10 %) and 130.80 (profit 10 €) → 128.00 net
    # = 152.32 gross with delivery, 148.32 without.
    assert top == D("148.32")
    at_top = purchase(price=top, delivery=D("4.00"))
    assert at_top.cost_basis == D("128.00") and good(at_top)
    assert not good(purchase(price=top + D("0.01"), delivery=D("4.00")))
    assert highest_price(pair, lambda p: False, most=D("160")) is None


# --- checked offers ------------------------------------------------------------------------


def test_check_offers_keeps_both_ways_to_sell():
    first = offer()
    market(first.product, first.size)
    assert check_offers() == 1
    check = OfferCheck.objects.get(offer=first)
    assert (check.cost, check.delivery) == (D("103.36"), D("4.00"))
    assert (check.highest_bid, check.payout_now, check.profit_now) == (
        D("160.00"),
        D("140.80"),
        D("37.44"),
    )
    assert (check.list_price, check.payout_list, check.profit_list) == (
        D("175.00"),
        D("154.00"),
        D("50.64"),
    )
    assert (check.profit, check.roi) == (D("50.64"), D("0.4899"))  # the better: listed
    assert check.market_date == TODAY


def test_without_sell_faster_the_lowest_ask_is_the_list_price():
    first = offer()
    market(first.product, first.size, faster=None, ask="170")
    check_offers()
    check = OfferCheck.objects.get(offer=first)
    assert check.list_price == D("170.00") and check.payout_list == D("149.60")


def test_only_profitable_matched_offers_in_stock_are_opportunities():
    good = offer()
    market(good.product, good.size)
    loss = offer(price="119.00")
    market(loss.product, loss.size, bid="110", faster="115", ask="118")
    gone = offer(in_stock=False)
    market(gone.product, gone.size)
    unmatched, no_size, without_market = offer(), offer(), offer()
    market(no_size.product, no_size.size)
    SourcePrice.objects.filter(pk=unmatched.pk).update(product=None, size=None, match="none")
    SourcePrice.objects.filter(pk=no_size.pk).update(size=None, match="style")
    check_offers()
    assert set(OfferCheck.objects.values_list("offer_id", flat=True)) == {good.pk, loss.pk}
    loss_check = OfferCheck.objects.get(offer=loss)
    assert loss_check.profit_now == D("-6.56")  # 96.80 − 103.36
    assert loss_check.profit == D("-2.16")  # listed at 115: 101.20 − 103.36
    assert [c.offer_id for c in opportunities()] == [good.pk]
    assert without_market.pk not in OfferCheck.objects.values_list("offer_id", flat=True)


def test_a_check_goes_when_its_offer_leaves_stock_or_loses_its_market():
    first, second = offer(), offer()
    market(first.product, first.size)
    market(second.product, second.size)
    check_offers()
    SourcePrice.objects.filter(pk=first.pk).update(in_stock=False)
    MarketPrice.objects.filter(product=second.product).delete()
    assert check_offers([first, second.pk]) == 0
    assert not OfferCheck.objects.exists()


def test_most_profitable_first():
    cheap, dear = offer(price="99.00"), offer(price="139.00")
    for o in (cheap, dear):
        market(o.product, o.size)
    check_offers()
    assert [c.offer_id for c in opportunities()] == [cheap.pk, dear.pk]


def test_the_newest_price_day_of_the_product_counts():
    first = offer()
    market(first.product, first.size, bid="200", faster="210", days_old=5)
    market(first.product, first.size, bid="160", faster="175", days_old=2)
    other_size = make_size()
    market(first.product, other_size, bid="300", faster="300", days_old=2)
    found = stockx_markets([first.product_id], stockx())
    current = MarketPrice.objects.current().filter(product=first.product)
    assert {(k, m.highest_bid) for k, m in found.items()} == {
        ((r.product_id, r.size_id), r.highest_bid) for r in current
    }
    assert found[(first.product_id, first.size_id)].price_date == TODAY - timedelta(days=2)
    check_offers()
    assert OfferCheck.objects.get(offer=first).market_date == TODAY - timedelta(days=2)


def test_page_rows_are_fresh_with_the_median_days_to_sell():
    first = offer()
    market(first.product, first.size)
    check_offers()
    for days in (10, 20, 40):  # three sales of the product: its own median counts
        pair = make_stock(product=first.product, status="sold")
        make_order(
            inventory_item=pair, shelf_life_days=days, status=OrderStatus.COMPLETED,
            marketplace=Marketplace.objects.get(slug="stockx"),
        )  # fmt: skip
    refresh_analytics()
    MarketPrice.objects.filter(product=first.product).update(sell_faster=D("185"))
    (row,) = rows_for(list(opportunities()))
    assert row.figures.listed.net_profit == D("59.44")  # 185: 185 − 22.20 − 103.36
    assert (row.days, row.days_from) == (20, "product")


def test_median_days_fall_back_to_brand_category_and_all():
    product = make_product()
    medians = {
        "product": {},
        "brand": {},
        "category": {product.category_id: 30.0},
        "all": 45.0,
    }
    assert median_days(product, medians) == (30.0, "category")
    medians["category"] = {}
    assert median_days(product, medians) == (45.0, "all")
    medians["all"] = None
    assert median_days(product, medians) == (None, None)
