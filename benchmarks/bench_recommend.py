"""Time the price recommendations of 1,000 listed pairs (target: under 2 s).

    .venv/bin/python -m benchmarks.bench_recommend [N]

On the benchmark database (migrated here). Uses its listed pairs when it has N of them
(benchmarks/seed_bench.py), else first adds N listed pairs of 200 products with a day of
StockX market data each, and a few price rules and brand multipliers.
"""

import os
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from benchmarks.bench_stockx_import import bench_database_url


def ensure_pairs(count: int):
    from catalog.models import Brand, Category, Product, Size
    from inventory.models import StockItem
    from pricing.models import BrandMultiplier, MarketPrice, PriceRule
    from sales.models import Marketplace

    listed = StockItem.objects.filter(status="listed")
    if listed.count() >= count:
        return list(listed.select_related("product__brand", "product__category", "size")[:count])
    stockx = Marketplace.objects.get(slug="stockx")
    sizes = list(Size.objects.filter(kind="men", region="US")[:10])
    category = Category.objects.get(slug="sneakers")
    brands = list(Brand.objects.all()[:5])
    products = Product.objects.bulk_create(
        Product(sku=f"BENCHREC-{n}", name=f"Bench Sneaker {n}", brand=brands[n % len(brands)],
                category=category) for n in range(200)
    )  # fmt: skip
    today = date.today()
    MarketPrice.objects.bulk_create(
        MarketPrice(product=p, size=s, marketplace=stockx, price_date=today - timedelta(days=n % 9),
                    currency="EUR", lowest_ask=Decimal(150 + n % 50), highest_bid=Decimal(120 + n % 30),
                    sell_faster=Decimal(145 + n % 40))
        for n, p in enumerate(products) for s in sizes
    )  # fmt: skip
    StockItem.objects.bulk_create(
        StockItem(product=products[n % 200], size=sizes[n % 10], status="listed",
                  purchase_date=today - timedelta(days=n % 120), purchase_price=Decimal(90 + n % 40),
                  gross_purchase_price=Decimal(107 + n % 48), vat_rate=Decimal(19), vat_amount=Decimal(17))
        for n in range(count)
    )  # fmt: skip
    PriceRule.objects.get_or_create(name="Bench market", defaults=dict(rule_type="market", market_position=Decimal(70), age_days=60, aged_market_position=Decimal(20), rounding="ends_9", priority=50, brand=brands[0], effective_from=date(2022, 1, 1)))  # fmt: skip
    PriceRule.objects.get_or_create(name="Bench undercut", defaults=dict(rule_type="competitive", undercut_percent=Decimal(2), maximum_discount_percent=Decimal(5), minimum_margin_percent=Decimal(8), priority=100, effective_from=date(2022, 1, 1)))  # fmt: skip
    BrandMultiplier.objects.get_or_create(brand=brands[1], defaults=dict(multiplier_value=Decimal("1.05"), effective_from=date(2022, 1, 1)))  # fmt: skip
    return list(listed.select_related("product__brand", "product__category", "size")[:count])


def main(count: int) -> None:
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "soleflip.settings_test"  # fixed keys; real DB
    import django

    django.setup()
    from django.core.management import call_command

    from pricing.recommend import recommend_all

    call_command("migrate", verbosity=0)
    pairs = ensure_pairs(count)
    for _run in range(3):
        started = time.perf_counter()
        recommendations = recommend_all(pairs, date.today())
        elapsed = time.perf_counter() - started
        below = sum(r.market_below_floor for r in recommendations)
        print(
            f"{len(recommendations):,} recommendations in {elapsed:.2f} s ({below} with the market below the floor)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
