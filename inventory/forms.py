from django import forms

from .choices import StockStatus


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=StockStatus.choices)
    reason = forms.CharField(max_length=500, required=False)


class ReturnForm(forms.Form):
    damaged = forms.BooleanField(required=False)
    reason = forms.CharField(max_length=500, required=False)


class BulkForm(forms.Form):
    ACTIONS = [("status", "Change status"), ("location", "Move to location"), ("delete", "Delete")]
    action = forms.ChoiceField(choices=ACTIONS)
    selected = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=(),
        error_messages={
            "required": "Select at least one pair.",
        },
    )
    status = forms.ChoiceField(choices=StockStatus.choices, required=False)
    location = forms.CharField(max_length=100, required=False)
    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id may be posted; the view only touches pairs that exist.
        self.fields["selected"].valid_value = lambda value: True

    def clean(self):
        data = super().clean()
        if data.get("action") == "location" and not data.get("location"):
            self.add_error("location", "Enter the new location.")
        if data.get("action") == "status" and not data.get("status"):
            self.add_error("status", "Choose the new status.")
        return data
