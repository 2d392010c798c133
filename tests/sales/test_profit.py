"""Worked examples of the profit formulas (sales/profit.py)."""

from datetime import date
from decimal import Decimal as D

from sales.profit import compute_profit, cost_basis


def test_cost_basis_by_tax_scheme():
    assert cost_basis(tax_scheme="standard", net_price=D("100.00"), gross_price=D("119.00")) == D(
        "100.00"
    )
    assert cost_basis(tax_scheme="margin", net_price=D("119.00"), gross_price=D("119.00")) == D(
        "119.00"
    )
    assert cost_basis(tax_scheme="standard", net_price=None, gross_price=None) is None


def test_stockx_sale_no_output_vat():
    # Bought for 119.00 gross (100.00 net, VAT reclaimed); sold for 247, payout 234.59.
    p = compute_profit(
        gross_sale=D("247.00"),
        net_proceeds=D("234.59"),
        cost=D("100.00"),
        treatment="none",
        sold_on=date(2023, 3, 1),
        purchased_on=date(2023, 1, 30),
    )
    assert p.output_vat == D("0.00")
    assert p.gross_profit == D("147.00")
    assert p.net_profit == D("134.59")
    assert p.roi == D("1.3459")
    assert p.shelf_life_days == 30
    assert p.profit_per_day == D("4.49")  # 134.59 / 30 = 4.4863


def test_domestic_sale_vat_included_in_price():
    # eBay sale to a German buyer: 119.00 includes 19.00 VAT.
    p = compute_profit(
        gross_sale=D("119.00"),
        net_proceeds=D("105.00"),
        cost=D("60.00"),
        treatment="domestic",
        sold_on=date(2024, 6, 10),
        purchased_on=date(2024, 6, 1),
    )
    assert p.output_vat == D("19.00")
    assert p.net_profit == D("26.00")  # 105 − 19 − 60
    assert p.roi == D("0.4333")


def test_margin_scheme_vat_on_positive_margin():
    # Bought privately for 100 (no input VAT), sold for 219: margin 119 → VAT 19.00.
    p = compute_profit(
        gross_sale=D("219.00"),
        net_proceeds=D("200.00"),
        cost=D("100.00"),
        treatment="margin",
        sold_on=date(2024, 1, 31),
        purchased_on=date(2024, 1, 1),
    )
    assert p.output_vat == D("19.00")
    assert p.net_profit == D("81.00")


def test_sale_below_cost_has_no_margin_vat_and_negative_profit():
    p = compute_profit(
        gross_sale=D("80.00"),
        net_proceeds=D("70.40"),
        cost=D("100.00"),
        treatment="margin",
        sold_on=date(2024, 1, 31),
        purchased_on=date(2024, 1, 1),
    )
    assert p.output_vat == D("0.00")
    assert p.gross_profit == D("-20.00")
    assert p.net_profit == D("-29.60")
    assert p.roi == D("-0.2960")


def test_same_day_sale_counts_as_one_shelf_day():
    p = compute_profit(
        gross_sale=D("150.00"),
        net_proceeds=D("130.00"),
        cost=D("100.00"),
        treatment="none",
        sold_on=date(2024, 5, 5),
        purchased_on=date(2024, 5, 5),
    )
    assert p.shelf_life_days == 0
    assert p.profit_per_day == D("30.00")


def test_zero_cost_has_no_roi():
    p = compute_profit(
        gross_sale=D("50.00"),
        net_proceeds=D("45.00"),
        cost=D("0.00"),
        treatment="none",
        sold_on=None,
        purchased_on=None,
    )
    assert p.roi is None and p.shelf_life_days is None and p.net_profit == D("45.00")
