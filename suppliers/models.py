"""Suppliers (retailers, private sellers, wholesalers), the retailer login accounts the
business buys with, and their purchase attempts.

Tables: `supplier.profile`, `supplier.account`, `supplier.purchase_history`.
"""

from django.db import models
from django.utils.text import slugify

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
        RETAILER = "retailer", "Retailer"
        BRAND = "brand", "Brand store"
        WHOLESALER = "wholesaler", "Wholesaler"
        PRIVATE = "private", "Private seller"
        MARKETPLACE = "marketplace", "Marketplace"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        BLOCKED = "blocked", "Blocked"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    supplier_type = models.CharField(max_length=20, choices=Type.choices, default=Type.RETAILER)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    contact_person = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    website = models.URLField(max_length=200, blank=True)
    # Labels spelt out where Django's from the field name reads oddly ("Address line1").
    address_line1 = models.CharField("address line 1", max_length=200, blank=True)
    address_line2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO country code, e.g. DE")
    vat_number = models.CharField("VAT number", max_length=50, blank=True)
    # Default purchase VAT treatment for this supplier's invoices.
    vat_rate = models.DecimalField(
        "VAT rate (%)", max_digits=5, decimal_places=2, default=GERMAN_VAT
    )
    default_tax_scheme = models.CharField(
        max_length=20,
        choices=[
            ("standard", "Standard (input VAT reclaimable)"),
            ("margin", "Margin scheme §25a"),
        ],
        default="standard",
    )
    return_policy_days = models.PositiveIntegerField("return period (days)", null=True, blank=True)
    payment_terms = models.CharField(max_length=100, blank=True)
    preferred = models.BooleanField("preferred supplier", default=False)
    notes = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SupplierQuerySet.as_manager()

    class Meta:
        db_table = 'supplier"."profile'
        ordering = ["name"]
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


class SupplierAccount(models.Model):
    """A login the business buys with at a supplier. Password and proxy are encrypted at
    rest and never shown in full; card data is never stored, only a token and last four."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        BANNED = "banned", "Banned"
        RETIRED = "retired", "Retired"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="accounts")
    email = models.EmailField(max_length=254)
    password = EncryptedTextField(blank=True, db_column="password_encrypted")
    proxy_config = EncryptedTextField(blank=True, db_column="proxy_config_encrypted")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    zip_code = models.CharField(max_length=20, blank=True)
    state_code = models.CharField(max_length=10, blank=True)
    country_code = models.CharField(max_length=2, blank=True)
    phone_number = models.CharField(max_length=50, blank=True)
    payment_provider = models.CharField(max_length=50, blank=True)
    # A payment provider's token is a secret like the password: encrypted, never shown.
    payment_method_token = EncryptedTextField(blank=True)
    payment_method_last4 = models.CharField(max_length=4, blank=True)
    payment_method_brand = models.CharField(max_length=20, blank=True)
    browser_preference = models.CharField(max_length=50, blank=True)
    list_name = models.CharField(max_length=100, blank=True)
    account_status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    is_verified = models.BooleanField(default=False)
    last_used_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = 'supplier"."account'
        ordering = ["supplier", "email"]
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
        ORDERED = "ordered", "Ordered"
        CONFIRMED = "confirmed", "Confirmed"
        SHIPPED = "shipped", "Shipped"
        DELIVERED = "delivered", "Delivered"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="purchases")
    account = models.ForeignKey(
        SupplierAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="purchases"
    )
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL)
    order_reference = models.CharField(max_length=100, blank=True)
    purchase_amount = MoneyField()
    currency = CurrencyField()
    purchase_date = models.DateTimeField()
    purchase_status = models.CharField(max_length=20, choices=Status.choices)
    success = models.BooleanField(default=True)
    failure_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = 'supplier"."purchase_history'
        ordering = ["-purchase_date"]
        verbose_name_plural = "purchase history"
        constraints = [
            non_negative("purchase_amount", "purchase_amount_non_negative"),
            currency_check("currency", "purchase_currency_iso"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} {self.order_reference or self.pk}"
