from django import forms

from soleflip.lib.formfields import DateField, DateInput, DecimalInput, MoneyField, PercentField
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

    gross = MoneyField(
        label="Paid (gross, €)",
        widget=DecimalInput(
            attrs={
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
    vat_rate = PercentField(
        label="VAT %",
        initial=GERMAN_VAT,
        widget=DecimalInput(
            attrs={
                "class": "form-control form-control-sm w-auto",
                "size": 4,
                "title": "VAT %",
            }
        ),
    )
    purchase_date = DateField(
        label="Bought on",
        required=False,
        widget=DateInput(
            attrs={
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
    payout_date = DateField(widget=forms.HiddenInput)
    amount = MoneyField(
        label="Amount received (€)",
        widget=DecimalInput(attrs={"class": "form-control form-control-sm w-auto"}),
    )
