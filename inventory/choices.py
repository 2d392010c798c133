"""Choices of the inventory models (a module of its own so the workflow can use them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaxScheme(models.TextChoices):
    STANDARD = "standard", _("Standard (input VAT reclaimable)")
    MARGIN = "margin", _("Margin scheme §25a (no input VAT)")


class StockStatus(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    IN_STOCK = "in_stock", _("In stock")
    LISTED = "listed", _("Listed")
    RESERVED = "reserved", _("Reserved")
    SOLD = "sold", _("Sold")
    SHIPPED = "shipped", _("Shipped")
    COMPLETED = "completed", _("Completed")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")
    LOST = "lost", _("Lost")


# The status groups, defined once: a pair still to be sold (bought, maybe not yet
# delivered), a pair on hand (here, sellable now) and a pair that has been sold.
ON_HAND_STATUSES = (StockStatus.IN_STOCK, StockStatus.LISTED, StockStatus.RESERVED)
UNSOLD_STATUSES = (StockStatus.INCOMING, *ON_HAND_STATUSES)
SOLD_STATUSES = (StockStatus.SOLD, StockStatus.SHIPPED, StockStatus.COMPLETED)
