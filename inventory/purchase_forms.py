from decimal import Decimal

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone

from catalog.models import Brand, Category
from soleflip.lib.formfields import DateField, MoneyField, PercentField
from soleflip.lib.money import GERMAN_VAT
from soleflip.lib.uploads import check_upload_size

VAT_CHOICES = [
    ("standard", f"{GERMAN_VAT} % VAT, reclaimable"),
    ("other", "Other VAT rate, reclaimable"),
    ("margin", "Margin scheme §25a (no input VAT)"),
]


class LookupForm(forms.Form):
    code = forms.CharField(
        label="Style code or EAN",
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "placeholder": "Type or scan, then Enter",
            }
        ),
    )


class NewProductForm(forms.Form):
    sku = forms.CharField(label="Style code", max_length=100)
    name = forms.CharField(
        label="Name",
        max_length=255,
        widget=forms.TextInput(
            attrs={
                "hx-get": reverse_lazy("purchases:suggest"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#suggestion",
                "hx-swap": "innerHTML",
            }
        ),
    )
    brand = forms.ModelChoiceField(
        queryset=Brand.objects.all(), required=False, empty_label="Detect from the name"
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(), required=False, empty_label="Detect from the name"
    )
    ean = forms.CharField(label="EAN", max_length=14, required=False)


class PurchaseForm(forms.Form):
    supplier = forms.CharField(max_length=100, help_text="A new name creates the supplier.")
    purchase_date = DateField(initial=timezone.localdate)
    delivery_date = DateField(required=False, help_text="Empty: still on its way.")
    order_number = forms.CharField(max_length=100, required=False)
    invoice_number = forms.CharField(max_length=100, required=False)
    location = forms.CharField(max_length=100, required=False)
    gross = MoneyField(label="Price per pair (gross, €)")
    vat = forms.ChoiceField(label="VAT", choices=VAT_CHOICES, initial="standard")
    vat_rate = PercentField(label="Other VAT rate %", required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("vat") == "other" and data.get("vat_rate") is None:
            self.add_error("vat_rate", "Enter the VAT rate.")
        bought, delivered = data.get("purchase_date"), data.get("delivery_date")
        if bought and bought > timezone.localdate():
            self.add_error("purchase_date", "The purchase date is in the future.")
        if bought and delivered and delivered < bought:
            self.add_error("delivery_date", "Delivered before it was bought?")
        return data

    def tax(self) -> tuple[str, Decimal]:
        vat = self.cleaned_data["vat"]
        if vat == "margin":
            return "margin", Decimal("0")
        return "standard", GERMAN_VAT if vat == "standard" else self.cleaned_data["vat_rate"]


def quantities(post, size_ids) -> tuple[dict[int, int], list[str]]:
    """Pairs per size from the size grid's `qty_<size id>` inputs."""
    counts, errors = {}, []
    for size_id in size_ids:
        raw = (post.get(f"qty_{size_id}") or "").strip()
        if not raw:
            continue
        if not raw.isdigit() or int(raw) > 200:
            errors.append(f'Quantity "{raw}" is not a whole number of pairs (0-200).')
        elif int(raw):
            counts[size_id] = int(raw)
    if not counts and not errors:
        errors.append("Enter how many pairs of which size.")
    return counts, errors


class PurchaseFileForm(forms.Form):
    file = forms.FileField(
        label="Purchases CSV", widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"})
    )
    skip_invalid = forms.BooleanField(
        required=False, label="Import the valid rows even if some rows are invalid"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        return upload
