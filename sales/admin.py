from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from inventory.admin import StockItemAdmin
from inventory.models import StockItem
from soleflip.core.admin_utils import (
    EMPTY,
    ReadOnlyJSONMixin,
    ViewOnlyAdminMixin,
    json_display,
    pretty_json,
)
from soleflip.lib.formats import format_percent

from . import services
from .models import (
    ExchangeRate,
    ExportJob,
    FeeRule,
    Listing,
    Marketplace,
    Order,
    SalesMapping,
    SellerLevel,
)


class FeeRuleInline(admin.TabularInline):
    model = FeeRule
    extra = 0
    fields = (
        "fee_type",
        "seller_level",
        "percentage",
        "fixed_amount",
        "minimum_amount",
        "currency",
        "effective_from",
        "effective_until",
        "is_estimate",
        "notes",
    )
    ordering = ("fee_type", "seller_level", "-effective_from")


@admin.register(Marketplace)
class MarketplaceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "slug", "active", "output_vat", "website")
    list_filter = ("active", "output_vat")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (FeeRuleInline,)

    def save_model(self, request, obj, form, change):
        """A changed tax treatment recomputes the profit of the marketplace's orders."""
        super().save_model(request, obj, form, change)
        if change and "output_vat" in form.changed_data:
            services.set_output_vat(marketplace=obj, treatment=obj.output_vat)


@admin.register(FeeRule)
class FeeRuleAdmin(admin.ModelAdmin):
    list_display = (
        "marketplace",
        "fee_type",
        "seller_level",
        "percentage",
        "fixed_amount",
        "minimum_amount",
        "currency",
        "effective_from",
        "effective_until",
        "is_estimate",
    )
    list_filter = ("marketplace", "fee_type", "seller_level", "currency", "is_estimate")
    list_select_related = ("marketplace",)
    search_fields = ("marketplace__name", "notes")
    date_hierarchy = "effective_from"
    ordering = ("marketplace__name", "fee_type", "seller_level", "-effective_from")
    readonly_fields = ("created_at", "updated_at")


@admin.register(SellerLevel)
class SellerLevelAdmin(admin.ModelAdmin):
    """A level change is a new row from its date on (a quote uses the level of its date)."""

    list_display = ("marketplace", "level", "effective_from", "notes")
    list_filter = ("marketplace",)
    list_select_related = ("marketplace",)
    date_hierarchy = "effective_from"
    ordering = ("marketplace__name", "-effective_from")
    readonly_fields = ("created_at",)


@admin.register(Listing)
class ListingAdmin(ReadOnlyJSONMixin, admin.ModelAdmin):
    json_fields = ("raw_data",)
    raw_data_pretty = json_display("raw_data", _("raw data"))
    list_display = (
        "external_id",
        "marketplace",
        "inventory_item",
        "status",
        "amount",
        "currency",
        "inventory_type",
        "listed_at",
        "expires_at",
    )
    list_filter = ("marketplace", "status", "currency", "inventory_type")
    list_select_related = (
        "marketplace",
        "inventory_item__product",
        "inventory_item__size",
    )
    search_fields = (
        "external_id",
        "inventory_item__product__sku",
        "inventory_item__product__name",
    )
    autocomplete_fields = ("inventory_item",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Order)
class OrderAdmin(ReadOnlyJSONMixin, admin.ModelAdmin):
    json_fields = ("raw_data", "platform_specific_data")
    platform_specific_data_pretty = json_display(
        "platform_specific_data", _("marketplace-specific data")
    )
    list_display = (
        "external_id",
        "marketplace",
        "sold_at",
        "status",
        "inventory_item",
        "gross_sale",
        "platform_fee",
        "payment_fee",
        "shipping_cost",
        "net_proceeds",
        "net_profit",
        "roi_percent",
        "currency_code",
        "payout_received",
    )
    list_filter = (
        "marketplace",
        "status",
        "payout_received",
        "currency_code",
        ("net_profit", admin.EmptyFieldListFilter),
    )
    list_select_related = (
        "marketplace",
        "inventory_item__product",
        "inventory_item__size",
    )
    search_fields = (
        "external_id",
        "stockx_order_number",
        "payout_reference",
        "invoice_number",
        "inventory_item__product__sku",
        "inventory_item__product__name",
    )
    autocomplete_fields = ("inventory_item", "listing")
    date_hierarchy = "sold_at"
    ordering = ("-sold_at", "-id")
    # Profit is computed from the other fields (sales/profit.py), never typed in.
    readonly_fields = (
        "output_vat",
        "gross_profit",
        "net_profit",
        "roi",
        "shelf_life_days",
        "source_record",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "marketplace",
                    "external_id",
                    "stockx_order_number",
                    "status",
                    "sold_at",
                    "inventory_item",
                    "listing",
                )
            },
        ),
        (
            _("Money"),
            {
                "fields": (
                    "currency_code",
                    "gross_sale",
                    "platform_fee",
                    "payment_fee",
                    "shipping_cost",
                    "net_proceeds",
                    "output_vat",
                    "gross_profit",
                    "net_profit",
                    "roi",
                    "shelf_life_days",
                )
            },
        ),
        (
            _("Payout"),
            {
                "fields": (
                    "payout_received",
                    "payout_date",
                    "payout_reference",
                    "payout_amount_received",
                    "invoice_number",
                )
            },
        ),
        (
            _("Buyer"),
            {"fields": ("buyer_destination_country", "buyer_destination_city", "notes")},
        ),
        (
            _("Raw data"),
            {
                "fields": (
                    "source_record",
                    "raw_data_pretty",
                    "platform_specific_data_pretty",
                    "created_at",
                    "updated_at",
                ),
                "classes": ("collapse",),
            },
        ),
    )

    @admin.display(description=_("raw data"))
    def raw_data_pretty(self, obj):
        """The row as the marketplace gave it (the import row, or the API's answer)."""
        return pretty_json(obj.raw_row()) if obj else EMPTY

    def save_model(self, request, obj, form, change):
        """A corrected sale price, payout or pair recomputes the order's profit."""
        super().save_model(request, obj, form, change)
        services.recompute_profit(order_ids=[obj.pk])

    @admin.display(description=_("ROI"), ordering="roi")
    def roi_percent(self, obj):
        if obj.roi is None:
            return None
        return format_percent(obj.roi)


# The pair's admin, extended here because sales sits above inventory: a changed cost or
# purchase date of a sold pair recomputes the profit of its orders.
admin.site.unregister(StockItem)


@admin.register(StockItem)
class SoldStockItemAdmin(StockItemAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            services.recompute_profit(order_ids=list(obj.orders.values_list("pk", flat=True)))


@admin.register(ExportJob)
class ExportJobAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    """The accountant export's workbooks (written by the task, read-only here)."""

    list_display = (
        "id",
        "start",
        "end",
        "status",
        "written",
        "lines",
        "created_by",
        "created_at",
        "expires_at",
    )
    list_filter = ("status",)
    list_select_related = ("created_by",)
    date_hierarchy = "created_at"


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    """Rates for sales paid in another currency (the rate of the payout date is used)."""

    list_display = ("currency", "rate_date", "eur_per_unit", "source")
    list_filter = ("currency",)
    date_hierarchy = "rate_date"
    ordering = ("currency", "-rate_date")
    readonly_fields = ("created_at",)


@admin.register(SalesMapping)
class SalesMappingAdmin(admin.ModelAdmin):
    list_display = ("marketplace", "name", "updated_at")
    list_filter = ("marketplace",)
    list_select_related = ("marketplace",)
    readonly_fields = ("created_at", "updated_at")
