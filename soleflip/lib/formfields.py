"""Form fields for what a German reseller types: amounts like `189,95` or `1.234,56` and
dates like `02.12.2026`, as well as ISO (`189.95`, `2026-12-02`). What could be read two
ways is rejected with a message rather than guessed: `1.234` may be 1234 or 1.234, and
`02/12/2026` may be the 2nd of December or the 12th of February."""

import re
from datetime import date, datetime
from decimal import Decimal

import django_filters
from django import forms
from django.utils.translation import gettext as _

from .formats import format_number
from .parsing import MAX_AMOUNT, parse_money

# After currency signs and spaces are dropped: plain digits, one decimal separator with one
# or two decimals, or thousands grouped by the other separator than the decimal one.
_CURRENCY = re.compile(r"[€\s\u00a0\u202f]|EUR", re.IGNORECASE)
_AMOUNT = re.compile(
    r"[+-]?(?:"
    r"\d+(?:[.,]\d{1,2})?"  # 189 / 189,95 / 189.95
    r"|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?"  # 1.234 / 1.234.567,89 (German)
    r"|\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?"  # 1,234,567.89 (English)
    r")"
)
# One separator followed by exactly three digits: thousands, or three decimals?
_AMBIGUOUS = re.compile(r"[+-]?\d{1,3}[.,]\d{3}")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_amount(text: str) -> Decimal:
    """The amount a person typed, or ValueError saying why it cannot be read safely."""
    compact = _CURRENCY.sub("", text)
    if _AMBIGUOUS.fullmatch(compact):
        raise ValueError(
            _(
                '"%(text)s" is ambiguous (thousands or decimals?): write %(whole)s for the '
                "whole amount, or at most two decimals."
            )
            % {"text": text, "whole": re.sub(r"[.,]", "", compact)}
        )
    if not _AMOUNT.fullmatch(compact):
        raise ValueError(
            _('"%(text)s" is not an amount (e.g. 189,95 or 1.234,56).') % {"text": text}
        )
    try:
        return parse_money(compact)
    except ValueError as exc:
        raise ValueError(
            _('"%(text)s" is too large (at most %(max)s).')
            % {"text": text, "max": format_number(MAX_AMOUNT)}
        ) from exc


def parse_typed_date(text: str) -> date:
    """DD.MM.YYYY or YYYY-MM-DD, or ValueError; nothing month-first, no two-digit years."""
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = map(int, match.groups())
    elif match := _GERMAN_DATE.fullmatch(text):
        day, month, year = map(int, match.groups())
    else:
        raise ValueError(
            _('"%(text)s" is not a date: use DD.MM.YYYY or YYYY-MM-DD.') % {"text": text}
        )
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(
            _('"%(text)s" is not a valid date: use DD.MM.YYYY or YYYY-MM-DD.') % {"text": text}
        ) from exc


class DecimalInput(forms.TextInput):
    """A text input, not type=number: a browser's number input refuses a comma (or
    silently drops it), and a phone still shows the digits keyboard for inputmode."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class DecimalNumberField(forms.DecimalField):
    """A decimal with a comma or a point, thousands optionally grouped (parse_amount)."""

    widget = DecimalInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        try:
            return parse_amount(str(value).strip())
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class MoneyField(DecimalNumberField):
    """An amount in EUR to the cent (the NUMERIC(12,2) money columns)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)


class PercentField(DecimalNumberField):
    """A rate in percent (VAT): 0-100 with two decimals, `19` or `5,5`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_value", Decimal("100"))
        super().__init__(**kwargs)


class DateInput(forms.DateInput):
    """A browser date picker: its value must be ISO whatever the language (an en-GB
    dd/mm/yyyy value leaves it empty); the browser shows it in the user's format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A day as DD.MM.YYYY or YYYY-MM-DD (what the date picker posts)."""

    widget = DateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return parse_typed_date(str(value).strip())
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from exc


class DateFilter(django_filters.DateFilter):
    """A list filter's date, read as the form fields read it (DD.MM.YYYY or ISO)."""

    field_class = DateField
