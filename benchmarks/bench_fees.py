"""Time the fee engine: 10,000 quotes and 1,000 inverse quotes (price for a payout).

    .venv/bin/python -m benchmarks.bench_fees [N]

On the benchmark database (migrated here; only the seeded fee rules are read). Target:
10,000 quotes in under 1 s.
"""

import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from benchmarks.bench_stockx_import import bench_database_url


def main(count: int) -> None:
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = "soleflip.settings_test"  # fixed keys; real DB
    import django

    django.setup()
    from django.core.management import call_command

    from sales.fees import FeeSchedule
    from sales.models import Marketplace

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    markets = list(Marketplace.objects.all())
    sales = [
        (
            rng.choice(markets),
            Decimal(rng.randint(2000, 150000)) / 100,
            date(2022, 1, 1) + timedelta(days=rng.randint(0, 1800)),
            rng.randint(1, 5),
        )
        for _ in range(count)
    ]
    started = time.perf_counter()
    schedules = {m.pk: FeeSchedule.of(m) for m in markets}
    loaded = time.perf_counter()
    total = sum(schedules[m.pk].quote(price, on, level).payout for m, price, on, level in sales)
    quoted = time.perf_counter()
    for m, price, on, level in sales[: count // 10]:
        schedules[m.pk].price_for_payout(price, on, level)
    inverted = time.perf_counter()
    print(f"rules of {len(markets)} marketplaces loaded in {(loaded - started) * 1000:.1f} ms")
    print(f"{count:,} quotes in {quoted - loaded:.3f} s (payouts total {total:,.2f} EUR)")
    print(f"{count // 10:,} prices for a payout in {inverted - quoted:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
