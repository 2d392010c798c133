from django.contrib import admin

from soleflip.core.admin_utils import ReadOnlyJSONMixin, ViewOnlyAdminMixin

from .models import StockEvent, StockItem


class StockEventInline(ViewOnlyAdminMixin, ReadOnlyJSONMixin, admin.TabularInline):
    """The pair's history, read-only (the table is append-only)."""

    model = StockEvent
    fk_name = "stock"
    extra = 0
    json_fields = ("before", "after")
    fields = (
        "created_at",
        "kind",
        "from_status",
        "to_status",
        "user",
        "reason",
        "before_pretty",
        "after_pretty",
    )
    readonly_fields = fields
    ordering = ("-created_at", "-id")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


@admin.register(StockItem)
class StockItemAdmin(ReadOnlyJSONMixin, admin.ModelAdmin):
    json_fields = ("external_ids",)
    list_display = (
        "id",
        "product",
        "size",
        "supplier",
        "status",
        "purchase_date",
        "purchase_price",
        "gross_purchase_price",
        "vat_amount",
        "currency",
        "tax_scheme",
        "location",
    )
    list_display_links = ("id", "product")
    list_filter = (
        "status",
        "tax_scheme",
        "currency",
        ("supplier", admin.RelatedOnlyFieldListFilter),
        ("purchase_price", admin.EmptyFieldListFilter),
        "purchase_date",
    )
    list_select_related = ("product", "size", "supplier")
    search_fields = (
        "product__sku",
        "product__name",
        "product__style_code",
        "ean",
        "purchase_order_number",
        "invoice_number",
        "location",
        "supplier__name",
    )
    autocomplete_fields = ("product", "size", "supplier")
    date_hierarchy = "purchase_date"
    ordering = ("-purchase_date", "-id")
    readonly_fields = ("created_at", "updated_at")
    inlines = (StockEventInline,)
    fieldsets = (
        (
            None,
            {"fields": ("product", "size", "supplier", "status", "quantity", "reserved_quantity")},
        ),
        (
            "Purchase",
            {
                "fields": (
                    "purchase_date",
                    "delivery_date",
                    "purchase_price",
                    "gross_purchase_price",
                    "vat_rate",
                    "vat_amount",
                    "currency",
                    "tax_scheme",
                    "purchase_order_number",
                    "invoice_number",
                )
            },
        ),
        (
            "Other",
            {
                "fields": (
                    "location",
                    "ean",
                    "notes",
                    "external_ids_pretty",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )


@admin.register(StockEvent)
class StockEventAdmin(ViewOnlyAdminMixin, ReadOnlyJSONMixin, admin.ModelAdmin):
    """Append-only audit trail: view only (a database trigger refuses updates and deletes)."""

    json_fields = ("before", "after")
    list_display = ("created_at", "kind", "stock", "from_status", "to_status", "user", "reason")
    list_filter = ("kind", "from_status", "to_status")
    list_select_related = ("stock__product", "stock__size", "user")
    search_fields = ("reason", "stock__product__sku", "stock__product__name", "user__username")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    fields = (
        "stock",
        "kind",
        "from_status",
        "to_status",
        "reason",
        "user",
        "created_at",
        "before_pretty",
        "after_pretty",
    )
    readonly_fields = fields

    def get_actions(self, request):
        # No action may modify an event; delete_selected is already gone (no delete perm).
        return {}
