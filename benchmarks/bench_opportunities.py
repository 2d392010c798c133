"""Time the opportunities on the benchmark dataset (run benchmarks.seed_bench first): this
script adds 100,000 retailer offers (integration.source_prices: 85 % matched to one of
the bench products in a size, 10 % to a product without a size, 5 % unmatched) and StockX
market data for every bench product in ten sizes (today's day and one a month older),
then times the check of every offer (pricing.check_offers) and the opportunities page's
first page, plain, filtered and sorted (target: under 300 ms), and the command's CSV.

    .venv/bin/python -m benchmarks.bench_opportunities
"""

import io
import os
import time

from benchmarks.bench_pages import time_page
from benchmarks.bench_stockx_import import bench_database_url

OFFERS = 100_000

SEED = """
DELETE FROM pricing.offer_checks
WHERE offer_id IN (SELECT id FROM integration.source_prices WHERE source = 'bench');
DELETE FROM integration.source_prices WHERE source = 'bench';
WITH p AS (SELECT array_agg(id ORDER BY id) a FROM catalog.product WHERE sku LIKE 'BENCH-%%'),
     s AS (SELECT array_agg(id ORDER BY sort_order, id) a FROM
           (SELECT id, sort_order FROM catalog.sizes WHERE kind = 'men' AND region = 'US'
            ORDER BY sort_order, id LIMIT 10) t),
     m AS (SELECT id FROM platform.marketplace WHERE slug = 'stockx'),
     days AS (SELECT current_date AS day UNION ALL SELECT current_date - 30)
INSERT INTO pricing.market_prices (product_id, size_id, platform_id, price_date, currency,
    lowest_ask, highest_bid, last_sale, sell_faster, earn_more, sales_volume, raw_data, created_at)
SELECT p.a[i], s.a[j], m.id, days.day - (i %% 9), 'EUR',
       120 + (i * 7 + j) %% 200 + 20, 120 + (i * 7 + j) %% 200, NULL,
       120 + (i * 7 + j) %% 200 + 15, 120 + (i * 7 + j) %% 200 + 30, NULL, '{}', now()
FROM p, s, m, days, generate_series(1, array_length(p.a, 1)) i, generate_series(1, 10) j
ON CONFLICT DO NOTHING;
WITH p AS (SELECT array_agg(id ORDER BY id) a FROM catalog.product WHERE sku LIKE 'BENCH-%%'),
     s AS (SELECT array_agg(id ORDER BY sort_order, id) a FROM
           (SELECT id, sort_order FROM catalog.sizes WHERE kind = 'men' AND region = 'US'
            ORDER BY sort_order, id LIMIT 10) t)
INSERT INTO integration.source_prices (product_id, size_id, source, supplier_name, retailer_id,
    external_id, title, brand_name, ean, style_code, size_label, buy_price, delivery_cost,
    currency, in_stock, availability, stock_qty, product_url, feed_date, match, match_detail,
    batch_id, raw_data, last_updated, created_at)
SELECT CASE WHEN g %% 20 = 0 THEN NULL ELSE p.a[1 + (g * 7919) %% array_length(p.a, 1)] END,
       CASE WHEN g %% 20 = 0 OR g %% 10 = 1 THEN NULL ELSE s.a[1 + g %% 10] END,
       'bench', 'Bench Retailer ' || (g %% 8), '', 'BENCH-' || g, 'Bench offer ' || g, '',
       lpad(g::text, 13, '7'), '', '', round((90 + (g * 31) %% 230) * 1.19, 2),
       CASE WHEN g %% 3 = 0 THEN 0 ELSE 4.95 END, 'EUR', g %% 25 <> 0, 'in stock', 1 + g %% 5,
       'https://retailer.example/p/' || g, current_date,
       CASE WHEN g %% 20 = 0 THEN 'none' WHEN g %% 10 = 1 THEN 'style' ELSE 'ean' END, '',
       NULL, '{}', now(), now()
FROM p, s, generate_series(1, %(offers)s) g;
ANALYZE integration.source_prices;
ANALYZE pricing.market_prices;
"""

VARIANTS = [
    {},
    {"min_profit": "30", "min_roi": "25"},
    {"brand": "{brand}"},
    {"retailer": "Bench Retailer 3", "max_age": "3"},
    {"size": "{size}"},
    {"sort": "-roi"},
    {"page": "20"},
]


def timed(label: str, action) -> object:
    started = time.perf_counter()
    result = action()
    print(f"{label:<58} {time.perf_counter() - started:7.2f} s")
    return result


def pages(client, brand: int, size: int) -> None:
    from django.urls import reverse

    path = reverse("pricing:opportunities")
    for variant in VARIANTS:
        params = {k: v.format(brand=brand, size=size) for k, v in variant.items()}
        print(time_page(client, path, params, runs=20))


def main() -> None:
    import subprocess
    import sys

    from benchmarks.bench_stockx_import import BASE_DIR

    url = bench_database_url()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "soleflip.settings_test"}
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "migrate", "-v", "0"], env=env, check=True
    )
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "soleflip.settings_test"  # fixed keys; real DB
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from pricing.models import MarketPrice, OfferCheck, SourcePrice
    from pricing.opportunities import check_offers
    from soleflip.core.models import User

    with connection.cursor() as cursor:
        timed(
            f"seed {OFFERS:,} offers and the market data",
            lambda: cursor.execute(SEED.replace("%(offers)s", str(OFFERS)).replace("%%", "%")),
        )
    print(f"offers {SourcePrice.objects.count():,}, market prices {MarketPrice.objects.count():,}")
    checked = timed("check every offer (pricing.check_offers)", check_offers)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE pricing.offer_checks")
    profitable = OfferCheck.objects.opportunities().count()
    print(f"  checked {checked:,}; opportunities {profitable:,}")
    timed("check 1,000 offers again (after a small feed import)", lambda: check_offers(
        list(SourcePrice.objects.filter(source="bench").values_list("pk", flat=True)[:1000])
    ))  # fmt: skip
    owner, _created = User.objects.get_or_create(
        username="bench-owner", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(owner)
    first = OfferCheck.objects.opportunities().select_related("offer__product").first()
    pages(client, first.offer.product.brand_id, first.offer.size_id)
    out = io.StringIO()
    timed(
        "manage.py opportunities --csv", lambda: call_command("opportunities", csv=True, stdout=out)
    )
    print(f"  {out.getvalue().count(chr(10)) - 1:,} lines")


if __name__ == "__main__":
    main()
