"""The dashboard's numbers against a hand-computed fixture (March 2026).

order  market   cost basis        sold (Berlin)     sale   fees  payout  VAT   net profit  ROI     days
A      none     100.00 net        2026-03-05        200    24    176     0     76.00       0.7600  32
B      margin   119.00 gross §25a 2026-03-10        180    20    160     9.74  31.26       0.2627  0
C      none     missing           2026-03-15        150    15    135     –     –           –       –
F      none     50.00 net         2026-03-31 23:30  100    10    90      0     40.00       0.8000  30
out of the period: a cancelled order (03-20) and one sold 2026-04-01 00:30 Berlin time.
B's output VAT: (180 − 119) × 19/119 = 9.74; its profit 160 − 9.74 − 119 = 31.26.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from sales.services import recompute_profit
from soleflip.analytics.models import OrderFact, RefreshInfo, SalesDay
from soleflip.analytics.refresh import refresh_analytics
from soleflip.dashboard import aging, dashboard_numbers
from soleflip.lib.periods import Period
from tests.factories import (
    make_brand,
    make_marketplace,
    make_order,
    make_product,
    make_stock,
    make_supplier,
)

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def march():
    none, margin = make_marketplace(output_vat="none"), make_marketplace(output_vat="margin")
    nike, adidas = make_brand(name="Nike Test"), make_brand(name="Adidas Test")
    p1, p2, p3 = (
        make_product(name="Dunk", brand=nike),
        make_product(name="Samba", brand=adidas),
        make_product(name="Jordan", brand=nike),
    )
    s1, s2 = make_supplier(name="Solebox Test"), make_supplier(name="Snipes Test")

    def sale(market, item, when, gross, fees, payout, **kw):
        return make_order(
            marketplace=market,
            inventory_item=item,
            sold_at=when,
            gross_sale=Decimal(gross),
            platform_fee=Decimal(fees),
            payment_fee=Decimal(0),
            shipping_cost=Decimal(0),
            net_proceeds=Decimal(payout),
            **kw,
        )

    a = make_stock(product=p1, supplier=s1, status="sold", purchase_date=date(2026, 2, 1))
    b = make_stock(
        product=p2,
        supplier=s2,
        status="sold",
        purchase_date=date(2026, 3, 10),
        tax_scheme="margin",
        purchase_price=Decimal("119.00"),
        gross_purchase_price=Decimal("119.00"),
        vat_rate=Decimal(0),
        vat_amount=Decimal(0),
    )
    c = make_stock(product=p1, supplier=s1, status="sold", purchase_price=None)
    f = make_stock(
        product=p3,
        supplier=s2,
        status="sold",
        purchase_date=date(2026, 3, 1),
        purchase_price=Decimal("50.00"),
        gross_purchase_price=Decimal("59.50"),
    )
    orders = [
        sale(none, a, berlin(2026, 3, 5, 12), "200", "24", "176"),
        sale(margin, b, berlin(2026, 3, 10, 9), "180", "20", "160"),
        sale(none, c, berlin(2026, 3, 15, 18), "150", "15", "135"),
        sale(none, f, berlin(2026, 3, 31, 23, 30), "100", "10", "90"),
        sale(
            none,
            make_stock(status="cancelled"),
            berlin(2026, 3, 20),
            "300",
            "30",
            "270",
            status="cancelled",
        ),
        sale(none, make_stock(status="sold"), berlin(2026, 4, 1, 0, 30), "500", "50", "450"),
    ]
    recompute_profit(order_ids=[o.pk for o in orders])
    refresh_analytics()
    return {
        "none": none,
        "margin": margin,
        "nike": nike,
        "adidas": adidas,
        "s1": s1,
        "s2": s2,
        "p1": p1,
        "p2": p2,
        "p3": p3,
    }


def test_kpis_of_the_period(march):
    kpi = SalesDay.objects.in_period(MARCH.start, MARCH.end).totals()
    assert kpi["orders"] == 4
    assert kpi["gross_sale"] == Decimal("630.00")
    assert kpi["fees"] == Decimal("69.00")
    assert kpi["payouts"] == Decimal("561.00")
    assert kpi["output_vat"] == Decimal("9.74")
    assert kpi["net_profit"] == Decimal("147.26")
    assert kpi["cost_missing"] == 1
    assert kpi["cost_basis"] == Decimal("269.00")  # 100 + 119 + 50; C's cost is missing
    assert kpi["roi"] == Decimal("0.5474")  # 147.26 / 269.00
    assert kpi["avg_roi"] == Decimal("0.6076")  # (0.76 + 0.2627 + 0.80) / 3
    assert kpi["avg_days"] == Decimal("20.7")  # (32 + 0 + 30) / 3


def test_roi_is_total_profit_over_total_cost():
    """Defect: the headline was the mean of per-sale ROIs. Three sales, worked by hand:

    cost      payout   net profit  ROI
    100.00    150.00   50.00       0.50
    1000.00   1050.00  50.00       0.05
    50.00     90.00    40.00       0.80
    Σ profit ÷ Σ cost = 140 / 1150 = 0.1217; the mean of the ROIs is 1.35 / 3 = 0.45."""
    market = make_marketplace(output_vat="none")
    orders = [
        make_order(
            marketplace=market,
            inventory_item=make_stock(status="sold", purchase_price=Decimal(cost)),
            sold_at=berlin(2026, 3, 10, 12),
            net_proceeds=Decimal(payout),
        )
        for cost, payout in (("100.00", "150.00"), ("1000.00", "1050.00"), ("50.00", "90.00"))
    ]
    recompute_profit(order_ids=[o.pk for o in orders])
    refresh_analytics()
    kpi = SalesDay.objects.in_period(MARCH.start, MARCH.end).totals()
    assert (kpi["net_profit"], kpi["cost_basis"]) == (Decimal("140.00"), Decimal("1150.00"))
    assert kpi["roi"] == Decimal("0.1217")
    assert kpi["avg_roi"] == Decimal("0.4500")


def test_roi_without_any_known_cost_is_a_dash():
    make_order(inventory_item=make_stock(status="sold", purchase_price=None))
    refresh_analytics()
    assert SalesDay.objects.totals()["roi"] is None


def test_days_follow_berlin_time(march):
    days = dict(OrderFact.objects.values_list("day", "gross_sale"))
    assert days[date(2026, 3, 31)] == Decimal("100.00")
    assert days[date(2026, 4, 1)] == Decimal("500.00")


def test_top_lists_and_marketplaces(march):
    numbers = dashboard_numbers(MARCH)
    assert [(r["object"], r["profit"], r["pairs"]) for r in numbers["top_brands"]] == [
        (march["nike"], Decimal("116.00"), 2),
        (march["adidas"], Decimal("31.26"), 1),
    ]
    assert [(r["object"], r["profit"]) for r in numbers["top_suppliers"]] == [
        (march["s1"], Decimal("76.00")),
        (march["s2"], Decimal("71.26")),
    ]
    assert [r["object"] for r in numbers["top_products"]] == [march["p1"], march["p3"], march["p2"]]
    markets = {m["marketplace_id"]: m for m in numbers["marketplaces"]}
    assert markets[march["none"].pk]["orders"] == 3
    assert markets[march["none"].pk]["revenue"] == Decimal("450.00")
    assert markets[march["margin"].pk]["profit"] == Decimal("31.26")


def test_top_lists_are_kept_until_the_next_refresh(march):
    from types import SimpleNamespace

    from soleflip.dashboard import _top

    info = RefreshInfo.objects.first()
    first = _top(OrderFact.objects.in_period(MARCH.start, MARCH.end), "brand_id", MARCH, info)
    assert len(first) == 2
    # The same refresh and period: from the cache, the sales are not grouped again.
    assert _top(OrderFact.objects.none(), "brand_id", MARCH, info) == first
    later = SimpleNamespace(refreshed_at=info.refreshed_at + timedelta(minutes=10))
    assert _top(OrderFact.objects.none(), "brand_id", MARCH, later) == []  # a new refresh


def test_chart_is_daily_for_a_month_and_monthly_for_a_year(march):
    daily = dashboard_numbers(MARCH)["chart"]
    assert len(daily["labels"]) == 31 and daily["labels"][4] == "05.03."
    # The amounts stay machine-readable for the chart, whatever the language.
    assert daily["revenue"][4] == "200.00" and daily["profit"][4] == "76.00"
    assert daily["revenue"][0] == "0"
    assert daily["series"] == {"revenue": "Umsatz", "profit": "Nettogewinn"}
    year = dashboard_numbers(Period(date(2026, 1, 1), date(2026, 6, 30)))["chart"]
    assert year["labels"] == ["01.2026", "02.2026", "03.2026", "04.2026", "05.2026", "06.2026"]
    assert year["revenue"][2] == "630.00" and year["revenue"][3] == "500.00"
    assert year["profit"][2] == "147.26"


def test_chart_labels_and_series_in_english(march):
    with translation.override("en"):
        daily = dashboard_numbers(MARCH)["chart"]
        year = dashboard_numbers(Period(date(2026, 1, 1), date(2026, 3, 31)))["chart"]
    assert daily["labels"][4] == "5 Mar" and daily["revenue"][4] == "200.00"
    assert daily["series"] == {"revenue": "Revenue", "profit": "Net profit"}
    assert year["labels"] == ["Jan 2026", "Feb 2026", "Mar 2026"]


def test_stock_aging_buckets_and_capital():
    today = timezone.localdate()
    make_stock(purchase_date=today - timedelta(days=10))  # 100.00 net
    make_stock(purchase_date=today - timedelta(days=30), status="listed")  # 100.00, still 0-30
    make_stock(
        purchase_date=today - timedelta(days=45),
        tax_scheme="margin",
        purchase_price=Decimal("119.00"),
        gross_purchase_price=Decimal("119.00"),
    )
    make_stock(purchase_date=today - timedelta(days=100), purchase_price=None)
    make_stock(purchase_date=today - timedelta(days=5), status="sold")  # not stock any more
    refresh_analytics()
    result = aging()
    rows = {b.bucket: (b.pairs, b.value_at_cost, b.cost_missing) for b in result["buckets"]}
    assert rows == {
        "0-30": (2, Decimal("200.00"), 0),
        "31-60": (1, Decimal("119.00"), 0),
        "90+": (1, Decimal("0"), 1),
    }
    assert result["pairs"] == 4 and result["value"] == Decimal("319.00")
    assert result["cost_missing"] == 1


def test_dashboard_page_for_a_custom_period(march, viewer, client):
    client.force_login(viewer)
    response = client.get(
        reverse("dashboard"), {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "630,00 €" in body and "147,26 €" in body
    assert "ROI (Gewinn ÷ Kosten)" in body and "54,7 %" in body
    assert "Mittel je Verkauf: 60,8 %" in body
    assert "01.03.2026 – 31.03.2026" in body and "Nettogewinn" in body
    assert 'id="revenue-data"' in body and 'id="marketplace-data"' in body
    assert "Nike Test" in body and "Solebox Test" in body
    assert "Jetzt aktualisieren" not in body  # a viewer cannot ask for a refresh


def test_dashboard_in_german_groups_thousands(viewer, client):
    make_order(
        inventory_item=make_stock(status="sold"),
        sold_at=timezone.now(),
        gross_sale=Decimal("1234.56"),
    )
    refresh_analytics()
    client.force_login(viewer)
    body = client.get(reverse("dashboard")).content.decode()
    assert "1.234,56 €" in body and "€1,234.56" not in body
    assert "Umsatz" in body and "Verkäufe nach Marktplatz" in body
    assert "Zahlen vom " in body and "Letzte 30 Tage" in body


def test_dashboard_in_english_shows_english_texts_and_formats(march, viewer, client):
    viewer.language = "en"
    viewer.save(update_fields=["language"])
    client.force_login(viewer)
    response = client.get(
        reverse("dashboard"), {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"}
    )
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "€630.00" in body and "€147.26" in body and "630,00 €" not in body
    assert "ROI (profit ÷ cost)" in body and "54.7%" in body
    assert "Mean per sale: 60.8%" in body
    assert "1 Mar 2026 – 31 Mar 2026" in body and "Sales by marketplace" in body
    assert "Year to date" in body and "Figures as of " in body


def test_an_invalid_custom_period_names_the_field(client, owner):
    client.force_login(owner)
    response = client.get(
        reverse("dashboard"), {"period": "custom", "start": "2026-03-31", "end": "2026-03-01"}
    )
    assert "Bis (01.03.2026) liegt vor Von (31.03.2026)." in response.content.decode()


@pytest.mark.parametrize(
    "start, end, field, message",
    [
        (
            "2025-01-01",
            "9999-12-31",
            "end",
            "Bis (31.12.9999) muss zwischen 01.01.2000 und 31.12.2099 liegen.",
        ),
        (
            "0001-01-01",
            "2025-01-31",
            "start",
            "Von (01.01.0001) muss zwischen 01.01.2000 und 31.12.2099 liegen.",
        ),
        (
            "2025-01-01",
            "2100-01-01",
            "end",
            "Bis (01.01.2100) muss zwischen 01.01.2000 und 31.12.2099 liegen.",
        ),
    ],
)
def test_a_custom_period_outside_the_storable_dates_is_a_form_error(
    client, viewer, start, end, field, message
):
    """Defect 12: a period ending 9999-12-31 took the page down (500)."""
    client.force_login(viewer)
    response = client.get(reverse("dashboard"), {"period": "custom", "start": start, "end": end})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode() and "Stattdessen wird dieser Monat gezeigt." in (
        response.content.decode()
    )


def test_empty_dashboard_says_so(client, owner):
    client.force_login(owner)
    refresh_analytics()
    body = client.get(reverse("dashboard")).content.decode()
    assert "Keine Verkäufe in diesem Zeitraum" in body and "Keine Paare auf Lager" in body


def test_refresh_button_needs_change_permission(client, staff, viewer):
    client.force_login(viewer)
    assert client.post(reverse("dashboard-refresh")).status_code == 403
    client.force_login(staff)
    response = client.post(reverse("dashboard-refresh"), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert "Die Zahlen sind aktualisiert." in client.get(response["Location"]).content.decode()


def test_refresh_with_htmx_swaps_the_figures_in_place(march, client, staff):
    """Defect: "Refresh now" posted and redirected; from HTMX it returns the figures region
    of the page's period with the new "as of" time, not a whole page."""
    client.force_login(staff)
    page = reverse("dashboard") + "?period=custom&start=2026-03-01&end=2026-03-31"
    response = client.post(reverse("dashboard-refresh"), {"next": page}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    refreshed = timezone.localtime(RefreshInfo.objects.get().refreshed_at)
    assert response.status_code == 200
    assert f"Zahlen vom {refreshed:%d.%m.%Y %H:%M}" in body
    assert "630,00 €" in body and "54,7 %" in body  # March, the period of the page
    assert 'id="revenue-data"' in body and "Jetzt aktualisieren" in body
    assert f'value="{page.replace("&", "&amp;")}"' in body  # the next refresh keeps the period
    assert "<html" not in body and 'id="period-form"' not in body
    assert 'id="dashboard-figures"' not in body  # the region's content, swapped into it


def test_refresh_with_htmx_after_new_sales_shows_them(client, staff):
    client.force_login(staff)
    refresh_analytics()
    make_order(
        inventory_item=make_stock(status="sold"), sold_at=timezone.now(), gross_sale=Decimal("321")
    )
    response = client.post(
        reverse("dashboard-refresh"), {"next": reverse("dashboard")}, HTTP_HX_REQUEST="true"
    )
    assert "321,00 €" in response.content.decode()


def test_dashboard_fits_a_phone(march, viewer, client):
    """Defect: on a 390 px phone the KPI cards sat two abreast and cut their amounts, and
    the tables pushed the page wider than the screen. Cards stack below the sm breakpoint;
    every table scrolls inside its card."""
    client.force_login(viewer)
    response = client.get(
        reverse("dashboard"), {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"}
    )
    body = response.content.decode()
    tables = body.count("<table")
    assert tables >= 4 and body.count('<div class="table-responsive"><table') == tables
    assert body.count('class="col-12 col-sm-6 col-xl-2"') == 10  # every KPI card
    assert 'class="row row-cols-2 row-cols-sm-auto g-2 align-items-end" id="period-form"' in body


def test_chart_code_formats_euros_in_the_pages_language():
    from django.conf import settings

    js = (settings.BASE_DIR / "static/js/dashboard.js").read_text()
    assert "new Intl.NumberFormat(lang" in js and 'currency: "EUR"' in js
    assert "document.documentElement.lang" in js
    assert "data.series.revenue" in js and "toLocaleString" not in js
