from django import forms
from django.conf import settings


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
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB."
            )
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError("Choose the CSV file StockX exported (it ends in .csv).")
        return upload


class CommitForm(forms.Form):
    skip_invalid = forms.BooleanField(required=False)
