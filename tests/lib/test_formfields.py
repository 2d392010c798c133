"""The money, rate and date form fields: what a German types, ISO, and what is refused."""

from datetime import date
from decimal import Decimal as D

import pytest
from django import forms

from soleflip.lib.formfields import DateField, MoneyField, PercentField


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("189,95", D("189.95")),
        ("189.95", D("189.95")),
        ("189", D("189.00")),
        ("1,5", D("1.50")),
        ("0,99", D("0.99")),
        ("1.234,56", D("1234.56")),
        ("1,234.56", D("1234.56")),
        ("1.234.567,89", D("1234567.89")),
        ("1.234.567", D("1234567.00")),
        ("12345,6", D("12345.60")),
        ("€ 189,95", D("189.95")),
        ("189,95 €", D("189.95")),
        ("1 234,56", D("1234.56")),
        (" 42 ", D("42.00")),
    ],
)
def test_money_accepts(typed, amount):
    assert MoneyField().clean(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1.234", '"1.234" is ambiguous (thousands or decimals?): write 1234'),
        ("1,234", '"1,234" is ambiguous (thousands or decimals?): write 1234'),
        ("12,345", "is ambiguous"),
        ("1.2345", '"1.2345" is not an amount (e.g. 189,95 or 1.234,56).'),
        ("18995,", "is not an amount"),
        ("1.23.45", "is not an amount"),
        ("1.234.56", "is not an amount"),
        ("1,234,56", "is not an amount"),
        ("1.234,567", "is not an amount"),
        ("12,5x", "is not an amount"),
        ("1e3", "is not an amount"),
        ("abc", "is not an amount"),
        ("99999999999", "is too large"),
        ("-5", "greater than or equal to 0"),
    ],
)
def test_money_refuses(typed, message):
    with pytest.raises(forms.ValidationError) as error:
        MoneyField().clean(typed)
    assert message in " ".join(error.value.messages)


def test_money_never_reads_a_decimal_comma_as_thousands():
    assert MoneyField().clean("189,95") != D("18995")


def test_money_input_takes_a_comma():
    html = type("F", (forms.Form,), {"x": MoneyField()})().as_p()
    assert 'type="text"' in html and 'inputmode="decimal"' in html and "number" not in html


@pytest.mark.parametrize(
    ("typed", "rate"), [("19", D("19.00")), ("5,5", D("5.50")), ("7.5", D("7.50"))]
)
def test_percent_accepts(typed, rate):
    assert PercentField().clean(typed) == rate


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("101", "less than or equal to 100"),
        ("19,5555", "is not an amount"),
        ("5,555", "is ambiguous"),
    ],
)
def test_percent_refuses(typed, message):
    with pytest.raises(forms.ValidationError) as error:
        PercentField().clean(typed)
    assert message in " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("02.12.2026", date(2026, 12, 2)),
        ("2.12.2026", date(2026, 12, 2)),
        ("2026-12-02", date(2026, 12, 2)),
        ("29.02.2024", date(2024, 2, 29)),
    ],
)
def test_date_accepts(typed, day):
    assert DateField().clean(typed) == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("02/12/2026", '"02/12/2026" is not a date: use DD.MM.YYYY or YYYY-MM-DD.'),
        ("12/02/2026", "is not a date: use DD.MM.YYYY or YYYY-MM-DD"),
        ("02.12.26", "is not a date: use DD.MM.YYYY or YYYY-MM-DD"),
        ("2026/12/02", "is not a date"),
        ("2. Dezember 2026", "is not a date"),
        ("31.02.2026", '"31.02.2026" is not a valid date: use DD.MM.YYYY or YYYY-MM-DD.'),
        ("2026-13-01", "is not a valid date"),
    ],
)
def test_date_refuses(typed, message):
    with pytest.raises(forms.ValidationError) as error:
        DateField().clean(typed)
    assert message in " ".join(error.value.messages)


def test_date_input_renders_iso_for_the_date_picker(settings):
    settings.LANGUAGE_CODE = "en-gb"  # whose own format, 02/12/2026, a date input drops
    form = type("F", (forms.Form,), {"day": DateField()})(initial={"day": date(2026, 12, 2)})
    html = form.as_p()
    assert 'type="date"' in html and 'value="2026-12-02"' in html
