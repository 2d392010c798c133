"""Generated demo data for `make run`: products, suppliers, pairs, orders, listings and
market prices that look like a small German resale business. Everything is drawn from a
seeded random generator (no fixed result numbers); money follows the same formulas as the
real imports (net = gross / 1.19, payout = sale − fees, profit from sales.profit).

Reference data (brands, categories, sizes, marketplaces) comes from the data migrations and
is looked up, never created here.

Wiring, not a domain: it touches every domain app, one module each (catalog, suppliers,
inventory, sales, pricing). They all draw from one seeded generator in the order seed_demo
calls them: the same seed gives the same data as long as that order stays."""

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from catalog.models import Product
from inventory.models import StockEvent, StockItem
from pricing.repricing import check_asks
from sales.models import Listing, Order

from .catalog import build_products
from .inventory import build_pairs, purchase_events
from .pricing import create_market_prices, create_price_rules
from .reference import reference_data
from .sales import build_listings, build_orders
from .suppliers import ensure_suppliers

__all__ = ["DemoCounts", "seed_demo"]


@dataclass
class DemoCounts:
    products: int = 0
    pairs: int = 0
    orders: int = 0
    suppliers: int = 0


@transaction.atomic
def seed_demo(*, products: int = 300, seed: int = 42, today: date | None = None) -> DemoCounts:
    rng = random.Random(seed)
    today = today or timezone.localdate()
    brands, categories, markets, size_choices = reference_data()
    counts = DemoCounts()

    suppliers = ensure_suppliers(rng)
    counts.suppliers = len(suppliers)

    new_products, families = build_products(rng, products, brands, categories, today)
    Product.objects.bulk_create(new_products, batch_size=1000)
    counts.products = len(new_products)

    pairs, sales = build_pairs(rng, new_products, families, size_choices, suppliers, today)
    StockItem.objects.bulk_create(pairs, batch_size=1000)
    counts.pairs = len(pairs)

    orders, events = build_orders(rng, sales, markets, today)
    events += purchase_events(pairs)
    listings = build_listings(rng, pairs, markets["stockx"], today)
    Order.objects.bulk_create(orders, batch_size=1000)
    StockEvent.objects.bulk_create(events, batch_size=2000)
    Listing.objects.bulk_create(listings, batch_size=1000)
    counts.orders = len(orders)
    create_market_prices(rng, new_products[:50], markets["stockx"], today)
    create_price_rules(brands)
    check_asks()  # the repricing page's state of every live ask
    return counts
