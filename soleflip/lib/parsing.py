"""Parsing of values as they arrive in marketplace exports and supplier files.

Every parser returns None for a missing value ("", "N/A", "-", "null") and raises
ValueError with a short human reason for a value that is present but wrong, so importers
can report `line 12, Sale Date: "31/02/2024" is not a date`.
"""

import re
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

MISSING = frozenset({"", "n/a", "na", "-", "--", "null", "none", "nan"})
CENT = Decimal("0.01")
_MONEY_CLEAN = re.compile(r"[€$£\s]|EUR|USD|GBP", re.IGNORECASE)
_PLAIN_AMOUNT = re.compile(r"-?\d+(?:\.\d{1,2})?")
_STOCKX_DT = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) \+00(?::?00)?$")


def is_missing(value: str | None) -> bool:
    return value is None or value.strip().lower() in MISSING


def clean(value: str | None) -> str | None:
    """The stripped text, or None when the value is missing."""
    if value is None:
        return None
    text = value.strip()
    # Every missing marker is at most four characters: longer text is never one.
    if len(text) > 4 or text.lower() not in MISSING:
        return text or None
    return None


# Money columns are NUMERIC(12,2): anything from 10 billion on cannot be stored.
MAX_AMOUNT = Decimal("9999999999.99")
# No business record here is older; anything earlier is a typo or a placeholder date.
EARLIEST_DATE = date(2000, 1, 1)


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def check_amount(amount: Decimal) -> Decimal:
    """The amount, or ValueError when a money column cannot hold it."""
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
        from .formats import format_number  # it imports this module

        raise ValueError(
            _("is too large for an amount (at most %(max)s)") % {"max": format_number(MAX_AMOUNT)}
        )
    return amount


def check_date(value: date, *, latest: date, what: str = "date") -> date:
    """The date, or ValueError when it is before 2000 or after `latest` (a typo, a
    placeholder like 9999-12-31, or a date in the future where none can be)."""
    if value < EARLIEST_DATE:
        raise ValueError(
            _("is before %(earliest)s; no %(what)s is that old")
            % {"earliest": _day(EARLIEST_DATE), "what": what}
        )
    if value > latest:
        raise ValueError(
            _("is after %(latest)s; a %(what)s cannot be that late")
            % {"latest": _day(latest), "what": what}
        )
    return value


def _day(value: date) -> str:
    # soleflip.lib.formats imports this module: the one date format, imported late.
    from .formats import format_date

    return format_date(value)


def parse_money(value: str | None) -> Decimal | None:
    """'12.50', '12,50', '1.234,56', '1,234.56', '€ 12' -> Decimal to the cent.
    The last separator followed by one or two digits is the decimal point."""
    if value is not None and _PLAIN_AMOUNT.fullmatch(value):
        return check_amount(to_cents(Decimal(value)))  # the common case, the fast path
    text = clean(value)
    if text is None:
        return None
    text = _MONEY_CLEAN.sub("", text)
    match = re.fullmatch(r"([+-]?)([\d.,]*\d)", text)
    if not match:
        raise ValueError(_("is not an amount"))
    sign, digits = match.groups()
    decimal_sep = re.search(r"[.,](\d{1,2})$", digits)
    if decimal_sep:
        whole = re.sub(r"[.,]", "", digits[: decimal_sep.start()])
        digits = f"{whole or '0'}.{decimal_sep.group(1)}"
    else:
        digits = re.sub(r"[.,]", "", digits)
    try:
        amount = to_cents(Decimal(sign + digits))
    except InvalidOperation as exc:
        raise ValueError(_("is not an amount")) from exc
    return check_amount(amount)


def parse_stockx_datetime(value: str | None) -> datetime | None:
    """StockX report timestamps: 'YYYY-MM-DD HH:MM:SS +00' (always UTC)."""
    text = clean(value)
    if text is None:
        return None
    match = _STOCKX_DT.match(text)
    if not match:
        raise ValueError(_("is not a date like 2024-05-31 14:03:00 +00"))
    try:
        return datetime(*map(int, match.groups()), tzinfo=UTC)
    except ValueError as exc:
        raise ValueError(_("is not a valid date")) from exc


def parse_date(value: str | None) -> date | None:
    """ISO 'YYYY-MM-DD' or German 'DD.MM.YYYY' (never month-first)."""
    text = clean(value)
    if text is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        if match:
            day, month, year = map(int, match.groups())
            return date(year, month, day)
    except ValueError as exc:
        raise ValueError(_("is not a valid date")) from exc
    raise ValueError(_("is not a date (use YYYY-MM-DD or DD.MM.YYYY)"))
