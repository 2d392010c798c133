from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from soleflip.core.admin_erasure import AnonymiseActionMixin
from soleflip.core.admin_utils import ReadOnlyJSONMixin, secret_form_field

from .models import PurchaseHistory, Supplier, SupplierAccount
from .services import anonymise_account

# SupplierAccount.password and .proxy_config are encrypted secrets: no admin page, list,
# inline, search or history ever renders them. The change form takes a new value
# (write-only, blank keeps the current one) and shows only "set" / "not set".
SECRET_FIELDS = ("password", "proxy_config", "payment_method_token")


def secret_status(obj, name: str) -> str:
    """ "set" or "not set" for a secret of a saved account; never the secret itself."""
    return _("set") if obj and obj.pk and getattr(obj, name) else _("not set")


def password_status(obj) -> str:
    return secret_status(obj, "password")


def proxy_status(obj) -> str:
    return secret_status(obj, "proxy_config")


def payment_token_status(obj) -> str:
    return secret_status(obj, "payment_method_token")


class SupplierAccountInline(admin.TabularInline):
    model = SupplierAccount
    extra = 0
    show_change_link = True
    fields = (
        "email",
        "account_status",
        "is_verified",
        "list_name",
        "payment_method_last4",
        "last_used_at",
        "password_state",
        "proxy_state",
    )
    readonly_fields = ("last_used_at", "password_state", "proxy_state")
    exclude = SECRET_FIELDS

    @admin.display(description=_("password"))
    def password_state(self, obj):
        return password_status(obj)

    @admin.display(description=_("proxy"))
    def proxy_state(self, obj):
        return proxy_status(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("supplier")


@admin.register(Supplier)
class SupplierAdmin(ReadOnlyJSONMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    json_fields = ("tags",)
    list_display = (
        "name",
        "display_name",
        "supplier_type",
        "status",
        "country",
        "vat_rate",
        "default_tax_scheme",
        "preferred",
        "created_at",
    )
    list_filter = ("supplier_type", "status", "preferred", "default_tax_scheme", "country")
    search_fields = ("name", "display_name", "slug", "email", "contact_person", "vat_number")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (SupplierAccountInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "display_name",
                    "supplier_type",
                    "status",
                    "preferred",
                )
            },
        ),
        (
            _("Contact"),
            {
                "fields": (
                    "contact_person",
                    "email",
                    "phone",
                    "website",
                    "address_line1",
                    "address_line2",
                    "postal_code",
                    "city",
                    "country",
                )
            },
        ),
        (
            _("Terms and tax"),
            {
                "fields": (
                    "vat_number",
                    "vat_rate",
                    "default_tax_scheme",
                    "return_policy_days",
                    "payment_terms",
                )
            },
        ),
        (_("Notes"), {"fields": ("notes", "tags_pretty", "created_at", "updated_at")}),
    )


class SupplierAccountForm(forms.ModelForm):
    """Secrets are write-only: the form never carries their current values."""

    new_password = secret_form_field(_("New password"))
    new_proxy_config = secret_form_field(
        _("New proxy"),
        help_text=_(
            "Write-only, e.g. http://user:pass@host:port. Leave blank to keep the current value."
        ),
    )
    clear_proxy_config = forms.BooleanField(
        label=_("Remove the proxy"), required=False, help_text=_("Clears the stored proxy.")
    )
    new_payment_method_token = secret_form_field(_("New payment token"))

    class Meta:
        model = SupplierAccount
        # Listed explicitly so that a secret column can never slip into the form.
        fields = (
            "supplier",
            "email",
            "account_status",
            "is_verified",
            "list_name",
            "first_name",
            "last_name",
            "address_line_1",
            "address_line_2",
            "zip_code",
            "city",
            "state_code",
            "country_code",
            "phone_number",
            "payment_provider",
            "payment_method_brand",
            "payment_method_last4",
            "browser_preference",
            "last_used_at",
            "notes",
        )

    def save(self, commit=True):
        if self.cleaned_data.get("new_password"):
            self.instance.password = self.cleaned_data["new_password"]
        if self.cleaned_data.get("new_proxy_config"):
            self.instance.proxy_config = self.cleaned_data["new_proxy_config"]
        elif self.cleaned_data.get("clear_proxy_config"):
            self.instance.proxy_config = ""
        if self.cleaned_data.get("new_payment_method_token"):
            self.instance.payment_method_token = self.cleaned_data["new_payment_method_token"]
        return super().save(commit=commit)


@admin.register(SupplierAccount)
class SupplierAccountAdmin(AnonymiseActionMixin, admin.ModelAdmin):
    form = SupplierAccountForm
    anonymise_explanation = _(
        "The email becomes erased-<id>@erased.invalid; names, address, phone, list name, "
        "browser and notes are cleared; password, proxy and payment token are destroyed and "
        "the card's last four digits cleared; the account is retired. The raw rows of "
        "account imports with its email are scrubbed. Its purchases, pairs and orders stay "
        "complete and linked."
    )
    list_display = (
        "email",
        "supplier",
        "account_status",
        "is_verified",
        "list_name",
        "payment_method_brand",
        "payment_method_last4",
        "password_state",
        "proxy_state",
        "last_used_at",
    )
    list_filter = (
        "account_status",
        "is_verified",
        ("supplier", admin.RelatedOnlyFieldListFilter),
        "country_code",
    )
    list_select_related = ("supplier",)
    search_fields = ("email", "first_name", "last_name", "list_name", "supplier__name")
    autocomplete_fields = ("supplier",)
    date_hierarchy = "created_at"
    ordering = ("supplier__name", "email")
    exclude = SECRET_FIELDS
    readonly_fields = (
        "password_state",
        "proxy_state",
        "payment_token_state",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("supplier", "email", "account_status", "is_verified", "list_name")}),
        (
            _("Credentials (write-only)"),
            {
                "fields": (
                    "password_state",
                    "new_password",
                    "proxy_state",
                    "new_proxy_config",
                    "clear_proxy_config",
                )
            },
        ),
        (
            _("Address"),
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "address_line_1",
                    "address_line_2",
                    "zip_code",
                    "city",
                    "state_code",
                    "country_code",
                    "phone_number",
                )
            },
        ),
        (
            _("Payment (token only, no card data)"),
            {
                "fields": (
                    "payment_provider",
                    "payment_token_state",
                    "new_payment_method_token",
                    "payment_method_brand",
                    "payment_method_last4",
                )
            },
        ),
        (
            _("Usage"),
            {"fields": ("browser_preference", "last_used_at", "notes", "created_at", "updated_at")},
        ),
    )

    @admin.display(description=_("password"))
    def password_state(self, obj):
        return password_status(obj)

    @admin.display(description=_("proxy"))
    def proxy_state(self, obj):
        return proxy_status(obj)

    @admin.display(description=_("payment token"))
    def payment_token_state(self, obj):
        return payment_token_status(obj)

    def anonymise(self, request, obj) -> None:
        anonymise_account(account=obj, by=request.user)


@admin.register(PurchaseHistory)
class PurchaseHistoryAdmin(admin.ModelAdmin):
    list_display = (
        "purchase_date",
        "supplier",
        "account",
        "product",
        "order_reference",
        "purchase_amount",
        "currency",
        "purchase_status",
        "success",
    )
    list_display_links = ("purchase_date", "order_reference")
    list_filter = (
        "purchase_status",
        "success",
        "currency",
        ("supplier", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("supplier", "account__supplier", "product")
    search_fields = (
        "order_reference",
        "supplier__name",
        "account__email",
        "product__sku",
        "product__name",
    )
    autocomplete_fields = ("supplier", "account", "product")
    date_hierarchy = "purchase_date"
    ordering = ("-purchase_date",)
    readonly_fields = ("created_at", "updated_at")
