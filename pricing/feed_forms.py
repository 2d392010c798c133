"""The forms of the retailer-feed pages: the upload (a feed file, its layout, the retailer
when the feed names none), the offers list's filters, and the Owner's feed settings."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from soleflip.lib.uploads import check_upload_size

from .feed_files import PRESET_LABELS


def preset_choices() -> list[tuple[str, str]]:
    return [(key, label) for key, label in PRESET_LABELS.items()]


class FeedUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Product feed (CSV, or CSV compressed with gzip)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.gz,.txt,text/csv"}),
    )
    preset = forms.ChoiceField(label=_("Layout"), choices=preset_choices, initial="awin")
    retailer = forms.CharField(
        label=_("Retailer"),
        max_length=100,
        required=False,
        help_text=_("Only for feeds without a retailer column (Awin names it in every row)."),
    )
    skip_invalid = forms.BooleanField(
        required=False, label=_("Import the valid rows even if some rows are invalid")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload_size(upload)
        if not upload.name.lower().endswith((".csv", ".gz", ".txt", ".tsv")):
            raise forms.ValidationError(gettext("Choose a CSV file (plain or .gz)."))
        return upload

    def options(self) -> dict:
        return {
            "preset": self.cleaned_data["preset"],
            "retailer": self.cleaned_data["retailer"].strip(),
            "feed_date": "",
        }


class FeedSettingsForm(forms.Form):
    url = forms.URLField(
        label=_("Feed URL"),
        max_length=2000,
        required=False,
        assume_scheme="https",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted and never shown again; empty keeps the stored URL."),
    )
    forget_url = forms.BooleanField(label=_("Remove the stored URL"), required=False)
    preset = forms.ChoiceField(label=_("Layout"), choices=preset_choices)
    retailer = forms.CharField(
        label=_("Retailer"),
        max_length=100,
        required=False,
        help_text=_("Only for feeds without a retailer column."),
    )
    scheduled = forms.BooleanField(
        label=_("Download and import the feed every night"), required=False
    )
