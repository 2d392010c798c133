"""The one import frame: the batch verbs, a worker that died, running a batch again without
doubling anything, a failure mid-import, and the same pages for every importer."""

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from sales.models import Marketplace, Order
from soleflip.core import imports
from soleflip.core.models import BatchStateError, ImportBatch, ImportRecord
from soleflip.core.tasks import check_import, expire_stale_imports
from soleflip.lib.rows import ImportFileError, RowError

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "stockx_sales_report.csv"
Source, Status = ImportBatch.Source, ImportBatch.Status


def stockx_batch(path: Path = SAMPLE, **fields) -> ImportBatch:
    return ImportBatch.from_path(path, source_type=Source.STOCKX_SALES_REPORT, **fields)


def age(batch: ImportBatch, seconds: int) -> None:
    """Pretend the batch has shown no progress for `seconds`."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        updated_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_row_error_reads_as_the_line_column_value_and_reason():
    error = RowError(12, "Sale Date", "31/02/2024", "is not a date")
    assert str(error) == "Zeile 12, Sale Date: „31/02/2024“ is not a date"
    with translation.override("en"):
        assert str(error) == 'line 12, Sale Date: "31/02/2024" is not a date'
    assert RowError.from_dict(error.as_dict()) == error


def test_the_verbs_move_a_batch_through_its_life():
    batch = stockx_batch()
    assert not batch.claim_import(skip_invalid=False)  # not checked yet
    batch.start(Status.VALIDATING)
    batch.report_progress(2, 3)
    assert (batch.processed_records, batch.total_records, batch.progress_percent) == (2, 3, 67)
    batch.mark_checked(rows=3, rejected=1, summary={"rows": 3})
    assert batch.status == Status.VALIDATED
    batch.start(Status.IMPORTING)
    batch.finish(rows=3, rejected=1, summary={}, created=2)
    batch.refresh_from_db()
    assert (batch.status, batch.total_records, batch.created_records) == (Status.COMPLETED, 3, 2)
    assert batch.completed_at is not None
    with pytest.raises(
        BatchStateError, match="Status „Abgeschlossen“; er kann jetzt nicht importiert werden"
    ):
        batch.start(Status.IMPORTING)
    assert not batch.requeue()  # only a failed batch runs again
    batch.fail("broken")
    assert batch.requeue() and batch.status == Status.PENDING and batch.error_message == ""
    assert not batch.requeue()  # the second click finds it requeued


def test_import_is_claimed_once():
    batch = stockx_batch()
    imports.check_batch(batch)
    assert batch.claim_import(skip_invalid=False)
    assert batch.status == Status.IMPORTING
    assert not batch.claim_import(skip_invalid=False)


def test_a_file_error_fails_the_batch_and_keeps_no_rows(tmp_path):
    other = tmp_path / "contacts.csv"
    other.write_text("name,email\nanna,anna@example.com\n")
    batch = stockx_batch(other)
    check_import.apply(args=[batch.pk])  # the task records the reason, it does not raise
    batch.refresh_from_db()
    assert batch.status == Status.FAILED and "kein StockX-Verkaufsbericht" in batch.error_message
    assert not ImportRecord.objects.filter(batch=batch).exists()
    assert not batch.file  # a refused file is not kept


def test_a_nul_byte_is_a_clear_file_error_in_every_importer(tmp_path):
    for source, text in (
        (Source.STOCKX_SALES_REPORT, SAMPLE.read_text(encoding="utf-8-sig")),
        (Source.PURCHASES, "sku,size,supplier,purchase_date,gross_price\nA,10,S,2025-01-02,1\n"),
        (Source.SUPPLIER_ACCOUNTS, "EMAIL\na@example.com\n"),
    ):
        path = tmp_path / f"{source}.csv"
        lines = text.splitlines(keepends=True)
        lines[1] = lines[1][:3] + "\x00" + lines[1][3:]
        path.write_text("".join(lines))
        batch = ImportBatch.from_path(path, source_type=source)
        with pytest.raises(ImportFileError, match="Zeile 2 enthält ein NUL-Byte"):
            imports.check_batch(batch)
        assert batch.status == Status.FAILED and "NUL-Byte" in batch.error_message


def test_invalid_rows_stop_the_import_unless_skipped(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8-sig").replace("2023-03-01 19:00:00 +00", "soon", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text(text)
    batch = stockx_batch(bad)
    assert imports.run_batch(batch, commit=True) is None
    assert batch.status == Status.FAILED and "1 von 60 Zeilen sind ungültig" in batch.error_message
    assert Order.objects.count() == 0


def test_a_row_error_reads_in_german_on_the_batch_page_and_english_for_english_users(
    tmp_path, client, owner
):
    text = SAMPLE.read_text(encoding="utf-8-sig").replace("2023-03-01 19:00:00 +00", "soon", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text(text)
    batch = stockx_batch(bad, created_by=owner)
    imports.check_batch(batch)
    [error] = batch.row_errors()
    assert error.reason == "ist kein Datum wie 2024-05-31 14:03:00 +00"  # checked in German
    client.force_login(owner)
    page = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    assert "1 ungültige Zeile</h2>" in page and "Bereit zum Import" in page
    assert f"Zeile {error.line}, Sale Date: „soon“ ist kein Datum wie" in page
    assert "Die 1 ungültige Zeile überspringen und den Rest importieren" in page
    started = timezone.localtime(batch.started_at)
    assert f"Gestartet {started:%d.%m.%Y %H:%M} von owner." in page
    client.logout()
    owner.language = "en"
    owner.save(update_fields=["language"])
    client.force_login(owner)
    page = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    assert "1 invalid row</h2>" in page and "Ready to import" in page
    # The reason is kept as it was written when the file was checked.
    assert f"line {error.line}, Sale Date: “soon” ist kein Datum wie" in page
    listing = client.get(reverse("imports:batch-list")).content.decode()
    assert f"{started:%-d %b %Y %H:%M}" in listing and "StockX sales report" in listing


def test_the_imports_page_names_the_kinds_of_file_in_german(client, owner):
    client.force_login(owner)
    page = client.get(reverse("imports:batch-list")).content.decode()
    assert "StockX-Verkaufsbericht" in page and "Einkäufe (CSV)" in page
    upload = client.get(reverse("sales:stockx-upload")).content.decode()
    assert "Import: StockX-Verkaufsbericht" in upload and "Datei prüfen" in upload


def test_the_check_task_writes_row_errors_in_the_uploaders_language(tmp_path, owner):
    text = SAMPLE.read_text(encoding="utf-8-sig").replace("2023-03-01 19:00:00 +00", "soon", 1)
    bad = tmp_path / "bad.csv"
    bad.write_text(text)
    owner.language = "en"
    owner.save(update_fields=["language"])
    english, german = stockx_batch(bad, created_by=owner), stockx_batch(bad)
    check_import.apply(args=[english.pk])
    check_import.apply(args=[german.pk])
    english.refresh_from_db()
    german.refresh_from_db()
    assert english.row_errors()[0].reason == "is not a date like 2024-05-31 14:03:00 +00"
    assert german.row_errors()[0].reason == "ist kein Datum wie 2024-05-31 14:03:00 +00"


def test_a_failure_while_writing_leaves_nothing_and_says_why():
    batch = stockx_batch()
    imports.check_batch(batch)
    Marketplace.objects.filter(slug="stockx").update(slug="stockx-renamed")
    with pytest.raises(Marketplace.DoesNotExist):
        imports.commit_batch(batch)
    assert batch.status == Status.FAILED
    assert batch.error_message.startswith(
        "Der Import ist fehlgeschlagen, es wurde nichts geschrieben"
    )
    assert Order.objects.count() == 0


def test_a_dead_worker_is_shown_as_failed_and_the_batch_runs_again_without_duplicates(
    owner, client, django_capture_on_commit_callbacks, settings
):
    client.force_login(owner)
    upload = SimpleUploadedFile("report.csv", SAMPLE.read_bytes(), "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("sales:stockx-upload"), {"file": upload})
    batch = ImportBatch.objects.get()
    # "Import" is pressed, but the worker is killed before it writes anything.
    client.post(reverse("imports:batch-commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == Status.IMPORTING
    page = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    assert "Wird importiert" in page  # still within the time a worker may take
    age(batch, settings.IMPORT_STALE_AFTER + 1)
    page = client.get(reverse("imports:batch-status", args=[batch.pk])).content.decode()
    batch.refresh_from_db()
    assert batch.status == Status.FAILED and "Der Worker hat aufgehört" in batch.error_message
    assert "Es wurde nichts importiert." in page and "Diese Datei erneut prüfen" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:batch-retry", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == Status.VALIDATED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:batch-commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == Status.COMPLETED and Order.objects.count() == 60
    # Run the file once more as a new batch: every order is already there.
    again = stockx_batch()
    imports.run_batch(again, commit=True)
    assert (again.created_records, again.unchanged_records) == (0, 60)
    assert Order.objects.count() == 60


def test_a_check_killed_half_way_leaves_no_rows_behind(settings):
    batch = stockx_batch()
    imports.check_batch(batch)  # as far as the rows go, a check that got this far
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.VALIDATING)
    age(batch, settings.IMPORT_STALE_AFTER + 1)
    assert ImportBatch.objects.expire_stale() == 1
    batch.refresh_from_db()
    assert batch.status == Status.FAILED and not batch.records.exists()


def test_a_batch_never_picked_up_says_so():
    batch = stockx_batch()
    age(batch, 10_000)
    assert expire_stale_imports.apply().get() == 1
    batch.refresh_from_db()
    assert (
        batch.status == Status.FAILED
        and "Kein Worker hat diesen Import gestartet" in batch.error_message
    )


def test_api_syncs_get_longer_before_they_count_as_dead(settings):
    sync = ImportBatch.objects.create(source_type=Source.STOCKX_ORDERS, status=Status.IMPORTING)
    age(sync, settings.IMPORT_STALE_AFTER + 1)
    assert ImportBatch.objects.expire_stale() == 0
    age(sync, settings.SYNC_STALE_AFTER + 1)
    assert ImportBatch.objects.expire_stale() == 1


@pytest.mark.django_db(transaction=True)
def test_a_batch_whose_import_is_running_is_not_taken_for_dead(settings):
    """A commit holds the batch's row lock for as long as it writes: however long that
    takes, the sweep leaves the batch alone."""
    batch = ImportBatch.objects.create(
        source_type=Source.STOCKX_SALES_REPORT, status=Status.IMPORTING
    )
    age(batch, settings.IMPORT_STALE_AFTER + 1)
    locked, release = threading.Event(), threading.Event()

    def long_import():
        try:
            with transaction.atomic():
                ImportBatch.objects.select_for_update().get(pk=batch.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=long_import)
    worker.start()
    try:
        assert locked.wait(10)
        assert ImportBatch.objects.expire_stale() == 0
    finally:
        release.set()
        worker.join()
    assert ImportBatch.objects.expire_stale() == 1  # the lock is gone: now it is dead


@pytest.mark.parametrize(
    "source,upload_url",
    [
        (Source.STOCKX_SALES_REPORT, "sales:stockx-upload"),
        (Source.PURCHASES, "purchases:import"),
        (Source.SUPPLIER_ACCOUNTS, "suppliers:account-import"),
    ],
)
def test_every_importer_uses_the_one_upload_page(owner, client, source, upload_url):
    importer = imports.importer_for(source)
    assert importer.upload_url == upload_url
    client.force_login(owner)
    response = client.get(reverse(upload_url))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "core/import_upload.html"
    assert importer.label in response.content.decode()


@pytest.fixture
def broker_down(settings):
    """Celery as in production (tasks sent to a broker), with the broker unreachable."""
    from soleflip.celery import app

    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    yield
    app.conf.task_always_eager, app.conf.broker_url = saved


def test_broker_down_an_upload_says_so_at_once_and_the_batch_can_run_again(
    owner, client, django_capture_on_commit_callbacks, broker_down
):
    import time

    client.force_login(owner)
    upload = SimpleUploadedFile("report.csv", SAMPLE.read_bytes(), "text/csv")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sales:stockx-upload"), {"file": upload})
    assert time.monotonic() - started < 3  # at once, not after 20 s of retries as before
    response = client.get(response["Location"])
    page = response.content.decode()
    assert response.status_code == 200 and "Hintergrundaufgaben sind gerade nicht verfügbar" in page
    batch = ImportBatch.objects.get()
    assert batch.status == Status.FAILED and batch.file
    assert "Diese Datei erneut prüfen" in page


def test_a_sync_batch_cannot_be_imported_or_rerun_through_the_file_pages(owner, client):
    """The old per-type commit URL imported any batch it was given; the frame's buttons
    only take file imports, each through its own importer."""
    sync = ImportBatch.objects.create(source_type=Source.STOCKX_ORDERS, status=Status.VALIDATED)
    client.force_login(owner)
    for name in ("imports:batch-commit", "imports:batch-retry"):
        assert client.post(reverse(name, args=[sync.pk])).status_code == 404
    sync.refresh_from_db()
    assert sync.status == Status.VALIDATED
