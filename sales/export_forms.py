from django import forms

from soleflip.lib.periods import PeriodForm

from .export_files import CSV_STYLES


class ExportPeriodForm(PeriodForm):
    NAMES = ("this_month", "last_month", "this_quarter", "last_quarter", "this_year", "last_year")
    INITIAL = "last_month"

    csv_style = forms.ChoiceField(
        label="CSV format",
        choices=[(s.name, s.label) for s in CSV_STYLES.values()],
        initial="de",
        required=False,
    )

    def clean(self):
        data = super().clean()
        data["csv_style"] = CSV_STYLES[data.get("csv_style") or "de"]
        return data
