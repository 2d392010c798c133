"""Sales: marketplaces with their dated fee rules, listings (asks) and orders with the
full fee and payout breakdown.

Tables: `platform.marketplace`, `platform.marketplace_fee_structure`, `sales.listing`,
`sales.order`, and `sales.export_job` (the accountant export's workbooks).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.files import File
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inventory.models import StockItem
from soleflip.core.fields import (
    CurrencyField,
    MoneyField,
    currency_check,
    non_negative,
    plausible_date,
)
from soleflip.lib.formats import format_date, format_datetime
from soleflip.lib.money import GERMAN_VAT

from . import profit

# A label with the German VAT rate in it, translated when it is shown.
_with_rate = lazy(lambda text: str(text) % {"rate": GERMAN_VAT, "gross": 100 + GERMAN_VAT}, str)


class Marketplace(models.Model):
    class OutputVat(models.TextChoices):
        # StockX buys from the seller (intra-EU supply or export): no German output VAT.
        NONE = "none", _("No output VAT (intra-EU supply / export)")
        DOMESTIC = "domestic", _with_rate(_("%(rate)s %% included in the price"))
        MARGIN = (
            "margin",
            _with_rate(_("Margin scheme (%(rate)s/%(gross)s of a positive margin)")),
        )

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    active = models.BooleanField(_("active"), default=True)
    website = models.URLField(_("website"), blank=True)
    output_vat = models.CharField(
        _("output VAT"), max_length=20, choices=OutputVat.choices, default=OutputVat.NONE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("marketplace")
        verbose_name_plural = _("marketplaces")
        db_table = 'platform"."marketplace'
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(output_vat__in=["none", "domestic", "margin"]),
                name="marketplace_output_vat_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FeeRule(models.Model):
    """A dated fee rule of a marketplace (table `platform.marketplace_fee_structure`):
    `percentage` of the sale price plus `fixed_amount`, at least `minimum_amount`; for one
    seller level or all (NULL). Old sales keep the rule that was effective on their date."""

    class FeeType(models.TextChoices):
        TRANSACTION = "transaction", _("Transaction fee")
        PAYMENT_PROCESSING = "payment_processing", _("Payment processing")
        SHIPPING = "shipping", _("Shipping")
        CASH_OUT = "cash_out", _("Cash-out")
        CUSTOM = "custom", _("Other")

    marketplace = models.ForeignKey(
        Marketplace,
        on_delete=models.CASCADE,
        related_name="fee_rules",
        verbose_name=_("marketplace"),
    )
    fee_type = models.CharField(_("fee type"), max_length=30, choices=FeeType.choices)
    seller_level = models.PositiveSmallIntegerField(_("seller level"), null=True, blank=True)
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=6,
        decimal_places=3,
        default=0,
        help_text=_("Percent of the sale price, e.g. 9.000"),
    )
    fixed_amount = MoneyField(_("fixed amount"), default=0)
    minimum_amount = MoneyField(_("minimum amount"), null=True, blank=True)
    currency = CurrencyField(_("currency"))
    effective_from = models.DateField(_("effective from"))
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    notes = models.CharField(
        _("notes"), max_length=255, blank=True, help_text=_("Source of the figure and its date")
    )
    is_estimate = models.BooleanField(
        _("estimate"),
        default=False,
        help_text=_("The figure is not confirmed by the marketplace; quotes say so"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("fee rule")
        verbose_name_plural = _("fee rules")
        db_table = 'platform"."marketplace_fee_structure'
        ordering = ["marketplace", "fee_type", "seller_level", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percentage__gte=0, percentage__lte=100),
                name="fee_rule_percentage_range",
            ),
            non_negative("fixed_amount", "fee_rule_fixed_non_negative"),
            non_negative("minimum_amount", "fee_rule_minimum_non_negative"),
            models.CheckConstraint(
                condition=models.Q(effective_until__isnull=True)
                | models.Q(effective_until__gte=models.F("effective_from")),
                name="fee_rule_dates_ordered",
            ),
            currency_check("currency", "fee_rule_currency_iso"),
        ]

    def __str__(self) -> str:
        level = f" L{self.seller_level}" if self.seller_level else ""
        return gettext("%(marketplace)s %(fee)s%(level)s from %(date)s") % {
            "marketplace": self.marketplace,
            "fee": self.get_fee_type_display(),
            "level": level,
            "date": format_date(self.effective_from),
        }


class ListingStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    MATCHED = "matched", _("Matched")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    DELETED = "deleted", _("Deleted")
    FAILED = "failed", _("Failed")


# An ask that is (or may become) up on the marketplace: it holds its pair.
LIVE_LISTING_STATUSES = (ListingStatus.ACTIVE, ListingStatus.INACTIVE, ListingStatus.PENDING)


class Listing(models.Model):
    """An ask on a marketplace for one pair (table `sales.listing`)."""

    Status = ListingStatus

    inventory_item = models.ForeignKey(
        StockItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listings",
        verbose_name=_("pair"),
    )
    marketplace = models.ForeignKey(
        Marketplace, on_delete=models.PROTECT, verbose_name=_("marketplace")
    )
    external_id = models.CharField(_("listing ID"), max_length=100)
    status = models.CharField(_("status"), max_length=20, choices=ListingStatus.choices)
    amount = MoneyField(_("ask"))
    currency = CurrencyField(_("currency"))
    inventory_type = models.CharField(_("inventory type"), max_length=30, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    listed_at = models.DateTimeField(_("listed"), null=True, blank=True)
    # When the ask's price last changed (pricing.price_history has each change); empty:
    # unchanged since it was listed.
    price_set_at = models.DateTimeField(_("price set"), null=True, blank=True)
    raw_data = models.JSONField(_("raw data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        db_table = 'sales"."listing'
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["inventory_item", "status"], name="listing_item_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["marketplace", "external_id"], name="listing_marketplace_external_uniq"
            ),
            non_negative("amount", "listing_amount_non_negative"),
            currency_check("currency", "listing_currency_iso"),
            models.CheckConstraint(
                condition=models.Q(status__in=ListingStatus.values),
                name="listing_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(marketplace)s ask %(id)s") % {
            "marketplace": self.marketplace,
            "id": self.external_id,
        }


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    AUTHENTICATING = "authenticating", _("Authenticating")
    SHIPPED = "shipped", _("Shipped")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    RETURNED = "returned", _("Returned")


class OrderQuerySet(models.QuerySet):
    def cost_missing(self) -> "OrderQuerySet":
        """Orders whose pair has no known purchase cost (or no pair at all)."""
        return self.filter(
            models.Q(inventory_item__isnull=True)
            | models.Q(inventory_item__purchase_price__isnull=True)
        )

    def cost_known(self) -> "OrderQuerySet":
        return self.filter(inventory_item__purchase_price__isnull=False)


class Order(models.Model):
    """A sale on a marketplace (table `sales.order`), with the full money breakdown:

    gross_sale (listing/sale price) − platform_fee − payment_fee − shipping_cost
    = net_proceeds (the payout). Profit fields are filled when the pair's cost is known;
    `roi` is a fraction (0.25 = 25 %)."""

    Status = OrderStatus

    marketplace = models.ForeignKey(  # indexed by order_marketplace_sold_at (and the uniq)
        Marketplace,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("marketplace"),
        db_index=False,
    )
    external_id = models.CharField(_("order number"), max_length=200)
    stockx_order_number = models.CharField(  # noqa: DJ001
        _("StockX order number"), max_length=100, null=True, blank=True
    )
    inventory_item = models.ForeignKey(
        StockItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        verbose_name=_("pair"),
    )
    listing = models.ForeignKey(
        Listing,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        verbose_name=_("listing"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.COMPLETED
    )
    sold_at = models.DateTimeField(_("sold"), null=True, blank=True)
    currency_code = CurrencyField(_("currency"))
    gross_sale = MoneyField(_("sale price"), null=True, blank=True)
    platform_fee = MoneyField(_("platform fee"), null=True, blank=True)
    payment_fee = MoneyField(_("payment processing"), null=True, blank=True)
    # StockX reports small negative shipping adjustments, so no sign check here.
    shipping_cost = MoneyField(_("shipping"), null=True, blank=True)
    net_proceeds = MoneyField(_("payout"), null=True, blank=True)
    output_vat = MoneyField(_("output VAT"), null=True, blank=True)
    gross_profit = MoneyField(_("gross profit"), null=True, blank=True)
    net_profit = MoneyField(_("net profit"), null=True, blank=True)
    roi = models.DecimalField(_("ROI"), max_digits=10, decimal_places=4, null=True, blank=True)
    shelf_life_days = models.IntegerField(_("days to sell"), null=True, blank=True)
    payout_received = models.BooleanField(_("payout received"), default=False)
    payout_date = models.DateTimeField(_("payout date"), null=True, blank=True)
    payout_reference = models.CharField(_("payout reference"), max_length=100, blank=True)
    payout_amount_received = MoneyField(_("amount received"), null=True, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=100, blank=True)
    buyer_destination_country = models.CharField(_("buyer country"), max_length=100, blank=True)
    buyer_destination_city = models.CharField(_("buyer city"), max_length=200, blank=True)
    # The import row the order was last written from, which holds the report's raw row
    # (kept once, there); raw_data holds what the API sent for an order synced from it.
    # Kept by the app, not by a database constraint or index (the rows are purged with the
    # ORM, which empties the pointer, a scan per 5,000 purged rows): an import of 100,000
    # orders pays no key check and no index entry per order.
    source_record = models.ForeignKey(
        "core.ImportRecord",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("import row"),
        db_constraint=False,
        db_index=False,
    )
    raw_data = models.JSONField(_("raw data"), default=dict, blank=True)
    platform_specific_data = models.JSONField(
        _("marketplace-specific data"), default=dict, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        db_table = 'sales"."order'
        ordering = ["-sold_at", "-id"]
        indexes = [
            models.Index(fields=["marketplace", "sold_at"], name="order_marketplace_sold_at"),
            models.Index(fields=["sold_at"], name="order_sold_at_idx"),
            models.Index(fields=["payout_reference"], name="order_payout_reference_idx"),
            models.Index(fields=["net_profit"], name="order_net_profit_idx"),
            models.Index(
                models.F("net_profit").desc(nulls_last=True),
                models.F("id").desc(),
                name="order_net_profit_desc_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["marketplace", "external_id"], name="order_marketplace_external_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OrderStatus.values),
                name="order_status_valid",
            ),
            non_negative("gross_sale", "order_gross_sale_non_negative"),
            non_negative("platform_fee", "order_platform_fee_non_negative"),
            non_negative("payment_fee", "order_payment_fee_non_negative"),
            non_negative("net_proceeds", "order_net_proceeds_non_negative"),
            non_negative("output_vat", "order_output_vat_non_negative"),
            non_negative("payout_amount_received", "order_payout_received_non_negative"),
            currency_check("currency_code", "order_currency_iso"),
            plausible_date("sold_at", "order_sold_at_plausible", with_time=True),
            plausible_date("payout_date", "order_payout_date_plausible", with_time=True),
        ]

    def __str__(self) -> str:
        return f"{self.marketplace} {self.external_id}"

    @property
    def import_row(self):
        """The import row the order was last written from, or None (an API order, or the
        rows purged by retention; also a row deleted behind the ORM's back)."""
        try:
            return self.source_record
        except ObjectDoesNotExist:
            return None

    def raw_row(self) -> dict:
        """The row as the marketplace gave it: the import row the order was written from,
        else what the API sent; empty once the import rows have been purged (retention)."""
        record = self.import_row
        return record.raw if record is not None else self.raw_data

    @property
    def cost_basis(self):
        """The sold pair's cost for profit (sales/profit.py); None while unknown."""
        item = self.inventory_item
        if item is None:
            return None
        return profit.cost_basis(
            tax_scheme=item.tax_scheme,
            net_price=item.purchase_price,
            gross_price=item.gross_purchase_price,
        )

    @property
    def profit_per_day(self):
        if self.net_profit is None:
            return None
        return profit.profit_per_day(self.net_profit, self.shelf_life_days)

    @property
    def fees_total(self):
        parts = [self.platform_fee, self.payment_fee, self.shipping_cost]
        return None if all(p is None for p in parts) else sum(p or 0 for p in parts)


class ExportJobQuerySet(models.QuerySet):
    def stale(self) -> "ExportJobQuerySet":
        """Waiting or running jobs without a word from their worker for
        EXPORT_STALE_AFTER seconds: the worker died or never came."""
        since = timezone.now() - timedelta(seconds=settings.EXPORT_STALE_AFTER)
        return self.filter(status__in=ExportJob.RUNNING, updated_at__lt=since)

    def current(self) -> "ExportJobQuerySet":
        """Jobs still waiting, running, failed or downloadable (not expired)."""
        return self.filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )

    def expired_files(self) -> "ExportJobQuerySet":
        """Finished jobs past their download time whose file is still kept."""
        return self.filter(expires_at__lte=timezone.now()).exclude(file="")


class ExportJob(models.Model):
    """The accountant export's workbook of a period, built in the background (a year's
    XLSX takes longer than a web request may) (table `sales.export_job`, beside the
    orders it reads). The file is kept in MEDIA_ROOT/exports/ for EXPORT_KEEP_HOURS once it
    is done, then deleted; the row stays, so an old link says that it expired.

        pending -> running -> done
        pending or running -> failed (also when its worker is gone: see `fail_if_stale`)

    Only the verbs below set the status; a redelivered task may start a running job again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the worker")
        RUNNING = "running", _("Writing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    RUNNING = (Status.PENDING, Status.RUNNING)

    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    lines = models.PositiveIntegerField(_("lines"), default=0)  # sales and purchases to write
    written = models.PositiveIntegerField(_("written"), default=0)
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    error_message = models.TextField(_("error"), blank=True)
    # The requester's language: the task writes the sheets and headers in it.
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="de"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)  # also the worker's heartbeat
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("export workbook")
        verbose_name_plural = _("export workbooks")
        db_table = 'sales"."export_job'
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "running", "done", "failed"]),
                name="export_job_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")), name="export_job_period_ordered"
            ),
            plausible_date("start", "export_job_start_plausible"),
            plausible_date("end", "export_job_end_plausible"),
            models.CheckConstraint(
                condition=models.Q(written__lte=models.F("lines")),
                name="export_job_written_lte_lines",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(expires_at__isnull=False),
                name="export_job_done_expires",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Workbook %(start)s – %(end)s #%(id)s") % {
            "start": format_date(self.start),
            "end": format_date(self.end),
            "id": self.pk,
        }

    # -- the verbs: nothing else sets a job's status -------------------------------------

    def begin(self, *, lines: int) -> None:
        """The worker starts writing `lines` lines (again, after a redelivery)."""
        self.status, self.lines, self.written, self.error_message = (
            self.Status.RUNNING,
            lines,
            0,
            "",
        )
        self.save(update_fields=["status", "lines", "written", "error_message", "updated_at"])

    def report_progress(self, written: int) -> None:
        """Lines written so far, for the progress bar; also the worker's heartbeat."""
        self.written = min(written, self.lines)
        self.save(update_fields=["written", "updated_at"])

    def finish(self, content: File) -> None:
        """The workbook is written: keep `content` as the job's file until it expires."""
        self.file.save(self.file_name, content, save=False)
        self.status, self.written = self.Status.DONE, self.lines
        self.finished_at = timezone.now()
        self.expires_at = self.finished_at + timedelta(hours=settings.EXPORT_KEEP_HOURS)
        self.save(
            update_fields=["file", "status", "written", "finished_at", "expires_at", "updated_at"]
        )

    def fail(self, reason: str) -> None:
        """No workbook was written; `reason` says why (shown on the job's page)."""
        self.status, self.error_message, self.finished_at = (
            self.Status.FAILED,
            reason,
            timezone.now(),
        )
        self.save(update_fields=["status", "error_message", "finished_at", "updated_at"])

    def fail_if_stale(self) -> bool:
        """Fail this job if its worker is gone (see ExportJobQuerySet.stale)."""
        if not ExportJob.objects.filter(pk=self.pk).stale().exists():
            return False
        since = {"since": format_datetime(self.updated_at)}
        if self.status == self.Status.PENDING:
            self.fail(
                gettext(
                    "No worker started this export (waiting since %(since)s); is the Celery "
                    "worker running? Build it again."
                )
                % since
            )
        else:
            self.fail(
                gettext(
                    "The worker stopped while writing (no progress since %(since)s). Build it again."
                )
                % since
            )
        return True

    def delete_file(self) -> None:
        """The download time is over: the file goes, the row stays."""
        self.file.delete(save=False)
        self.save(update_fields=["file", "updated_at"])

    # -- reading -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def progress_percent(self) -> int:
        return min(100, round(self.written * 100 / self.lines)) if self.lines else 0

    @property
    def file_name(self) -> str:
        """The name the download is saved under."""
        return f"soleflip-workbook-{self.start}_{self.end}.xlsx"


class SellerLevel(models.Model):
    """The seller's level on a marketplace from a date on (table `platform.seller_level`):
    a level change is a new row, so a quote for a past sale uses the level of its date."""

    marketplace = models.ForeignKey(
        Marketplace,
        on_delete=models.CASCADE,
        related_name="seller_levels",
        verbose_name=_("marketplace"),
    )
    level = models.PositiveSmallIntegerField(_("level"))
    effective_from = models.DateField(_("effective from"))
    notes = models.CharField(_("notes"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("seller level")
        verbose_name_plural = _("seller levels")
        db_table = 'platform"."seller_level'
        ordering = ["marketplace", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["marketplace", "effective_from"], name="seller_level_one_per_date"
            ),
            models.CheckConstraint(condition=models.Q(level__gte=1), name="seller_level_positive"),
            plausible_date("effective_from", "seller_level_date_plausible"),
        ]

    def __str__(self) -> str:
        return gettext("%(marketplace)s level %(level)s from %(date)s") % {
            "marketplace": self.marketplace,
            "level": self.level,
            "date": format_date(self.effective_from),
        }


class ExchangeRate(models.Model):
    """What one unit of a currency was worth in EUR on a day (table
    `platform.exchange_rate`), for sales paid out in another currency (Alias cash-outs
    in USD). An import uses the rate of the payout date, else of the sale date, or the
    latest of the 7 days before (no rates are published at weekends); without one the
    row is refused, never counted as EUR."""

    currency = CurrencyField(_("currency"))
    rate_date = models.DateField(_("date"))
    eur_per_unit = models.DecimalField(_("EUR per unit"), max_digits=12, decimal_places=6)
    source = models.CharField(_("source"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        db_table = 'platform"."exchange_rate'
        ordering = ["currency", "-rate_date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "rate_date"], name="exchange_rate_day"),
            models.CheckConstraint(
                condition=models.Q(eur_per_unit__gt=0), name="exchange_rate_positive"
            ),
            currency_check("currency", "exchange_rate_currency_iso"),
            plausible_date("rate_date", "exchange_rate_date_plausible"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.eur_per_unit} EUR ({self.rate_date})"


class SalesMapping(models.Model):
    """A saved column mapping for a marketplace's sales export (table
    `integration.sales_mapping`): which column holds which order field."""

    marketplace = models.ForeignKey(
        Marketplace,
        on_delete=models.CASCADE,
        related_name="sales_mappings",
        verbose_name=_("marketplace"),
    )
    name = models.CharField(_("name"), max_length=100)
    mapping = models.JSONField(_("mapping"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sales export mapping")
        verbose_name_plural = _("sales export mappings")
        db_table = 'integration"."sales_mapping'
        ordering = ["marketplace", "name"]
        constraints = [
            models.UniqueConstraint(fields=["marketplace", "name"], name="sales_mapping_name"),
        ]

    def __str__(self) -> str:
        return f"{self.marketplace}: {self.name}"
