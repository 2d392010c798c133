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


# The status groups, defined once: a pair still to be sold (bought, maybe not yet
# delivered), a pair on hand (here, sellable now) and a pair that has been sold.
ON_HAND_STATUSES = (StockStatus.IN_STOCK, StockStatus.LISTED, StockStatus.RESERVED)
UNSOLD_STATUSES = (StockStatus.INCOMING, *ON_HAND_STATUSES)
SOLD_STATUSES = (StockStatus.SOLD, StockStatus.SHIPPED, StockStatus.COMPLETED)
