from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from soleflip.core.admin_utils import secret_form_field
from soleflip.lib.formfields import MoneyField

from . import connection


class CredentialsForm(forms.Form):
    """The app credentials from StockX's developer portal. Write-only: the page shows only
    whether each is stored; a blank field keeps the stored value."""

    client_id = secret_form_field(gettext_lazy("Client ID"))
    client_secret = secret_form_field(gettext_lazy("Client secret"))
    api_key = secret_form_field(gettext_lazy("API key"))

    def __init__(self, *args, stored: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.help_text = (
                _("Set. Write-only.") if stored.get(name) else _("Not set. Write-only.")
            )

    def clean(self):
        cleaned = super().clean()
        if not any((value or "").strip() for value in cleaned.values()):
            raise forms.ValidationError(_("Enter at least one value to store."))
        return cleaned

    def save(self) -> list[str]:
        return connection.store_credentials(**self.cleaned_data)


class AskPriceForm(forms.Form):
    """The ask price in EUR, typed as 189,95 or 189.95; the service says it must be above 0."""

    amount = MoneyField(
        label=gettext_lazy("Price"),
        min_value=None,
        error_messages={"required": gettext_lazy("enter the price in EUR.")},
    )
