"""Time the StockX order and listing syncs against the local fake StockX (no rate limit:
this measures our side, not StockX's 1 request/second) on the benchmark database.

    .venv/bin/python -m benchmarks.bench_stockx_sync 2000

At StockX's real limit a sync needs one request per 100 orders or listings (plus the
token), so 2,000 orders take at least 20 s of waiting there.
"""

import os
import sys
import time


def main(n: int) -> None:
    from benchmarks.bench_stockx_import import bench_database_url

    url = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "soleflip.settings_test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from sales.models import Listing, Order
    from soleflip.core.models import ImportBatch
    from soleflip.stockx import connection
    from soleflip.stockx.client import get_client
    from soleflip.stockx.sync_listings import sync_listings
    from soleflip.stockx.sync_orders import sync_orders
    from tests.stockx.fake_stockx import FakeStockX, make_listing, make_order

    call_command("migrate", "-v", "0")
    fake = FakeStockX().start()
    settings.STOCKX_API_BASE_URL, settings.STOCKX_AUTH_BASE_URL = fake.api_url, fake.auth_url
    settings.STOCKX_MIN_INTERVAL = 0
    connection.store_credentials(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        api_key=fake.api_key,
        refresh_token=fake.refresh_token,
    )
    Order.objects.filter(external_id__startswith="BENCHX").delete()
    Listing.objects.filter(external_id__startswith="BENCHX").delete()
    for i in range(n):
        day = f"2026-03-{1 + i % 28:02d}T10:00:00.000Z"
        fake.add_order(make_order(orderNumber=f"BENCHX-{i:08d}", createdAt=day))
        fake.add_listing(make_listing(listingId=f"BENCHX-L{i:08d}", status="ACTIVE"))

    def run(label, sync, source):
        batch = ImportBatch.objects.create(source_type=source, source_file="benchmark")
        started = time.perf_counter()
        counts = sync(client=get_client(), batch=batch)
        print(f"{label:<28} {time.perf_counter() - started:6.2f} s  {counts}")

    for label in ("orders, first sync", "orders, re-sync"):
        run(label, sync_orders, ImportBatch.Source.STOCKX_ORDERS)
    for label in ("listings, first sync", "listings, re-sync"):
        run(label, sync_listings, ImportBatch.Source.STOCKX_LISTINGS)
    fake.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
