"""The dashboard's reporting period: a named range or a custom one, inclusive."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils import timezone


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def by_day(self) -> bool:
        """Short periods are charted per day, longer ones per month."""
        return self.days <= 62


def named_period(name: str, today: date) -> Period:
    if name == "last_30":
        return Period(today - timedelta(days=29), today)
    if name == "ytd":
        return Period(today.replace(month=1, day=1), today)
    return Period(today.replace(day=1), today)  # this month


DATE = forms.DateInput(attrs={"type": "date"})


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        choices=[
            ("month", "This month"),
            ("last_30", "Last 30 days"),
            ("ytd", "Year to date"),
            ("custom", "Custom"),
        ],
        initial="month",
        required=False,
    )
    start = forms.DateField(required=False, widget=DATE, label="From")
    end = forms.DateField(required=False, widget=DATE, label="To")

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", "Enter the first day of the custom period.")
            if not end:
                self.add_error("end", "Enter the last day of the custom period.")
            if start and end and start > end:
                self.add_error("end", f"The end ({end}) is before the start ({start}).")
        return data

    def chosen_period(self) -> Period:
        """The chosen period; this month when the form is invalid or empty."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("period") == "custom":
            return Period(data["start"], data["end"])
        return named_period(data.get("period") or "month", today)
