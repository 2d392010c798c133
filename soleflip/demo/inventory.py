"""Demo stock: one StockItem per pair, what became of it (in stock, listed, sold,
returned) and its purchase event."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from inventory.models import StockEvent, StockItem, StockStatus
from soleflip.lib.money import purchase_cost
from soleflip.lib.parsing import to_cents

from .codes import demo_ean

NO_COST_PAIRS = 5


@dataclass
class Sale:
    """A pair's planned sale; sales.build_orders turns it into an order."""

    pair: StockItem
    sold_on: date
    returned: bool
    cost_missing: bool = False


def build_pairs(rng, products, families, size_choices, suppliers, today):
    """One StockItem per pair, and the planned sale of each pair that sold."""
    pairs: list[StockItem] = []
    sales: list[Sale] = []
    for product in products:
        sizes, weights = size_choices[families[product.sku]]
        for _copy in range(rng.choice([1, 1, 2, 2, 2, 3, 4])):
            supplier = rng.choice(suppliers)
            gross = to_cents(product.retail_price * Decimal(rng.uniform(0.6, 1.1)))
            cost = purchase_cost(gross=gross, tax_scheme=supplier.default_tax_scheme)
            bought = today - timedelta(days=rng.randint(0, 540))
            age = (today - bought).days
            status, sale = _fate(rng, age)
            sold_on = None if sale is None else bought + timedelta(days=sale)
            # A sold pair is created in the status its sale has reached by today.
            current = (
                _status_after_sale((today - sold_on).days)
                if sold_on and status != StockStatus.RETURNED
                else status
            )
            size = rng.choices(sizes, weights=weights)[0]
            pair = StockItem(
                product=product,
                size=size,
                ean=demo_ean(product.sku, size.pk),
                supplier=supplier,
                purchase_date=bought,
                delivery_date=None
                if status == StockStatus.INCOMING
                else bought + timedelta(days=min(age, rng.randint(1, 6))),
                purchase_price=cost.net,
                gross_purchase_price=gross,
                vat_rate=cost.vat_rate,
                vat_amount=cost.vat,
                tax_scheme=supplier.default_tax_scheme,
                purchase_order_number=f"{supplier.slug[:3].upper()}-{rng.randrange(10**6, 10**7)}",
                location=""
                if status == StockStatus.INCOMING
                else rng.choice(["Lager A", "Lager B"]),
                status=current,
            )
            pairs.append(pair)
            if sale is not None:
                sales.append(Sale(pair, sold_on, returned=status == StockStatus.RETURNED))
    # A few sold pairs whose purchase cost nobody has entered yet (the "cost missing" queue).
    completed = [s for s in sales if not s.returned]
    for sale in rng.sample(completed, k=min(NO_COST_PAIRS, len(completed))):
        sale.cost_missing = True
        pair = sale.pair
        pair.purchase_price = pair.gross_purchase_price = pair.vat_amount = pair.vat_rate = None
    return pairs, sales


def purchase_events(pairs: list[StockItem]) -> list[StockEvent]:
    """The "created" history row of each pair, to the status it has now."""
    return [
        StockEvent(
            stock=pair,
            kind=StockEvent.Kind.CREATED,
            to_status=pair.status,
            reason=_("Demo purchase"),
            after={"status": pair.status},
        )
        for pair in pairs
    ]


def _fate(rng: random.Random, age: int) -> tuple[str, int | None]:
    """(status, days from purchase to sale or None) for a pair bought `age` days ago."""
    if age < 7:
        return (StockStatus.INCOMING if age < 3 else StockStatus.IN_STOCK), None
    roll = rng.random()
    if roll < 0.62:
        # Sold between two days after the purchase and yesterday, mostly within months;
        # a few came back (returned).
        days = rng.randint(2, min(180, age - 1))
        return (StockStatus.COMPLETED if roll < 0.60 else StockStatus.RETURNED), days
    return (StockStatus.LISTED if roll < 0.78 else StockStatus.IN_STOCK), None


def _status_after_sale(days_ago: int) -> str:
    if days_ago <= 2:
        return StockStatus.SOLD
    if days_ago <= 9:
        return StockStatus.SHIPPED
    return StockStatus.COMPLETED
