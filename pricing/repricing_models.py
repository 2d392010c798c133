"""Repricing: the checked state of every live ask (`AskCheck`) and the runs that change ask
prices in bulk (`RepricingRun`, one `RepricingItem` per ask). pricing/repricing.py does
the work; these models keep what it found and did.

Tables: `pricing.ask_checks`, `pricing.repricing_runs`, `pricing.repricing_items`.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inventory.models import StockItem
from sales.models import Listing, Marketplace
from soleflip.core.fields import MoneyField


class AskCheck(models.Model):
    """A live ask against its pair's floor and the market, as of `checked_at`: what the
    repricing page filters and counts on without working out every floor per request.
    Refreshed by the task pricing.check_asks (every 30 minutes, after each market-data
    run and after each repricing run); the page recomputes the rows it shows."""

    listing = models.OneToOneField(
        Listing,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="ask_check",
        verbose_name=_("ask"),
    )
    floor = MoneyField(null=True, blank=True, verbose_name=_("floor"))
    lowest_ask = MoneyField(null=True, blank=True, verbose_name=_("lowest ask"))
    recommended = MoneyField(null=True, blank=True, verbose_name=_("recommended"))
    checked_at = models.DateTimeField(verbose_name=_("checked"))

    class Meta:
        db_table = 'pricing"."ask_checks'
        verbose_name = _("ask check")
        verbose_name_plural = _("ask checks")

    def __str__(self) -> str:
        return str(self.listing)


class RepricingRunQuerySet(models.QuerySet):
    def running(self) -> "RepricingRunQuerySet":
        return self.filter(status__in=(RepricingRun.Status.PENDING, RepricingRun.Status.RUNNING))


class RepricingRun(models.Model):
    """Ask prices changed in one go: chosen on the repricing page, or by an automatic
    rule. Its items say per ask what happened; the page polls it for the progress bar."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        STOPPED = "stopped", _("Stopped")
        FAILED = "failed", _("Failed")

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    rule = models.ForeignKey(
        "pricing.PriceRule",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
        verbose_name=_("automatic rule"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    language = models.CharField(max_length=10, default="de", verbose_name=_("language"))
    total = models.PositiveIntegerField(default=0, verbose_name=_("asks"))
    done = models.PositiveIntegerField(default=0, verbose_name=_("done"))
    error_message = models.TextField(blank=True, verbose_name=_("error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))

    objects = RepricingRunQuerySet.as_manager()

    class Meta:
        db_table = 'pricing"."repricing_runs'
        ordering = ["-created_at"]
        verbose_name = _("repricing run")
        verbose_name_plural = _("repricing runs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def stalled(self) -> bool:
        """Still marked running, but nothing has moved for EXPORT_STALE_AFTER seconds: its
        worker is gone (it can be resumed: done items stay done)."""
        if not self.running:
            return False
        last = self.items.aggregate(at=Max("updated_at"))["at"] or self.created_at
        last = max(last, self.started_at or self.created_at)
        return timezone.now() - last > timedelta(seconds=settings.EXPORT_STALE_AFTER)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def counts(self) -> dict[str, int]:
        """Items per outcome, every outcome present."""
        found = dict(
            self.items.order_by()
            .values_list("outcome")
            .annotate(n=Count("pk"))
            .values_list("outcome", "n")
        )
        return {outcome: found.get(outcome, 0) for outcome in RepricingItem.Outcome.values}

    def start(self) -> None:
        self.status, self.started_at = self.Status.RUNNING, timezone.now()
        self.save(update_fields=["status", "started_at"])

    def count_done(self) -> None:
        """The progress bar's count: items no longer waiting."""
        self.done = self.items.exclude(outcome=RepricingItem.Outcome.PENDING).count()
        self.save(update_fields=["done"])

    def fail(self, reason: str) -> None:
        """The run could not go on (e.g. no broker); what is done stays done."""
        self.finish(self.Status.FAILED, reason)

    def finish(self, status: str, error: str = "") -> None:
        self.status, self.error_message, self.finished_at = status, error, timezone.now()
        self.done = self.items.exclude(outcome=RepricingItem.Outcome.PENDING).count()
        self.save(update_fields=["status", "error_message", "finished_at", "done"])


class RepricingItem(models.Model):
    """One ask of a run: its old and new price, why, and what the marketplace said."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("waiting")
        CHANGED = "changed", _("changed")
        REFUSED = "refused", _("refused")
        NOT_CHANGED = "not_changed", _("not changed")
        UNKNOWN = "unknown", _("unknown")
        NOT_SENT = "not_sent", _("not sent")

    run = models.ForeignKey(
        RepricingRun, on_delete=models.CASCADE, related_name="items", verbose_name=_("run")
    )
    listing = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="+", verbose_name=_("ask")
    )
    inventory_item = models.ForeignKey(
        StockItem, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("pair")
    )
    marketplace = models.ForeignKey(
        Marketplace, on_delete=models.PROTECT, related_name="+", verbose_name=_("marketplace")
    )
    old_amount = MoneyField(verbose_name=_("old price"))
    new_amount = MoneyField(verbose_name=_("new price"))
    floor = MoneyField(null=True, blank=True, verbose_name=_("floor"))
    reason = models.CharField(max_length=255, verbose_name=_("reason"))
    outcome = models.CharField(
        max_length=12, choices=Outcome.choices, default=Outcome.PENDING, verbose_name=_("outcome")
    )
    message = models.TextField(blank=True, verbose_name=_("message"))
    stockx_batch_id = models.CharField(max_length=100, blank=True, verbose_name=_("StockX batch"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        db_table = 'pricing"."repricing_items'
        ordering = ["pk"]
        verbose_name = _("repriced ask")
        verbose_name_plural = _("repriced asks")
        constraints = [
            models.UniqueConstraint(fields=["run", "listing"], name="repricing_item_once"),
            models.CheckConstraint(
                condition=Q(new_amount__gt=0), name="repricing_item_new_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing} {self.old_amount} → {self.new_amount}"
