"""Cross-cutting models: users, encrypted settings and import batches.

Tables: `core.user`, `core.system_config`, `integration.import_batches`,
`integration.import_records`. They live in PostgreSQL schemas via db_table
(`'schema"."table'`), which the soleflip.db backend keeps correct in later migrations.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from soleflip.lib.formats import format_datetime
from soleflip.lib.rows import ImportFileError, RowError, too_large

from .fields import EncryptedTextField


class User(AbstractUser):
    """Staff login. Roles are the groups Owner, Staff and Viewer. `language` is the
    user's choice in the profile menu (German unless English is chosen)."""

    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="de"
    )

    class Meta(AbstractUser.Meta):
        db_table = 'core"."user'
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")


class SystemConfigQuerySet(models.QuerySet):
    def get_value(self, key: str, default: str | None = None) -> str | None:
        row = self.filter(key=key).first()
        return row.value if row else default

    def set_value(self, key: str, value: str, description: str = "") -> "SystemConfig":
        row, _created = self.update_or_create(
            key=key, defaults={"value": value, "description": description}
        )
        return row


class SystemConfig(models.Model):
    """An application secret or setting, encrypted with FIELD_ENCRYPTION_KEY
    (table `core.system_config`)."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    value = EncryptedTextField(_("value"), db_column="value_encrypted")
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SystemConfigQuerySet.as_manager()

    class Meta:
        db_table = 'core"."system_config'
        verbose_name = _("system setting")
        verbose_name_plural = _("system settings")

    def __str__(self) -> str:
        return self.key


class ImportBatchQuerySet(models.QuerySet):
    def running(self) -> "ImportBatchQuerySet":
        return self.filter(status__in=ImportBatch.RUNNING)

    def expire_stale(self) -> int:
        """Fail the running batches whose worker is gone: no progress for
        IMPORT_STALE_AFTER seconds (SYNC_STALE_AFTER for the StockX API syncs, which read
        for a long time between two words to the batch) and no transaction working on
        them (a commit holds the batch's row lock until it ends, so a long import is never
        taken for dead). Returns how many were failed."""
        now = timezone.now()
        files = now - timedelta(seconds=settings.IMPORT_STALE_AFTER)
        syncs = now - timedelta(seconds=settings.SYNC_STALE_AFTER)
        expired = 0
        with transaction.atomic():
            stale = self.running().filter(
                models.Q(source_type__in=ImportBatch.SYNC_SOURCES, updated_at__lt=syncs)
                | (
                    ~models.Q(source_type__in=ImportBatch.SYNC_SOURCES)
                    & models.Q(updated_at__lt=files)
                )
            )
            for batch in stale.select_for_update(skip_locked=True):
                # A check cut off half-way left part of the rows: none of them count.
                batch.records.all().delete()
                batch.fail(batch.stale_reason())
                expired += 1
        return expired


class ImportBatch(models.Model):
    """One import run: a file upload, a command run or an API sync
    (table `integration.import_batches`).

    Its status moves only through the verbs below (start, report_progress, mark_checked,
    finish, fail), each of which writes the fields that belong together:

        pending -> validating -> validated -> importing -> completed
        (any running state) -> failed;   failed -> validating (run again)
    API syncs go straight from pending to importing."""

    class Source(models.TextChoices):
        STOCKX_SALES_REPORT = "stockx_sales_report", _("StockX sales report")
        PURCHASES = "purchases", _("Purchases CSV")
        SUPPLIER_ACCOUNTS = "supplier_accounts", _("Supplier accounts CSV")
        MARKETPLACE_SALES = "marketplace_sales", _("Marketplace sales export")
        STOCKX_ORDERS = "stockx_orders", _("StockX API orders")
        STOCKX_LISTINGS = "stockx_listings", _("StockX API listings")
        STOCKX_CATALOG = "stockx_catalog", _("StockX API catalog")
        RETAILER_FEED = "retailer_feed", _("Retailer feed")
        DEMO = "demo", _("Demo data")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        VALIDATING = "validating", _("Validating")
        VALIDATED = "validated", _("Ready to import")
        IMPORTING = "importing", _("Importing")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", pgettext_lazy("import", "Cancelled")

    RUNNING = (Status.PENDING, Status.VALIDATING, Status.IMPORTING)
    SYNC_SOURCES = (Source.STOCKX_ORDERS, Source.STOCKX_LISTINGS, Source.STOCKX_CATALOG)
    # Which status each verb may start from.
    _STARTS_FROM = {
        Status.VALIDATING: (Status.PENDING, Status.VALIDATING, Status.FAILED),
        Status.IMPORTING: (Status.PENDING, Status.VALIDATED, Status.IMPORTING),
    }

    source_type = models.CharField(_("source"), max_length=50, choices=Source.choices)
    source_file = models.CharField(_("file name"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    total_records = models.PositiveIntegerField(_("rows"), default=0)
    processed_records = models.PositiveIntegerField(_("rows processed"), default=0)
    error_records = models.PositiveIntegerField(_("invalid rows"), default=0)
    created_records = models.PositiveIntegerField(_("created"), default=0)
    updated_records = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_records = models.PositiveIntegerField(_("unchanged"), default=0)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    # Upload-form choices besides the file (e.g. which supplier a list name means).
    options = models.JSONField(_("options"), default=dict, blank=True)
    # The file's header, kept once when its rows keep their raw values as a list in this
    # order (a StockX report: 44 names that would otherwise be repeated in every row).
    columns = models.JSONField(_("columns"), default=list, blank=True)
    error_message = models.TextField(_("error message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set by the retention purge (soleflip/core/retention.py) when the batch's rows were
    # removed after `rows_retention_days`; the batch and its counts and summary stay.
    rows_purged_at = models.DateTimeField(_("rows purged"), null=True, blank=True)
    rows_retention_days = models.PositiveIntegerField(_("rows kept (days)"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        db_table = 'integration"."import_batches'
        ordering = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed_records__lte=models.F("total_records")),
                name="import_batch_processed_lte_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_type_display()} #{self.pk}"

    @classmethod
    def from_path(cls, path, *, source_type: str, **fields) -> "ImportBatch":
        """A saved batch holding a copy of a local file (commands and tests). A file over
        the upload limit is refused before anything is copied (ImportFileError)."""
        from django.core.files import File

        size, limit = path.stat().st_size, settings.IMPORT_MAX_UPLOAD_BYTES
        if size > limit:
            raise ImportFileError(too_large(size, limit))
        batch = cls(source_type=source_type, source_file=path.name[:255], **fields)
        with path.open("rb") as handle:
            batch.file.save(path.name, File(handle), save=False)
        batch.save()
        return batch

    # -- the verbs: nothing else sets a batch's status ----------------------------------

    def start(self, phase: str) -> None:
        """Begin checking (VALIDATING) or writing (IMPORTING). A failed batch may be
        checked again; its earlier error is cleared."""
        allowed = self._STARTS_FROM[phase]
        if self.status not in allowed:
            refusal = (
                _("The status of this import is “%(status)s”; it cannot be checked now.")
                if phase == self.Status.VALIDATING
                else _("The status of this import is “%(status)s”; it cannot be imported now.")
            )
            raise BatchStateError(refusal % {"status": self.get_status_display()})
        self.status, self.error_message = phase, ""
        self.started_at = self.started_at or timezone.now()
        self.completed_at = None
        self.save(
            update_fields=["status", "error_message", "started_at", "completed_at", "updated_at"]
        )

    def claim_import(self, *, skip_invalid: bool) -> bool:
        """The "Import" button: move a checked batch on to importing, once. A double click
        or a second person finds it claimed and starts nothing (False)."""
        claimed = ImportBatch.objects.filter(pk=self.pk, status=self.Status.VALIDATED).update(
            status=self.Status.IMPORTING, skip_invalid=skip_invalid, updated_at=timezone.now()
        )
        self.refresh_from_db()
        return bool(claimed)

    def requeue(self) -> bool:
        """ "Run again" on a failed batch: back to pending, once (False if someone else
        already did, or the batch has not failed)."""
        requeued = ImportBatch.objects.filter(pk=self.pk, status=self.Status.FAILED).update(
            status=self.Status.PENDING, error_message="", updated_at=timezone.now()
        )
        self.refresh_from_db()
        return bool(requeued)

    def report_progress(self, processed: int, total: int) -> None:
        """Rows done so far, for the progress bar; also the worker's heartbeat."""
        total = max(processed, total)
        ImportBatch.objects.filter(pk=self.pk).update(
            processed_records=processed, total_records=total, updated_at=timezone.now()
        )
        self.processed_records, self.total_records = processed, total

    def mark_checked(self, *, rows: int, rejected: int, summary: dict) -> None:
        """The file is checked; the preview waits for "Import"."""
        self._set(self.Status.VALIDATED, rows=rows, rejected=rejected, summary=summary)

    def finish(
        self,
        *,
        rows: int,
        rejected: int,
        summary: dict,
        created: int = 0,
        updated: int = 0,
        unchanged: int = 0,
        note: str = "",
    ) -> None:
        """Everything is written. `note` is a message to show beside the result (e.g.
        items of a sync that could not be used)."""
        self.created_records, self.updated_records = created, updated
        self.unchanged_records = unchanged
        self._set(self.Status.COMPLETED, rows=rows, rejected=rejected, summary=summary, error=note)

    def fail(
        self,
        reason: str,
        *,
        rows: int | None = None,
        rejected: int | None = None,
        summary: dict | None = None,
    ) -> None:
        """Nothing was written; `reason` says why (shown on the batch)."""
        self._set(
            self.Status.FAILED,
            rows=self.total_records if rows is None else rows,
            rejected=self.error_records if rejected is None else rejected,
            summary=self.summary if summary is None else summary,
            error=reason,
        )

    def _set(self, status: str, *, rows: int, rejected: int, summary: dict, error: str = ""):
        self.status, self.error_message, self.summary = status, error, summary
        self.total_records = self.processed_records = rows
        self.error_records = rejected
        if status in (self.Status.COMPLETED, self.Status.FAILED):
            self.completed_at = timezone.now()
        self.save()

    # -- reading -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def language(self) -> str:
        """The language its reasons and row errors are written in (they are stored as
        text): the uploader's; a command's or a sync's batch is German."""
        user = self.created_by
        return user.language if user else settings.LANGUAGE_CODE

    def stale_reason(self) -> str:
        since = format_datetime(self.updated_at)
        if self.status == self.Status.PENDING:
            return _(
                "No worker started this import (waiting since %(since)s); is the Celery "
                "worker running? Nothing was written; run it again."
            ) % {"since": since}
        return _(
            "The worker stopped (status: %(status)s; no progress since %(since)s). Nothing "
            "was written; run it again."
        ) % {"status": self.get_status_display(), "since": since}

    def expire_if_stale(self) -> bool:
        """Fail this batch if its worker is gone (see ImportBatchQuerySet.expire_stale)."""
        if not self.running:
            return False
        expired = ImportBatch.objects.filter(pk=self.pk).expire_stale()
        if expired:
            self.refresh_from_db()
        return bool(expired)

    @property
    def progress_percent(self) -> int:
        if not self.total_records:
            return 0
        return min(100, round(self.processed_records * 100 / self.total_records))

    def rejected_records(self):
        return self.records.filter(status=ImportRecord.Status.REJECTED).order_by("line_number")[
            :100
        ]

    def row_errors(self, limit: int = 100) -> list[RowError]:
        """The first `limit` errors of the rejected rows, in line order."""
        errors = []
        for record in self.rejected_records():
            errors.extend(record.errors)
            if len(errors) >= limit:
                break
        return errors[:limit]


class BatchStateError(Exception):
    """A verb was asked of a batch in a status that does not allow it."""


class ImportRecord(models.Model):
    """One source row of a batch: raw values, parsed values, outcome and errors
    (table `integration.import_records`)."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        UNCHANGED = "unchanged", _("Unchanged")
        REJECTED = "rejected", _("Rejected")
        # A StockX catalog match too weak to apply: someone has to look at it.
        REVIEW = "review", _("Needs review")

    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import batch"),
        on_delete=models.CASCADE,
        related_name="records",
        db_index=False,  # the unique (batch, line_number) index serves it
    )
    line_number = models.PositiveIntegerField(_("line"))
    source_data = models.JSONField(_("raw values"))
    processed_data = models.JSONField(_("parsed values"), null=True, blank=True)
    status = models.CharField(_("outcome"), max_length=20, choices=Status.choices)
    validation_errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = 'integration"."import_records'
        ordering = ["batch", "line_number"]
        verbose_name = _("import row")
        verbose_name_plural = _("import rows")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "line_number"], name="import_record_batch_line_uniq"
            ),
        ]

    def __str__(self) -> str:
        return _("line %(line)s (%(status)s)") % {
            "line": self.line_number,
            "status": self.get_status_display(),
        }

    @property
    def errors(self) -> list[RowError]:
        return [RowError.from_dict(e) for e in self.validation_errors]

    @property
    def raw(self) -> dict:
        """The raw values by column. A batch with `columns` keeps each row's values as a
        list in the header's order; cells beyond the header are named by position."""
        if not isinstance(self.source_data, list):
            return self.source_data
        names = self.batch.columns
        return {
            (names[i] if i < len(names) else f"({i + 1})"): value
            for i, value in enumerate(self.source_data)
        }


class LoginEvent(models.Model):
    """A log-in or failed log-in (table `core.login_event`); never holds a password."""

    username = models.CharField(_("username"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    success = models.BooleanField(_("successful"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        db_table = 'core"."login_event'
        ordering = ["-created_at"]
        verbose_name = _("log-in")
        verbose_name_plural = _("log-ins")
        indexes = [
            models.Index(fields=["username", "created_at"], name="login_event_username_time"),
            models.Index(fields=["ip_address", "created_at"], name="login_event_ip_time"),
        ]

    def __str__(self) -> str:
        if self.success:
            return _("log-in %(username)s") % {"username": self.username}
        return _("failed log-in %(username)s") % {"username": self.username}
