from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from soleflip.lib.parsing import clean, parse_date, parse_money, parse_stockx_datetime


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("247", Decimal("247.00")),
        ("12.5", Decimal("12.50")),
        ("12,50", Decimal("12.50")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("12.345", Decimal("12345.00")),  # German thousands, not 12.345
        ("€ 99,00", Decimal("99.00")),
        ("-0.07", Decimal("-0.07")),
        ("N/A", None),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_parse_money(raw, expected):
    assert parse_money(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12..5x", "1 2 3 a"])
def test_parse_money_rejects_text(raw):
    with pytest.raises(ValueError, match="ist kein Betrag"):
        parse_money(raw)


def test_parse_stockx_datetime():
    assert parse_stockx_datetime("2023-03-01 19:00:00 +00") == datetime(
        2023, 3, 1, 19, 0, tzinfo=UTC
    )
    assert parse_stockx_datetime("N/A") is None
    with pytest.raises(ValueError):
        parse_stockx_datetime("01/03/2023")
    with pytest.raises(ValueError, match="ist kein gültiges Datum"):
        parse_stockx_datetime("2023-02-31 10:00:00 +00")


def test_parse_date_is_never_month_first():
    assert parse_date("05.03.2024") == date(2024, 3, 5)
    assert parse_date("2024-03-05") == date(2024, 3, 5)
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("03/05/2024")
    with pytest.raises(ValueError):
        parse_date("31.02.2024")


def test_clean():
    assert clean(" N/A ") is None
    assert clean(" x ") == "x"


def test_purchase_cost_split():
    from soleflip.lib.money import purchase_cost

    standard = purchase_cost(gross=Decimal("119.00"), tax_scheme="standard")
    assert (standard.net, standard.vat, standard.vat_rate) == (
        Decimal("100.00"),
        Decimal("19.00"),
        Decimal("19"),
    )
    odd = purchase_cost(gross=Decimal("99.99"), tax_scheme="standard")
    assert (odd.net, odd.vat) == (Decimal("84.03"), Decimal("15.96"))  # 99.99 / 1.19 = 84.0252
    reduced = purchase_cost(gross=Decimal("107.00"), tax_scheme="standard", vat_rate=Decimal("7"))
    assert reduced.net == Decimal("100.00")
    margin = purchase_cost(gross=Decimal("150.00"), tax_scheme="margin")
    assert (margin.net, margin.vat, margin.vat_rate) == (
        Decimal("150.00"),
        Decimal("0.00"),
        Decimal("0"),
    )
