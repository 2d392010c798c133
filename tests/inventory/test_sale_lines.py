"""The pair's page shows its sale line by line (issue: "On a pair's page the fee line
shows every amount"): sale price, each fee, the fees in total, payout, output VAT, cost
basis, net profit and ROI, each with its own amount, and plainly "–" or "unknown" when an
amount is missing."""

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from tests.factories import make_marketplace, make_order, make_stock

pytestmark = pytest.mark.django_db


def sale_lines(client, item) -> list[tuple[str, str]]:
    """(label, amount) of each line of the sale table on the pair's page."""
    body = client.get(reverse("inventory:stock-detail", args=[item.pk])).content.decode()
    rows = re.findall(
        r'<th scope="row" class="fw-normal">(.*?)</th>\s*<td class="[^"]*">(.*?)</td>', body
    )

    def text(cell: str) -> str:
        cell = re.sub(r'<div class="text-body-secondary">.*?</div>', "", cell)
        return re.sub(r"<[^>]+>", "", cell).strip()

    return [(text(label), text(amount)) for label, amount in rows]


def sold_pair(**order):
    item = make_stock(status="sold")
    order.setdefault("output_vat", D("0.00"))
    order.setdefault("net_profit", D("76.00"))
    order.setdefault("roi", D("0.7600"))
    order.setdefault("shelf_life_days", 12)
    make_order(inventory_item=item, **order)
    return item


def test_every_amount_of_the_sale_has_its_own_line(viewer, client):
    client.force_login(viewer)
    item = sold_pair(shipping_cost=D("4.50"), net_proceeds=D("171.50"), net_profit=D("71.50"))
    assert sale_lines(client, item) == [
        ("Verkaufspreis", "200,00 €"),
        ("Transaktionsgebühr (Plattform)", "− 18,00 €"),
        ("Zahlungsabwicklung", "− 6,00 €"),
        ("Versand", "− 4,50 €"),
        ("Gebühren gesamt", "− 28,50 €"),
        ("Auszahlung", "171,50 €"),
        ("Umsatzsteuer", "− 0,00 €"),
        ("Kostenbasis", "− 100,00 €"),
        ("Nettogewinn", "71,50 €"),
        ("ROI", "76,0 %"),
        ("Tage bis Verkauf", "12"),
    ]


def test_the_breakdown_in_english(viewer, client):
    viewer.language = "en"
    viewer.save(update_fields=["language"])
    client.force_login(viewer)
    lines = dict(sale_lines(client, sold_pair()))
    assert lines["Sale price"] == "€200.00"
    assert lines["Transaction fee (platform)"] == "− €18.00"
    assert lines["Fees in total"] == "− €24.00"
    assert (lines["Payout"], lines["Net profit"], lines["ROI"]) == ("€176.00", "€76.00", "76.0%")


def test_what_the_marketplace_kept_beyond_the_fees_is_its_own_line(viewer, client):
    """200 − 18 − 6 − 0 would pay out 176; 170 came: 6 more was kept, and the total says so."""
    client.force_login(viewer)
    lines = sale_lines(client, sold_pair(net_proceeds=D("170.00"), net_profit=D("70.00")))
    assert ("Sonstige Abzüge", "− 6,00 €") in lines
    assert ("Gebühren gesamt", "− 30,00 €") in lines
    assert ("Auszahlung", "170,00 €") in lines


def test_a_fee_not_reported_shows_a_dash_and_no_other_deduction(viewer, client):
    client.force_login(viewer)
    lines = sale_lines(client, sold_pair(payment_fee=None, net_proceeds=D("182.00")))
    assert ("Zahlungsabwicklung", "–") in lines
    assert ("Gebühren gesamt", "− 18,00 €") in lines
    assert "Sonstige Abzüge" not in dict(lines)


def test_without_a_cost_the_profit_lines_say_unknown(viewer, client):
    client.force_login(viewer)
    item = make_stock(status="sold", purchase_price=None, gross_purchase_price=None)
    make_order(inventory_item=item)
    lines = dict(sale_lines(client, item))
    assert lines["Verkaufspreis"] == "200,00 €" and lines["Auszahlung"] == "176,00 €"
    assert lines["Kostenbasis"] == "unbekannt"
    assert lines["Umsatzsteuer"] == "unbekannt"
    assert lines["Nettogewinn"] == "unbekannt, bis die Kosten erfasst sind"
    assert lines["ROI"] == "unbekannt"
    # Said in words that wrap on a phone, not in the amounts' no-wrap cell.
    body = client.get(reverse("inventory:stock-detail", args=[item.pk])).content.decode()
    assert (
        '<td class="text-end text-warning-emphasis"><strong>unbekannt, bis die Kosten erfasst '
        "sind</strong></td>" in body
    )


def test_margin_scheme_cost_basis_is_the_gross_price_and_output_vat_is_shown(viewer, client):
    client.force_login(viewer)
    item = make_stock(status="sold", tax_scheme="margin", gross_purchase_price=D("119.00"))
    make_order(
        inventory_item=item,
        marketplace=make_marketplace(output_vat="margin"),
        output_vat=D("12.94"),
        net_profit=D("44.06"),
        roi=D("0.3703"),
    )
    body = client.get(reverse("inventory:stock-detail", args=[item.pk])).content.decode()
    lines = dict(sale_lines(client, item))
    assert (lines["Kostenbasis"], lines["Umsatzsteuer"]) == ("− 119,00 €", "− 12,94 €")
    assert (lines["Nettogewinn"], lines["ROI"]) == ("44,06 €", "37,0 %")
    assert "Differenzbesteuerung (§ 25a UStG, keine Vorsteuer)" in body  # under the cost basis
