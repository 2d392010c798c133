"""Time `manage.py import_marketplace_sales` on a generated Alias export (USD cents,
converted with a day's rate; fees quoted by the fee engine).

    .venv/bin/python -m benchmarks.bench_marketplace_import            # 10,000 rows
    .venv/bin/python -m benchmarks.bench_marketplace_import 2000 10000

On the benchmark database (see bench_stockx_import), emptied of orders, pairs and batches
before each size. Target: 10,000 rows in under 5 s.
"""

import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.bench_stockx_import import BASE_DIR, RESET, bench_database_url

HEADER = (
    "ORDER_NUMBER,NAME,PRODUCT_PRICE_CENTS_SALE_PRICE,CREDIT_DATE,PURCHASED_DATE,USERNAME,SKU,SIZE"
)
MODELS = [
    ("Jordan 4 Retro Military Black", "DH6927-111"),
    ("Nike Dunk Low Retro White Black Panda", "DD1391-100"),
    ("adidas Samba OG Cloud White Core Black", "B75806"),
    ("New Balance 550 White Green", "BB550WT1"),
    ("Yeezy Slide Onyx", "HQ6448"),
]
START = date(2024, 1, 1)


def write_export(path: Path, rows: int, seed: int) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER + "\n")
        for n in range(rows):
            name, sku = rng.choice(MODELS)
            sold = START + timedelta(days=rng.randint(0, 300))
            paid = sold + timedelta(days=rng.randint(2, 9))
            size = rng.choice(["7", "8", "8.5", "9", "9.5", "10", "10.5", "11", "12"])
            cents = rng.randint(6000, 60000)
            handle.write(
                f"AL-{seed}-{n},{name},{cents},{paid:%d/%m/%y},{sold:%d/%m/%y},seller,{sku},{size}\n"
            )
    return path


RATES = """
    INSERT INTO platform.exchange_rate (currency, rate_date, eur_per_unit, source, created_at)
    SELECT 'USD', d::date, 0.92, 'bench', now()
    FROM generate_series(date '2023-12-25', date '2025-01-31', interval '1 day') AS d
    ON CONFLICT DO NOTHING
"""


def main(sizes: list[int]) -> None:
    import psycopg

    url = bench_database_url()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "soleflip.settings_test",
        "PYTHONPATH": str(BASE_DIR),
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            path = write_export(Path(tmp) / f"alias-{rows}.csv", rows, seed=rows)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(RESET)
                conn.execute(RATES)
                conn.execute("VACUUM ANALYZE")
            started = time.perf_counter()
            result = subprocess.run(
                [*manage, "import_marketplace_sales", str(path), "--marketplace", "alias"],
                env=env,
                capture_output=True,
                text=True,
                cwd=BASE_DIR,
            )
            elapsed = time.perf_counter() - started
            summary = (result.stdout.strip().splitlines() or [result.stderr[-400:]])[-1]
            print(
                f"{rows:>7} rows: {elapsed:6.2f} s  {rows / elapsed:7.0f} rows/s  "
                f"exit {result.returncode}\n          {summary}",
                flush=True,
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000])
