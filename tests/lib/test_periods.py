from datetime import date

from django.utils import translation

from soleflip.lib.periods import Period, PeriodForm, named_period

TODAY = date(2026, 11, 23)


def test_rolling_periods():
    assert named_period("last_30", TODAY) == Period(date(2026, 10, 25), TODAY)
    assert named_period("ytd", TODAY) == Period(date(2026, 1, 1), TODAY)
    assert named_period("last_30", TODAY).days == 30


def test_a_period_cut_off_at_today():
    month = named_period("this_month", TODAY)
    assert month == Period(date(2026, 11, 1), date(2026, 11, 30))
    assert month.until(TODAY) == Period(date(2026, 11, 1), TODAY)
    assert named_period("last_month", TODAY).until(TODAY).end == date(2026, 10, 31)


def test_custom_period_needs_both_days():
    form = PeriodForm({"period": "custom", "start": "2026-03-01"}, today=TODAY)
    assert not form.is_valid()
    assert form.errors["end"] == ["Den letzten Tag des Zeitraums angeben (Bis)."]


def test_custom_period_is_inclusive_and_short_ones_are_daily():
    form = PeriodForm({"period": "custom", "start": "2026-03-01", "end": "2026-03-31"}, today=TODAY)
    assert form.is_valid()
    assert form.chosen == Period(date(2026, 3, 1), date(2026, 3, 31)) and form.chosen.by_day
    assert not Period(date(2026, 1, 1), date(2026, 12, 31)).by_day


def test_named_choice_fills_the_days():
    form = PeriodForm({"period": "ytd"}, today=TODAY)
    assert form.is_valid() and form.chosen == Period(date(2026, 1, 1), TODAY)


def test_custom_period_keeps_to_the_storable_dates():
    first_and_last = {"period": "custom", "start": "2000-01-01", "end": "2099-12-31"}
    assert PeriodForm(first_and_last, today=TODAY).is_valid()
    form = PeriodForm({**first_and_last, "start": "1999-12-31", "end": "9999-12-31"}, today=TODAY)
    assert not form.is_valid()
    assert form.errors == {
        "start": ["Von (31.12.1999) muss zwischen 01.01.2000 und 31.12.2099 liegen."],
        "end": ["Bis (31.12.9999) muss zwischen 01.01.2000 und 31.12.2099 liegen."],
    }
    assert 'min="2000-01-01" max="2099-12-31"' in str(form["end"])


def test_the_picker_and_its_errors_follow_the_language():
    form = PeriodForm({"period": "custom", "start": "2026-03-31", "end": "2026-03-01"}, today=TODAY)
    assert not form.is_valid()
    assert form.errors["end"] == ["Bis (01.03.2026) liegt vor Von (31.03.2026)."]
    assert dict(form.fields["period"].choices)["ytd"] == "Seit Jahresbeginn"
    with translation.override("en"):
        form = PeriodForm(
            {"period": "custom", "start": "2026-03-31", "end": "2026-03-01"}, today=TODAY
        )
        assert not form.is_valid()
        assert form.errors["end"] == ["To (1 Mar 2026) is before From (31 Mar 2026)."]
        assert dict(form.fields["period"].choices)["ytd"] == "Year to date"
