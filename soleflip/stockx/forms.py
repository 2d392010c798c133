from django import forms

from soleflip.core.admin_utils import secret_form_field, secret_status
from soleflip.lib.formfields import MoneyField

from . import connection


class CredentialsForm(forms.Form):
    """The app credentials from StockX's developer portal. Write-only: the page shows only
    whether each is stored; a blank field keeps the stored value."""

    client_id = secret_form_field("Client ID")
    client_secret = secret_form_field("Client secret")
    api_key = secret_form_field("API key")

    def __init__(self, *args, stored: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.help_text = f"{secret_status(stored.get(name)).capitalize()}. Write-only."

    def clean(self):
        cleaned = super().clean()
        if not any((value or "").strip() for value in cleaned.values()):
            raise forms.ValidationError("Enter at least one value to store.")
        return cleaned

    def save(self) -> list[str]:
        return connection.store_credentials(**self.cleaned_data)


class AskPriceForm(forms.Form):
    """The ask price in EUR, typed as 189,95 or 189.95; the service says it must be above 0."""

    amount = MoneyField(
        label="Price", min_value=None, error_messages={"required": "enter the price in EUR."}
    )
