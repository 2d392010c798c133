from datetime import date, timedelta

from django import forms

from .export_files import CSV_STYLES


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def named_period(name: str, today: date) -> tuple[date, date]:
    """Calendar periods (whole months, quarters and years, inclusive) around `today`."""
    quarter = _month_start(today, (today.month - 1) % 3)
    starts_and_ends = {
        "this_month": (_month_start(today), _month_start(today, -1)),
        "last_month": (_month_start(today, 1), _month_start(today)),
        "this_quarter": (quarter, _month_start(quarter, -3)),
        "last_quarter": (_month_start(quarter, 3), quarter),
        "this_year": (date(today.year, 1, 1), date(today.year + 1, 1, 1)),
        "last_year": (date(today.year - 1, 1, 1), date(today.year, 1, 1)),
    }
    start, next_start = starts_and_ends[name]
    return start, next_start - timedelta(days=1)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExportPeriodForm(forms.Form):
    period = forms.ChoiceField(
        choices=[
            ("this_month", "This month"),
            ("last_month", "Last month"),
            ("this_quarter", "This quarter"),
            ("last_quarter", "Last quarter"),
            ("this_year", "This year"),
            ("last_year", "Last year"),
            ("custom", "Custom: from – to"),
        ],
        initial="last_month",
    )
    start = forms.DateField(required=False, widget=DATE, label="From")
    end = forms.DateField(required=False, widget=DATE, label="To")
    csv_style = forms.ChoiceField(
        label="CSV format",
        choices=[(s.name, s.label) for s in CSV_STYLES.values()],
        initial="de",
        required=False,
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", "Enter the first day of the period (From).")
            if not end:
                self.add_error("end", "Enter the last day of the period (To).")
            if start and end and start > end:
                self.add_error("end", f"To ({end}) is before From ({start}).")
        elif data.get("period"):
            data["start"], data["end"] = named_period(data["period"], self.today)
        data["csv_style"] = CSV_STYLES[data.get("csv_style") or "de"]
        return data
