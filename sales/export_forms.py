from django import forms
from django.utils.translation import gettext_lazy as _

from soleflip.lib.periods import PeriodForm

from .export_files import CSV_STYLES

STYLE_LABELS = {
    "de": _("German Excel (semicolon, decimal comma)"),
    "intl": _("International (comma, decimal point)"),
}


class ExportPeriodForm(PeriodForm):
    NAMES = ("this_month", "last_month", "this_quarter", "last_quarter", "this_year", "last_year")
    INITIAL = "last_month"

    csv_style = forms.ChoiceField(
        label=_("CSV format"),
        choices=[(name, STYLE_LABELS.get(name, style.label)) for name, style in CSV_STYLES.items()],
        initial="de",
        required=False,
    )

    def clean(self):
        data = super().clean()
        data["csv_style"] = CSV_STYLES[data.get("csv_style") or "de"]
        return data
