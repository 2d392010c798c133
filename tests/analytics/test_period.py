from datetime import date

from django.core.management import call_command

from soleflip.analytics.period import Period, PeriodForm, named_period

TODAY = date(2026, 11, 23)


def test_named_periods():
    assert named_period("month", TODAY) == Period(date(2026, 11, 1), TODAY)
    assert named_period("last_30", TODAY) == Period(date(2026, 10, 25), TODAY)
    assert named_period("ytd", TODAY) == Period(date(2026, 1, 1), TODAY)
    assert named_period("last_30", TODAY).days == 30


def test_custom_period_needs_both_days():
    form = PeriodForm({"period": "custom", "start": "2026-03-01"})
    assert not form.is_valid()
    assert form.errors["end"] == ["Enter the last day of the custom period."]


def test_custom_period_is_inclusive_and_short_ones_are_daily():
    form = PeriodForm({"period": "custom", "start": "2026-03-01", "end": "2026-03-31"})
    period = form.chosen_period()
    assert period == Period(date(2026, 3, 1), date(2026, 3, 31)) and period.by_day
    assert not Period(date(2026, 1, 1), date(2026, 12, 31)).by_day


def test_refresh_command(db, capsys):
    call_command("refresh_analytics")
    assert "Analytics refreshed in" in capsys.readouterr().out
