"""Retention: the raw rows of imports and the log-in records are kept for a period the
Owner sets (Settings → Retention, stored in `core.system_config`), then purged by
`purge_expired` (nightly from Celery beat, or `manage.py purge_expired [--dry-run]`).

A purged batch stays with its status, counts and summary; its rows
(`integration.import_records`, which hold buyer cities and account data) and its kept
upload go, and the batch records when and after how many days. Only batches that have
stopped are purged; a batch checked but never imported within the period is failed first,
so nothing can be imported from rows that are gone."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from soleflip.lib.formats import format_number

from .models import ImportBatch, ImportRecord, LoginEvent, SystemConfig, User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Period:
    key: str  # the core.system_config key
    default: int  # days, when the Owner has set nothing
    label: str


IMPORT_RECORDS = Period("retention_import_records_days", 365, gettext_lazy("Import rows"))
LOGIN_EVENTS = Period("retention_login_events_days", 180, gettext_lazy("Log-in records"))
MIN_DAYS, MAX_DAYS = 1, 3650
# Rows deleted per statement (and per transaction): a large purge never holds one long lock.
CHUNK = 5000


def retention_days(period: Period) -> int:
    """The period the Owner set, or its default (also for a value out of range)."""
    value = SystemConfig.objects.get_value(period.key)
    try:
        days = int(value)
    except (TypeError, ValueError):
        return period.default
    return days if MIN_DAYS <= days <= MAX_DAYS else period.default


def set_retention_days(*, import_records_days: int, login_events_days: int, by: User) -> None:
    """Store both periods (the Owner's settings page)."""
    periods = ((IMPORT_RECORDS, import_records_days), (LOGIN_EVENTS, login_events_days))
    for period, days in periods:
        if not MIN_DAYS <= days <= MAX_DAYS:
            raise ValueError(
                _("%(what)s: %(days)s days is outside %(min)s–%(max)s.")
                % {"what": period.label, "days": days, "min": MIN_DAYS, "max": MAX_DAYS}
            )
    with transaction.atomic():
        for period, days in periods:
            SystemConfig.objects.set_value(
                period.key,
                str(days),
                description=_("%(what)s are kept this many days.") % {"what": period.label},
            )
    logger.info(
        "Retention set by %s: import rows %s days, log-in records %s days",
        by,
        import_records_days,
        login_events_days,
    )


@dataclass(frozen=True)
class PurgeResult:
    dry_run: bool
    import_records: int
    import_batches: int
    import_records_days: int
    login_events: int
    login_events_days: int

    @property
    def import_records_text(self) -> str:
        n = self.import_records
        return ngettext("%(n)s import row", "%(n)s import rows", n) % {"n": format_number(n)}

    @property
    def import_batches_text(self) -> str:
        n = self.import_batches
        return ngettext("%(n)s import", "%(n)s imports", n) % {"n": format_number(n)}

    @property
    def login_events_text(self) -> str:
        n = self.login_events
        return ngettext("%(n)s log-in record", "%(n)s log-in records", n) % {"n": format_number(n)}

    def __str__(self) -> str:
        counts = {
            "rows": self.import_records_text,
            "batches": self.import_batches_text,
            "row_days": self.import_records_days,
            "logins": self.login_events_text,
            "login_days": self.login_events_days,
        }
        if self.dry_run:
            return (
                _(
                    "Dry run, nothing removed: would purge %(rows)s of %(batches)s (older than "
                    "%(row_days)s days), %(logins)s (older than %(login_days)s days)."
                )
                % counts
            )
        return (
            _(
                "Purged %(rows)s of %(batches)s (older than %(row_days)s days), %(logins)s "
                "(older than %(login_days)s days)."
            )
            % counts
        )


def expired_batches(*, now: datetime, days: int) -> models.QuerySet:
    """Stopped batches that still have rows and ended (or were checked, for a batch never
    imported) more than `days` ago."""
    return (
        ImportBatch.objects.exclude(status__in=ImportBatch.RUNNING)
        .annotate(ended=Coalesce("completed_at", "updated_at"))
        .filter(
            models.Exists(ImportRecord.objects.filter(batch=models.OuterRef("pk"))),
            ended__lt=now - timedelta(days=days),
        )
    )


def expired_login_events(*, now: datetime, days: int) -> models.QuerySet:
    return LoginEvent.objects.filter(created_at__lt=now - timedelta(days=days))


def purge_expired(*, dry_run: bool = False, now: datetime | None = None) -> PurgeResult:
    """Remove the import rows and log-in records older than their retention periods
    (a dry run counts them and removes nothing). Deletes are set-based, CHUNK rows per
    statement; a purge that stops half-way is finished by the next one."""
    now = now or timezone.now()
    record_days, login_days = retention_days(IMPORT_RECORDS), retention_days(LOGIN_EVENTS)
    batch_ids = list(expired_batches(now=now, days=record_days).values_list("pk", flat=True))
    events = expired_login_events(now=now, days=login_days)
    if dry_run:
        return PurgeResult(
            dry_run=True,
            import_records=ImportRecord.objects.filter(batch_id__in=batch_ids).count(),
            import_batches=len(batch_ids),
            import_records_days=record_days,
            login_events=events.count(),
            login_events_days=login_days,
        )
    batch_ids = _stopped(batch_ids, days=record_days)
    # Marked first: a batch keeps its rows until the last step, so a purge that stops
    # half-way selects it again next time.
    ImportBatch.objects.filter(pk__in=batch_ids).update(
        rows_purged_at=now, rows_retention_days=record_days
    )
    _delete_uploads(batch_ids)
    records = _delete_in_chunks(ImportRecord.objects.filter(batch_id__in=batch_ids))
    result = PurgeResult(
        dry_run=False,
        import_records=records,
        import_batches=len(batch_ids),
        import_records_days=record_days,
        login_events=_delete_in_chunks(events),
        login_events_days=login_days,
    )
    logger.info("%s", result)
    return result


def _stopped(batch_ids: list[int], *, days: int) -> list[int]:
    """The batches still stopped, under their row locks (an import that started meanwhile
    holds its batch's lock and is skipped). One still waiting for "Import" is failed
    through its verb first, so a click on it later finds it failed."""
    with transaction.atomic():
        batches = list(
            ImportBatch.objects.select_for_update(skip_locked=True)
            .filter(pk__in=batch_ids)
            .exclude(status__in=ImportBatch.RUNNING)
        )
        for batch in batches:
            if batch.status == ImportBatch.Status.VALIDATED:
                batch.fail(
                    _(
                        "Not imported within %(days)s days; its rows were removed. Upload "
                        "the file again to import it."
                    )
                    % {"days": days}
                )
        return [batch.pk for batch in batches]


def _delete_in_chunks(queryset: models.QuerySet) -> int:
    """DELETE … WHERE id IN (SELECT id … LIMIT CHUNK) until nothing is left; the count."""
    model, total = queryset.model, 0
    while True:
        with transaction.atomic():
            chunk = model.objects.filter(pk__in=queryset.order_by().values("pk")[:CHUNK])
            _, per_model = chunk.delete()
        deleted = per_model.get(model._meta.label, 0)
        total += deleted
        if deleted < CHUNK:
            return total


def _delete_uploads(batch_ids: list[int]) -> None:
    """A kept upload holds the same raw rows: it goes with them."""
    for batch in ImportBatch.objects.filter(pk__in=batch_ids).exclude(file=""):
        batch.file.delete(save=False)
    ImportBatch.objects.filter(pk__in=batch_ids).update(file="")
