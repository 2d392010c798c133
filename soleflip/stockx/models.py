"""State of the StockX connection that every process must share.

Tables live in the `integration` schema:
- `integration.stockx_state`: exactly one row (id 1) with the cached access token, the
  re-authorisation flag, the last error, the next moment a request may start (the
  cross-process 1 request/second limiter) and today's request count (the daily budget).
  The client writes it through its own autocommit connection (see connection.py), so a
  caller's transaction neither holds its lock nor rolls its counts back.
- `integration.stockx_sync`: one row per sync kind (orders, listings, catalog) with the
  last run; written by the syncs in their own transaction via `connection.record_sync()`.

The credentials themselves are in `core.system_config` (encrypted)."""

from django.db import models

from soleflip.core.fields import EncryptedTextField


class SyncKind(models.TextChoices):
    ORDERS = "orders", "Orders"
    LISTINGS = "listings", "Listings"
    CATALOG = "catalog", "Catalog"


class StockXSync(models.Model):
    kind = models.CharField(max_length=20, primary_key=True, choices=SyncKind.choices)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    items = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")

    class Meta:
        db_table = 'integration"."stockx_sync'
        verbose_name = "StockX sync"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} sync"

    @property
    def last_run_at(self):
        return self.last_finished_at or self.last_started_at


class StockXState(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    access_token = EncryptedTextField(blank=True, default="")
    token_expires_at = models.DateTimeField(null=True, blank=True)
    needs_reauth = models.BooleanField(default=False)
    last_error = models.TextField(blank=True, default="")
    last_error_at = models.DateTimeField(null=True, blank=True)
    next_request_at = models.DateTimeField(null=True, blank=True)
    budget_day = models.DateField(null=True, blank=True)
    requests_today = models.PositiveIntegerField(default=0)
    token_refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = 'integration"."stockx_state'
        verbose_name = "StockX connection state"
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="stockx_state_single_row")
        ]

    def __str__(self) -> str:
        return "StockX connection"

    def requests_on(self, day) -> int:
        """Requests counted on `day` (a UTC date); 0 when the counter belongs to another day."""
        return self.requests_today if self.budget_day == day else 0
