"""Time the accountant export of the last 365 days on the benchmark dataset (run
benchmarks.seed_bench first; about 100,000 sales and 50,000 purchased pairs): the page's
totals, both CSV files and the workbook, then the workbook as the page builds it (a job
run by the task: lines counted, progress reported, file kept), with the peak memory of
the process.

    .venv/bin/python -m benchmarks.bench_export
"""

import io
import os
import resource
import time
from datetime import timedelta

from benchmarks.bench_stockx_import import bench_database_url


def main() -> None:
    url = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "soleflip.settings_test"
    import django

    django.setup()
    from django.utils import timezone

    from sales.export import summarize
    from sales.export_files import CSV_STYLES, purchases_csv, sales_csv, write_workbook
    from sales.models import ExportJob
    from sales.tasks import build_export_workbook

    end = timezone.localdate()
    period = {"start": end - timedelta(days=364), "end": end}
    style = CSV_STYLES["de"]

    def timed(label, work):
        started = time.perf_counter()
        result = work()
        print(f"{label:<16} {time.perf_counter() - started:6.2f} s  {result}")

    timed("totals (page)", lambda: f"{summarize(**period).sales_total.lines:,} sales")
    timed("sales CSV", lambda: f"{sum(len(c) for c in sales_csv(**period, style=style)):,} chars")
    timed(
        "purchases CSV",
        lambda: f"{sum(len(c) for c in purchases_csv(**period, style=style)):,} chars",
    )
    out = io.BytesIO()
    timed(
        "workbook XLSX",
        lambda: write_workbook(**period, out=out) and f"{len(out.getvalue()):,} bytes",
    )
    job = ExportJob.objects.create(**period)

    def background() -> str:
        build_export_workbook.apply(args=[job.pk])
        job.refresh_from_db()
        return f"{job.status}, {job.lines:,} lines, {job.file.size:,} bytes"

    timed("workbook job", background)
    job.delete_file()
    job.delete()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
