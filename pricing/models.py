"""Pricing: rules and brand multipliers that shape recommendations, dated market prices,
the price history of products and pairs, and buy prices seen at sources.

Tables: `pricing.price_rules`, `pricing.brand_multipliers`, `pricing.market_prices`,
`pricing.price_history`, `integration.source_prices`.
"""

from django.db import models
from django.db.models import Min, OuterRef, Subquery

from catalog.models import Brand, Category, Product, Size
from inventory.models import StockItem
from sales.models import Marketplace
from soleflip.core.fields import CurrencyField, MoneyField, currency_check, non_negative


class PriceRule(models.Model):
    class RuleType(models.TextChoices):
        COST_PLUS = "cost_plus", "Cost plus markup"
        MARKET = "market", "Market based"
        COMPETITIVE = "competitive", "Competitive"

    name = models.CharField(max_length=100)
    rule_type = models.CharField(max_length=20, choices=RuleType.choices)
    priority = models.PositiveIntegerField(default=100)
    active = models.BooleanField(default=True)
    brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.CASCADE)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE)
    marketplace = models.ForeignKey(
        Marketplace, null=True, blank=True, on_delete=models.CASCADE, db_column="platform_id"
    )
    base_markup_percent = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    minimum_margin_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    maximum_discount_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True
    )
    effective_from = models.DateField()
    effective_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = 'pricing"."price_rules'
        ordering = ["priority", "name"]
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
        ]

    def __str__(self) -> str:
        return self.name


class BrandMultiplier(models.Model):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="multipliers")
    multiplier_type = models.CharField(max_length=50, default="premium")
    multiplier_value = models.DecimalField(max_digits=5, decimal_places=3)
    active = models.BooleanField(default=True)
    effective_from = models.DateField()
    effective_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = 'pricing"."brand_multipliers'
        constraints = [
            models.CheckConstraint(
                condition=models.Q(multiplier_value__gt=0), name="brand_multiplier_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brand} × {self.multiplier_value}"


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

    def lowest_ask_of(self, product: OuterRef) -> Subquery:
        """The current lowest ask over the product's sizes, as a subquery to annotate
        products with: `Product.objects.annotate(ask=MarketPrice.objects.lowest_ask_of(
        OuterRef("pk")))`."""
        return Subquery(
            self.current()
            .filter(product=product)
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

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="market_prices")
    size = models.ForeignKey(Size, null=True, blank=True, on_delete=models.CASCADE)
    marketplace = models.ForeignKey(Marketplace, on_delete=models.CASCADE, db_column="platform_id")
    price_date = models.DateField()
    currency = CurrencyField()
    lowest_ask = MoneyField(null=True, blank=True)
    highest_bid = MoneyField(null=True, blank=True)
    last_sale = MoneyField(null=True, blank=True)
    sell_faster = MoneyField(null=True, blank=True)
    earn_more = MoneyField(null=True, blank=True)
    sales_volume = models.PositiveIntegerField(null=True, blank=True)
    raw_data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MarketPriceQuerySet.as_manager()

    class Meta:
        db_table = 'pricing"."market_prices'
        ordering = ["-price_date"]
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
        PURCHASE = "purchase", "Purchase"
        LISTING = "listing", "Listing"
        SALE = "sale", "Sale"
        RETAIL = "retail", "Retail"
        RECOMMENDATION = "recommendation", "Recommendation"

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_history")
    inventory_item = models.ForeignKey(StockItem, null=True, blank=True, on_delete=models.SET_NULL)
    marketplace = models.ForeignKey(
        Marketplace, null=True, blank=True, on_delete=models.SET_NULL, db_column="platform_id"
    )
    price_date = models.DateField()
    price_type = models.CharField(max_length=30, choices=PriceType.choices)
    price_amount = MoneyField()
    currency = CurrencyField()
    source = models.CharField(max_length=50)
    additional_data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = 'pricing"."price_history'
        ordering = ["-price_date"]
        verbose_name_plural = "price history"
        indexes = [
            models.Index(fields=["product", "price_date"], name="price_history_product_date"),
        ]
        constraints = [
            non_negative("price_amount", "price_history_amount_non_negative"),
            currency_check("currency", "price_history_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.product.sku} {self.price_type} {self.price_amount}"


class SourcePrice(models.Model):
    """A buy price seen at a source (a retailer feed, an affiliate network)
    (table `integration.source_prices`)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="source_prices")
    size = models.ForeignKey(Size, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=100)
    supplier_name = models.CharField(max_length=100)
    external_id = models.CharField(max_length=255, blank=True)
    buy_price = MoneyField()
    currency = CurrencyField()
    availability = models.CharField(max_length=50, blank=True)
    stock_qty = models.PositiveIntegerField(null=True, blank=True)
    product_url = models.URLField(max_length=1000, blank=True)
    raw_data = models.JSONField(default=dict, blank=True)
    last_updated = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = 'integration"."source_prices'
        constraints = [
            models.UniqueConstraint(
                fields=["product", "size", "source", "supplier_name"],
                name="source_price_uniq",
                nulls_distinct=False,
            ),
            non_negative("buy_price", "source_price_non_negative"),
            currency_check("currency", "source_price_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier_name}: {self.product.sku} {self.buy_price}"
