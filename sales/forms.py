from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from soleflip.lib.formats import format_date
from soleflip.lib.formfields import DateField, DateInput, DecimalInput, MoneyField, PercentField
from soleflip.lib.money import GERMAN_VAT
from soleflip.lib.uploads import check_upload_size


class StockXReportForm(forms.Form):
    file = forms.FileField(
        label=_("StockX sales report (CSV)"),
        help_text=_("The “historical seller sales report” export from StockX."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    skip_invalid = forms.BooleanField(
        required=False, label=_("Import the valid rows even if some rows are invalid")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(
                gettext("Choose the CSV file StockX exported (it ends in .csv).")
            )
        return upload


class CostForm(forms.Form):
    """The purchase cost of a sold pair whose cost was missing."""

    gross = MoneyField(
        label=_("Paid (gross, €)"),
        widget=DecimalInput(
            attrs={
                "placeholder": _("Paid € (gross)"),
                "class": "form-control form-control-sm w-auto",
            }
        ),
    )
    tax_scheme = forms.ChoiceField(
        label=_("VAT"),
        choices=[
            ("standard", _("Standard (VAT reclaimable)")),
            ("margin", _("Margin scheme (§ 25a)")),
        ],
        widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto"}),
    )
    vat_rate = PercentField(
        label=_("VAT rate"),
        initial=GERMAN_VAT,
        widget=DecimalInput(
            attrs={
                "class": "form-control form-control-sm w-auto",
                "size": 4,
                "title": _("VAT rate"),
            }
        ),
    )
    purchase_date = DateField(
        label=_("Bought on"),
        required=False,
        widget=DateInput(
            attrs={
                "class": "form-control form-control-sm w-auto",
                "title": _("Bought on"),
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
                gettext("The pair was sold on %(date)s; it was bought before.")
                % {"date": format_date(self.sold_on)}
            )
        return bought


class PayoutReceivedForm(forms.Form):
    marketplace = forms.IntegerField(widget=forms.HiddenInput)
    reference = forms.CharField(required=False, widget=forms.HiddenInput)
    payout_date = DateField(widget=forms.HiddenInput)
    amount = MoneyField(
        label=_("Amount received (€)"),
        widget=DecimalInput(attrs={"class": "form-control form-control-sm w-auto"}),
    )
