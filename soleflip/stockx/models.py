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
from django.utils.translation import gettext_lazy as _

from soleflip.core.fields import EncryptedTextField


class SyncKind(models.TextChoices):
    ORDERS = "orders", _("Orders")
    LISTINGS = "listings", _("Listings")
    CATALOG = "catalog", _("Catalog")


class StockXSync(models.Model):
    kind = models.CharField(
        max_length=20, primary_key=True, choices=SyncKind.choices, verbose_name=_("kind")
    )
    last_started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last started"))
    last_finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last finished"))
    last_success_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last success"))
    succeeded = models.BooleanField(default=False, verbose_name=_("succeeded"))
    items = models.PositiveIntegerField(default=0, verbose_name=_("items"))
    error = models.TextField(blank=True, default="", verbose_name=_("error"))

    class Meta:
        db_table = 'integration"."stockx_sync'
        verbose_name = _("StockX sync")
        verbose_name_plural = _("StockX syncs")

    def __str__(self) -> str:
        return _("%(kind)s sync") % {"kind": self.get_kind_display()}

    @property
    def last_run_at(self):
        return self.last_finished_at or self.last_started_at


class StockXState(models.Model):
    id = models.PositiveSmallIntegerField(primary_key=True, default=1, verbose_name=_("ID"))
    access_token = EncryptedTextField(blank=True, default="", verbose_name=_("access token"))
    token_expires_at = models.DateTimeField(null=True, blank=True, verbose_name=_("token expires"))
    needs_reauth = models.BooleanField(default=False, verbose_name=_("needs re-authorisation"))
    last_error = models.TextField(blank=True, default="", verbose_name=_("last error"))
    last_error_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last error at"))
    next_request_at = models.DateTimeField(null=True, blank=True, verbose_name=_("next request at"))
    budget_day = models.DateField(null=True, blank=True, verbose_name=_("budget day"))
    requests_today = models.PositiveIntegerField(default=0, verbose_name=_("requests today"))
    token_refreshed_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("token refreshed")
    )

    class Meta:
        db_table = 'integration"."stockx_state'
        verbose_name = _("StockX connection state")
        verbose_name_plural = _("StockX connection states")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="stockx_state_single_row")
        ]

    def __str__(self) -> str:
        return str(_("StockX connection"))

    def requests_on(self, day) -> int:
        """Requests counted on `day` (a UTC date); 0 when the counter belongs to another day."""
        return self.requests_today if self.budget_day == day else 0
