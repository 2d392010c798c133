"""Time `manage.py import_feed` (read, match, write) on a generated Awin feed.

    .venv/bin/python -m benchmarks.bench_feed_import            # 100,000 rows
    .venv/bin/python -m benchmarks.bench_feed_import 20000 100000

On the benchmark database (see bench_stockx_import), with a catalog of generated models
added (benchmarks/feed_gen.py: every other model with StockX variants and GTINs) and the
retailer offers emptied first. Each size runs twice: the first import, then the same feed
again (idempotent: everything unchanged). Target: 100,000 rows in under 20 s.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_stockx_import import BASE_DIR, bench_database_url
from benchmarks.feed_gen import catalog_sql, write_feed

MODELS = 10_000
RESET = (
    "TRUNCATE integration.source_prices, integration.import_records, "
    "integration.import_batches CASCADE"
)


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
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in catalog_sql(MODELS):
            conn.execute(statement)
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            path = write_feed(Path(tmp) / f"feed-{rows}.csv.gz", rows, models=MODELS, seed=7)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(RESET)
                conn.execute("VACUUM ANALYZE")
            for run in ("first import", "same feed again"):
                started = time.perf_counter()
                result = subprocess.run(
                    [*manage, "import_feed", str(path), "--source", "awin"],
                    env=env,
                    capture_output=True,
                    text=True,
                    cwd=BASE_DIR,
                )
                elapsed = time.perf_counter() - started
                summary = (result.stdout.strip().splitlines() or [result.stderr[-400:]])[-1]
                print(
                    f"{rows:>7} rows, {run}: {elapsed:6.2f} s  {rows / elapsed:7.0f} rows/s  "
                    f"exit {result.returncode}\n          {summary}",
                    flush=True,
                )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100_000])
