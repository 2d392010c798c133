"""Buy prices seen at retailers: one row per offer of a retailer feed (e.g. Awin), matched
to our catalog where possible (table `integration.source_prices`).

A feed import (pricing/feeds.py) replaces a retailer's previous offers from the same
source: an offer that vanished from the feed is no longer offered. Unmatched offers are
kept (product empty) with what the feed said, so they can be counted, looked up on StockX
and matched later.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Product, Size
from soleflip.core.fields import CurrencyField, MoneyField, currency_check, non_negative


class SourcePriceQuerySet(models.QuerySet):
    """The read API of retailer offers (for the feed page and buying opportunities)."""

    def matched(self) -> "SourcePriceQuerySet":
        """Offers matched to one of our products (by EAN or style code)."""
        return self.exclude(match=SourcePrice.Match.NONE)

    def with_size(self) -> "SourcePriceQuerySet":
        """Matched to a product and one of our sizes (EAN, or style code and size)."""
        return self.matched().filter(size__isnull=False)

    def unmatched(self) -> "SourcePriceQuerySet":
        return self.filter(match=SourcePrice.Match.NONE)

    def in_stock(self) -> "SourcePriceQuerySet":
        return self.filter(in_stock=True).exclude(stock_qty=0)

    def of_retailer(self, name: str) -> "SourcePriceQuerySet":
        return self.filter(supplier_name=name)


class SourcePrice(models.Model):
    class Match(models.TextChoices):
        EAN = "ean", _("EAN")
        STYLE_SIZE = "style_size", _("style code and size")
        STYLE = "style", _("style code (size unknown)")
        NONE = "none", _("not matched")

    product = models.ForeignKey(
        Product,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="source_prices",
        verbose_name=_("product"),
    )
    size = models.ForeignKey(
        Size, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("size")
    )
    source = models.CharField(max_length=100, verbose_name=_("source"))
    supplier_name = models.CharField(max_length=100, verbose_name=_("retailer"))
    retailer_id = models.CharField(max_length=50, blank=True, verbose_name=_("retailer ID"))
    external_id = models.CharField(max_length=255, blank=True, verbose_name=_("external ID"))
    title = models.CharField(max_length=500, blank=True, verbose_name=_("title"))
    brand_name = models.CharField(max_length=100, blank=True, verbose_name=_("brand (feed)"))
    ean = models.CharField(max_length=14, blank=True, verbose_name=_("EAN"))
    style_code = models.CharField(
        max_length=50,
        blank=True,
        verbose_name=_("style code"),
        help_text=_("As found in the feed, written with a dash (1203A544-101)"),
    )
    size_label = models.CharField(max_length=30, blank=True, verbose_name=_("size (feed)"))
    buy_price = MoneyField(verbose_name=_("buy price"))
    delivery_cost = MoneyField(
        null=True, blank=True, verbose_name=_("delivery cost"), help_text=_("Per order")
    )
    currency = CurrencyField(verbose_name=_("currency"))
    in_stock = models.BooleanField(default=True, verbose_name=_("in stock"))
    availability = models.CharField(max_length=50, blank=True, verbose_name=_("availability"))
    stock_qty = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("stock quantity"))
    product_url = models.URLField(max_length=1000, blank=True, verbose_name=_("offer link"))
    feed_date = models.DateField(null=True, blank=True, verbose_name=_("feed date"))
    match = models.CharField(
        max_length=12, choices=Match.choices, default=Match.NONE, verbose_name=_("matched by")
    )
    match_detail = models.CharField(max_length=255, blank=True, verbose_name=_("match reason"))
    batch = models.ForeignKey(
        "core.ImportBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("import"),
    )
    raw_data = models.JSONField(default=dict, blank=True, verbose_name=_("raw data"))
    last_updated = models.DateTimeField(auto_now=True, verbose_name=_("last updated"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    objects = SourcePriceQuerySet.as_manager()

    class Meta:
        db_table = 'integration"."source_prices'
        verbose_name = _("source price")
        verbose_name_plural = _("source prices")
        indexes = [
            models.Index(fields=["product", "size"], name="source_price_product_size"),
            models.Index(fields=["source", "supplier_name"], name="source_price_retailer"),
            models.Index(fields=["ean"], name="source_price_ean"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "supplier_name", "external_id"],
                condition=~Q(external_id=""),
                name="source_price_offer_uniq",
            ),
            models.CheckConstraint(
                condition=Q(product__isnull=False) | Q(match="none"),
                name="source_price_match_has_product",
            ),
            non_negative("buy_price", "source_price_non_negative"),
            non_negative("delivery_cost", "source_price_delivery_non_negative"),
            currency_check("currency", "source_price_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_name}: {self.title or self.external_id} {self.buy_price}"
