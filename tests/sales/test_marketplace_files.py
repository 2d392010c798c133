"""Marketplace exports read through a column mapping: presets, dates day first, cents,
currency signs, XLSX; every bad value named by line, column and value."""

from datetime import datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from sales.marketplace_files import ALIAS, Mapping, parse_day, parse_sale, preset_for, read_export
from soleflip.lib.rows import CsvRow

BERLIN = ZoneInfo("Europe/Berlin")
ALIAS_HEADER = (
    "ORDER_NUMBER,NAME,PRODUCT_PRICE_CENTS_SALE_PRICE,CREDIT_DATE,PURCHASED_DATE,USERNAME,SKU,SIZE"
)


@pytest.mark.parametrize(
    "text, day",
    [
        ("05/03/24", (2024, 3, 5)),
        ("05/03/2024", (2024, 3, 5)),
        ("05.03.24", (2024, 3, 5)),
        ("05.03.2024", (2024, 3, 5)),  # 5 March, never 3 May
        ("2024-03-05", (2024, 3, 5)),
        ("2024-03-05 18:30:00", (2024, 3, 5)),
    ],
)
def test_dates_are_read_day_first(text, day):
    assert parse_day(text).astimezone(BERLIN).date().timetuple()[:3] == day


def test_a_time_is_kept_and_a_date_alone_is_noon_in_berlin():
    assert parse_day("05.03.2024 18:30") == datetime(2024, 3, 5, 18, 30, tzinfo=BERLIN)
    assert parse_day("05.03.2024") == datetime(2024, 3, 5, 12, 0, tzinfo=BERLIN)


@pytest.mark.parametrize("text", ["31.02.2024", "2024/13/01", "gestern", "5 March"])
def test_bad_dates_say_why(text):
    with pytest.raises(ValueError):
        parse_day(text)


def alias_row(**values) -> CsvRow:
    raw = dict.fromkeys(ALIAS_HEADER.split(","), "")
    raw |= {
        "ORDER_NUMBER": "A-1001",
        "NAME": "Jordan 4 Retro Military Black",
        "PRODUCT_PRICE_CENTS_SALE_PRICE": "24500",
        "CREDIT_DATE": "20/03/24",
        "PURCHASED_DATE": "15/03/24",
        "SKU": "DH6927-111",
        "SIZE": "9.5",
    }
    return CsvRow(2, raw | values)


def test_an_alias_row_in_cents_and_dollars():
    sale = parse_sale(alias_row(), ALIAS)
    assert sale.valid
    assert sale.values["sale_price"] == D("245.00") and sale.values["currency"] == "USD"
    assert sale.values["style_code"] == "DH6927-111" and sale.values["size"] == "9.5"
    assert sale.values["sold_at"].astimezone(BERLIN).date().isoformat() == "2024-03-15"


def test_every_bad_value_names_line_column_and_value():
    sale = parse_sale(
        alias_row(
            PRODUCT_PRICE_CENTS_SALE_PRICE="245.00", PURCHASED_DATE="31/02/24", ORDER_NUMBER=""
        ),
        ALIAS,
    )
    columns = {e.column: e.value for e in sale.errors}
    assert columns == {
        "PRODUCT_PRICE_CENTS_SALE_PRICE": "245.00",
        "PURCHASED_DATE": "31/02/24",
        "ORDER_NUMBER": "",
    }
    assert all(e.line == 2 for e in sale.errors)


def test_amounts_with_signs_commas_and_codes():
    mapping = Mapping(
        columns={
            "order_number": "o",
            "sold_at": "d",
            "item": "i",
            "sale_price": "p",
            "payout": "n",
            "currency": "c",
        }
    )
    row = CsvRow(
        5, {"o": "1", "d": "2024-01-02", "i": "x", "p": "1.234,56 €", "n": "$1,100.10", "c": "eur"}
    )
    sale = parse_sale(row, mapping)
    assert (
        sale.valid
        and sale.values["sale_price"] == D("1234.56")
        and sale.values["payout"] == D("1100.10")
    )
    assert sale.values["currency"] == "EUR"


def test_a_mapping_names_what_is_missing():
    assert Mapping(columns={"order_number": "o"}).missing(["o"])
    assert ALIAS.missing(ALIAS_HEADER.split(",")) == []
    assert any(
        "SKU" in p
        for p in ALIAS.missing(
            ["ORDER_NUMBER", "NAME", "PRODUCT_PRICE_CENTS_SALE_PRICE", "PURCHASED_DATE"]
        )
    )


def test_an_unknown_file_gets_a_guess_from_its_header():
    mapping = preset_for("restocks", ["Order ID", "Date", "Product", "Size", "Price"])
    assert mapping.columns == {
        "order_number": "Order ID",
        "sold_at": "Date",
        "size": "Size",
        "sale_price": "Price",
    }


def test_csv_and_xlsx_read_alike(tmp_path):
    csv = tmp_path / "alias.csv"
    csv.write_text(
        ALIAS_HEADER + "\nA-1,Dunk Low,12000,20/03/24,15/03/24,me,DD1391-100,9\n", encoding="utf-8"
    )
    book = Workbook()
    book.active.append(ALIAS_HEADER.split(","))
    book.active.append(
        ["A-1", "Dunk Low", 12000, "20/03/24", datetime(2024, 3, 15, 10, 0), "me", "DD1391-100", 9]
    )
    xlsx = tmp_path / "alias.xlsx"
    book.save(xlsx)
    for path in (csv, xlsx):
        header, rows = read_export(path, max_bytes=10**6)
        assert header == ALIAS_HEADER.split(",")
        sale = parse_sale(rows[0], ALIAS)
        assert (
            sale.valid and sale.values["sale_price"] == D("120.00") and sale.values["size"] == "9"
        )
