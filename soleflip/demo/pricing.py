"""Demo market prices: StockX lowest ask, highest bid and last sale history for the first
products of the demo catalog."""

from datetime import timedelta
from decimal import Decimal

from pricing.models import MarketPrice
from soleflip.lib.parsing import to_cents


def create_market_prices(rng, products, market, today) -> None:
    """StockX lowest ask / highest bid for a product today and every two weeks back."""
    rows = []
    for product in products:
        base = product.retail_price * Decimal(rng.uniform(0.9, 1.7))
        for weeks in range(0, 12, 2):
            ask = to_cents(base * Decimal(rng.uniform(0.92, 1.08)))
            rows.append(
                MarketPrice(
                    product=product,
                    marketplace=market,
                    price_date=today - timedelta(weeks=weeks),
                    lowest_ask=ask,
                    highest_bid=to_cents(ask * Decimal("0.85")),
                    last_sale=to_cents(ask * Decimal(rng.uniform(0.9, 1.02))),
                    sell_faster=to_cents(ask * Decimal("0.97")),
                    earn_more=to_cents(ask * Decimal("1.05")),
                    sales_volume=rng.randint(5, 400),
                )
            )
    MarketPrice.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
