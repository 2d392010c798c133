"""Pricing: rules and brand multipliers that shape recommendations, dated market prices,
the price history of products and pairs, and buy prices seen at sources.

Tables: `pricing.price_rules`, `pricing.brand_multipliers`, `pricing.market_prices`,
`pricing.price_history`, `integration.source_prices`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Min, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from catalog.models import Brand, Category, Product, Size
from inventory.models import StockItem
from sales.models import Marketplace
from soleflip.core.fields import CurrencyField, MoneyField, currency_check, non_negative


class PriceRule(models.Model):
    """How to price the pairs it covers (brand / category / marketplace, dated, the lowest
    priority number first): pricing/recommend.py works it out, never below the floor."""

    class RuleType(models.TextChoices):
        COST_PLUS = "cost_plus", _("Cost plus markup")
        MARKET = "market", _("Market based")
        COMPETITIVE = "competitive", _("Competitive")

    class Rounding(models.TextChoices):
        NONE = "none", _("to the cent")
        WHOLE = "whole", _("whole euros")
        ENDS_9 = "ends_9", _("ending in 9 (139 €)")
        ENDS_5 = "ends_5", _("ending in 5 or 0 (135 €)")

    name = models.CharField(max_length=100, verbose_name=_("name"))
    rule_type = models.CharField(max_length=20, choices=RuleType.choices, verbose_name=_("type"))
    priority = models.PositiveIntegerField(default=100, verbose_name=_("priority"))
    active = models.BooleanField(default=True, verbose_name=_("active"))
    brand = models.ForeignKey(
        Brand, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("brand")
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("category")
    )
    marketplace = models.ForeignKey(
        Marketplace,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_column="platform_id",
        verbose_name=_("marketplace"),
    )
    base_markup_percent = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, verbose_name=_("base markup (%)")
    )
    minimum_margin_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, verbose_name=_("minimum margin (%)")
    )
    maximum_discount_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name=_("maximum discount (%)"),
    )
    market_position = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name=_("market position (%)"),
        help_text=_("Market based: 0 % is the highest bid, 100 % the lowest ask"),
    )
    undercut_amount = MoneyField(null=True, blank=True, verbose_name=_("undercut by (€)"))
    undercut_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, verbose_name=_("undercut by (%)")
    )
    age_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name=_("after days in stock"),
        help_text=_("From this age on the price moves toward the highest bid"),
    )
    aged_market_position = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name=_("aged market position (%)"),
        help_text=_("The position between bid (0 %) and ask (100 %) for pairs that old"),
    )
    rounding = models.CharField(
        max_length=10,
        choices=Rounding.choices,
        default=Rounding.NONE,
        verbose_name=_("price point"),
    )
    automatic = models.BooleanField(
        default=False,
        verbose_name=_("reprice automatically"),
        help_text=_(
            "Applies the rule to the StockX asks it covers on a schedule, never below the "
            "floor; the switch on the repricing page stops it at once"
        ),
    )
    auto_interval_hours = models.PositiveIntegerField(
        default=24,
        verbose_name=_("at most every (hours)"),
        help_text=_("Automatic repricing runs this rule no more often than this"),
    )
    auto_last_run_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("last automatic run")
    )
    effective_from = models.DateField(verbose_name=_("effective from"))
    effective_until = models.DateField(null=True, blank=True, verbose_name=_("effective until"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        db_table = 'pricing"."price_rules'
        ordering = ["priority", "name"]
        verbose_name = _("price rule")
        verbose_name_plural = _("price rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_margin_percent__gte=0, minimum_margin_percent__lt=100),
                name="price_rule_margin_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    maximum_discount_percent__gte=0, maximum_discount_percent__lte=100
                ),
                name="price_rule_discount_range",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_until__isnull=True)
                | models.Q(effective_until__gte=models.F("effective_from")),
                name="price_rule_dates_ordered",
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{field}__isnull": True})
                    | models.Q(**{f"{field}__gte": 0, f"{field}__lte": 100}),
                    name=f"price_rule_{field}_range",
                )
                for field in ("market_position", "aged_market_position", "undercut_percent")
            ],
        ]

    def __str__(self) -> str:
        return self.name


class BrandMultiplier(models.Model):
    brand = models.ForeignKey(
        Brand, on_delete=models.CASCADE, related_name="multipliers", verbose_name=_("brand")
    )
    multiplier_type = models.CharField(
        max_length=50, default="premium", verbose_name=_("multiplier type")
    )
    multiplier_value = models.DecimalField(
        max_digits=5, decimal_places=3, verbose_name=_("multiplier")
    )
    active = models.BooleanField(default=True, verbose_name=_("active"))
    effective_from = models.DateField(verbose_name=_("effective from"))
    effective_until = models.DateField(null=True, blank=True, verbose_name=_("effective until"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        db_table = 'pricing"."brand_multipliers'
        verbose_name = _("brand multiplier")
        verbose_name_plural = _("brand multipliers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(multiplier_value__gt=0), name="brand_multiplier_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brand} × {self.multiplier_value}"


_NEWEST_DAYS = """
    ("pricing"."market_prices"."product_id", "pricing"."market_prices"."price_date") IN (
        SELECT p.id, (SELECT m.price_date FROM pricing.market_prices m
                      WHERE m.product_id = p.id ORDER BY m.price_date DESC LIMIT 1)
        FROM catalog.product p
    )
"""


class MarketPriceQuerySet(models.QuerySet):
    def current(self) -> "MarketPriceQuerySet":
        """Each product's rows of its newest price day: today's price per size (enrichment
        writes every size of a product on one day), not last month's ask of a size that
        has no ask any more. The one reading of "the market price" for every page."""
        newest = (
            MarketPrice.objects.filter(product=OuterRef("product_id"))
            .order_by("-price_date")
            .values("price_date")[:1]
        )
        return self.filter(price_date=Subquery(newest))

    def current_of_all(self) -> "MarketPriceQuerySet":
        """current() for a list over every product (the market price list's "current
        only"): each product's newest day is found once, one probe per product into
        market_price_product_day, and the rows matched to it; current() probes once per
        price row, 17 s over a year of 20,000 products' prices."""
        return self.filter(RawSQL(_NEWEST_DAYS, [], output_field=models.BooleanField()))

    def lowest_ask_of(self, product: OuterRef) -> Subquery:
        """The current lowest ask over the product's sizes, as a subquery to annotate
        products with: `Product.objects.annotate(ask=MarketPrice.objects.lowest_ask_of(
        OuterRef("pk")))`."""
        # The product's newest day is found once per product (a probe into the
        # (product, price_date) index), not once per price row as current() would.
        newest = (
            MarketPrice.objects.filter(product=OuterRef(product))
            .order_by("-price_date")
            .values("price_date")[:1]
        )
        return Subquery(
            self.filter(product=product, price_date=Subquery(newest))
            .order_by()
            .values("product")
            .annotate(ask=Min("lowest_ask"))
            .values("ask")[:1]
        )


class MarketPrice(models.Model):
    """Market data for a product (and size) on a date, e.g. StockX lowest ask and highest
    bid in EUR. One row per product, size, marketplace and day keeps a price history; the
    newest day's rows are the current prices (`current()`), shown by the catalog, the
    product page and the pricing page alike."""

    # No index of its own: market_price_product_day and the unique key start with it.
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        related_name="market_prices",
        verbose_name=_("product"),
        db_index=False,
    )
    size = models.ForeignKey(
        Size, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("size")
    )
    marketplace = models.ForeignKey(
        Marketplace,
        on_delete=models.CASCADE,
        db_column="platform_id",
        verbose_name=_("marketplace"),
    )
    price_date = models.DateField(verbose_name=_("price date"))
    currency = CurrencyField(verbose_name=_("currency"))
    lowest_ask = MoneyField(null=True, blank=True, verbose_name=_("lowest ask"))
    highest_bid = MoneyField(null=True, blank=True, verbose_name=_("highest bid"))
    last_sale = MoneyField(null=True, blank=True, verbose_name=_("last sale"))
    sell_faster = MoneyField(null=True, blank=True, verbose_name=_("sell faster"))
    earn_more = MoneyField(null=True, blank=True, verbose_name=_("earn more"))
    sales_volume = models.PositiveIntegerField(
        null=True, blank=True, verbose_name=_("sales volume")
    )
    raw_data = models.JSONField(default=dict, blank=True, verbose_name=_("raw data"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    objects = MarketPriceQuerySet.as_manager()

    class Meta:
        db_table = 'pricing"."market_prices'
        ordering = ["-price_date", "-id"]
        verbose_name = _("market price")
        verbose_name_plural = _("market prices")
        # A product's newest price day (current(), the stale-stock ranking) in one index
        # probe instead of a walk over a year of its rows; the list's newest-first page
        # read from the front of an index instead of sorting millions of rows.
        indexes = [
            models.Index("product", models.F("price_date").desc(), name="market_price_product_day"),
            models.Index(
                models.F("price_date").desc(), models.F("id").desc(), name="market_price_newest"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "size", "marketplace", "price_date"],
                name="market_price_day_uniq",
                nulls_distinct=False,
            ),
            non_negative("lowest_ask", "market_price_ask_non_negative"),
            non_negative("highest_bid", "market_price_bid_non_negative"),
            non_negative("last_sale", "market_price_last_sale_non_negative"),
            currency_check("currency", "market_price_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.product.sku} {self.size or ''} {self.price_date}"


class PriceHistory(models.Model):
    class PriceType(models.TextChoices):
        PURCHASE = "purchase", _("Purchase")
        LISTING = "listing", _("Listing")
        SALE = "sale", _("Sale")
        RETAIL = "retail", _("Retail")
        RECOMMENDATION = "recommendation", _("Recommendation")

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="price_history", verbose_name=_("product")
    )
    inventory_item = models.ForeignKey(
        StockItem, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("pair")
    )
    marketplace = models.ForeignKey(
        Marketplace,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_column="platform_id",
        verbose_name=_("marketplace"),
    )
    price_date = models.DateField(verbose_name=_("price date"))
    price_type = models.CharField(
        max_length=30, choices=PriceType.choices, verbose_name=_("price type")
    )
    price_amount = MoneyField(verbose_name=_("amount"))
    currency = CurrencyField(verbose_name=_("currency"))
    source = models.CharField(max_length=50, verbose_name=_("source"))
    previous_amount = MoneyField(null=True, blank=True, verbose_name=_("previous amount"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    reason = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("reason"),
        help_text=_("The rule that set the price, or manual"),
    )
    additional_data = models.JSONField(default=dict, blank=True, verbose_name=_("additional data"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        db_table = 'pricing"."price_history'
        ordering = ["-price_date"]
        verbose_name = _("price history entry")
        verbose_name_plural = _("price history")
        indexes = [
            models.Index(fields=["product", "price_date"], name="price_history_product_date"),
        ]
        constraints = [
            non_negative("price_amount", "price_history_amount_non_negative"),
            currency_check("currency", "price_history_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.product.sku} {self.price_type} {self.price_amount}"


from .feed_models import SourcePrice  # noqa: E402,F401
from .offer_models import OfferCheck  # noqa: E402,F401
from .repricing_models import AskCheck, RepricingItem, RepricingRun  # noqa: E402,F401
