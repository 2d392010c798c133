"""Suppliers (retailers, private sellers, wholesalers), the retailer login accounts the
business buys with, and their purchase attempts.

Tables: `supplier.profile`, `supplier.account`, `supplier.purchase_history`.
"""

from decimal import Decimal

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from soleflip.core.fields import (
    CurrencyField,
    EncryptedTextField,
    MoneyField,
    currency_check,
    non_negative,
)
from soleflip.lib.money import GERMAN_VAT


class SupplierQuerySet(models.QuerySet):
    def named(self, name: str) -> tuple["Supplier", bool]:
        """(supplier, created): the supplier with this name (any case), or a new one."""
        name = name.strip()
        supplier = self.filter(name__iexact=name).first()
        if supplier:
            return supplier, False
        base = slugify(name)[:90] or "supplier"
        slug, n = base, 1
        while self.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return self.create(name=name, slug=slug), True


class Supplier(models.Model):
    class Type(models.TextChoices):
        RETAILER = "retailer", _("Retailer")
        BRAND = "brand", _("Brand store")
        WHOLESALER = "wholesaler", _("Wholesaler")
        PRIVATE = "private", _("Private seller")
        MARKETPLACE = "marketplace", _("Marketplace")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        BLOCKED = "blocked", _("Blocked")

    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("slug"))
    display_name = models.CharField(max_length=150, blank=True, verbose_name=_("display name"))
    supplier_type = models.CharField(
        max_length=20, choices=Type.choices, default=Type.RETAILER, verbose_name=_("type")
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.ACTIVE, verbose_name=_("status")
    )
    contact_person = models.CharField(max_length=100, blank=True, verbose_name=_("contact person"))
    email = models.EmailField(max_length=254, blank=True, verbose_name=_("email"))
    phone = models.CharField(max_length=50, blank=True, verbose_name=_("phone"))
    website = models.URLField(max_length=200, blank=True, verbose_name=_("website"))
    # Labels spelt out where Django's from the field name reads oddly ("Address line1").
    address_line1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True, verbose_name=_("city"))
    postal_code = models.CharField(max_length=20, blank=True, verbose_name=_("postal code"))
    country = models.CharField(
        max_length=2,
        blank=True,
        help_text=_("ISO country code, e.g. DE"),
        verbose_name=_("country"),
    )
    vat_number = models.CharField(_("VAT number"), max_length=50, blank=True)
    # Default purchase VAT treatment for this supplier's invoices.
    vat_rate = models.DecimalField(
        _("VAT rate (%)"), max_digits=5, decimal_places=2, default=GERMAN_VAT
    )
    default_tax_scheme = models.CharField(
        max_length=20,
        choices=[
            ("standard", _("Standard (input VAT reclaimable)")),
            ("margin", _("Margin scheme §25a")),
        ],
        default="standard",
        verbose_name=_("default tax scheme"),
    )
    return_policy_days = models.PositiveIntegerField(
        _("return period (days)"), null=True, blank=True
    )
    payment_terms = models.CharField(max_length=100, blank=True, verbose_name=_("payment terms"))
    preferred = models.BooleanField(_("preferred supplier"), default=False)
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    tags = models.JSONField(default=list, blank=True, verbose_name=_("tags"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    objects = SupplierQuerySet.as_manager()

    class Meta:
        db_table = 'supplier"."profile'
        ordering = ["name"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vat_rate__gte=0, vat_rate__lte=100),
                name="supplier_vat_rate_range",
            ),
            models.CheckConstraint(
                condition=models.Q(default_tax_scheme__in=["standard", "margin"]),
                name="supplier_tax_scheme_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.name

    @property
    def vat_fraction(self) -> Decimal:
        """The VAT rate as a fraction (19.00 -> 0.19), for format_percent and |percent."""
        return self.vat_rate / 100


class SupplierAccount(models.Model):
    """A login the business buys with at a supplier. Password and proxy are encrypted at
    rest and never shown in full; card data is never stored, only a token and last four."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        BANNED = "banned", _("Banned")
        RETIRED = "retired", _("Retired")

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("supplier")
    )
    email = models.EmailField(max_length=254, verbose_name=_("email"))
    password = EncryptedTextField(
        blank=True, db_column="password_encrypted", verbose_name=_("password")
    )
    proxy_config = EncryptedTextField(
        blank=True, db_column="proxy_config_encrypted", verbose_name=_("proxy")
    )
    first_name = models.CharField(max_length=100, blank=True, verbose_name=_("first name"))
    last_name = models.CharField(max_length=100, blank=True, verbose_name=_("last name"))
    address_line_1 = models.CharField(max_length=200, blank=True, verbose_name=_("address line 1"))
    address_line_2 = models.CharField(max_length=200, blank=True, verbose_name=_("address line 2"))
    city = models.CharField(max_length=100, blank=True, verbose_name=_("city"))
    zip_code = models.CharField(max_length=20, blank=True, verbose_name=_("postal code"))
    state_code = models.CharField(max_length=10, blank=True, verbose_name=_("state"))
    country_code = models.CharField(max_length=2, blank=True, verbose_name=_("country"))
    phone_number = models.CharField(max_length=50, blank=True, verbose_name=_("phone"))
    payment_provider = models.CharField(
        max_length=50, blank=True, verbose_name=_("payment provider")
    )
    # A payment provider's token is a secret like the password: encrypted, never shown.
    payment_method_token = EncryptedTextField(blank=True, verbose_name=_("payment token"))
    payment_method_last4 = models.CharField(
        max_length=4, blank=True, verbose_name=_("card last four digits")
    )
    payment_method_brand = models.CharField(max_length=20, blank=True, verbose_name=_("card brand"))
    browser_preference = models.CharField(max_length=50, blank=True, verbose_name=_("browser"))
    list_name = models.CharField(max_length=100, blank=True, verbose_name=_("list name"))
    account_status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.ACTIVE, verbose_name=_("status")
    )
    is_verified = models.BooleanField(default=False, verbose_name=_("verified"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        db_table = 'supplier"."account'
        ordering = ["supplier", "email"]
        verbose_name = _("supplier account")
        verbose_name_plural = _("supplier accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "email"], name="account_supplier_email_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(payment_method_last4="")
                | models.Q(payment_method_last4__regex=r"^[0-9]{4}$"),
                name="account_last4_digits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} @ {self.supplier}"

    @property
    def masked_password(self) -> str:
        return "••••••••" if self.password else ""


class PurchaseHistory(models.Model):
    """A purchase attempt through an account (successful or not)."""

    class Status(models.TextChoices):
        ORDERED = "ordered", _("Ordered")
        CONFIRMED = "confirmed", _("Confirmed")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="purchases", verbose_name=_("supplier")
    )
    account = models.ForeignKey(
        SupplierAccount,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="purchases",
        verbose_name=_("account"),
    )
    product = models.ForeignKey(
        Product, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("product")
    )
    order_reference = models.CharField(
        max_length=100, blank=True, verbose_name=_("order reference")
    )
    purchase_amount = MoneyField(verbose_name=_("amount"))
    currency = CurrencyField(verbose_name=_("currency"))
    purchase_date = models.DateTimeField(verbose_name=_("purchase date"))
    purchase_status = models.CharField(
        max_length=20, choices=Status.choices, verbose_name=_("status")
    )
    success = models.BooleanField(default=True, verbose_name=_("success"))
    failure_reason = models.TextField(blank=True, verbose_name=_("failure reason"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        db_table = 'supplier"."purchase_history'
        ordering = ["-purchase_date"]
        verbose_name = _("purchase history entry")
        verbose_name_plural = _("purchase history")
        constraints = [
            non_negative("purchase_amount", "purchase_amount_non_negative"),
            currency_check("currency", "purchase_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} {self.order_reference or self.pk}"
