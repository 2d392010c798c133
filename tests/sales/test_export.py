"""The accountant export (sales/export.py, export_files.py, export_views.py): worked
examples computed by hand, period boundaries in local time, the files parsed back."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from sales.export import purchase_rows, sales_rows, summarize
from sales.export_files import CSV_STYLES, purchases_csv, sales_csv, write_workbook
from sales.models import Marketplace, Order
from sales.services import recompute_profit
from soleflip.lib.money import purchase_cost
from soleflip.lib.periods import Period, named_period
from tests.factories import make_marketplace, make_order, make_product, make_stock, make_supplier

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
MARCH = {"start": date(2025, 3, 1), "end": date(2025, 3, 31)}
MARCH_QUERY = {"period": "custom", "start": "2025-03-01", "end": "2025-03-31"}


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def standard_pair(gross: str, **kw):
    cost = purchase_cost(gross=D(gross), tax_scheme="standard")
    return make_stock(
        purchase_price=cost.net,
        gross_purchase_price=cost.gross,
        vat_rate=cost.vat_rate,
        vat_amount=cost.vat,
        **kw,
    )


def margin_pair(gross: str, **kw):
    return make_stock(
        purchase_price=D(gross),
        gross_purchase_price=D(gross),
        vat_rate=D("0"),
        vat_amount=D("0.00"),
        tax_scheme="margin",
        **kw,
    )


def no_cost_pair(**kw):
    kw.setdefault("purchase_date", None)
    return make_stock(
        purchase_price=None, gross_purchase_price=None, vat_rate=None, vat_amount=None, **kw
    )


@pytest.fixture
def march():
    """Five sales and three purchases in March 2025, and lines just outside it."""
    stockx = Marketplace.objects.get(slug="stockx")  # no output VAT
    shop = make_marketplace(name="Shop DE", output_vat="domestic")
    fair = make_marketplace(name="Second-hand fair", output_vat="margin")
    sale = dict(shipping_cost=D("0.00"), payment_fee=D("0.00"))
    # On StockX: bought 119.00 gross = 100.00 net + 19.00 VAT; sold 200, payout 176.
    make_order(
        marketplace=stockx,
        external_id="SX-1",
        invoice_number="INV-1",
        buyer_destination_country="France",
        inventory_item=standard_pair(
            "119.00", product=make_product(name="Dunk Low", sku="DD1391-100")
        ),
        sold_at=berlin(2025, 3, 1, 0, 30),  # 28 Feb 23:30 UTC: a March sale in Berlin
        gross_sale=D("200.00"),
        platform_fee=D("18.00"),
        payment_fee=D("6.00"),
        shipping_cost=D("0.00"),
        net_proceeds=D("176.00"),
    )
    # Domestic, 19 % included: 119.00 = 100.00 + 19.00; cost 60.00 net (71.40 gross).
    make_order(
        marketplace=shop,
        external_id="DE-1",
        inventory_item=standard_pair("71.40"),
        sold_at=berlin(2025, 3, 10, 12, 0),
        gross_sale=D("119.00"),
        platform_fee=D("14.00"),
        net_proceeds=D("105.00"),
        **sale,
    )
    # Margin scheme: bought §25a for 150.00; sold 250.00 -> VAT (250 − 150) × 19/119 = 15.97.
    make_order(
        marketplace=fair,
        external_id="MS-1",
        inventory_item=margin_pair("150.00"),
        sold_at=berlin(2025, 3, 20, 12, 0),
        gross_sale=D("250.00"),
        platform_fee=D("20.00"),
        net_proceeds=D("230.00"),
        **sale,
    )
    # Cost missing on StockX (VAT 0 all the same) and on the margin market (VAT unknown).
    make_order(
        marketplace=stockx,
        external_id="SX-2",
        inventory_item=no_cost_pair(),
        sold_at=berlin(2025, 3, 31, 23, 59),
        gross_sale=D("180.00"),
        platform_fee=D("20.00"),
        net_proceeds=D("160.00"),
        **sale,
    )
    make_order(
        marketplace=fair,
        external_id="MS-2",
        inventory_item=no_cost_pair(),
        sold_at=berlin(2025, 3, 25, 9, 0),
        gross_sale=D("100.00"),
        platform_fee=D("10.00"),
        net_proceeds=D("90.00"),
        **sale,
    )
    # Not in March: the evening before, the first minute of April (still 31 March in UTC),
    # and a cancelled sale.
    make_order(marketplace=stockx, external_id="OUT-1", sold_at=berlin(2025, 2, 28, 23, 59))
    make_order(marketplace=stockx, external_id="OUT-2", sold_at=berlin(2025, 4, 1, 0, 0, 30))
    make_order(
        marketplace=stockx, external_id="OUT-3", status="cancelled", sold_at=berlin(2025, 3, 5)
    )

    supplier = make_supplier(name="Solebox")
    standard_pair(
        "119.00",
        supplier=supplier,
        purchase_date=date(2025, 3, 1),
        purchase_order_number="SB-1001",
        invoice_number="RE-17",
        product=make_product(name="Samba OG", sku="B75806"),
    )
    margin_pair(
        "150.00", supplier=make_supplier(name="Private seller"), purchase_date=date(2025, 3, 31)
    )
    cost = purchase_cost(gross=D("107.00"), tax_scheme="standard", vat_rate=D("7"))
    make_stock(
        purchase_date=date(2025, 3, 15),
        purchase_price=cost.net,
        gross_purchase_price=cost.gross,
        vat_rate=cost.vat_rate,
        vat_amount=cost.vat,
    )
    standard_pair("119.00", purchase_date=date(2025, 2, 28))
    standard_pair("119.00", purchase_date=date(2025, 4, 1))
    standard_pair("119.00", purchase_date=date(2025, 3, 20), status="cancelled")


def by_number(rows) -> dict:
    return {row.order_number: row for row in rows}


# -- rows --------------------------------------------------------------------------------


def test_sale_on_stockx_has_no_output_vat(march):
    row = by_number(sales_rows(**MARCH))["SX-1"]
    assert row.sale_date == date(2025, 3, 1)
    assert (row.marketplace, row.invoice_number, row.buyer_country) == ("StockX", "INV-1", "France")
    assert (row.product, row.sku) == ("Dunk Low", "DD1391-100")
    assert (row.gross_sale, row.fees, row.payout) == (D("200.00"), D("24.00"), D("176.00"))
    assert (
        row.output_vat_treatment
        == "Keine Umsatzsteuer (innergemeinschaftliche Lieferung / Ausfuhr)"
    )
    assert (row.output_vat, row.net_revenue) == (D("0.00"), D("200.00"))
    # 176.00 payout − 0.00 VAT − 100.00 net cost (the input VAT is reclaimed)
    assert (row.cost_basis, row.cost_missing, row.net_profit) == (D("100.00"), False, D("76.00"))


def test_domestic_sale_has_19_percent_included(march):
    row = by_number(sales_rows(**MARCH))["DE-1"]
    assert (row.output_vat, row.net_revenue) == (D("19.00"), D("100.00"))
    assert (row.cost_basis, row.net_profit) == (D("60.00"), D("26.00"))  # 105 − 19 − 60


def test_margin_scheme_sale_pays_vat_on_the_margin(march):
    row = by_number(sales_rows(**MARCH))["MS-1"]
    assert row.cost_basis == D("150.00")  # §25a: the gross price, no input VAT
    assert row.output_vat == D("15.97")  # 100.00 × 19/119 = 15.966…
    assert row.net_revenue == D("234.03")
    assert row.net_profit == D("64.03")  # 230 − 15.97 − 150


def test_cost_missing_sales_are_flagged(march):
    rows = by_number(sales_rows(**MARCH))
    stockx, margin = rows["SX-2"], rows["MS-2"]
    assert (stockx.cost_missing, stockx.cost_basis, stockx.net_profit) == (True, None, None)
    assert (stockx.output_vat, stockx.net_revenue) == (D("0.00"), D("180.00"))
    # The margin scheme's VAT needs the cost: left empty, not guessed.
    assert (margin.cost_missing, margin.output_vat, margin.net_revenue) == (True, None, None)


def test_domestic_vat_does_not_wait_for_the_cost():
    shop = make_marketplace(output_vat="domestic")
    make_order(
        marketplace=shop,
        external_id="DE-9",
        inventory_item=no_cost_pair(),
        sold_at=berlin(2025, 3, 3, 12, 0),
        gross_sale=D("238.00"),
    )
    [row] = sales_rows(**MARCH)
    assert (row.output_vat, row.net_revenue, row.cost_missing) == (D("38.00"), D("200.00"), True)


def test_rows_agree_with_the_profit_stored_on_the_orders(march):
    recompute_profit(order_ids=list(Order.objects.values_list("pk", flat=True)))
    stored = dict(Order.objects.values_list("external_id", "net_profit"))
    assert {r.order_number: r.net_profit for r in sales_rows(**MARCH)} == {
        n: stored[n] for n in ("SX-1", "DE-1", "MS-1", "MS-2", "SX-2")
    }


def test_period_boundaries_are_inclusive_local_days(march):
    rows = list(sales_rows(**MARCH))
    assert [r.order_number for r in rows] == ["SX-1", "DE-1", "MS-1", "MS-2", "SX-2"]
    assert rows[-1].sale_date == date(2025, 3, 31)
    assert [r.order_number for r in sales_rows(start=date(2025, 4, 1), end=date(2025, 4, 1))] == [
        "OUT-2"
    ]
    purchases = list(purchase_rows(**MARCH))
    assert [p.purchase_date for p in purchases] == [
        date(2025, 3, 1),
        date(2025, 3, 15),
        date(2025, 3, 31),
    ]


def test_purchase_rows_split_net_and_vat(march):
    standard, reduced, margin = purchase_rows(**MARCH)
    assert (standard.supplier, standard.order_number, standard.invoice_number) == (
        "Solebox",
        "SB-1001",
        "RE-17",
    )
    assert (standard.product, standard.sku) == ("Samba OG", "B75806")
    # 119.00 gross = 100.00 net + 19.00 VAT
    assert (standard.net, standard.vat_rate, standard.vat, standard.gross) == (
        D("100.00"),
        D("19.00"),
        D("19.00"),
        D("119.00"),
    )
    assert (standard.tax_scheme, standard.cost_missing) == ("Regelbesteuerung", False)
    assert (margin.net, margin.vat, margin.gross, margin.tax_scheme) == (
        D("150.00"),
        D("0.00"),
        D("150.00"),
        "Differenzbesteuerung § 25a",
    )
    # 107.00 at 7 % = 100.00 + 7.00
    assert (reduced.net, reduced.vat, reduced.tax_scheme) == (
        D("100.00"),
        D("7.00"),
        "anderer Satz",
    )


def test_purchase_without_a_cost_is_flagged():
    no_cost_pair(purchase_date=date(2025, 3, 2))
    [row] = purchase_rows(**MARCH)
    assert (row.net, row.vat, row.gross, row.cost_missing) == (None, None, None, True)
    assert row.tax_scheme == "Regelbesteuerung"
    summary = summarize(**MARCH)
    assert (summary.purchases_total.lines, summary.purchases_total.cost_missing) == (1, 1)
    assert summary.purchases_total.sum("gross") == D("0.00")


def test_summary_totals(march):
    summary = summarize(**MARCH)
    total = summary.sales_total
    assert (total.lines, total.cost_missing) == (5, 2)
    assert total.sum("gross_sale") == D("849.00")  # 200 + 119 + 250 + 180 + 100
    assert total.sum("fees") == D("88.00")  # 24 + 14 + 20 + 20 + 10
    assert total.sum("output_vat") == D("34.97")  # 0 + 19 + 15.97 + 0 (+ unknown)
    assert total.sum("net_profit") == D("166.03")  # 76 + 26 + 64.03, cost known only
    margin = summary.sales["Differenzbesteuerung (19/119 einer positiven Marge)"]
    assert (margin.lines, margin.cost_missing, margin.sum("output_vat")) == (2, 1, D("15.97"))
    assert {k: (g.lines, g.sum("vat")) for k, g in summary.purchases.items()} == {
        "Regelbesteuerung 19 %": (1, D("19.00")),
        "anderer Satz 7 %": (1, D("7.00")),
        "Differenzbesteuerung § 25a": (1, D("0.00")),
    }
    assert summary.purchases_total.sum("gross") == D("376.00")
    assert summary.vat_balance == D("8.97")  # 34.97 output − 26.00 input


# -- files -------------------------------------------------------------------------------


def test_german_csv_parses_back_with_semicolons_and_decimal_commas(march):
    """German Excel style: German headers, DD.MM.YYYY dates, decimal commas, ja/nein."""
    text = "".join(sales_csv(**MARCH, style=CSV_STYLES["de"]))
    assert text.startswith("\ufeffVerkaufsdatum;Marktplatz;Bestellnummer;")
    lines = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    header, rows = lines[0], {line[2]: dict(zip(lines[0], line, strict=True)) for line in lines[1:]}
    assert len(rows) == 5 and "Nettogewinn" in header
    margin = rows["MS-1"]
    assert (margin["Verkaufsdatum"], margin["Verkaufspreis brutto"], margin["Umsatzsteuer"]) == (
        "20.03.2025",
        "250,00",
        "15,97",
    )
    assert margin["Umsatzsteuerliche Behandlung"].startswith("Differenzbesteuerung")
    assert D(margin["Nettogewinn"].replace(",", ".")) == D("64.03")
    assert (rows["MS-2"]["Umsatzsteuer"], rows["MS-2"]["Kosten fehlen"]) == ("", "ja")
    assert rows["MS-1"]["Kosten fehlen"] == "nein"


def test_german_purchases_csv_has_german_headers_and_dates(march):
    text = "".join(purchases_csv(**MARCH, style=CSV_STYLES["de"]))
    header, first = text.removeprefix("\ufeff").splitlines()[:2]
    assert header.startswith("Einkaufsdatum;Lieferant;Bestellnummer;Rechnungsnummer;Paar-ID;")
    assert "USt.-Satz %;USt.;Brutto;Besteuerung;Kosten fehlen" in header
    assert first.startswith("01.03.2025;Solebox;SB-1001;RE-17;")
    assert ";100,00;19,00;19,00;119,00;Regelbesteuerung;nein" in first


def test_csv_headers_follow_the_language_and_the_international_style_stays_iso(march):
    with translation.override("en"):
        german_excel = "".join(sales_csv(**MARCH, style=CSV_STYLES["de"]))
        text = "".join(sales_csv(**MARCH, style=CSV_STYLES["intl"]))
    # English headers; the German Excel file still has the dates German Excel reads.
    assert german_excel.startswith("\ufeffSale date;Marketplace;Order number;")
    assert "\n01.03.2025;StockX;SX-1;" in german_excel.replace("\r\n", "\n")
    rows = {r["Order number"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows["DE-1"]["Output VAT"], rows["DE-1"]["Sale date"]) == ("19.00", "2025-03-10")
    assert rows["MS-2"]["Cost missing"] == "yes"
    # German headers, but ISO dates and decimal points: the international file is for software.
    intl = list(csv.DictReader(io.StringIO("".join(sales_csv(**MARCH, style=CSV_STYLES["intl"])))))
    first = intl[0]
    assert (first["Verkaufsdatum"], first["Verkaufspreis brutto"]) == ("2025-03-01", "200.00")
    assert first["Kosten fehlen"] == "no"


def test_international_csv_uses_commas_and_decimal_points(march):
    text = "".join(sales_csv(**MARCH, style=CSV_STYLES["intl"]))
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["Bestellnummer"]: r["Umsatzsteuer"] for r in rows}["DE-1"] == "19.00"


def test_text_that_looks_like_a_formula_stays_text():
    make_order(
        external_id="=HYPERLINK(1)",
        inventory_item=make_stock(product=make_product(name="@SUM(A1)")),
        sold_at=berlin(2025, 3, 2, 12, 0),
    )
    text = "".join(sales_csv(**MARCH, style=CSV_STYLES["de"]))
    assert "'=HYPERLINK(1)" in text and "'@SUM(A1)" in text
    out = io.BytesIO()
    write_workbook(**MARCH, out=out)
    cell = load_workbook(io.BytesIO(out.getvalue()))["Verkäufe"]["C2"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1)", "s")


def test_workbook_has_numbers_and_dates(march):
    out = io.BytesIO()
    write_workbook(**MARCH, out=out)
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Verkäufe", "Einkäufe", "Zusammenfassung"]
    sales = list(book["Verkäufe"].iter_rows(values_only=True))
    header = sales[0]
    first = dict(zip(header, sales[1], strict=True))
    assert first["Verkaufsdatum"] == datetime(2025, 3, 1)
    assert first["Verkaufspreis brutto"] == 200 and first["Nettogewinn"] == 76
    assert first["Kosten fehlen"] == "nein"
    money = book["Verkäufe"].cell(row=2, column=header.index("Nettogewinn") + 1)
    assert money.data_type == "n" and money.number_format == "#,##0.00"
    assert book["Verkäufe"]["A2"].number_format == "DD.MM.YYYY"
    purchases = list(book["Einkäufe"].iter_rows(values_only=True))
    assert len(purchases) == 4 and purchases[1][purchases[0].index("USt.")] == 19
    summary = {row[0]: row for row in book["Zusammenfassung"].iter_rows(values_only=True) if row}
    assert summary["Steuerberater-Export"][1:3] == (datetime(2025, 3, 1), datetime(2025, 3, 31))
    assert summary["Verkäufe nach umsatzsteuerlicher Behandlung"][1:3] == (
        "Zeilen",
        "Kosten fehlen",
    )
    assert summary["Alle Verkäufe"][1] == 5
    assert summary["Umsatzsteuer abzüglich Vorsteuer"][1] == pytest.approx(8.97)


def test_workbook_in_english(march):
    out = io.BytesIO()
    with translation.override("en"):
        write_workbook(**MARCH, out=out)
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Sales", "Purchases", "Summary"]
    header = next(book["Sales"].iter_rows(values_only=True))
    assert header[:3] == ("Sale date", "Marketplace", "Order number")
    assert book["Sales"]["A2"].number_format == "D MMM YYYY"
    summary = {row[0]: row for row in book["Summary"].iter_rows(values_only=True) if row}
    assert summary["Output VAT less input VAT"][1] == pytest.approx(8.97)


# -- period, page, command ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "today", "expected"),
    [
        ("this_month", date(2026, 11, 23), (date(2026, 11, 1), date(2026, 11, 30))),
        ("last_month", date(2026, 1, 15), (date(2025, 12, 1), date(2025, 12, 31))),
        ("this_quarter", date(2026, 11, 23), (date(2026, 10, 1), date(2026, 12, 31))),
        ("last_quarter", date(2026, 2, 3), (date(2025, 10, 1), date(2025, 12, 31))),
        ("this_year", date(2026, 11, 23), (date(2026, 1, 1), date(2026, 12, 31))),
        ("last_year", date(2026, 11, 23), (date(2025, 1, 1), date(2025, 12, 31))),
    ],
)
def test_named_periods_are_calendar_periods(name, today, expected):
    assert named_period(name, today) == Period(*expected)


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("sales:export"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_viewer_sees_the_period_totals(client, viewer, march):
    client.force_login(viewer)
    response = client.get(reverse("sales:export"), MARCH_QUERY)
    assert response.status_code == 200
    body = response.content.decode()
    assert "01.03.2025 – 31.03.2025" in body
    assert "849,00 €" in body and "34,97 €" in body and "8,97 €" in body
    assert "Verkäufe ohne Einkaufskosten: <strong>2</strong>" in body
    assert "Differenzbesteuerung (19/119 einer positiven Marge)" in body
    assert "Regelbesteuerung 19 %" in body
    assert f'href="{reverse("sales:export")}">Steuerberater-Export</a>' in body  # in the menu


def test_the_export_page_in_english(client, viewer, march):
    viewer.language = "en"
    viewer.save(update_fields=["language"])
    client.force_login(viewer)
    body = client.get(reverse("sales:export"), MARCH_QUERY).content.decode()
    assert "1 Mar 2025 – 31 Mar 2025" in body and "Workbook (XLSX) of 1 Mar 2025" in body
    assert "€849.00" in body and "Sales without a purchase cost: <strong>2</strong>" in body
    assert "standard 19 %" in body
    # The workbook form posts ISO dates whatever the language.
    assert 'name="start" value="2025-03-01"' in body


def test_page_defaults_to_last_month(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("sales:export"))
    start = response.context["summary"].start
    assert start.day == 1 and response.context["form"].cleaned_data["period"] == "last_month"


def test_invalid_period_names_the_field(client, viewer):
    client.force_login(viewer)
    query = {"period": "custom", "start": "2025-03-31", "end": "2025-03-01"}
    response = client.get(reverse("sales:export"), query)
    assert response.context["form"].errors["end"] == [
        "Bis (01.03.2025) liegt vor Von (31.03.2025)."
    ]
    assert response.context["summary"] is None
    response = client.get(reverse("sales:export"), {"period": "custom", "start": "31.02.2025"})
    assert set(response.context["form"].errors) == {"start", "end"}
    download = client.get(reverse("sales:export-download", args=["sales.csv"]), query)
    assert download.status_code == 400


@pytest.mark.parametrize(
    "start, end, field",
    [("2025-01-01", "9999-12-31", "end"), ("1999-12-31", "2025-01-31", "start")],
)
def test_a_period_outside_the_storable_dates_is_a_form_error(client, viewer, start, end, field):
    """Defect 12: a period ending 9999-12-31 gave a 500 (the day after it has no date)."""
    client.force_login(viewer)
    query = {"period": "custom", "start": start, "end": end}
    response = client.get(reverse("sales:export"), query)
    label, day = ("Bis", end) if field == "end" else ("Von", start)
    day = ".".join(reversed(day.split("-")))
    message = f"{label} ({day}) muss zwischen 01.01.2000 und 31.12.2099 liegen."
    assert response.status_code == 200 and response.context["summary"] is None
    assert response.context["form"].errors == {field: [message]}
    assert message in response.content.decode()
    for kind in ("sales.csv", "purchases.csv"):
        download = client.get(reverse("sales:export-download", args=[kind]), query)
        assert download.status_code == 400 and message in download.content.decode()


def test_sales_csv_download_streams(client, viewer, march):
    client.force_login(viewer)
    response = client.get(reverse("sales:export-download", args=["sales.csv"]), MARCH_QUERY)
    assert response.status_code == 200 and response.streaming
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="soleflip-sales-2025-03-01_2025-03-31.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert len(text.strip().splitlines()) == 6


def test_a_csv_download_cut_by_a_database_failure_fails_visibly(client, viewer, cut_connection):
    """Defect 10: 2,600 sales, the database gone after the first 2,000 were read."""
    stockx = Marketplace.objects.get(slug="stockx")
    Order.objects.bulk_create(
        Order(marketplace=stockx, external_id=f"CUT-{n}", sold_at=berlin(2025, 3, 2, 12, 0))
        for n in range(2600)
    )
    client.force_login(viewer)
    response = client.get(reverse("sales:export-download", args=["sales.csv"]), MARCH_QUERY)
    pieces = iter(response.streaming_content)
    received = [next(pieces)]
    cut_connection()
    with pytest.raises(OperationalError):
        received.extend(pieces)
    lines = b"".join(received).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 2000 + 1
    assert lines[-1].startswith("### EXPORT ABGEBROCHEN nach 2.000 Zeilen (OperationalError)")


def test_purchases_csv_download(client, viewer, march):
    client.force_login(viewer)
    url = reverse("sales:export-download", args=["purchases.csv"])
    text = b"".join(client.get(url, {**MARCH_QUERY, "csv_style": "intl"}).streaming_content)
    assert text.decode().splitlines()[1].startswith("2025-03-01,Solebox,SB-1001,RE-17,")
    # The workbook is written by a task (tests/sales/test_export_jobs.py), never in a request.
    for other in ("workbook.xlsx", "other.pdf"):
        assert client.get(reverse("sales:export-download", args=[other])).status_code == 404


def test_command_writes_csv_and_xlsx(tmp_path, march):
    out = io.StringIO()
    args = ["--from", "2025-03-01", "--to", "2025-03-31", "--out", str(tmp_path)]
    call_command("export_accounting", *args, stdout=out)
    assert out.getvalue().startswith("5 Verkäufe, 3 eingekaufte Paare (01.03.2025 bis 31.03.2025)")
    sales = (tmp_path / "soleflip-sales-2025-03-01_2025-03-31.csv").read_bytes()
    assert sales.startswith("\ufeffVerkaufsdatum;".encode())
    call_command("export_accounting", *args, "--format", "xlsx", stdout=io.StringIO())
    book = load_workbook(tmp_path / "soleflip-workbook-2025-03-01_2025-03-31.xlsx")
    assert book["Verkäufe"].max_row == 6
    with pytest.raises(CommandError, match="„2025-02-30“ ist kein Datum"):
        call_command(
            "export_accounting",
            "--from",
            "2025-02-30",
            "--to",
            "2025-03-31",
            "--out",
            str(tmp_path),
        )


@pytest.mark.parametrize("dates", [("2025-01-01", "9999-12-31"), ("1970-01-01", "2025-01-31")])
def test_command_refuses_a_period_outside_the_storable_dates(tmp_path, capsys, dates):
    """Defect 12 on the command line: a clear error, exit status 1, no traceback."""
    start, end = dates
    argv = ["manage.py", "export_accounting", "--from", start, "--to", end, "--out", str(tmp_path)]
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(argv)
    err = capsys.readouterr().err
    option, day = ("--to", end) if end.startswith("9999") else ("--from", start)
    assert exit_info.value.code == 1
    day = ".".join(reversed(day.split("-")))
    assert err.strip() == (
        f"CommandError: {option} ({day}) muss zwischen 01.01.2000 und 31.12.2099 liegen."
    )
    assert not list(tmp_path.iterdir())


def test_the_workbook_sets_column_widths(tmp_path):
    from datetime import date

    from openpyxl import load_workbook

    from sales.export_files import write_workbook

    path = tmp_path / "book.xlsx"
    with path.open("wb") as out:
        write_workbook(start=date(2025, 1, 1), end=date(2025, 12, 31), out=out)
    book = load_workbook(path)
    sales = book["Verkäufe"]
    widths = {k: d.width for k, d in sales.column_dimensions.items() if d.width}
    assert widths, "no column widths set"
    header = [c.value for c in sales[1]]
    product_col = sales.cell(row=1, column=header.index("Produkt") + 1).column_letter
    assert widths[product_col] >= 40
