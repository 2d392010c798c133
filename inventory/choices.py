"""Choices of the inventory models (a module of its own so the workflow can use them)."""

from django.db import models


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
