from django import forms

from .choices import StockStatus


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=StockStatus.choices)
    reason = forms.CharField(max_length=500, required=False)


class ReturnForm(forms.Form):
    damaged = forms.BooleanField(required=False)
    reason = forms.CharField(max_length=500, required=False)
