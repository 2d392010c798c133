"""Cross-cutting models: users, encrypted settings and import batches.

Tables: `core.user`, `core.system_config`, `integration.import_batches`,
`integration.import_records`. They live in PostgreSQL schemas via db_table
(`'schema"."table'`), which the soleflip.db backend keeps correct in later migrations.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from .fields import EncryptedTextField


class User(AbstractUser):
    """Staff login. Roles are the groups Owner, Staff and Viewer."""

    class Meta(AbstractUser.Meta):
        db_table = 'core"."user'
        swappable = "AUTH_USER_MODEL"


class SystemConfigQuerySet(models.QuerySet):
    def get_value(self, key: str, default: str | None = None) -> str | None:
        row = self.filter(key=key).first()
        return row.value if row else default

    def set_value(self, key: str, value: str, description: str = "") -> "SystemConfig":
        row, _ = self.update_or_create(
            key=key, defaults={"value": value, "description": description}
        )
        return row


class SystemConfig(models.Model):
    """An application secret or setting, encrypted with FIELD_ENCRYPTION_KEY
    (table `core.system_config`)."""

    key = models.CharField(max_length=100, unique=True)
    value = EncryptedTextField(db_column="value_encrypted")
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SystemConfigQuerySet.as_manager()

    class Meta:
        db_table = 'core"."system_config'
        verbose_name = "system setting"

    def __str__(self) -> str:
        return self.key


class ImportBatch(models.Model):
    """One import run: a file upload, a command run or an API sync
    (table `integration.import_batches`)."""

    class Source(models.TextChoices):
        STOCKX_SALES_REPORT = "stockx_sales_report", "StockX sales report"
        PURCHASES = "purchases", "Purchases CSV"
        SUPPLIER_ACCOUNTS = "supplier_accounts", "Supplier accounts CSV"
        STOCKX_ORDERS = "stockx_orders", "StockX API orders"
        STOCKX_LISTINGS = "stockx_listings", "StockX API listings"
        STOCKX_CATALOG = "stockx_catalog", "StockX API catalog"
        DEMO = "demo", "Demo data"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        VALIDATING = "validating", "Validating"
        VALIDATED = "validated", "Ready to import"
        IMPORTING = "importing", "Importing"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    source_type = models.CharField(max_length=50, choices=Source.choices)
    source_file = models.CharField(max_length=255, blank=True)
    file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    dry_run = models.BooleanField(default=False)
    skip_invalid = models.BooleanField(default=False)
    total_records = models.PositiveIntegerField(default=0)
    processed_records = models.PositiveIntegerField(default=0)
    error_records = models.PositiveIntegerField(default=0)
    created_records = models.PositiveIntegerField(default=0)
    updated_records = models.PositiveIntegerField(default=0)
    unchanged_records = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    error_message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = 'integration"."import_batches'
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"
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
        """A saved batch holding a copy of a local file (commands and tests)."""
        from django.core.files import File

        batch = cls(source_type=source_type, source_file=path.name[:255], **fields)
        with path.open("rb") as handle:
            batch.file.save(path.name, File(handle), save=False)
        batch.save()
        return batch

    @property
    def progress_percent(self) -> int:
        if not self.total_records:
            return 0
        return min(100, round(self.processed_records * 100 / self.total_records))

    def rejected_records(self):
        return self.records.filter(status=ImportRecord.Status.REJECTED).order_by("line_number")[
            :100
        ]


class ImportRecord(models.Model):
    """One source row of a batch: raw values, parsed values, outcome and errors
    (table `integration.import_records`)."""

    class Status(models.TextChoices):
        VALID = "valid", "Valid"
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        UNCHANGED = "unchanged", "Unchanged"
        REJECTED = "rejected", "Rejected"
        # A StockX catalog match too weak to apply: someone has to look at it.
        REVIEW = "review", "Needs review"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    line_number = models.PositiveIntegerField()
    source_data = models.JSONField()
    processed_data = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    validation_errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = 'integration"."import_records'
        ordering = ["batch", "line_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "line_number"], name="import_record_batch_line_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"line {self.line_number} ({self.status})"


class LoginEvent(models.Model):
    """A log-in or failed log-in (table `core.login_event`); never holds a password."""

    username = models.CharField(max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    success = models.BooleanField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = 'core"."login_event'
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["username", "created_at"], name="login_event_username_time"),
            models.Index(fields=["ip_address", "created_at"], name="login_event_ip_time"),
        ]

    def __str__(self) -> str:
        return f"{'log-in' if self.success else 'failed log-in'} {self.username}"
