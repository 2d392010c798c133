"""One format per kind of value, in the active language (worked examples)."""

from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from django.template import Context, Template
from django.utils import translation

from soleflip.core.tables import MoneyColumn
from soleflip.lib.formats import (
    format_date,
    format_datetime,
    format_euro,
    format_number,
    format_percent,
)


@pytest.mark.parametrize(
    "value, german, english",
    [
        (D("12345.6"), "12.345,60 €", "€12,345.60"),
        (D("0"), "0,00 €", "€0.00"),
        (D("-1234.5"), "-1.234,50 €", "-€1,234.50"),
        (D("2.345"), "2,35 €", "€2.35"),  # to the cent, half up (an average, not a stored amount)
        (D("1234567.89"), "1.234.567,89 €", "€1,234,567.89"),
        (19, "19,00 €", "€19.00"),
        (0.1 + 0.2, "0,30 €", "€0.30"),
        (None, "–", "–"),
    ],
)
def test_format_euro(value, german, english):
    with translation.override("de"):
        assert format_euro(value) == german
    with translation.override("en"):
        assert format_euro(value) == english


@pytest.mark.parametrize(
    "fraction, german, english",
    [
        (D("0.158"), "15,8 %", "15.8%"),
        (D("-0.05"), "-5,0 %", "-5.0%"),
        (12.3456, "1.234,6 %", "1,234.6%"),
        (None, "–", "–"),
    ],
)
def test_format_percent(fraction, german, english):
    with translation.override("de"):
        assert format_percent(fraction) == german
    with translation.override("en"):
        assert format_percent(fraction) == english


def test_numbers_dates_and_times():
    moment = datetime(2026, 12, 2, 13, 5, tzinfo=UTC)  # 14:05 in Berlin
    with translation.override("de"):
        assert format_number(1234567) == "1.234.567"
        assert format_number(D("1234.5"), 2) == "1.234,50"
        assert format_date(date(2026, 12, 2)) == "02.12.2026"
        assert format_date(moment) == "02.12.2026"
        assert format_datetime(moment) == "02.12.2026 14:05"
    with translation.override("en"):
        assert format_number(1234567) == "1,234,567"
        assert format_date(date(2026, 12, 2)) == "2 Dec 2026"
        assert format_datetime(moment) == "2 Dec 2026 14:05"
    assert format_date(None) == format_datetime(None) == "–"


def test_templates_tables_and_djangos_own_formats_agree():
    template = Template(
        '{% load soleflip_tags humanize %}{{ a|euro }}|{{ missing|euro }}|{{ p|percent }}|{{ d|date }}|{{ t|date:"DATETIME_FORMAT" }}|{{ n|intcomma }}|{{ n }}'
    )
    context = Context(
        {
            "a": D("1234.5"),
            "p": D("0.158"),
            "d": date(2026, 12, 2),
            "t": datetime(2026, 12, 2, 13, 5, tzinfo=UTC),
            "n": 1127,
        }
    )
    with translation.override("de"):
        assert (
            template.render(context) == "1.234,50 €|–|15,8 %|02.12.2026|02.12.2026 14:05|1.127|1127"
        )
        assert MoneyColumn().render(D("1234.5")) == "1.234,50 €"
    with translation.override("en"):
        assert (
            template.render(context) == "€1,234.50|–|15.8%|2 Dec 2026|2 Dec 2026 14:05|1,127|1127"
        )


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "value", ["0", "0.005", "-0.004", "1", "999.99", "1000", "-1234.5", "1234567.891", "12"]
)
def test_format_euro_groups_as_the_format_modules_do(language, value):
    from soleflip.lib.parsing import to_cents

    with translation.override(language):
        cents = to_cents(D(value))
        number = format_number(abs(cents), 2)
        sign = "-" if cents < 0 else ""
        expected = f"{sign}€{number}" if language == "en" else f"{sign}{number} €"
        assert format_euro(D(value)) == expected
