from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from soleflip.core.admin_utils import ReadOnlyJSONMixin, ViewOnlyAdminMixin

from . import workflow
from .models import StockEvent, StockItem


class StockItemAdminForm(forms.ModelForm):
    class Meta:
        model = StockItem
        fields = [
            "product",
            "size",
            "supplier",
            "status",
            "purchase_date",
            "delivery_date",
            "purchase_price",
            "gross_purchase_price",
            "vat_rate",
            "vat_amount",
            "tax_scheme",
            "purchase_order_number",
            "invoice_number",
            "location",
            "ean",
            "notes",
        ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.pk and status != self.instance.status:
            try:
                workflow.check(self.instance.status, status)
            except workflow.TransitionError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return status


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
    # Quantities move only through reserve/release; the workflow owns them.
    readonly_fields = ("quantity", "reserved_quantity", "currency", "created_at", "updated_at")
    inlines = (StockEventInline,)
    form = StockItemAdminForm

    def save_model(self, request, obj, form, change):
        """Admin edits go through the same verbs as the pages: no silent edits."""
        if not change:
            super().save_model(request, obj, form, change)
            StockEvent.objects.create(
                stock=obj,
                user=request.user,
                kind=StockEvent.Kind.CREATED,
                to_status=obj.status,
                reason=_("Created in the admin"),
                after={"status": obj.status},
            )
            return
        original = StockItem.objects.get(pk=obj.pk)
        fields = {f.name: f.attname for f in StockItem._meta.concrete_fields}
        changes = {
            fields[name]: getattr(obj, fields[name])
            for name in form.changed_data
            if name in fields and fields[name] in StockItem.EDITABLE
        }
        if changes:
            original.edit(changes, user=request.user, reason=_("Changed in the admin"))
        if obj.status != original.status:
            original.transition(obj.status, user=request.user, reason=_("Changed in the admin"))

    def delete_model(self, request, obj):
        self.delete_queryset(request, StockItem.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        """Deletes keep the history and refuse pairs that were sold (their order needs them)."""
        from django.contrib import messages

        from .services import delete_pairs

        result = delete_pairs(ids=list(queryset.values_list("pk", flat=True)), user=request.user)
        for refusal in result.refused:
            self.message_user(request, refusal, level=messages.WARNING)

    fieldsets = (
        (
            None,
            {"fields": ("product", "size", "supplier", "status", "quantity", "reserved_quantity")},
        ),
        (
            gettext_lazy("Purchase"),
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
            gettext_lazy("Other"),
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
