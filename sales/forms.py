from django import forms

from soleflip.lib.money import GERMAN_VAT
from soleflip.lib.uploads import check_upload_size


class StockXReportForm(forms.Form):
    file = forms.FileField(
        label="StockX sales report (CSV)",
        help_text="The “historical seller sales report” export from StockX.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    skip_invalid = forms.BooleanField(
        required=False, label="Import the valid rows even if some rows are invalid"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("Choose the CSV file StockX exported (it ends in .csv).")
        return upload


class CostForm(forms.Form):
    """The purchase cost of a sold pair whose cost was missing."""

    gross = forms.DecimalField(
        label="Paid (gross, €)",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(
            attrs={
                "step": "0.01",
                "placeholder": "Paid € (gross)",
                "class": "form-control form-control-sm w-auto",
            }
        ),
    )
    tax_scheme = forms.ChoiceField(
        label="VAT",
        choices=[("standard", "Standard (VAT reclaimable)"), ("margin", "Margin scheme §25a")],
        widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto"}),
    )
    vat_rate = forms.DecimalField(
        label="VAT %",
        initial=GERMAN_VAT,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(
            attrs={
                "step": "0.01",
                "class": "form-control form-control-sm w-auto",
                "size": 4,
                "title": "VAT %",
            }
        ),
    )
    purchase_date = forms.DateField(
        label="Bought on",
        required=False,
        widget=forms.DateInput(
            attrs={
                "type": "date",
                "class": "form-control form-control-sm w-auto",
                "title": "Bought on",
            }
        ),
    )

    def __init__(self, *args, sold_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sold_on = sold_on

    def clean_purchase_date(self):
        bought = self.cleaned_data["purchase_date"]
        if bought and self.sold_on and bought > self.sold_on:
            raise forms.ValidationError(
                f"The pair was sold on {self.sold_on:%d.%m.%Y}; it was bought before."
            )
        return bought


class PayoutReceivedForm(forms.Form):
    marketplace = forms.IntegerField(widget=forms.HiddenInput)
    reference = forms.CharField(required=False, widget=forms.HiddenInput)
    payout_date = forms.DateField(widget=forms.HiddenInput)
    amount = forms.DecimalField(
        min_value=0,
        max_digits=12,
        decimal_places=2,
        label="Amount received (€)",
        widget=forms.NumberInput(
            attrs={"step": "0.01", "class": "form-control form-control-sm w-auto"}
        ),
    )
