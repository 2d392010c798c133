from django.contrib import admin
from django.db import models

from soleflip.core.admin_utils import ReadOnlyJSONMixin, ViewOnlyAdminMixin

from .models import (
    AskCheck,
    BrandMultiplier,
    MarketPrice,
    OfferCheck,
    PriceHistory,
    PriceRule,
    RepricingItem,
    RepricingRun,
    SourcePrice,
)


@admin.register(PriceRule)
class PriceRuleAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "rule_type",
        "priority",
        "active",
        "brand",
        "category",
        "marketplace",
        "base_markup_percent",
        "minimum_margin_percent",
        "maximum_discount_percent",
        "automatic",
        "effective_from",
        "effective_until",
    )
    list_filter = ("rule_type", "active", "automatic", "marketplace")
    list_select_related = ("brand", "category", "marketplace")
    search_fields = ("name", "brand__name", "category__name")
    autocomplete_fields = ("brand", "category")
    date_hierarchy = "effective_from"
    ordering = ("priority", "name")
    readonly_fields = ("auto_last_run_at", "created_at", "updated_at")


@admin.register(BrandMultiplier)
class BrandMultiplierAdmin(admin.ModelAdmin):
    list_display = (
        "brand",
        "multiplier_type",
        "multiplier_value",
        "active",
        "effective_from",
        "effective_until",
    )
    list_filter = ("active", "multiplier_type")
    list_select_related = ("brand",)
    search_fields = ("brand__name", "multiplier_type")
    autocomplete_fields = ("brand",)
    date_hierarchy = "effective_from"
    ordering = ("brand__name", "-effective_from")
    readonly_fields = ("created_at", "updated_at")


@admin.register(MarketPrice)
class MarketPriceAdmin(ReadOnlyJSONMixin, admin.ModelAdmin):
    json_fields = ("raw_data",)
    list_display = (
        "price_date",
        "product",
        "size",
        "marketplace",
        "lowest_ask",
        "highest_bid",
        "last_sale",
        "sell_faster",
        "earn_more",
        "currency",
        "sales_volume",
    )
    list_display_links = ("price_date", "product")
    list_filter = ("marketplace", "currency", "price_date")
    list_select_related = ("product", "size", "marketplace")
    search_fields = ("product__sku", "product__name", "product__style_code")
    autocomplete_fields = ("product", "size")
    date_hierarchy = "price_date"
    ordering = ("-price_date", "product__name")
    readonly_fields = ("created_at",)


@admin.register(PriceHistory)
class PriceHistoryAdmin(ReadOnlyJSONMixin, admin.ModelAdmin):
    json_fields = ("additional_data",)
    list_display = (
        "price_date",
        "product",
        "inventory_item",
        "marketplace",
        "price_type",
        "price_amount",
        "currency",
        "source",
    )
    list_display_links = ("price_date", "product")
    list_filter = ("price_type", "marketplace", "source", "currency")
    list_select_related = (
        "product",
        "inventory_item__product",
        "inventory_item__size",
        "marketplace",
    )
    search_fields = ("product__sku", "product__name", "source")
    autocomplete_fields = ("product", "inventory_item")
    date_hierarchy = "price_date"
    ordering = ("-price_date", "-id")
    readonly_fields = ("created_at",)


@admin.register(SourcePrice)
class SourcePriceAdmin(ReadOnlyJSONMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    json_fields = ("raw_data",)
    list_display = (
        "product",
        "size",
        "source",
        "supplier_name",
        "buy_price",
        "currency",
        "availability",
        "stock_qty",
        "last_updated",
    )
    list_filter = ("source", "availability", "currency")
    list_select_related = ("product", "size")
    search_fields = ("product__sku", "product__name", "supplier_name", "external_id")
    autocomplete_fields = ("product", "size")
    date_hierarchy = "last_updated"
    ordering = ("-last_updated",)
    readonly_fields = ("last_updated", "created_at")


class RepricingItemInline(ViewOnlyAdminMixin, admin.TabularInline):
    model = RepricingItem
    fields = ("listing", "old_amount", "new_amount", "floor", "reason", "outcome", "message")
    readonly_fields = fields
    extra = 0


@admin.register(RepricingRun)
class RepricingRunAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("pk", "status", "rule", "created_by", "total", "done", "created_at")
    list_filter = ("status",)
    list_select_related = ("rule", "created_by")
    inlines = (RepricingItemInline,)


@admin.register(RepricingItem)
class RepricingItemAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("run", "listing", "old_amount", "new_amount", "outcome", "reason")
    list_filter = ("outcome",)
    list_select_related = ("run", "listing__marketplace")
    search_fields = ("listing__external_id", "reason", "message")


@admin.register(AskCheck)
class AskCheckAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("listing", "floor", "lowest_ask", "recommended", "checked_at")
    list_select_related = ("listing__marketplace",)
    search_fields = ("listing__external_id",)


@admin.register(OfferCheck)
class OfferCheckAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("offer", "cost", "payout_now", "profit", "roi", "margin", "checked_at")
    list_select_related = ("offer",)
    search_fields = ("offer__title", "offer__ean", "offer__supplier_name")
