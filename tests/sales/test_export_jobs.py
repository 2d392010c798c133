"""The accountant export's workbook built in the background (sales/export_jobs.py): the
page starts a job, its status region shows the progress, then a download link valid for
EXPORT_KEEP_HOURS; expired files are deleted; a failure never leaves a file behind."""

import io
import os
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sales import tasks
from sales.models import ExportJob, Marketplace, Order
from soleflip.core.imports import BROKER_DOWN
from tests.conftest import seed_reference_data
from tests.sales.test_export import MARCH_QUERY, berlin, march  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def exports_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "exports"


def finished_job(**kw) -> ExportJob:
    job = ExportJob.objects.create(start=date(2025, 3, 1), end=date(2025, 3, 31), **kw)
    job.begin(lines=3)
    job.finish(ContentFile(b"PK workbook"))
    return job


@pytest.mark.usefixtures("march")
def test_a_workbook_is_built_in_the_background_and_downloaded(
    client, viewer, django_capture_on_commit_callbacks
):
    client.force_login(viewer)
    page = client.get(reverse("sales:export"), MARCH_QUERY).content.decode()
    assert f'action="{reverse("sales:export-workbook")}"' in page
    assert "Arbeitsmappe (XLSX) für 01.03.2025 – 31.03.2025" in page
    for name, value in MARCH_QUERY.items():  # the period shown is the one built
        assert f'<input type="hidden" name="{name}" value="{value}">' in page
    with django_capture_on_commit_callbacks(execute=True):  # the worker runs it at once
        response = client.post(reverse("sales:export-workbook"), MARCH_QUERY)
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("sales:export-job", args=[job.pk])
    assert (job.status, job.lines, job.written, job.created_by) == ("done", 8, 8, viewer)
    assert job.file.name.startswith("exports/soleflip-workbook-2025-03-01_2025-03-31")
    assert timedelta(hours=23, minutes=59) < job.expires_at - timezone.now() <= timedelta(hours=24)

    body = client.get(response["Location"]).content.decode()
    assert "Die Arbeitsmappe ist fertig:</strong> 8 Zeilen" in body
    assert reverse("sales:export-job-file", args=[job.pk]) in body
    until = timezone.localtime(job.expires_at).strftime("%d.%m.%Y %H:%M")
    assert f"Der Link gilt bis <strong>{until}</strong>" in body
    assert "hx-get" not in body  # nothing left to poll

    download = client.get(reverse("sales:export-job-file", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        'attachment; filename="soleflip-workbook-2025-03-01_2025-03-31.xlsx"'
    )
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert (book["Verkäufe"].max_row, book["Einkäufe"].max_row) == (6, 4)
    assert book["Verkäufe"]["A1"].value == "Verkaufsdatum" and job.language == "de"
    # The export page lists the user's workbook with its time limit.
    assert f"bereit bis {until}" in client.get(reverse("sales:export")).content.decode()


@pytest.mark.usefixtures("march")
def test_the_workbook_is_written_in_the_language_of_who_asked(
    client, viewer, django_capture_on_commit_callbacks
):
    """The task runs outside the request: it writes in the language recorded on the job."""
    client.force_login(viewer)
    client.post(reverse("language"), {"language": "en"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sales:export-workbook"), MARCH_QUERY)
    job = ExportJob.objects.get()
    assert job.language == "en"
    body = client.get(response["Location"]).content.decode()
    assert "The workbook is ready:</strong> 8 lines" in body
    book = load_workbook(job.file.path)
    assert book.sheetnames == ["Sales", "Purchases", "Summary"]
    assert book["Sales"]["A1"].value == "Sale date" and book["Sales"]["A2"].number_format == (
        "D MMM YYYY"
    )
    # The same task for a German user writes German, whatever language the worker runs in.
    german = ExportJob.objects.create(start=job.start, end=job.end, language="de")
    tasks.build_export_workbook.apply(args=[german.pk])
    german.refresh_from_db()
    assert load_workbook(german.file.path).sheetnames == ["Verkäufe", "Einkäufe", "Zusammenfassung"]


def test_the_status_region_shows_the_progress_while_the_job_runs(client, viewer):
    client.force_login(viewer)
    job = ExportJob.objects.create(start=date(2025, 1, 1), end=date(2025, 12, 31))
    url = reverse("sales:export-job", args=[job.pk])
    assert "Wartet auf den Worker" in client.get(url).content.decode()
    job.begin(lines=50_000)
    job.report_progress(20_000)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.strip().startswith('<div id="status"') and "<html" not in fragment
    assert f'hx-get="{url}" hx-trigger="every 1s"' in fragment
    assert '<progress class="w-100" max="100" value="40"' in fragment
    assert "20.000 von 50.000" in fragment


def test_an_invalid_period_starts_nothing(client, viewer):
    client.force_login(viewer)
    query = {**MARCH_QUERY, "end": "9999-12-31"}
    response = client.post(reverse("sales:export-workbook"), query)
    assert response.status_code == 400
    assert (
        "Bis (31.12.9999) muss zwischen 01.01.2000 und 31.12.2099 liegen."
        in response.content.decode()
    )
    assert not ExportJob.objects.exists()
    assert client.get(reverse("sales:export-workbook")).status_code == 405


def test_an_expired_workbook_says_so_and_is_not_served(client, viewer):
    client.force_login(viewer)
    job = finished_job()
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(reverse("sales:export-job", args=[job.pk])).content.decode()
    assert "Diese Arbeitsmappe ist abgelaufen." in page and "Arbeitsmappe neu erstellen" in page
    download = client.get(reverse("sales:export-job-file", args=[job.pk]))
    assert download.status_code == 410
    assert "Diese Arbeitsmappe ist abgelaufen." in download.content.decode()


def test_a_workbook_not_finished_has_no_file_yet(client, viewer):
    client.force_login(viewer)
    job = ExportJob.objects.create(start=date(2025, 3, 1), end=date(2025, 3, 31))
    response = client.get(reverse("sales:export-job-file", args=[job.pk]))
    assert response["Location"] == reverse("sales:export-job", args=[job.pk])


def test_the_hourly_task_deletes_expired_files_and_leftovers(settings):
    old, fresh = finished_job(), finished_job()
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    old_path, fresh_path = Path(old.file.path), Path(fresh.file.path)
    # A file no job keeps (a worker killed while saving), older than a day, and a new one.
    leftover, recent = exports_dir() / "killed.xlsx", exports_dir() / "being-saved.xlsx"
    leftover.write_bytes(b"PK")
    recent.write_bytes(b"PK")
    day_ago = time.time() - settings.EXPORT_KEEP_HOURS * 3600 - 60
    os.utime(leftover, (day_ago, day_ago))

    assert tasks.delete_expired_exports.apply().get() == 2
    assert not old_path.exists() and not leftover.exists()
    assert fresh_path.exists() and recent.exists()
    old.refresh_from_db()
    assert (old.status, old.file.name) == ("done", "")  # the row stays: its link says expired
    recent.unlink()


def test_a_job_whose_worker_is_gone_fails(client, viewer, settings):
    client.force_login(viewer)
    waiting = ExportJob.objects.create(start=date(2025, 3, 1), end=date(2025, 3, 31))
    long_ago = timezone.now() - timedelta(seconds=settings.EXPORT_STALE_AFTER + 1)
    ExportJob.objects.filter(pk=waiting.pk).update(updated_at=long_ago)
    page = client.get(reverse("sales:export-job", args=[waiting.pk])).content.decode()
    assert "Es wurde keine Arbeitsmappe geschrieben." in page
    assert "läuft der Celery-Worker?" in page
    waiting.refresh_from_db()
    assert waiting.status == "failed"


@pytest.fixture
def broker_down():
    """Celery as in production (tasks sent to a broker), with the broker unreachable."""
    from soleflip.celery import app

    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    yield
    app.conf.task_always_eager, app.conf.broker_url = saved


def test_broker_down_the_page_says_so_at_once(
    client, viewer, django_capture_on_commit_callbacks, broker_down
):
    client.force_login(viewer)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sales:export-workbook"), MARCH_QUERY)
    assert time.monotonic() - started < 3  # at once, not after retries
    body = client.get(response["Location"]).content.decode()
    assert "Es wurde keine Arbeitsmappe geschrieben." in body
    assert str(BROKER_DOWN) in body
    assert ExportJob.objects.get().error_message == BROKER_DOWN


@pytest.mark.django_db(transaction=True)
def test_a_workbook_cut_by_a_database_failure_fails_and_leaves_no_file(cut_connection):
    """The database goes away after the first progress report (2,000 of 4,000 lines): the
    job fails with the reason, no file is kept, the task's error reaches Celery."""
    seed_reference_data()  # an earlier transactional test's flush may have emptied it
    stockx = Marketplace.objects.get(slug="stockx")
    Order.objects.bulk_create(
        Order(marketplace=stockx, external_id=f"CUT-{n}", sold_at=berlin(2025, 3, 2, 12, 0))
        for n in range(4000)
    )
    job = ExportJob.objects.create(start=date(2025, 3, 1), end=date(2025, 3, 31))
    before = set(exports_dir().iterdir()) if exports_dir().exists() else set()

    def cut_after_progress(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith('UPDATE "sales"."export_job" SET "written"'):
            cut_connection()
        return result

    with connection.execute_wrapper(cut_after_progress), pytest.raises(OperationalError):
        tasks.build_export_workbook.apply(args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.written, job.lines) == ("failed", 2000, 4000)
    assert job.error_message == (
        "Das Schreiben der Arbeitsmappe ist fehlgeschlagen (OperationalError). Bitte neu erstellen."
    )
    assert not job.file and job.expires_at is None
    assert (set(exports_dir().iterdir()) if exports_dir().exists() else set()) == before
