"""The catalog: brands (with the patterns that recognise them in product names),
the category tree, products with their StockX variants, and the one unified size table.

Tables live in the `catalog` schema: `catalog.brand`, `catalog.brand_patterns`,
`catalog.category`, `catalog.product`, `catalog.product_variant`, `catalog.sizes`.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _

from soleflip.core.fields import MoneyField, non_negative


class Brand(models.Model):
    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("slug"))
    # Brands created by an import from an unrecognised name wait here for review.
    needs_review = models.BooleanField(default=False, verbose_name=_("needs review"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        db_table = 'catalog"."brand'
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name


class BrandPattern(models.Model):
    """A rule that recognises a brand in a product name. Lower priority runs first, so
    "Jordan" (10) wins over "Nike" (100) for "Nike Air Jordan 1"."""

    class Type(models.TextChoices):
        KEYWORD = "keyword", _("Keyword (whole words, case-insensitive)")
        REGEX = "regex", _("Regular expression")

    brand = models.ForeignKey(
        Brand, on_delete=models.CASCADE, related_name="patterns", verbose_name=_("brand")
    )
    pattern = models.CharField(max_length=255, verbose_name=_("pattern"))
    pattern_type = models.CharField(
        max_length=20, choices=Type.choices, default=Type.KEYWORD, verbose_name=_("type")
    )
    priority = models.PositiveIntegerField(default=100, verbose_name=_("priority"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        db_table = 'catalog"."brand_patterns'
        ordering = ["priority", "id"]
        verbose_name = _("brand pattern")
        verbose_name_plural = _("brand patterns")
        constraints = [
            models.UniqueConstraint(
                fields=["pattern_type", "pattern"], name="brand_pattern_type_pattern_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(pattern_type__in=["keyword", "regex"]),
                name="brand_pattern_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pattern} → {self.brand}"


class Category(models.Model):
    """A node of the category tree (Sneakers, Apparel > Hoodies, ...); `path` is the
    slash-joined slugs from the root, kept for cheap subtree filters."""

    name = models.CharField(max_length=100, verbose_name=_("name"))
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("slug"))
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(max_length=500, blank=True, verbose_name=_("path"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        db_table = 'catalog"."category'
        ordering = ["path"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="category_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SizeQuerySet(models.QuerySet):
    def chart_for(self, category: "Category | None") -> "SizeQuerySet":
        """The sizes to offer for a product: shoe sizes (US men, women, GS) for sneakers,
        letter sizes for apparel, one size for everything else."""
        path = category.path if category else ""
        if path.startswith("sneakers"):
            return self.filter(region="US", kind__in=["men", "women", "gs"]).order_by("sort_order")
        if path.startswith("apparel"):
            return self.filter(kind="apparel").order_by("sort_order")
        return self.filter(kind="one_size")


class Size(models.Model):
    """The one size table. A row is a size as it is written on a label or in a marketplace
    export (`kind` + `region` + `value`, e.g. women / US / 6.5), with standardized
    US, EU, UK and CM values for conversion and matching."""

    class Kind(models.TextChoices):
        MEN = "men", _("Men")
        WOMEN = "women", _("Women")
        GS = "gs", _("Grade school (Y)")
        PS = "ps", _("Pre-school (C/Y)")
        TD = "td", _("Toddler (C)")
        APPAREL = "apparel", _("Apparel")
        ONE_SIZE = "one_size", _("One size")
        OTHER = "other", _("Other")

    class Region(models.TextChoices):
        US = "US", "US"
        EU = "EU", "EU"
        UK = "UK", "UK"
        CM = "CM", "CM"
        INTL = "INTL", _("International (apparel)")

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    region = models.CharField(max_length=10, choices=Region.choices, verbose_name=_("region"))
    value = models.CharField(max_length=30, verbose_name=_("value"))
    display = models.CharField(max_length=40, verbose_name=_("display"))
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sizes",
        verbose_name=_("category"),
    )
    us_value = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, verbose_name=_("US size")
    )
    eu_value = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, verbose_name=_("EU size")
    )
    uk_value = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, verbose_name=_("UK size")
    )
    cm_value = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True, verbose_name=_("CM size")
    )
    sort_order = models.PositiveIntegerField(default=0, verbose_name=_("sort order"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    objects = SizeQuerySet.as_manager()

    class Meta:
        db_table = 'catalog"."sizes'
        ordering = ["kind", "region", "sort_order"]
        verbose_name = _("size")
        verbose_name_plural = _("sizes")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "region", "value"], name="size_kind_region_value_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["men", "women", "gs", "ps", "td", "apparel", "one_size", "other"]
                ),
                name="size_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display


class ProductQuerySet(models.QuerySet):
    def with_catalog(self) -> "ProductQuerySet":
        return self.select_related("brand", "category")


class Product(models.Model):
    """A catalog product (one style code or, for items without one, one item name)."""

    sku = models.CharField(max_length=100, unique=True, verbose_name=_("SKU"))
    style_code = models.CharField(
        max_length=100, blank=True, db_index=True, verbose_name=_("style code")
    )
    ean = models.CharField(max_length=14, blank=True, db_index=True, verbose_name=_("EAN"))
    stockx_product_id = models.CharField(
        max_length=64, null=True, blank=True, unique=True, verbose_name=_("StockX product ID")
    )
    name = models.CharField(max_length=255, verbose_name=_("name"))
    brand = models.ForeignKey(
        Brand, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("brand")
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("category"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    colorway = models.CharField(max_length=255, blank=True, verbose_name=_("colorway"))
    retail_price = MoneyField(null=True, blank=True, verbose_name=_("retail price"))
    release_date = models.DateField(null=True, blank=True, verbose_name=_("release date"))
    enrichment_data = models.JSONField(default=dict, blank=True, verbose_name=_("StockX data"))
    lowest_ask = MoneyField(null=True, blank=True, verbose_name=_("lowest ask"))
    highest_bid = MoneyField(null=True, blank=True, verbose_name=_("highest bid"))
    recommended_sell_faster = MoneyField(null=True, blank=True, verbose_name=_("sell faster"))
    recommended_earn_more = MoneyField(null=True, blank=True, verbose_name=_("earn more"))
    last_enriched_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last enriched"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    objects = ProductQuerySet.as_manager()

    class Meta:
        db_table = 'catalog"."product'
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            GinIndex(
                fields=["enrichment_data"],
                name="product_enrichment_gin",
                opclasses=["jsonb_path_ops"],
            ),
            models.Index(fields=["brand", "category"], name="product_brand_category_idx"),
            models.Index(fields=["name"], name="product_name_idx"),  # lists sorted by name
        ]
        constraints = [
            non_negative("retail_price", "product_retail_price_non_negative"),
            non_negative("lowest_ask", "product_lowest_ask_non_negative"),
            non_negative("highest_bid", "product_highest_bid_non_negative"),
            non_negative("recommended_sell_faster", "product_sell_faster_non_negative"),
            non_negative("recommended_earn_more", "product_earn_more_non_negative"),
            models.CheckConstraint(condition=~models.Q(sku=""), name="product_sku_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"


class ProductVariant(models.Model):
    """A product in one size as StockX knows it (variant id, barcodes)."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="variants", verbose_name=_("product")
    )
    size = models.ForeignKey(
        Size, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("size")
    )
    stockx_variant_id = models.CharField(
        max_length=64, null=True, blank=True, unique=True, verbose_name=_("StockX variant ID")
    )
    variant_value = models.CharField(max_length=40, blank=True, verbose_name=_("StockX size"))
    gtins = models.JSONField(default=list, blank=True, verbose_name=_("GTINs"))
    size_chart = models.JSONField(default=dict, blank=True, verbose_name=_("size chart"))
    is_flex_eligible = models.BooleanField(default=False, verbose_name=_("Flex eligible"))
    is_direct_eligible = models.BooleanField(default=False, verbose_name=_("Direct eligible"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        db_table = 'catalog"."product_variant'
        verbose_name = _("product variant")
        verbose_name_plural = _("product variants")
        indexes = [GinIndex(fields=["gtins"], name="variant_gtins_gin")]
        constraints = [
            models.UniqueConstraint(fields=["product", "size"], name="variant_product_size_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.product.sku} {self.size or self.variant_value}"
