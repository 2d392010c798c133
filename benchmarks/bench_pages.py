"""Time list pages on the benchmark dataset (run benchmarks.seed_bench first): the
fastest, median and 95th percentile of 30 requests per variant, and the number of SQL
queries. Names given: only the variants of those pages.

    .venv/bin/python -m benchmarks.bench_pages
    .venv/bin/python -m benchmarks.bench_pages pricing:stale-stock
"""

import os
import statistics
import sys
import time

from benchmarks.bench_stockx_import import bench_database_url

VARIANTS = [
    ("inventory:stock-list", {}),
    ("inventory:stock-list", {"q": "model 42"}),
    ("inventory:stock-list", {"status": "in_stock"}),
    ("inventory:stock-list", {"age": "90+"}),
    ("inventory:stock-list", {"supplier": "SUPPLIER"}),
    ("inventory:stock-list", {"sort": "-purchase_price"}),
    ("inventory:stock-list", {"cost_min": "200", "sort": "product"}),
    ("sales:order-list", {}),
    ("sales:order-list", {"cost": "missing"}),
    ("sales:order-list", {"sort": "-net_profit"}),
    ("sales:order-list", {"sort": "net_profit"}),
    ("dashboard", {"period": "ytd"}),
    ("dashboard", {}),
    ("dashboard", {"period": "custom", "start": "2025-01-01", "end": "2026-12-31"}),
    ("suppliers:supplier-list", {}),
    ("pricing:stale-stock", {}),
    ("pricing:stale-stock", {"min_age": "90"}),
    ("pricing:stale-stock", {"brand": "BRAND"}),
    ("pricing:stale-stock", {"category": "CATEGORY", "min_age": "180"}),
    ("pricing:stale-stock", {"page": "3"}),
]


def time_page(client, path: str, params: dict, runs: int = 30) -> str:
    """One page variant timed `runs` times after a warm-up: min, median, p95 and the
    number of SQL queries, as one line (the page benchmarks all print this)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path, params)  # warm up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, params, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path, params)
    p95 = sorted(timings)[int(len(timings) * 0.95) - 1]
    return (
        f"{path:<14} {str(params):<40} min {min(timings):6.1f} ms  median "
        f"{statistics.median(timings):6.1f} ms  p95 {p95:6.1f} ms  {len(queries)} queries"
    )


def main(names: list[str]) -> None:
    url = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "soleflip.settings_test"  # fixed keys; real DB
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse

    from catalog.models import Brand, Category
    from soleflip.core.models import User
    from suppliers.models import Supplier

    owner, _ = User.objects.get_or_create(
        username="bench-owner", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(owner)
    values = {
        "SUPPLIER": str(Supplier.objects.filter(slug__startswith="bench-supplier").first().pk),
        "BRAND": str(Brand.objects.get(name="Nike").pk),
        "CATEGORY": str(Category.objects.get(slug="sneakers").pk),
    }
    for name, params in VARIANTS:
        if names and name not in names:
            continue
        params = {k: values.get(v, v) for k, v in params.items()}
        print(time_page(client, reverse(name), params), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
