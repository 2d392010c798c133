"""Inventory: one row per physical pair with its purchase cost, and the append-only
history of every change to it.

Tables: `inventory.stock` and `inventory.stock_event` (a trigger refuses updates and
deletes of events).
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from catalog.models import Product, Size
from soleflip.core.fields import CurrencyField, MoneyField, currency_check, non_negative
from suppliers.models import Supplier


class TaxScheme(models.TextChoices):
    STANDARD = "standard", "Standard (input VAT reclaimable)"
    MARGIN = "margin", "Margin scheme §25a (no input VAT)"


class StockStatus(models.TextChoices):
    INCOMING = "incoming", "Incoming"
    IN_STOCK = "in_stock", "In stock"
    LISTED = "listed", "Listed"
    RESERVED = "reserved", "Reserved"
    SOLD = "sold", "Sold"
    SHIPPED = "shipped", "Shipped"
    COMPLETED = "completed", "Completed"
    RETURNED = "returned", "Returned"
    CANCELLED = "cancelled", "Cancelled"
    LOST = "lost", "Lost"


class StockItemQuerySet(models.QuerySet):
    def unsold(self) -> "StockItemQuerySet":
        return self.filter(status__in=StockItem.UNSOLD_STATUSES)

    def cost_missing(self) -> "StockItemQuerySet":
        return self.filter(purchase_price__isnull=True)


class StockItem(models.Model):
    """One physical pair (table `inventory.stock`). `quantity` stays for compatibility with
    the original schema and bulk lots, default 1. purchase_price is the net cost;
    NULL means the cost is not known yet (e.g. a sale imported before its purchase)."""

    UNSOLD_STATUSES = (
        StockStatus.INCOMING,
        StockStatus.IN_STOCK,
        StockStatus.LISTED,
        StockStatus.RESERVED,
    )

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="stock_items")
    size = models.ForeignKey(Size, on_delete=models.PROTECT, related_name="stock_items")
    supplier = models.ForeignKey(
        Supplier, null=True, blank=True, on_delete=models.SET_NULL, related_name="stock_items"
    )
    quantity = models.PositiveIntegerField(default=1)
    reserved_quantity = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=StockStatus.choices, default=StockStatus.IN_STOCK
    )
    purchase_date = models.DateField(null=True, blank=True)
    delivery_date = models.DateField(null=True, blank=True)
    purchase_price = MoneyField(null=True, blank=True, help_text="Net cost per pair")
    gross_purchase_price = MoneyField(null=True, blank=True)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    vat_amount = MoneyField(null=True, blank=True)
    currency = CurrencyField()
    tax_scheme = models.CharField(
        max_length=20, choices=TaxScheme.choices, default=TaxScheme.STANDARD
    )
    purchase_order_number = models.CharField(max_length=100, blank=True)
    invoice_number = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=100, blank=True)
    ean = models.CharField(max_length=14, blank=True)
    external_ids = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StockItemQuerySet.as_manager()

    class Meta:
        db_table = 'inventory"."stock'
        ordering = ["-purchase_date", "-id"]
        indexes = [
            models.Index(fields=["product", "size", "status"], name="stock_product_size_status"),
            models.Index(fields=["status", "purchase_date"], name="stock_status_purchase_date"),
            models.Index(fields=["supplier"], name="stock_supplier_idx"),
            GinIndex(
                fields=["external_ids"], name="stock_external_ids_gin", opclasses=["jsonb_path_ops"]
            ),
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
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.product.name} {self.size}"


class StockEvent(models.Model):
    """One change to a pair (table `inventory.stock_event`): who, when, what kind, the
    status move, the reason and the field values before and after. Append-only: a database
    trigger refuses updates and deletes (except detaching from a deleted pair)."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        STATUS = "status", "Status change"
        UPDATED = "updated", "Fields changed"
        RESERVED = "reserved", "Reserved"
        RELEASED = "released", "Released"
        SOLD = "sold", "Sold"
        RETURNED = "returned", "Returned"
        COST = "cost", "Cost entered"
        DELETED = "deleted", "Deleted"

    stock = models.ForeignKey(
        StockItem, null=True, on_delete=models.SET_NULL, related_name="events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = 'inventory"."stock_event'
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["stock", "created_at"], name="stock_event_stock_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.stock_id}"
