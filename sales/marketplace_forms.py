"""The upload form of a marketplace's sales export: the marketplace, a saved or shipped
column mapping, and any column named differently in this file."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from soleflip.lib.uploads import check_upload_size

from .marketplace_files import FIELDS, PRESETS
from .models import Marketplace, SalesMapping

SHIPPED = "shipped"


class MarketplaceSalesForm(forms.Form):
    marketplace = forms.ModelChoiceField(
        label=_("Marketplace"),
        queryset=Marketplace.objects.filter(active=True).exclude(slug="stockx"),
        to_field_name="slug",
        help_text=_("StockX reports have their own import."),
    )
    mapping = forms.ChoiceField(label=_("Column mapping"), required=False)
    file = forms.FileField(
        label=_("Sales export (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    currency = forms.CharField(
        label=_("Currency of the amounts"),
        max_length=3,
        required=False,
        help_text=_(
            "When the file has no currency column; empty: the mapping's (EUR, Alias: USD)."
        ),
    )
    save_as = forms.CharField(
        label=_("Save this mapping as"),
        max_length=100,
        required=False,
        help_text=_("A name to choose it next time for this marketplace."),
    )
    skip_invalid = forms.BooleanField(
        required=False, label=_("Import the valid rows even if some rows are invalid")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = SalesMapping.objects.select_related("marketplace")
        self.fields["mapping"].choices = [
            (
                SHIPPED,
                gettext("Shipped preset (%(names)s) or a guess from the header")
                % {"names": ", ".join(sorted(PRESETS))},
            ),  # fmt: skip
            *[(str(m.pk), f"{m.marketplace}: {m.name}") for m in saved],
        ]
        for name, label in FIELDS.items():
            self.fields[f"col_{name}"] = forms.CharField(
                label=format_lazy(_("Column for: {field}"), field=label),
                max_length=200,
                required=False,
            )

    folded_label = _("Columns named differently in this file")

    @property
    def folded(self) -> list[str]:
        """The column fields, folded away on the upload page."""
        return [f"col_{name}" for name in FIELDS]

    @property
    def folded_errors(self) -> bool:
        return any(self[name].errors for name in self.folded)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(gettext("Choose a CSV or XLSX file."))
        return upload

    def clean_currency(self):
        currency = self.cleaned_data["currency"].strip().upper()
        if currency and not (len(currency) == 3 and currency.isalpha()):
            raise forms.ValidationError(gettext("Enter a three-letter code such as EUR or USD."))
        return currency

    def clean(self):
        data = super().clean()
        mapping = data.get("mapping") or SHIPPED
        market = data.get("marketplace")
        if mapping != SHIPPED and market is not None:
            saved = SalesMapping.objects.filter(pk=mapping).first()
            if saved is None or saved.marketplace_id != market.pk:
                self.add_error("mapping", gettext("This mapping belongs to another marketplace."))
        return data

    def options(self) -> dict:
        data = self.cleaned_data
        return {
            "marketplace": data["marketplace"].slug,
            "saved_mapping": None
            if (data.get("mapping") or SHIPPED) == SHIPPED
            else int(data["mapping"]),
            "overrides": {
                n: data[f"col_{n}"].strip() for n in FIELDS if data.get(f"col_{n}", "").strip()
            },
            "currency": data["currency"],
            "save_as": data["save_as"].strip(),
        }
