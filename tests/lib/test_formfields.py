"""The money, rate and date form fields: what a German types, ISO, and what is refused."""

from datetime import date
from decimal import Decimal as D

import pytest
from django import forms
from django.utils import translation

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
        ("1.234", "„1.234“ ist mehrdeutig (Tausender oder Nachkommastellen?): 1234 für den"),
        ("1,234", "„1,234“ ist mehrdeutig (Tausender oder Nachkommastellen?): 1234 für den"),
        ("12,345", "ist mehrdeutig"),
        ("1.2345", "„1.2345“ ist kein Betrag (z. B. 189,95 oder 1.234,56)."),
        ("18995,", "ist kein Betrag"),
        ("1.23.45", "ist kein Betrag"),
        ("1.234.56", "ist kein Betrag"),
        ("1,234,56", "ist kein Betrag"),
        ("1.234,567", "ist kein Betrag"),
        ("12,5x", "ist kein Betrag"),
        ("1e3", "ist kein Betrag"),
        ("abc", "ist kein Betrag"),
        ("99999999999", "ist zu groß (höchstens 9.999.999.999,99)"),
        ("-5", "größer oder gleich 0"),
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
        ("101", "kleiner oder gleich 100"),
        ("19,5555", "ist kein Betrag"),
        ("5,555", "ist mehrdeutig"),
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
        ("02/12/2026", "„02/12/2026“ ist kein Datum: TT.MM.JJJJ oder JJJJ-MM-TT verwenden."),
        ("12/02/2026", "ist kein Datum: TT.MM.JJJJ oder JJJJ-MM-TT verwenden"),
        ("02.12.26", "ist kein Datum: TT.MM.JJJJ oder JJJJ-MM-TT verwenden"),
        ("2026/12/02", "ist kein Datum"),
        ("2. Dezember 2026", "ist kein Datum"),
        ("31.02.2026", "„31.02.2026“ ist kein gültiges Datum: TT.MM.JJJJ oder JJJJ-MM-TT"),
        ("2026-13-01", "ist kein gültiges Datum"),
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


def test_the_reasons_read_in_english_for_an_english_user():
    with translation.override("en"):
        with pytest.raises(forms.ValidationError) as ambiguous:
            MoneyField().clean("1.234")
        with pytest.raises(forms.ValidationError) as too_large:
            MoneyField().clean("99999999999")
        with pytest.raises(forms.ValidationError) as not_a_date:
            DateField().clean("02/12/2026")
    assert ambiguous.value.messages == [
        '"1.234" is ambiguous (thousands or decimals?): write 1234 for the whole amount, or '
        "at most two decimals."
    ]
    assert too_large.value.messages == ['"99999999999" is too large (at most 9,999,999,999.99).']
    assert not_a_date.value.messages == [
        '"02/12/2026" is not a date: use DD.MM.YYYY or YYYY-MM-DD.'
    ]
