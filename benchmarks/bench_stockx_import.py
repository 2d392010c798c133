"""Time `manage.py import_stockx_sales` end to end on generated reports.

    .venv/bin/python -m benchmarks.bench_stockx_import            # 1,500 and 100,000 rows
    .venv/bin/python -m benchmarks.bench_stockx_import 20000

Uses a separate database `soleflip_bench` on the embedded server (or BENCH_DATABASE_URL),
migrated first and emptied of orders, pairs and batches before each size. Reports wall
time (process start to exit), rows/s and the import process's peak memory (RSS).

Because machines differ, each size also measures a floor in the same run: the same file
read with Python's csv module, all 44 columns COPY'd as text into an unlogged staging
table and upserted into a table keyed on the order number with the five money columns
typed and no other index. The ratio floor / import is printed (issue 17 asks for at least
0.15: the import at most 6.5 times the floor).
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from benchmarks.stockx_report_gen import write_report  # noqa: E402

# The import runs in a child process that reports its own peak RSS at exit.
CHILD = """
import resource, sys, time, django
django.setup()
from django.core.management import call_command
started = time.perf_counter()
try:
    call_command("import_stockx_sales", sys.argv[1])
finally:
    print(f"command_s={time.perf_counter() - started}", file=sys.stderr)
    print(f"peak_rss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
"""
RESET = (
    'TRUNCATE sales."order", sales.listing, inventory.stock_event, inventory.stock, '
    "integration.import_records, integration.import_batches CASCADE"
)


def bench_database_url() -> str:
    """URL of the benchmark database, on the embedded server unless BENCH_DATABASE_URL is
    set (pgserver keeps its server up until this process exits)."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url
    from soleflip.lib.embedded import postgres_url

    return postgres_url(
        BASE_DIR / ".data" / "pg", database="soleflip_bench", variable="BENCH_DATABASE_URL"
    )


MONEY = (
    "Listing Price",
    "Total Gross Amount (Total Payout)",
    "Payment Processing",
    "Shipping Fee",
    "Seller Fee",
)


def floor_seconds(url: str, path: Path) -> float:
    """The floor: COPY of the raw rows into an unlogged staging table, then one upsert
    keyed on the order number with the money columns typed."""
    import csv

    import psycopg

    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle))
    names = [f"c{i}" for i in range(len(header))]
    number = names[header.index("Order Number")]
    money = [names[header.index(column)] for column in MONEY]
    with psycopg.connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_floor_stage, bench_floor_orders")
        conn.execute(
            f"CREATE UNLOGGED TABLE bench_floor_stage ({', '.join(f'{n} text' for n in names)})"
        )
        conn.execute(
            "CREATE TABLE bench_floor_orders (order_number text PRIMARY KEY, "
            + ", ".join(f"m{i} numeric(12,2)" for i in range(len(money)))
            + ")"
        )
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cursor:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                next(reader)
                with cursor.copy("COPY bench_floor_stage FROM STDIN") as copy:
                    for row in reader:
                        copy.write_row(row)
            typed = ", ".join(f"nullif({m}, '')::numeric" for m in money)
            targets = ", ".join(f"m{i}" for i in range(len(money)))
            cursor.execute(
                f"INSERT INTO bench_floor_orders SELECT {number}, {typed} FROM bench_floor_stage "
                f"ON CONFLICT (order_number) DO UPDATE SET ({targets}) = "
                f"({', '.join(f'EXCLUDED.m{i}' for i in range(len(money)))})"
            )
        conn.commit()
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE bench_floor_stage, bench_floor_orders")
        conn.commit()
    return elapsed


def reported(stderr: str, key: str, default: float) -> float:
    """A figure the child printed on stderr as `key=value`."""
    for line in stderr.splitlines():
        if line.startswith(f"{key}="):
            return float(line.split("=", 1)[1])
    return default


def main(sizes: list[int]) -> None:
    import psycopg

    url = bench_database_url()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings_bench",
        "PYTHONPATH": str(BASE_DIR),
    }
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "migrate", "-v", "0"], env=env, check=True
    )
    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            path = write_report(Path(tmp) / f"report-{rows}.csv", rows, seed=rows)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(RESET)
                conn.execute("VACUUM ANALYZE")
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(path)],
                env=env,
                capture_output=True,
                text=True,
                cwd=BASE_DIR,
            )
            elapsed = time.perf_counter() - started
            peak = reported(result.stderr, "peak_rss_kb", 0)
            command = reported(result.stderr, "command_s", elapsed)
            summary = result.stdout.strip().splitlines()[-1:] or [result.stderr[-400:]]
            floor = floor_seconds(url, path)
            print(
                f"{rows:>7} rows: {elapsed:6.2f} s  {rows / elapsed:7.0f} rows/s  "
                f"peak RSS {peak / 1024:.0f} MB  exit {result.returncode}\n"
                f"          the command alone (after Django's start) {command:.2f} s\n"
                f"          floor {floor:.2f} s ({rows / floor:.0f} rows/s), ratio floor/import "
                f"{floor / elapsed:.2f} end to end, {floor / command:.2f} of the command alone"
                f"\n          {summary[0]}",
                flush=True,
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1500, 100000])
