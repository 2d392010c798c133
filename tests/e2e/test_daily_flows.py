"""The daily flows in a real browser, in German (the browser itself asks for English)."""

import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from inventory.models import StockItem
from sales.models import Order
from tests.factories import make_order, make_product, make_stock, make_supplier

from .conftest import log_in

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "stockx_sales_report.csv"


def test_log_in_with_a_wrong_then_the_right_password(app, owner):
    app.goto(app.app_url + "/")
    expect(app).to_have_url(re.compile(r"/accounts/login/"))
    expect(app.locator("html")).to_have_attribute("lang", "de")
    app.fill("#id_username", "owner")
    app.fill("#id_password", "wrong")
    app.get_by_role("button", name="Anmelden").click()
    expect(app.get_by_text("Bitte Benutzername und Passwort eingeben")).to_be_visible()
    app.fill("#id_password", "pw-123456")
    app.get_by_role("button", name="Anmelden").click()
    expect(app.get_by_role("heading", level=1)).to_have_text("Übersicht")


def test_import_the_sample_stockx_report_preview_then_result(app, owner):
    log_in(app, owner, "/sales/stockx/upload/")
    app.set_input_files("input[type=file]", str(SAMPLE))
    app.locator("main form[enctype] button[type=submit]").click()
    # The preview: figures and the Import button; nothing is written yet.
    commit = app.locator("form[action$='/import/'] button[type=submit]")
    expect(commit).to_be_visible()
    assert Order.objects.count() == 0
    commit.click()
    expect(app.locator(".alert-success")).to_be_visible()
    assert Order.objects.count() > 0
    # The result names the orders it created, in German figures.
    expect(app.locator("div#status")).to_contain_text(str(Order.objects.count()))


def test_add_a_purchase_by_scanning_an_ean(app, owner):
    product = make_product(name="Nike Dunk Low Panda", sku="DD1391-100", ean="0194955875551")
    supplier = make_supplier(name="Solebox")
    log_in(app, owner, "/purchases/add/")
    # A scanner types the digits and presses Enter.
    app.locator("input[name=code]").first.fill(product.ean)
    app.locator("input[name=code]").first.press("Enter")
    expect(app.locator("#panel")).to_contain_text("Nike Dunk Low Panda")
    quantity = app.locator("#panel input[name^=qty_]").first
    size_pk = int(quantity.get_attribute("name").removeprefix("qty_"))
    quantity.fill("2")
    app.fill("input[name=supplier]", supplier.name)
    app.fill("input[name=gross]", "189,95")
    app.locator("form[method=post] button[type=submit].btn-success").click()
    expect(app.locator(".alert-success").first).to_be_visible()
    pairs = StockItem.objects.filter(product=product, size_id=size_pk)
    assert pairs.count() == 2
    assert {p.gross_purchase_price for p in pairs} == {Decimal("189.95")}


def test_a_missing_cost_first_refused_then_the_profit(app, owner):
    sold = timezone.now() - timedelta(days=3)
    pair = make_stock(
        status="sold", purchase_price=None, gross_purchase_price=None, vat_amount=None
    )
    order = make_order(inventory_item=pair, sold_at=sold)
    log_in(app, owner, "/sales/missing-cost/")
    row = app.locator(f"#order-{order.pk}")
    row.locator("input[name=gross]").fill("119,00")
    row.locator("input[name=purchase_date]").fill((date.today() + timedelta(days=1)).isoformat())
    row.locator("button[type=submit]").click()
    # The refusal shows in place (the 422 answer is swapped in), nothing is saved.
    expect(app.locator(f"#order-{order.pk} .text-danger")).to_be_visible()
    pair.refresh_from_db()
    assert pair.purchase_price is None
    row = app.locator(f"#order-{order.pk}")
    row.locator("input[name=purchase_date]").fill((sold.date() - timedelta(days=5)).isoformat())
    row.locator("button[type=submit]").click()
    expect(app.locator(f"#order-{order.pk} .text-success")).to_contain_text("76,00 €")
    order.refresh_from_db()
    assert order.net_profit == Decimal("76.00")


def test_a_bulk_action_keeps_the_filters_sort_and_page(app, owner):
    supplier = make_supplier(name="Afew")
    for _ in range(3):
        make_stock(supplier=supplier, status="in_stock")
    make_stock(status="in_stock")
    log_in(app, owner, f"/inventory/?supplier={supplier.pk}&sort=-purchase_date")
    url = app.url
    bulk = app.locator("form[action$='/inventory/bulk/']")
    bulk.locator("th input[type=checkbox]").check()
    bulk.locator("select[name=action]").select_option("status")
    bulk.locator("select[name=status]").select_option("listed")
    bulk.locator("button[type=submit]").first.click()
    expect(app.locator(".alert-success").first).to_be_visible()
    assert app.url == url
    assert StockItem.objects.filter(supplier=supplier, status="listed").count() == 3
    assert StockItem.objects.filter(status="in_stock").count() == 1


def test_change_the_dashboard_period(app, owner):
    log_in(app, owner, "/")
    app.select_option("select[name=period]", "last_month")
    app.locator("#period-form button[type=submit]").click()
    expect(app).to_have_url(re.compile(r"period=last_month"))
    first = date.today().replace(day=1) - timedelta(days=1)
    expect(app.locator("main")).to_contain_text(first.replace(day=1).strftime("%d.%m.%Y"))


def test_download_the_accountant_csv_and_the_workbook(app, owner, tmp_path):
    pair = make_stock(status="sold", purchase_date=date.today().replace(day=1))
    make_order(inventory_item=pair, sold_at=timezone.now())
    log_in(app, owner, "/sales/export/?period=this_month")
    with app.expect_download() as csv_download:
        app.locator("button[formaction*='sales.csv']").click()
    text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    header, first_line = text.splitlines()[:2]
    assert ";" in header and "200,00" in first_line
    app.locator("form[action$='/export/workbook/'] button[type=submit]").first.click()
    with app.expect_download() as xlsx_download:
        app.locator("a[href$='/file/']").click()
    saved = tmp_path / xlsx_download.value.suggested_filename
    assert saved.suffix == ".xlsx"
    xlsx_download.value.save_as(saved)
    workbook = load_workbook(saved, read_only=True)
    assert len(workbook.sheetnames) == 3


def test_sell_a_pair_from_its_page_where_it_pays_most(app, owner):
    pair = make_stock(status="in_stock")
    log_in(app, owner, f"/inventory/{pair.pk}/?price=150,00")
    expect(app.locator("#where-to-sell")).to_be_visible()
    best = app.locator("tr.table-success")
    expect(best).to_contain_text("€")
    app.locator("a", has_text="Hier verkaufen").first.click()
    expect(app.get_by_role("heading", level=1)).to_have_text("Verkaufen")
    price = app.locator("input[name='line-0-price']")
    price.fill("150,00")
    price.dispatch_event("change")
    expect(app.locator("#quote")).to_contain_text("150,00 €")
    app.locator("button[name=save]").click()
    expect(app.locator(".alert-success").first).to_be_visible()
    order = Order.objects.get(inventory_item=pair)
    assert order.gross_sale == Decimal("150.00")
    pair.refresh_from_db()
    assert pair.status in ("sold", "completed")


def test_reprice_asks_in_bulk_and_accept_a_recommendation(app, owner):
    from pricing.models import PriceHistory
    from pricing.repricing import check_asks
    from sales.models import Listing
    from tests.factories import make_marketplace

    flea = make_marketplace(name="Flohmarkt Nord")
    asks = []
    for n in range(2):
        pair = make_stock(product=make_product(name=f"Reprice Sneaker {n}"), status="listed")
        asks.append(Listing.objects.create(
            inventory_item=pair, marketplace=flea, external_id=f"FLOH-{n}", status="active",
            amount=Decimal("150.00"), currency="EUR",
            price_set_at=timezone.now() - timedelta(days=30),
        ))  # fmt: skip
    check_asks()
    log_in(app, owner, "/pricing/repricing/")
    expect(app.locator("#results tbody tr")).to_have_count(2)
    expect(app.locator("#results")).to_contain_text("Preis lange unverändert")
    app.locator("#results thead input[type=checkbox]").check()  # select all
    app.get_by_role("button", name="Empfohlene Preise übernehmen").click()
    # The run's page: every ask changed here (cost plus 20 %), and the history knows who.
    expect(app.locator("div#status .alert-success")).to_contain_text("Fertig")
    expect(app.locator("div#status")).to_contain_text("120,00 €")
    assert {a.amount for a in Listing.objects.filter(pk__in=[a.pk for a in asks])} == {
        Decimal("120.00")
    }
    assert PriceHistory.objects.filter(changed_by=owner, reason="Empfehlung").count() == 2
    # Accept on a pair's page without StockX: the asking price is set.
    pair = make_stock(product=make_product(name="Accept Sneaker"), status="in_stock")
    app.goto(f"{app.app_url}/inventory/{pair.pk}/")
    app.get_by_role("button", name="120,00 € übernehmen").click()
    expect(app.locator(".alert")).to_contain_text("StockX ist nicht verbunden")
    pair.refresh_from_db()
    assert pair.asking_price == Decimal("120.00")


def test_the_inventory_list_fills_in_the_recommended_prices(app, owner):
    pair = make_stock(product=make_product(name="Recommended Sneaker"), status="in_stock")
    log_in(app, owner, "/inventory/")
    cell = app.locator(f"#rec-{pair.pk}")
    expect(cell).to_have_text("120,00 €")  # cost plus 20 %, loaded after the list
    assert cell.get_attribute("title").startswith("Boden 113,64 €")
    assert app.url.endswith("/inventory/")  # the loading request is not the page's address
