"""Time `manage.py import_stockx_sales` when every sale finds an unsold pair (FIFO
matching and selling the pairs), which bench_stockx_import does not reach: there the
stock is empty and every sale makes a stand-in pair.

    .venv/bin/python -m benchmarks.bench_stockx_match 20000

Per size, on the benchmark database (see bench_stockx_import): a first, untimed import
creates the products and a stand-in pair per sale; the orders and history are dropped,
each stand-in is replaced by an unsold pair bought in 2020 (every tenth still incoming),
and the same report is imported again, timed.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_stockx_import import BASE_DIR, CHILD, RESET, bench_database_url
from benchmarks.stockx_report_gen import write_report

# One unsold pair per stand-in pair of the first import, in place of the stand-ins.
RESTOCK = """
    CREATE TEMP TABLE stand_ins AS SELECT id, product_id, size_id FROM inventory.stock;
    TRUNCATE sales."order", inventory.stock_event, inventory.stock,
             integration.import_records, integration.import_batches CASCADE;
    INSERT INTO inventory.stock (
        product_id, size_id, quantity, reserved_quantity, status, purchase_date,
        purchase_price, gross_purchase_price, vat_rate, vat_amount, currency, tax_scheme,
        purchase_order_number, invoice_number, location, ean, external_ids, notes,
        created_at, updated_at)
    SELECT product_id, size_id, 1, 0,
           CASE WHEN id % 10 = 0 THEN 'incoming' ELSE 'in_stock' END,
           date '2020-01-01' + (id % 300)::int, 100.00, 119.00, 19, 19.00, 'EUR', 'standard',
           '', '', '', '', '{}', '', now(), now()
    FROM stand_ins;
"""


def main(sizes: list[int]) -> None:
    import os

    import psycopg

    url, _holder = bench_database_url()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "soleflip.settings_test",
        "PYTHONPATH": str(BASE_DIR),
    }
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "migrate", "-v", "0"], env=env, check=True
    )

    def run_import(path: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            env=env,
            capture_output=True,
            text=True,
            cwd=BASE_DIR,
        )

    with tempfile.TemporaryDirectory() as tmp:
        for rows in sizes:
            path = write_report(Path(tmp) / f"report-{rows}.csv", rows, seed=rows)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(RESET)
            first = run_import(path)
            if first.returncode:
                raise SystemExit(first.stderr[-2000:])
            with psycopg.connect(url, autocommit=True) as conn:
                with conn.transaction():
                    conn.execute(RESTOCK)
                conn.execute("VACUUM ANALYZE")
            started = time.perf_counter()
            result = run_import(path)
            elapsed = time.perf_counter() - started
            summary = result.stdout.strip().splitlines()[-1:] or [result.stderr[-400:]]
            print(
                f"{rows:>7} rows, all matched: {elapsed:6.2f} s  {rows / elapsed:7.0f} rows/s  "
                f"exit {result.returncode}\n          {summary[0]}",
                flush=True,
            )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [20000])
