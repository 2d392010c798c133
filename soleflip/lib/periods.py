"""Reporting periods, named (this month, last quarter, year to date, ...) or custom, and the
form that picks one. Both days are included. Used by the dashboard and the accountant
export, whose periods must lie within the dates a record can carry."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .formats import format_date
from .formfields import DateField, DateInput

# The dates a business record here can carry (the database's CHECK constraints use them
# too, soleflip/core/fields.py). Outside them a value is a typo or a placeholder
# (9999-12-31), and a day near the calendar's ends cannot even be turned into local time:
# a period ending 9999-12-31 has no next day to end before.
PLAUSIBLE_FROM = date(2000, 1, 1)
PLAUSIBLE_UNTIL = date(2100, 1, 1)  # the first day no longer plausible
LAST_PLAUSIBLE = PLAUSIBLE_UNTIL - timedelta(days=1)


def implausible(day: date, name: str) -> str | None:
    """Why `day` cannot be a day of a period, naming it as `name`; None if it can."""
    if PLAUSIBLE_FROM <= day < PLAUSIBLE_UNTIL:
        return None
    return _("%(name)s (%(day)s) must be from %(first)s to %(last)s.") % {
        "name": name,
        "day": format_date(day),
        "first": format_date(PLAUSIBLE_FROM),
        "last": format_date(LAST_PLAUSIBLE),
    }


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

    def until(self, day: date) -> "Period":
        """The period cut off after `day` (no future days on a chart)."""
        return Period(self.start, min(self.end, day)) if self.start <= day else self


LABELS = {
    "this_month": gettext_lazy("This month"),
    "last_month": gettext_lazy("Last month"),
    "last_30": gettext_lazy("Last 30 days"),
    "this_quarter": gettext_lazy("This quarter"),
    "last_quarter": gettext_lazy("Last quarter"),
    "ytd": gettext_lazy("Year to date"),
    "this_year": gettext_lazy("This year"),
    "last_year": gettext_lazy("Last year"),
}


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def named_period(name: str, today: date) -> Period:
    """Calendar months, quarters and years (whole, inclusive) around `today`, the last 30
    days and the year to date."""
    if name == "last_30":
        return Period(today - timedelta(days=29), today)
    if name == "ytd":
        return Period(date(today.year, 1, 1), today)
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
    return Period(start, next_start - timedelta(days=1))


DATE = DateInput(attrs={"min": str(PLAUSIBLE_FROM), "max": str(LAST_PLAUSIBLE)})


class PeriodForm(forms.Form):
    """A named period or "custom" with From and To. Subclasses name their choices in
    NAMES; after validation cleaned_data holds `start` and `end` either way."""

    NAMES: tuple[str, ...] = tuple(LABELS)
    INITIAL = "this_month"

    period = forms.ChoiceField(label=gettext_lazy("Period"))
    start = DateField(required=False, widget=DATE, label=gettext_lazy("From"))
    end = DateField(required=False, widget=DATE, label=gettext_lazy("To"))

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        choices = [(name, LABELS[name]) for name in self.NAMES]
        self.fields["period"].choices = [*choices, ("custom", _("Custom: from – to"))]
        self.fields["period"].initial = self.INITIAL

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            start = self._day("start", first=True)
            end = self._day("end", first=False)
            if start and end and start > end:
                self.add_error(
                    "end",
                    _("To (%(end)s) is before From (%(start)s).")
                    % {"end": format_date(end), "start": format_date(start)},
                )
        elif data.get("period"):
            period = named_period(data["period"], self.today)
            data["start"], data["end"] = period.start, period.end
        return data

    def _day(self, field: str, *, first: bool) -> date | None:
        """A custom period's day, or None with the field's error added."""
        day = self.cleaned_data.get(field)
        if not day:
            self.add_error(
                field,
                _("Enter the first day of the period (From).")
                if first
                else _("Enter the last day of the period (To)."),
            )
        elif error := implausible(day, str(self.fields[field].label)):
            self.add_error(field, error)
        else:
            return day
        return None

    @property
    def chosen(self) -> Period:
        """The valid form's period."""
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
