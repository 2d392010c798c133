"""Time repricing on the benchmark dataset (run benchmarks.seed_bench first: its listed
pairs have live StockX asks and a year of market prices): the check of every live ask
(pricing.check_asks), the repricing page's first page (plain and filtered; target under
300 ms), starting a run of 1,000 asks, and working off a run of 1,000 asks through StockX's
batch endpoints against the local fake StockX with the client's 1 request/s spacing
switched off (our own cost per ask; StockX's limits add 1 s per request in production).

    .venv/bin/python -m benchmarks.bench_repricing
"""

import os
import time

from benchmarks.bench_pages import time_page
from benchmarks.bench_stockx_import import bench_database_url

VARIANTS = [
    {},
    {"why": "above_market"},
    {"why": "below_floor"},
    {"why": "unchanged", "min_age": "90"},
    {"sort": "-amount"},
]


def timed(label: str, action) -> object:
    started = time.perf_counter()
    result = action()
    print(f"{label:<58} {time.perf_counter() - started:7.2f} s")
    return result


def pages(client) -> None:
    from django.urls import reverse

    path = reverse("pricing:repricing")
    for params in VARIANTS:
        print(time_page(client, path, params, runs=20))


def bulk_against_the_fake(asks) -> None:
    """1,000 asks through the batch endpoints of the local fake StockX."""
    from django.conf import settings

    from pricing import repricing
    from pricing.models import RepricingRun
    from soleflip.stockx import connection
    from tests.stockx.fake_stockx import FakeStockX, make_listing

    fake = FakeStockX().start()
    settings.STOCKX_API_BASE_URL, settings.STOCKX_AUTH_BASE_URL = fake.api_url, fake.auth_url
    settings.STOCKX_MIN_INTERVAL = 0
    settings.STOCKX_BATCH_POLL_INTERVAL = 0
    settings.STOCKX_BATCH_ITEMS_PER_WINDOW = 100_000
    try:
        with connection.state_cursor() as cursor:
            cursor.execute('DELETE FROM "integration"."stockx_state"')
        connection.store_credentials(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            api_key=fake.api_key,
            refresh_token=fake.refresh_token,
        )
        for ask in asks:
            fake.add_listing(
                make_listing(listingId=ask.external_id, amount=format(ask.amount, "f"))
            )
        run = timed(
            f"start a run of {len(asks):,} asks",
            lambda: repricing.start_run([a.pk for a in asks]),
        )
        run = timed(f"work off {run.total:,} asks (fake StockX)", lambda: repricing.apply_run(run))
        print(f"  outcomes {run.counts()}  batches {len(fake.batches)}")
        RepricingRun.objects.filter(pk=run.pk).delete()
    finally:
        fake.stop()


def main() -> None:
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "soleflip.settings_test"  # fixed keys; real DB
    import django

    django.setup()
    from django.db import transaction
    from django.test import Client

    from pricing import repricing
    from pricing.models import MarketPrice
    from sales.models import Listing
    from soleflip.core.models import User

    live = repricing.live_asks().count()
    print(f"live asks {live:,}, market prices {MarketPrice.objects.count():,}")
    checked = timed("check every live ask (pricing.check_asks)", repricing.check_asks)
    print(f"  checked {checked:,}; candidates {repricing.candidates().count():,}")
    owner, _ = User.objects.get_or_create(
        username="bench-owner", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(owner)
    pages(client)
    asks = list(
        repricing.candidates()
        .filter(marketplace__slug="stockx")
        .select_related("inventory_item")
        .order_by("pk")[:1000]
    )
    with transaction.atomic():  # every change is rolled back: the dataset stays as seeded
        bulk_against_the_fake(asks)
        transaction.set_rollback(True)
    assert Listing.objects.filter(pk=asks[0].pk).values_list("amount", flat=True)[0] == (
        asks[0].amount
    )


if __name__ == "__main__":
    main()
