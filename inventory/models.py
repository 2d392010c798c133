"""Inventory: one row per physical pair with its purchase cost, and the append-only
history of every change to it.

Tables: `inventory.stock` and `inventory.stock_event` (a trigger refuses updates and
deletes of events).
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Case, Count, F, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.models import Product, Size
from soleflip.core.fields import (
    CurrencyField,
    MoneyField,
    currency_check,
    non_negative,
    plausible_date,
)
from soleflip.lib.formats import NONE, format_date, format_euro, format_number
from suppliers.models import Supplier

from . import workflow
from .choices import (
    ON_HAND_STATUSES,
    SOLD_STATUSES,
    UNSOLD_STATUSES,
    StockStatus,
    TaxScheme,
)

__all__ = [
    "ON_HAND_STATUSES",
    "SOLD_STATUSES",
    "UNSOLD_STATUSES",
    "StockEvent",
    "StockItem",
    "StockStatus",
    "TaxScheme",
]


# A pair's cost basis as a query expression (sales.profit.cost_basis in SQL): the net
# purchase price; the gross one under the margin scheme (§25a); NULL while unknown.
COST_BASIS = Case(
    When(tax_scheme=TaxScheme.MARGIN, then=Coalesce("gross_purchase_price", "purchase_price")),
    default=F("purchase_price"),
)


class StockItemQuerySet(models.QuerySet):
    def unsold(self) -> "StockItemQuerySet":
        return self.filter(status__in=StockItem.UNSOLD_STATUSES)

    def sold(self) -> "StockItemQuerySet":
        return self.filter(status__in=SOLD_STATUSES)

    def cost_missing(self) -> "StockItemQuerySet":
        return self.filter(purchase_price__isnull=True)

    def stock_value(self) -> dict:
        """{"rows", "pairs", "value", "cost_missing"} of these pairs: pairs count their
        quantity, value is the capital at cost basis (net; gross under the margin scheme
        §25a) and leaves out pairs without a cost. The same rule as the dashboard's
        analytics.stock_aging view, so the inventory list's default (unsold) totals are the
        dashboard's "Pairs in stock" and "Stock at cost"."""
        return self.aggregate(
            rows=Count("id"),
            pairs=Coalesce(Sum("quantity"), 0),
            value=Coalesce(Sum(F("quantity") * COST_BASIS), Decimal("0.00")),
            cost_missing=Count("id", filter=Q(purchase_price__isnull=True)),
        )

    AGE_BUCKETS = {"0-30": (0, 30), "31-60": (31, 60), "61-90": (61, 90), "90+": (91, None)}

    def aged(self, bucket: str) -> "StockItemQuerySet":
        """Pairs whose purchase was within an age bucket (days, inclusive) before today."""
        low, high = self.AGE_BUCKETS[bucket]
        today = timezone.localdate()
        rows = self.filter(purchase_date__lte=today - timedelta(days=low))
        return (
            rows if high is None else rows.filter(purchase_date__gte=today - timedelta(days=high))
        )


class StockItem(models.Model):
    """One physical pair (table `inventory.stock`). `quantity` stays for compatibility with
    the original schema and bulk lots, default 1. purchase_price is the net cost;
    NULL means the cost is not known yet (e.g. a sale imported before its purchase)."""

    UNSOLD_STATUSES = UNSOLD_STATUSES

    # No index of its own: stock_product_size_status starts with the product.
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        related_name="stock_items",
        verbose_name=_("product"),
        db_index=False,
    )
    size = models.ForeignKey(
        Size, on_delete=models.PROTECT, related_name="stock_items", verbose_name=_("size")
    )
    supplier = models.ForeignKey(
        Supplier,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stock_items",
        verbose_name=_("supplier"),
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    reserved_quantity = models.PositiveIntegerField(_("reserved quantity"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=StockStatus.choices, default=StockStatus.IN_STOCK
    )
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    delivery_date = models.DateField(_("delivery date"), null=True, blank=True)
    purchase_price = MoneyField(
        _("net purchase price"), null=True, blank=True, help_text=_("Net cost per pair")
    )
    gross_purchase_price = MoneyField(_("gross purchase price"), null=True, blank=True)
    vat_rate = models.DecimalField(
        _("VAT rate"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    vat_amount = MoneyField(_("input VAT"), null=True, blank=True)
    # What we ask for the pair: set by accepting a price recommendation and by every
    # change of its ask (pricing.price_history keeps each); never part of its cost.
    asking_price = MoneyField(_("asking price"), null=True, blank=True, editable=False)
    currency = CurrencyField(_("currency"))
    tax_scheme = models.CharField(
        _("tax scheme"), max_length=20, choices=TaxScheme.choices, default=TaxScheme.STANDARD
    )
    purchase_order_number = models.CharField(_("order number"), max_length=100, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    ean = models.CharField(_("EAN"), max_length=14, blank=True)
    external_ids = models.JSONField(_("external IDs"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # db_default too: the imports insert pairs with set-based SQL.
    # A purchase-file line's key (supplier|order|line|n): re-imports find their pairs.
    source_key = models.CharField(
        _("source key"), max_length=300, blank=True, default="", db_default=""
    )
    damaged = models.BooleanField(
        _("damaged"),
        default=False,
        db_default=False,
        help_text=_("Came back damaged from a return"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = StockItemQuerySet.as_manager()

    class Meta:
        db_table = 'inventory"."stock'
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        ordering = ["-purchase_date", "-id"]
        indexes = [
            models.Index(fields=["product", "size", "status"], name="stock_product_size_status"),
            models.Index(fields=["status", "purchase_date"], name="stock_status_purchase_date"),
            # The inventory list's default order and its cost sort, first page without a sort step.
            models.Index(fields=["-purchase_date", "-id"], name="stock_purchase_date_desc"),
            models.Index(fields=["purchase_price"], name="stock_purchase_price_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reserved_quantity__lte=models.F("quantity")),
                name="stock_reserved_lte_quantity",
            ),
            non_negative("purchase_price", "stock_purchase_price_non_negative"),
            non_negative("gross_purchase_price", "stock_gross_price_non_negative"),
            non_negative("vat_amount", "stock_vat_amount_non_negative"),
            models.CheckConstraint(
                condition=models.Q(vat_rate__gte=0, vat_rate__lte=100),
                name="stock_vat_rate_range",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=StockStatus.values), name="stock_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(tax_scheme__in=TaxScheme.values), name="stock_tax_scheme_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(delivery_date__isnull=True)
                | models.Q(purchase_date__isnull=True)
                | models.Q(delivery_date__gte=models.F("purchase_date")),
                name="stock_delivery_after_purchase",
            ),
            currency_check("currency", "stock_currency_iso"),
            plausible_date("purchase_date", "stock_purchase_date_plausible"),
            plausible_date("delivery_date", "stock_delivery_date_plausible"),
            models.UniqueConstraint(
                fields=["source_key"],
                condition=~models.Q(source_key=""),
                name="stock_source_key_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.product.name} {self.size}"

    # -- the workflow: every change goes through these and leaves a history row ---------

    @property
    def days_in_stock(self) -> int | None:
        """Days since purchase for a pair still in stock (sold pairs: see the order)."""
        if self.purchase_date is None or self.status not in self.UNSOLD_STATUSES:
            return None
        return (timezone.localdate() - self.purchase_date).days

    @property
    def is_unsold(self) -> bool:
        return self.status in self.UNSOLD_STATUSES

    @property
    def is_sold(self) -> bool:
        return self.status in SOLD_STATUSES

    @property
    def available_quantity(self) -> int:
        return max(0, self.quantity - self.reserved_quantity)

    def allowed_statuses(self) -> list[str]:
        return sorted(workflow.TRANSITIONS.get(self.status, ()))

    def _locked(self) -> "StockItem":
        """This pair re-read with a row lock (call inside transaction.atomic). A pair
        deleted meanwhile (perhaps by the delete whose lock this waited for) is refused
        like a move the workflow forbids, so every caller shows it as a refusal."""
        try:
            return StockItem.objects.select_for_update().get(pk=self.pk)
        except StockItem.DoesNotExist:
            raise workflow.TransitionError(
                gettext("The pair no longer exists (deleted meanwhile).")
            ) from None

    def _sync(self, fresh: "StockItem", fields: list[str]) -> None:
        for name in fields:
            setattr(self, name, getattr(fresh, name))

    def transition(self, status: str, *, user=None, reason: str = "") -> "StockEvent":
        """Move to another status if the workflow allows it (TransitionError otherwise)."""
        with transaction.atomic():
            item = self._locked()
            workflow.check(item.status, status)
            previous = item.status
            item.status = status
            if status != StockStatus.RESERVED:
                item.reserved_quantity = 0
            item.save(update_fields=["status", "reserved_quantity", "updated_at"])
            event = StockEvent.objects.create(
                stock=item,
                user=user,
                kind=StockEvent.Kind.STATUS,
                from_status=previous,
                to_status=status,
                reason=reason,
                before={"status": previous},
                after={"status": status},
            )
        self._sync(item, ["status", "reserved_quantity", "updated_at"])
        return event

    def reserve(self, *, quantity: int = 1, user=None, reason: str = "") -> "StockEvent":
        """Reserve pairs under a row lock, so two people cannot reserve the last one."""
        with transaction.atomic():
            item = self._locked()
            if item.status not in (StockStatus.IN_STOCK, StockStatus.LISTED, StockStatus.RESERVED):
                raise workflow.TransitionError(
                    gettext("A pair that is %(status)s cannot be reserved.")
                    % {"status": workflow.label(item.status)}
                )
            if quantity < 1 or quantity > item.available_quantity:
                raise workflow.TransitionError(
                    gettext("Only %(count)s of this pair can still be reserved.")
                    % {"count": item.available_quantity}
                )
            before = {"status": item.status, "reserved_quantity": item.reserved_quantity}
            item.reserved_quantity += quantity
            item.status = StockStatus.RESERVED
            item.save(update_fields=["reserved_quantity", "status", "updated_at"])
            event = StockEvent.objects.create(
                stock=item,
                user=user,
                kind=StockEvent.Kind.RESERVED,
                from_status=before["status"],
                to_status=item.status,
                reason=reason,
                before=before,
                after={"status": item.status, "reserved_quantity": item.reserved_quantity},
            )
        self._sync(item, ["status", "reserved_quantity", "updated_at"])
        return event

    def release(self, *, user=None, reason: str = "") -> "StockEvent":
        """Release every reservation; the pair is in stock again."""
        with transaction.atomic():
            item = self._locked()
            if item.status != StockStatus.RESERVED:
                raise workflow.TransitionError(gettext("The pair is not reserved."))
            before = {"status": item.status, "reserved_quantity": item.reserved_quantity}
            item.reserved_quantity, item.status = 0, StockStatus.IN_STOCK
            item.save(update_fields=["reserved_quantity", "status", "updated_at"])
            event = StockEvent.objects.create(
                stock=item,
                user=user,
                kind=StockEvent.Kind.RELEASED,
                from_status=before["status"],
                to_status=item.status,
                reason=reason,
                before=before,
                after={"status": item.status, "reserved_quantity": 0},
            )
        self._sync(item, ["status", "reserved_quantity", "updated_at"])
        return event

    def process_return(self, *, damaged: bool, user=None, reason: str = "") -> "StockEvent":
        """A returned pair goes back in stock, or stays out marked damaged."""
        with transaction.atomic():
            item = self._locked()
            if item.status != StockStatus.RETURNED:
                workflow.check(item.status, StockStatus.RETURNED)
            before = {"status": item.status, "damaged": item.damaged}
            item.status = StockStatus.RETURNED if damaged else StockStatus.IN_STOCK
            item.damaged = damaged
            item.save(update_fields=["status", "damaged", "updated_at"])
            event = StockEvent.objects.create(
                stock=item,
                user=user,
                kind=StockEvent.Kind.RETURNED,
                from_status=before["status"],
                to_status=item.status,
                reason=reason or (gettext("Returned damaged") if damaged else gettext("Restocked")),
                before=before,
                after={"status": item.status, "damaged": damaged},
            )
        self._sync(item, ["status", "damaged", "updated_at"])
        return event

    EDITABLE = (
        "location",
        "notes",
        "purchase_date",
        "delivery_date",
        "purchase_price",
        "gross_purchase_price",
        "vat_rate",
        "vat_amount",
        "tax_scheme",
        "supplier_id",
        "purchase_order_number",
        "invoice_number",
        "ean",
        "size_id",
        "product_id",
    )

    def edit(self, changes: dict, *, user=None, reason: str = "") -> "StockEvent | None":
        """Change plain fields (never the status: use transition) with a history row
        holding the values before and after. Nothing changed: no write, no event."""
        unknown = set(changes) - set(self.EDITABLE)
        if unknown:
            raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
        with transaction.atomic():
            item = self._locked()
            before = {k: getattr(item, k) for k in changes if getattr(item, k) != changes[k]}
            if not before:
                return None
            for name in before:
                setattr(item, name, changes[name])
            item.full_clean(exclude=["product", "size", "supplier"])
            item.save(update_fields=[*before, "updated_at"])
            event = StockEvent.objects.create(
                stock=item,
                user=user,
                kind=StockEvent.Kind.UPDATED,
                reason=reason,
                before=_json(before),
                after=_json({k: changes[k] for k in before}),
            )
        self._sync(item, [*before, "updated_at"])
        return event


class StockEvent(models.Model):
    """One change to a pair (table `inventory.stock_event`): who, when, what kind, the
    status move, the reason and the field values before and after. Append-only: a database
    trigger refuses updates and deletes (except detaching from a deleted pair)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        STATUS = "status", _("Status change")
        UPDATED = "updated", _("Fields changed")
        RESERVED = "reserved", _("Reserved")
        RELEASED = "released", _("Reservation released")
        SOLD = "sold", _("Sold")
        RETURNED = "returned", _("Returned")
        COST = "cost", _("Cost entered")
        DELETED = "deleted", _("Deleted")

    stock = models.ForeignKey(  # indexed by stock_event_stock_time (pair, time)
        StockItem,
        null=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("pair"),
        db_index=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Choices for their labels only (a pair's creation has no from_status).
    from_status = models.CharField(
        _("from status"), max_length=20, blank=True, choices=StockStatus.choices
    )
    to_status = models.CharField(
        _("to status"), max_length=20, blank=True, choices=StockStatus.choices
    )
    reason = models.TextField(_("reason"), blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        db_table = 'inventory"."stock_event'
        verbose_name = _("pair history entry")
        verbose_name_plural = _("pair history")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["stock", "created_at"], name="stock_event_stock_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.stock_id}"

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """What an edit changed, as a person reads it: (the field's name, before, after),
        amounts and dates in the active language's format."""
        return [
            (_field_label(name), _shown(name, old), _shown(name, self.after.get(name)))
            for name, old in self.before.items()
        ]


def _field_label(name: str) -> str:
    """A history key (a field's name or attname, e.g. supplier_id) as its verbose name."""
    try:
        field = StockItem._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:
        return name
    return capfirst(field.verbose_name)


def _shown(name: str, value) -> str:
    """A value kept in the history (JSON: text for dates and amounts) as shown on a page."""
    if value is None or value == "":
        return NONE
    try:
        field = StockItem._meta.get_field(name)
        if isinstance(field, MoneyField):
            return format_euro(Decimal(str(value)))
        if isinstance(field, models.DecimalField):
            return format_number(Decimal(str(value)))
        if isinstance(field, models.DateField):
            return format_date(date.fromisoformat(str(value)))
        if field.choices:
            return str(dict(field.choices).get(value, value))
    except (FieldDoesNotExist, ArithmeticError, ValueError):
        pass  # an old or odd value: shown as it was kept
    return str(value)


def _json(values: dict) -> dict:
    """History values as JSON: dates, Decimals and ids as text."""
    return {
        k: None if v is None else v if isinstance(v, (bool, int, str)) else str(v)
        for k, v in values.items()
    }
