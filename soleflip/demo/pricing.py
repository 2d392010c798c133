"""Demo pricing: StockX lowest ask, highest bid and last sale history for the first
products of the demo catalog, and two price rules."""

from datetime import date, timedelta
from decimal import Decimal

from pricing.models import MarketPrice, PriceRule
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


def create_price_rules(brands) -> None:
    """Jordans at 70 % between bid and ask, toward the bid after 60 days, ending in 9; the
    rest undercuts the lowest ask by 1 € (at most 5 %) with a 5 % minimum margin."""
    jordan = brands.get("jordan")
    PriceRule.objects.get_or_create(
        name="Jordan: Markt 70 %",
        defaults=dict(
            rule_type=PriceRule.RuleType.MARKET, priority=10, brand=jordan,
            market_position=Decimal(70), age_days=60, aged_market_position=Decimal(30),
            minimum_margin_percent=Decimal(5), rounding=PriceRule.Rounding.ENDS_9,
            effective_from=date(2024, 1, 1), active=jordan is not None,
        ),
    )  # fmt: skip
    PriceRule.objects.get_or_create(
        name="Alle: 1 € unter dem niedrigsten Ask",
        defaults=dict(
            rule_type=PriceRule.RuleType.COMPETITIVE, priority=100,
            undercut_amount=Decimal(1), maximum_discount_percent=Decimal(5),
            minimum_margin_percent=Decimal(5), rounding=PriceRule.Rounding.WHOLE,
            effective_from=date(2024, 1, 1),
        ),
    )  # fmt: skip
