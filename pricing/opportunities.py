"""Opportunities: retailer feed offers in stock that would earn money on StockX, most
profitable first. Worked examples live in tests/pricing/test_opportunities.py.

For each offer matched to a product and size (integration.source_prices), against the
StockX market of that size (the product's newest price day, MarketPrice.current()):

cost        = pricing.buying.purchase: the buy price plus the order's delivery (one pair
              an order), the 19 % VAT reclaimed (a retailer's invoice) → the cost basis
sell now    = pricing.buying.outcome at the highest bid: payout after StockX's fees, profit
list        = the same at the sell-faster price (else the lowest ask)
profit, ROI = the better of the two; ROI = profit ÷ cost basis, margin = profit ÷ sale price
days        = the median days to sell of our own sales of the product, else its brand,
              category or all sales (pricing.stale.expected_days, the stale-stock ranking's)

`check_offers` keeps each offer's figures in pricing.offer_checks (a Celery task after each
feed import, after StockX enrichment and hourly); the page filters and sorts that table and
works out the figures of the rows it shows afresh (`rows_for`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from sales.fees import FeeSchedule
from sales.models import Marketplace

from .buying import Outcome, Purchase, outcome, purchase
from .models import OfferCheck, SourcePrice
from .recommend import Market
from .stale import LEVELS, expected_days

CHUNK = 5000

# The StockX market of each product's newest price day (the day of MarketPrice.current()),
# by size: one index probe per product instead of current()'s subquery per history row.
MARKETS = """
WITH newest AS (
  SELECT p AS product_id,
         (SELECT max(price_date) FROM pricing.market_prices m WHERE m.product_id = p) AS day
  FROM unnest(%s::bigint[]) p
)
SELECT mp.product_id, mp.size_id, mp.price_date, mp.lowest_ask, mp.highest_bid,
       mp.sell_faster, mp.earn_more, mp.last_sale
FROM newest
JOIN pricing.market_prices mp ON mp.product_id = newest.product_id AND mp.price_date = newest.day
WHERE mp.platform_id = %s AND mp.size_id IS NOT NULL"""


def stockx() -> Marketplace:
    return Marketplace.objects.get(slug="stockx")


def stockx_markets(product_ids: Iterable[int], market: Marketplace) -> dict[tuple, Market]:
    """{(product id, size id): Market} of StockX's current data of the products."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(MARKETS, ["{" + ",".join(map(str, ids)) + "}", market.pk])
        return {(row[0], row[1]): Market(*row[2:]) for row in cursor.fetchall()}


def list_price(market: Market) -> Decimal | None:
    """Where a listing would go: the sell-faster price, else the lowest ask."""
    return market.sell_faster if market.sell_faster is not None else market.lowest_ask


@dataclass(frozen=True)
class Figures:
    """An offer's cost and what it would earn on StockX."""

    pair: Purchase
    market: Market
    now: Outcome | None  # sold at the highest bid
    listed: Outcome | None  # listed at the sell-faster price (else the lowest ask)

    @property
    def best(self) -> Outcome | None:
        found = [o for o in (self.now, self.listed) if o is not None]
        return max(found, key=lambda o: o.net_profit) if found else None


def figures(
    offer_price: Decimal, delivery: Decimal | None, market: Market, schedule: FeeSchedule, on: date
) -> Figures:
    """One offer's figures (the buy price gross with 19 % VAT, one pair an order)."""
    pair = purchase(price=offer_price, delivery=delivery)

    def at(price: Decimal | None) -> Outcome | None:
        if price is None:
            return None
        return outcome(pair, schedule=schedule, sale_price=price, on=on)

    return Figures(pair, market, at(market.highest_bid), at(list_price(market)))


def checkable() -> QuerySet:
    """The offers that can be checked: in stock, in euros, matched to a product and size."""
    return SourcePrice.objects.filter(
        in_stock=True, currency="EUR", product__isnull=False, size__isnull=False
    )


def check_offers(offers: Iterable[SourcePrice | int] | None = None) -> int:
    """Work out the figures of the checkable offers (all, or `offers`) and keep them in
    pricing.offer_checks; checks of offers that are gone, out of stock, unmatched or
    without StockX data for their size go. Returns the number of offers checked."""
    chosen = checkable()
    if offers is not None:
        ids = [o if isinstance(o, int) else o.pk for o in offers]
        chosen = chosen.filter(pk__in=ids)
        OfferCheck.objects.filter(offer_id__in=ids).exclude(offer__in=chosen).delete()
    else:
        OfferCheck.objects.exclude(offer__in=chosen).delete()
    market_place = stockx()
    schedule = FeeSchedule.of(market_place)
    today, now = timezone.localdate(), timezone.now()
    fields = ("pk", "product_id", "size_id", "buy_price", "delivery_cost")
    checked, after = 0, 0
    while True:
        chunk = list(chosen.filter(pk__gt=after).order_by("pk").values_list(*fields)[:CHUNK])
        if not chunk:
            return checked
        after = chunk[-1][0]
        markets = stockx_markets((row[1] for row in chunk), market_place)
        rows, without = [], []
        for pk, product_id, size_id, price, delivery in chunk:
            market = markets.get((product_id, size_id))
            if market is None or (market.highest_bid is None and list_price(market) is None):
                without.append(pk)
                continue
            rows.append(_check(pk, figures(price, delivery, market, schedule, today), now))
        with transaction.atomic():
            OfferCheck.objects.filter(offer_id__in=without).delete()
            OfferCheck.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["offer"],
                update_fields=[
                    f.name for f in OfferCheck._meta.concrete_fields if f.name != "offer"
                ],
            )
        checked += len(rows)


def _check(offer_id: int, found: Figures, now) -> OfferCheck:
    now_, listed, best = found.now, found.listed, found.best
    return OfferCheck(
        offer_id=offer_id,
        delivery=found.pair.delivery,
        cost=found.pair.cost_basis,
        market_date=found.market.price_date,
        highest_bid=found.market.highest_bid,
        list_price=list_price(found.market),
        payout_now=now_.payout if now_ else None,
        profit_now=now_.net_profit if now_ else None,
        payout_list=listed.payout if listed else None,
        profit_list=listed.net_profit if listed else None,
        profit=best.net_profit if best else None,
        roi=best.roi if best else None,
        margin=best.margin if best else None,
        checked_at=now,
    )


# --- the page's rows ---------------------------------------------------------------------


def opportunities() -> QuerySet:
    """The offers with a profit as of their last check, most profitable first, with what
    the page and the command show loaded."""
    return (
        OfferCheck.objects.opportunities()
        .select_related("offer__product__brand", "offer__size")
        .order_by("-profit", "-offer_id")
    )


@dataclass(frozen=True)
class Row:
    """An opportunity with its figures worked out afresh (None: no StockX data any more)
    and the median days to sell of such pairs (`days_from`: product, brand, category,
    all)."""

    check: OfferCheck
    figures: Figures | None
    days: float | None
    days_from: str | None
    market_age: int | None = None  # days
    stale: bool = False  # older than PRICING_MARKET_STALE_DAYS

    @property
    def offer(self) -> SourcePrice:
        return self.check.offer

    @property
    def purchase_url(self) -> str:
        """ "Add purchase" prefilled: the product, size, retailer and price per pair with
        its share of the delivery (what the pair will cost)."""
        offer = self.offer
        gross = self.figures.pair.gross if self.figures else offer.buy_price
        query = {
            "code": offer.product.sku,
            "size": offer.size_id,
            "price": format(gross, "f"),
            "supplier": offer.supplier_name,
        }
        return f"{reverse('purchases:add')}?{urlencode(query)}"


def median_days(product, medians: dict) -> tuple[float | None, str | None]:
    """The median days to sell for pairs of `product`: its own sales, else its brand's,
    category's or all (the fallback of the stale-stock ranking)."""
    keys = {"product": product.pk, "brand": product.brand_id, "category": product.category_id}
    for level in LEVELS:
        days = medians[level].get(keys[level])
        if days is not None:
            return days, level
    return (medians["all"], "all") if medians["all"] is not None else (None, None)


def rows_for(checks: list[OfferCheck], today: date | None = None) -> list[Row]:
    """Fresh figures for the checks of one page: today's market and fee rules."""
    today = today or timezone.localdate()
    market_place = stockx()
    schedule = FeeSchedule.of(market_place)
    markets = stockx_markets((c.offer.product_id for c in checks), market_place)
    medians = expected_days()
    rows = []
    for check in checks:
        offer = check.offer
        market = markets.get((offer.product_id, offer.size_id))
        found = (
            figures(offer.buy_price, offer.delivery_cost, market, schedule, today)
            if market is not None
            else None
        )
        days, days_from = median_days(offer.product, medians)
        age = market.age(today) if market else None
        stale = market.stale(today) if market else False
        rows.append(Row(check, found, days, days_from, age, stale))
    return rows
