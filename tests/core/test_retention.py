"""Retention: import rows and log-in records past their periods are purged (the batches
and their counts stay), a dry run only counts, and the command, task and batch page."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from soleflip.celery import app as celery_app
from soleflip.core import retention, tasks
from soleflip.core.models import ImportBatch, ImportRecord, LoginEvent, SystemConfig
from tests.factories import make_import_batch, make_login_event

pytestmark = pytest.mark.django_db


def days_ago(days: int):
    return timezone.now() - timedelta(days=days)


def ended(batch: ImportBatch, days: int) -> ImportBatch:
    """The batch as if it had ended `days` ago (updated_at is auto_now: set it by update)."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        completed_at=days_ago(days), updated_at=days_ago(days)
    )
    batch.refresh_from_db()
    return batch


def logged(days: int, **kw) -> LoginEvent:
    event = make_login_event(**kw)
    LoginEvent.objects.filter(pk=event.pk).update(created_at=days_ago(days))
    return event


def rows(batch: ImportBatch) -> int:
    return ImportRecord.objects.filter(batch=batch).count()


@pytest.fixture
def world():
    """Batches and log-in records either side of the default periods (365 and 180 days)."""
    summary = {"created": 3, "new_products": 1}
    return {
        "old": ended(make_import_batch(rows=3, summary=summary, created_records=3), 366),
        "old_failed": ended(make_import_batch(rows=1, status=ImportBatch.Status.FAILED), 400),
        "recent": ended(make_import_batch(rows=2), 364),
        # A batch still running is never purged, however old it looks.
        "running": ended(make_import_batch(rows=2, status=ImportBatch.Status.IMPORTING), 500),
        "old_login": logged(181, username="old-login"),
        "old_failure": logged(300, username="old-failure", success=False),
        "recent_login": logged(179, username="recent-login"),
    }


def test_purge_removes_only_expired_rows_and_login_events(world):
    result = retention.purge_expired()

    assert (result.import_records, result.import_batches, result.login_events) == (4, 2, 2)
    assert rows(world["old"]) == 0 and rows(world["old_failed"]) == 0
    assert rows(world["recent"]) == 2 and rows(world["running"]) == 2
    assert set(LoginEvent.objects.values_list("username", flat=True)) == {"recent-login"}


def test_purged_batch_keeps_its_status_counts_and_summary_and_is_marked(world):
    before = world["old"]
    retention.purge_expired()

    batch = ImportBatch.objects.get(pk=before.pk)
    assert batch.status == ImportBatch.Status.COMPLETED
    assert (batch.total_records, batch.created_records) == (3, 3)
    assert batch.summary == {"created": 3, "new_products": 1}
    assert batch.completed_at == before.completed_at
    assert batch.rows_purged_at is not None and batch.rows_retention_days == 365
    for kept in ("recent", "running"):
        assert ImportBatch.objects.get(pk=world[kept].pk).rows_purged_at is None


def test_periods_are_the_owners_settings(owner):
    retention.set_retention_days(import_records_days=30, login_events_days=7, by=owner)
    old, kept = ended(make_import_batch(rows=1), 31), ended(make_import_batch(rows=1), 29)
    logged(8, username="old")
    logged(6, username="kept")

    result = retention.purge_expired()

    assert (rows(old), rows(kept)) == (0, 1)
    assert list(LoginEvent.objects.values_list("username", flat=True)) == ["kept"]
    assert (result.import_records_days, result.login_events_days) == (30, 7)
    assert ImportBatch.objects.get(pk=old.pk).rows_retention_days == 30
    assert SystemConfig.objects.get_value("retention_import_records_days") == "30"


@pytest.mark.parametrize("stored", [None, "", "a year", "0", "-5", "99999"])
def test_missing_or_unusable_settings_fall_back_to_the_defaults(stored):
    if stored is not None:
        SystemConfig.objects.set_value("retention_import_records_days", stored)
        SystemConfig.objects.set_value("retention_login_events_days", stored)
    assert retention.retention_days(retention.IMPORT_RECORDS) == 365
    assert retention.retention_days(retention.LOGIN_EVENTS) == 180


def test_setting_a_period_out_of_range_is_refused(owner):
    with pytest.raises(ValueError):
        retention.set_retention_days(import_records_days=0, login_events_days=30, by=owner)
    assert not SystemConfig.objects.filter(key__startswith="retention_").exists()


def test_dry_run_removes_nothing_and_reports_the_same_counts(world):
    dry = retention.purge_expired(dry_run=True)

    assert rows(world["old"]) == 3 and LoginEvent.objects.count() == 3
    assert not ImportBatch.objects.filter(rows_purged_at__isnull=False).exists()
    done = retention.purge_expired()
    assert (dry.import_records, dry.import_batches, dry.login_events) == (
        done.import_records,
        done.import_batches,
        done.login_events,
    )
    assert dry.dry_run and not done.dry_run


def test_a_second_purge_finds_nothing_and_keeps_the_first_mark(world):
    first = retention.purge_expired()
    marked = ImportBatch.objects.get(pk=world["old"].pk).rows_purged_at

    again = retention.purge_expired(now=timezone.now() + timedelta(hours=1))

    assert first.import_records == 4
    assert (again.import_records, again.import_batches, again.login_events) == (0, 0, 0)
    assert ImportBatch.objects.get(pk=world["old"].pk).rows_purged_at == marked


def test_large_purges_delete_in_chunks(monkeypatch):
    monkeypatch.setattr(retention, "CHUNK", 2)
    batches = [ended(make_import_batch(rows=3), 400) for _ in range(2)]
    for n in range(5):
        logged(200, username=f"old-{n}")
    kept = ended(make_import_batch(rows=1), 1)

    result = retention.purge_expired()

    assert (result.import_records, result.login_events) == (6, 5)
    assert all(rows(batch) == 0 for batch in batches) and rows(kept) == 1
    assert not LoginEvent.objects.exists()


def test_a_batch_never_imported_is_failed_before_its_rows_go():
    batch = make_import_batch(rows=2, status=ImportBatch.Status.VALIDATED, completed_at=None)
    ImportBatch.objects.filter(pk=batch.pk).update(updated_at=days_ago(366))

    retention.purge_expired()

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert "Nicht innerhalb von 365 Tagen importiert" in batch.error_message
    assert rows(batch) == 0 and batch.rows_purged_at is not None
    assert not batch.claim_import(skip_invalid=False)


def test_the_kept_upload_goes_with_the_rows():
    batch = make_import_batch(rows=1, status=ImportBatch.Status.FAILED)
    batch.file.save("old-report.csv", ContentFile(b"Order Number,City\n1,Berlin\n"))
    storage, name = batch.file.storage, batch.file.name
    assert storage.exists(name)
    ended(batch, 400)

    retention.purge_expired()

    batch.refresh_from_db()
    assert not batch.file and not storage.exists(name)


def test_command_prints_one_line():
    ended(make_import_batch(rows=2), 400)
    logged(200)
    out = StringIO()

    call_command("purge_expired", stdout=out)

    assert out.getvalue() == (
        "Gelöscht: 2 Importzeilen aus 1 Import (älter als 365 Tage), "
        "1 Anmeldeeintrag (älter als 180 Tage).\n"
    )
    assert not ImportRecord.objects.exists() and not LoginEvent.objects.exists()


def test_command_dry_run_prints_what_it_would_remove():
    ended(make_import_batch(rows=2), 400)
    out = StringIO()

    call_command("purge_expired", "--dry-run", stdout=out)

    assert out.getvalue() == (
        "Probelauf, nichts entfernt: Gelöscht würden 2 Importzeilen aus 1 Import (älter als "
        "365 Tage), 0 Anmeldeeinträge (älter als 180 Tage).\n"
    )
    assert ImportRecord.objects.count() == 2


def test_the_summary_in_english_counts_in_english():
    ended(make_import_batch(rows=1), 400)
    with translation.override("en"):
        summary = str(retention.purge_expired(dry_run=True))
    assert summary == (
        "Dry run, nothing removed: would purge 1 import row of 1 import (older than "
        "365 days), 0 log-in records (older than 180 days)."
    )


def test_task_purges(world):
    result = tasks.purge_expired.apply()

    assert result.successful()
    assert result.result.startswith("Gelöscht: 4 Importzeilen aus 2 Importen")
    assert rows(world["old"]) == 0 and rows(world["recent"]) == 2


def test_the_purge_runs_nightly_from_beat():
    entry = celery_app.conf.beat_schedule["purge-expired"]
    assert entry["task"] == tasks.purge_expired.name
    assert entry["schedule"].hour == {2}


def test_a_purged_batch_page_says_when_its_rows_went(client, viewer):
    batch = ended(make_import_batch(rows=2), 400)
    now = timezone.make_aware(datetime(2027, 3, 5, 3, 0))
    retention.purge_expired(now=now)
    client.force_login(viewer)

    response = client.get(reverse("imports:batch-detail", args=[batch.pk]))

    assert "Zeilen am 05.03.2027 nach 365 Tagen gelöscht." in response.content.decode()
    assert "No rows" not in response.content.decode()


def test_a_batch_without_rows_still_says_no_rows(client, viewer):
    batch = make_import_batch(rows=0)
    client.force_login(viewer)
    response = client.get(reverse("imports:batch-detail", args=[batch.pk]))
    assert "Keine Zeilen." in response.content.decode()
    assert "purged" not in response.content.decode()
