"""The one way each kind of value is shown to a person, in the active language:
German 1.234,56 € · 15,8 % · 02.12.2026 · 02.12.2026 14:05 (Berlin time);
English €1,234.56 · 15.8% · 2 Dec 2026 · 2 Dec 2026 14:05.
Templates use the filters |euro and |percent and Django's |date (DATE_FORMAT, or
"DATETIME_FORMAT" with the time); tables, charts, messages and exports call these."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import get_language

from .parsing import to_cents

NONE = "–"
GERMAN_SEPARATORS = str.maketrans(",.", ".,")


def _english() -> bool:
    return (get_language() or "de").startswith("en")


def format_number(value: Decimal | int | float | None, decimals: int | None = None) -> str:
    """1234.5 -> "1.234,5" (German) / "1,234.5"; None -> "–"."""
    if value is None:
        return NONE
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_euro(value: Decimal | int | float | None, *, signed: bool = False) -> str:
    """An amount to the cent: Decimal("-1234.5") -> "-1.234,50 €" (German) /
    "-€1,234.50" (English); None -> "–". `signed`: a change, "+12,30 €" above zero."""
    if value is None:
        return NONE
    cents = to_cents(Decimal(str(value)))
    english = _english()
    # Grouped by three, two decimals: the format modules' separators (soleflip/formats),
    # written directly, since amounts are shown by the hundred on every list page.
    text = f"{abs(cents):,.2f}"
    if not english:
        text = text.translate(GERMAN_SEPARATORS)
    sign = "-" if cents < 0 else ("+" if signed and cents > 0 else "")
    return f"{sign}€{text}" if english else f"{sign}{text} €"


def format_percent(fraction: Decimal | float | None, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.158 -> "15,8 %" (German) / "15.8%"; None -> "–"."""
    if fraction is None:
        return NONE
    text = format_number(round(Decimal(str(fraction)) * 100, decimals), decimals)
    return f"{text}%" if _english() else f"{text} %"


def format_date(value: date | datetime | None) -> str:
    """02.12.2026 / 2 Dec 2026; a date-time is taken in Berlin time first."""
    if value is None:
        return NONE
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")


def format_datetime(value: datetime | None) -> str:
    """02.12.2026 14:05 / 2 Dec 2026 14:05, in Berlin time."""
    if value is None:
        return NONE
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")
