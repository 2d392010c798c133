from decimal import Decimal

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Brand, Category, Size
from soleflip.lib.formats import format_number
from soleflip.lib.formfields import DateField, MoneyField, PercentField
from soleflip.lib.money import GERMAN_VAT
from soleflip.lib.uploads import check_upload_size

MAX_PAIRS_PER_SIZE = 200


def vat_choices() -> list[tuple[str, str]]:
    """Built per request: the rate is a number in the active language's format."""
    return [
        ("standard", _("%(rate)s %% VAT, reclaimable") % {"rate": format_number(GERMAN_VAT)}),
        ("other", _("Other VAT rate, reclaimable")),
        ("margin", _("Margin scheme (§ 25a, no input VAT)")),
    ]


class LookupForm(forms.Form):
    # A scanner types like a keyboard and ends with Enter; style codes need letters, so
    # this stays a text keyboard (the new product's EAN field gets the digits keyboard).
    code = forms.CharField(
        label=gettext_lazy("Style code or EAN"),
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "search",
                "placeholder": gettext_lazy("Scan or type, then Enter"),
            }
        ),
    )


class NewProductForm(forms.Form):
    sku = forms.CharField(label=gettext_lazy("Style code"), max_length=100)
    name = forms.CharField(
        label=gettext_lazy("Name"),
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
        label=gettext_lazy("Brand"),
        queryset=Brand.objects.all(),
        required=False,
        empty_label=gettext_lazy("Detect from the name"),
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=gettext_lazy("Detect from the name"),
    )
    ean = forms.CharField(
        label=gettext_lazy("EAN"),
        max_length=14,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class PurchaseForm(forms.Form):
    supplier = forms.CharField(
        label=gettext_lazy("Supplier"),
        max_length=100,
        help_text=gettext_lazy("A new name creates the supplier."),
    )
    purchase_date = DateField(label=gettext_lazy("Purchase date"), initial=timezone.localdate)
    delivery_date = DateField(
        label=gettext_lazy("Delivery date"),
        required=False,
        help_text=gettext_lazy("Empty: still on its way."),
    )
    order_number = forms.CharField(
        label=gettext_lazy("Order number"), max_length=100, required=False
    )
    invoice_number = forms.CharField(
        label=gettext_lazy("Invoice number"), max_length=100, required=False
    )
    location = forms.CharField(label=gettext_lazy("Location"), max_length=100, required=False)
    gross = MoneyField(label=gettext_lazy("Price per pair (gross, €)"))
    vat = forms.ChoiceField(label=gettext_lazy("VAT"), choices=(), initial="standard")
    vat_rate = PercentField(label=gettext_lazy("Other VAT rate in percent"), required=False)
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vat"].choices = vat_choices()

    def clean(self):
        data = super().clean()
        if data.get("vat") == "other" and data.get("vat_rate") is None:
            self.add_error("vat_rate", _("Enter the VAT rate."))
        bought, delivered = data.get("purchase_date"), data.get("delivery_date")
        if bought and bought > timezone.localdate():
            self.add_error("purchase_date", _("The purchase date is in the future."))
        if bought and delivered and delivered < bought:
            self.add_error("delivery_date", _("Delivered before it was bought?"))
        return data

    def tax(self) -> tuple[str, Decimal]:
        vat = self.cleaned_data["vat"]
        if vat == "margin":
            return "margin", Decimal("0")
        return "standard", GERMAN_VAT if vat == "standard" else self.cleaned_data["vat_rate"]


class PrefillForm(forms.Form):
    """What a link to "Add purchase" may fill in: a size, the price per pair, the
    supplier (an opportunity's "Record purchase", "Should I buy?")."""

    size = forms.ModelChoiceField(queryset=Size.objects.all(), required=False)
    price = MoneyField(required=False)
    supplier = forms.CharField(max_length=100, required=False)

    def initial_values(self) -> dict:
        """The price as the page's language writes it (123,00), which the field reads."""
        price = self.cleaned_data["price"]
        return {
            "gross": format_number(price, 2) if price is not None else None,
            "supplier": self.cleaned_data["supplier"],
        }


def quantities(post, size_ids) -> tuple[dict[int, int], list[str]]:
    """Pairs per size from the size grid's `qty_<size id>` inputs."""
    counts, errors = {}, []
    for size_id in size_ids:
        raw = (post.get(f"qty_{size_id}") or "").strip()
        if not raw:
            continue
        if not raw.isdigit() or int(raw) > MAX_PAIRS_PER_SIZE:
            errors.append(
                _('Quantity "%(value)s" is not a whole number of pairs (0 to %(max)s).')
                % {"value": raw, "max": MAX_PAIRS_PER_SIZE}
            )
        elif int(raw):
            counts[size_id] = int(raw)
    if not counts and not errors:
        errors.append(_("Enter how many pairs of which size."))
    return counts, errors


class PurchaseFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Purchases CSV"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    skip_invalid = forms.BooleanField(
        required=False, label=gettext_lazy("Import the valid rows even if some rows are invalid")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        return upload
