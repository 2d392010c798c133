from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from soleflip.core.admin_utils import ReadOnlyJSONMixin

from .models import Brand, BrandPattern, Category, Product, ProductVariant, Size


class BrandPatternInline(admin.TabularInline):
    model = BrandPattern
    extra = 0
    fields = ("pattern", "pattern_type", "priority")
    ordering = ("priority", "id")


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "needs_review", "pattern_count", "created_at")
    list_filter = ("needs_review",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)
    inlines = (BrandPatternInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_pattern_count=Count("patterns"))

    @admin.display(description=_("patterns"), ordering="_pattern_count")
    def pattern_count(self, obj):
        return obj._pattern_count


@admin.register(BrandPattern)
class BrandPatternAdmin(admin.ModelAdmin):
    list_display = ("pattern", "pattern_type", "brand", "priority", "updated_at")
    list_editable = ("priority",)
    list_filter = ("pattern_type", "brand")
    list_select_related = ("brand",)
    search_fields = ("pattern", "brand__name")
    autocomplete_fields = ("brand",)
    ordering = ("priority", "id")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "path", "slug", "parent")
    list_select_related = ("parent",)
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "slug", "path")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    ordering = ("path",)


@admin.register(Size)
class SizeAdmin(admin.ModelAdmin):
    list_display = (
        "display",
        "kind",
        "region",
        "value",
        "us_value",
        "eu_value",
        "uk_value",
        "cm_value",
        "category",
        "sort_order",
    )
    list_filter = ("kind", "region", ("category", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("category",)
    search_fields = ("display", "value")
    autocomplete_fields = ("category",)
    ordering = ("kind", "region", "sort_order")


class ProductVariantInline(ReadOnlyJSONMixin, admin.TabularInline):
    model = ProductVariant
    extra = 0
    json_fields = ("gtins",)
    fields = (
        "size",
        "variant_value",
        "stockx_variant_id",
        "is_flex_eligible",
        "is_direct_eligible",
        "gtins_pretty",
    )
    autocomplete_fields = ("size",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("size", "product")


@admin.register(Product)
class ProductAdmin(ReadOnlyJSONMixin, admin.ModelAdmin):
    json_fields = ("enrichment_data",)
    list_display = (
        "sku",
        "name",
        "brand",
        "category",
        "style_code",
        "retail_price",
        "lowest_ask",
        "highest_bid",
        "release_date",
        "last_enriched_at",
    )
    list_display_links = ("sku", "name")
    list_filter = (
        ("brand", admin.RelatedOnlyFieldListFilter),
        ("category", admin.RelatedOnlyFieldListFilter),
        ("last_enriched_at", admin.EmptyFieldListFilter),
        "release_date",
    )
    list_select_related = ("brand", "category")
    search_fields = ("sku", "name", "style_code", "ean", "stockx_product_id", "colorway")
    autocomplete_fields = ("brand", "category")
    date_hierarchy = "release_date"
    ordering = ("name",)
    readonly_fields = ("last_enriched_at", "created_at", "updated_at")
    inlines = (ProductVariantInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "sku",
                    "style_code",
                    "ean",
                    "stockx_product_id",
                    "name",
                    "brand",
                    "category",
                    "colorway",
                    "description",
                    "release_date",
                )
            },
        ),
        (
            _("Prices (EUR)"),
            {
                "fields": (
                    "retail_price",
                    "lowest_ask",
                    "highest_bid",
                    "recommended_sell_faster",
                    "recommended_earn_more",
                )
            },
        ),
        (
            _("StockX data"),
            {
                "fields": ("last_enriched_at", "enrichment_data_pretty"),
                "classes": ("collapse",),
            },
        ),
        (_("Timestamps"), {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )


@admin.register(ProductVariant)
class ProductVariantAdmin(ReadOnlyJSONMixin, admin.ModelAdmin):
    json_fields = ("gtins", "size_chart")
    list_display = (
        "product",
        "size",
        "variant_value",
        "stockx_variant_id",
        "is_flex_eligible",
        "is_direct_eligible",
    )
    list_filter = ("is_flex_eligible", "is_direct_eligible", "size__kind")
    list_select_related = ("product", "size")
    search_fields = ("product__sku", "product__name", "stockx_variant_id", "variant_value")
    autocomplete_fields = ("product", "size")
    ordering = ("product__name", "size__sort_order")
