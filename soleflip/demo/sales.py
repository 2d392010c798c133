"""Demo sales: an order (with fees, payout and profit) for every pair that sold, and a
StockX listing for every listed pair."""

import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import StockEvent, StockItem, StockStatus
from sales.fees import FeeSchedule
from sales.models import Listing, Marketplace, Order
from sales.profit import pair_profit
from sales.selling import quoted_fees

from .inventory import Sale

CITIES = [
    ("United States", "New York"),
    ("United States", "Los Angeles"),
    ("Germany", "Berlin"),
    ("Germany", "Hamburg"),
    ("France", "Paris"),
    ("United Kingdom", "London"),
    ("Japan", "Tokyo"),
    ("Hong Kong SAR", "Hong Kong"),
    ("Netherlands", "Amsterdam"),
    ("Italy", "Milan"),
]
MARKET_SHARE = [("stockx", 70), ("alias", 10), ("goat", 8), ("ebay", 7), ("local", 5)]
ORDER_STATUS = {
    StockStatus.SOLD: Order.Status.PENDING,
    StockStatus.SHIPPED: Order.Status.SHIPPED,
    StockStatus.COMPLETED: Order.Status.COMPLETED,
    StockStatus.RETURNED: Order.Status.RETURNED,
}


def build_orders(rng, sales: list[Sale], markets, today) -> tuple[list[Order], list[StockEvent]]:
    """An unsaved order for each planned sale, and the pair's "sold" history row."""
    orders, events, numbers = [], [], set()
    names, weights = zip(*MARKET_SHARE, strict=True)
    schedules = {slug: FeeSchedule.of(market) for slug, market in markets.items()}
    for sale in sales:
        pair = sale.pair
        market = markets[rng.choices(names, weights=weights)[0]]
        sold_at = _aware(sale.sold_on, rng)
        paid = pair.gross_purchase_price or (
            pair.product.retail_price * Decimal(rng.uniform(0.6, 1.1))
        )
        gross_sale = Decimal(int(paid * Decimal(rng.uniform(0.9, 1.8))))
        platform_fee, payment_fee, shipping = _fees(
            schedules[market.slug], gross_sale, timezone.localdate(sold_at), rng
        )
        net_proceeds = gross_sale - platform_fee - payment_fee - shipping
        number = ""
        while not number or number in numbers:
            number = f"{rng.randrange(10**7, 10**8)}-{rng.randrange(10**7, 10**8)}"
        numbers.add(number)
        country, city = rng.choice(CITIES)
        if market.slug == "local":
            country, city = "Germany", rng.choice(["Berlin", "Leipzig", "Potsdam"])
        payout = sold_at + timedelta(days=rng.randint(2, 10))
        paid_out = payout.date() <= today and not sale.returned
        received = paid_out and (today - sale.sold_on).days > 14
        order = Order(
            marketplace=market,
            external_id=number,
            stockx_order_number=number if market.slug == "stockx" else None,
            inventory_item=pair,
            sold_at=sold_at,
            gross_sale=gross_sale,
            platform_fee=platform_fee,
            payment_fee=payment_fee,
            shipping_cost=shipping,
            net_proceeds=net_proceeds,
            payout_date=payout if paid_out else None,
            payout_received=received,
            payout_amount_received=net_proceeds if received else None,
            payout_reference=f"PO-{rng.randrange(10**6, 10**7)}" if paid_out else "",
            buyer_destination_country=country,
            buyer_destination_city=city,
            status=ORDER_STATUS[pair.status],
        )
        if not sale.cost_missing:
            _fill_profit(order, pair, market)
        orders.append(order)
        events.append(
            StockEvent(
                stock=pair,
                kind=StockEvent.Kind.SOLD,
                from_status=StockStatus.LISTED,
                to_status=pair.status,
                reason=_("Sold on %(marketplace)s, order %(number)s")
                % {"marketplace": market.name, "number": number},
                after={"status": pair.status},
            )
        )
    return orders, events


def build_listings(rng, pairs: list[StockItem], market: Marketplace, today) -> list[Listing]:
    """An active listing for every listed pair."""
    listings = []
    for pair in pairs:
        if pair.status == StockStatus.LISTED:
            listings.append(
                Listing(
                    inventory_item=pair,
                    marketplace=market,
                    external_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    status=Listing.Status.ACTIVE,
                    amount=Decimal(int(pair.gross_purchase_price * Decimal(rng.uniform(1.1, 1.6)))),
                    inventory_type="STANDARD",
                    listed_at=_aware(today - timedelta(days=rng.randint(0, 30)), rng),
                )
            )
    return listings


def _fees(
    schedule: FeeSchedule, gross: Decimal, sold_on: date, rng: random.Random
) -> tuple[Decimal, Decimal, Decimal]:
    """(platform fee, payment fee, shipping) as the fee engine quotes them from the seeded
    rules and seller level of the sale's day; StockX and eBay sellers also pay shipping
    now and then (€0-5), which no rule knows."""
    fees = quoted_fees(schedule.quote(gross, sold_on))
    shipping = fees["shipping_cost"]
    if schedule.marketplace.slug == "stockx":
        shipping = Decimal(rng.choice(["0.00", "0.00", "0.00", "2.50", "5.00"]))
    elif schedule.marketplace.slug == "ebay":
        shipping = Decimal("4.99")
    return fees["platform_fee"], fees["payment_fee"], shipping


def _fill_profit(order: Order, pair: StockItem, market: Marketplace) -> None:
    profit = pair_profit(
        pair=pair,
        treatment=market.output_vat,
        gross_sale=order.gross_sale,
        net_proceeds=order.net_proceeds,
        sold_on=timezone.localdate(order.sold_at),
    )
    order.output_vat = profit.output_vat
    order.gross_profit, order.net_profit = profit.gross_profit, profit.net_profit
    order.roi, order.shelf_life_days = profit.roi, profit.shelf_life_days


def _aware(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randrange(8, 22), rng.randrange(60))))
