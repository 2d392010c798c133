from django import forms
from django.utils.translation import gettext_lazy as _

from soleflip.lib.formfields import MoneyField

from .choices import StockStatus


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StockStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ReturnForm(forms.Form):
    damaged = forms.BooleanField(label=_("Damaged"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class BulkForm(forms.Form):
    ACTIONS = [
        ("status", _("Change status")),
        ("location", _("Move to location")),
        ("delete", _("Delete")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    selected = forms.TypedMultipleChoiceField(
        label=_("Pairs"),
        coerce=int,
        choices=(),
        error_messages={
            "required": _("Select at least one pair."),
        },
    )
    status = forms.ChoiceField(label=_("Status"), choices=StockStatus.choices, required=False)
    location = forms.CharField(label=_("Location"), max_length=100, required=False)
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id may be posted; the view only touches pairs that exist.
        self.fields["selected"].valid_value = lambda value: True

    def clean(self):
        data = super().clean()
        if data.get("action") == "location" and not data.get("location"):
            self.add_error("location", _("Enter the new location."))
        if data.get("action") == "status" and not data.get("status"):
            self.add_error("status", _("Choose the new status."))
        return data


class QuotePriceForm(forms.Form):
    """A price typed in on the pair's page to quote on every marketplace."""

    price = MoneyField(label=_("Price"), required=False)
