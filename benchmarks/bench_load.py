"""Load benchmark: the list pages and the dashboard under gunicorn (2 workers, loopback
only) on the benchmark dataset (run benchmarks.seed_bench first), at concurrency 1 and 4,
with the login page as the baseline in the same run. Bounded request counts; prints p50,
p95, p99 and requests per second per page and concurrency, and each page's throughput as
a share of the login page's.

    .venv/bin/python -m benchmarks.bench_load [REQUESTS_PER_THREAD] [PAGE,PAGE…]
    .venv/bin/python -m benchmarks.bench_load 40 inventory,orders   # those (and login)

Targets (issue 17): p95 under 80 ms at concurrency 1 for inventory, orders, catalog,
suppliers and the dashboard; at concurrency 4 at least a tenth of the login page's
throughput.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from benchmarks.bench_stockx_import import BASE_DIR, bench_database_url

PAGES = [
    ("login", "/accounts/login/", False),
    ("inventory", "/inventory/", True),
    ("orders", "/sales/", True),
    ("dashboard (ytd)", "/?period=ytd", True),
    ("catalog", "/catalog/", True),
    ("suppliers", "/suppliers/", True),
]
CONCURRENCY = (1, 4)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(env: dict) -> str:
    """A logged-in session of the bench owner, made through Django (no password)."""
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "from soleflip.core.models import User;"
        "u,_=User.objects.get_or_create(username='bench-owner',"
        "defaults={'is_superuser':True,'is_staff':True});"
        "c=Client(); c.force_login(u); print(c.cookies['sessionid'].value)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "soleflip.wsgi", "--workers", "2",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
        ],
        env=env, cwd=BASE_DIR,
    )  # fmt: skip
    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=10)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def hammer(url: str, cookie: str | None, threads: int, per_thread: int):
    def worker(_n):
        session = requests.Session()
        headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
        times = []
        for _ in range(per_thread):
            started = time.perf_counter()
            response = session.get(url, headers=headers, allow_redirects=False, timeout=30)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        return times

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        times = [t for part in pool.map(worker, range(threads)) for t in part]
    return times, len(times) / (time.perf_counter() - started)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main(per_thread: int, only: set[str] | None = None) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": bench_database_url(),
        "DJANGO_SETTINGS_MODULE": "soleflip.settings_test",  # fixed keys; real DB
        "PYTHONPATH": str(BASE_DIR),
    }
    cookie = session_cookie(env)
    port = free_port()
    server = start_gunicorn(env, port)
    try:
        baseline = {}
        for name, path, logged_in in PAGES:
            if only and name != "login" and name.split(" ")[0] not in only:
                continue
            url = f"http://127.0.0.1:{port}{path}"
            hammer(url, cookie if logged_in else None, 1, 3)  # warm up both workers
            for threads in CONCURRENCY:
                times, rate = hammer(url, cookie if logged_in else None, threads, per_thread)
                if name == "login":
                    baseline[threads] = rate
                share = rate / baseline[threads]
                print(
                    f"{name:<16} c={threads}  p50 {statistics.median(times):6.1f} ms  "
                    f"p95 {percentile(times, 0.95):6.1f} ms  p99 {percentile(times, 0.99):6.1f} ms  "
                    f"{rate:6.1f} req/s  ({share:.2f} of login)"
                )
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 50,
        set(sys.argv[2].split(",")) if len(sys.argv) > 2 else None,
    )
