"""Marketplace sales exports through the import frame: Alias in USD cents converted with
the rate of the payout date, fees quoted where the file has none, FIFO to stock,
idempotent, all or nothing, mappings saved, errors by line, column and value."""

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.urls import reverse

from catalog.sizes import SizeResolver, parse_size
from inventory.models import StockItem
from sales.models import ExchangeRate, Order, SalesMapping
from soleflip.core import imports
from soleflip.core.models import ImportBatch
from soleflip.lib.rows import ImportFileError
from tests.factories import make_product, make_stock

pytestmark = pytest.mark.django_db

ALIAS_HEADER = (
    "ORDER_NUMBER,NAME,PRODUCT_PRICE_CENTS_SALE_PRICE,CREDIT_DATE,PURCHASED_DATE,USERNAME,SKU,SIZE"
)


def alias_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "alias.csv"
    path.write_text("\n".join([ALIAS_HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def run(path: Path, *, marketplace="alias", commit=True, **options):
    skip = options.pop("skip_invalid", False)
    batch = ImportBatch.from_path(
        path,
        source_type=ImportBatch.Source.MARKETPLACE_SALES,
        options={"marketplace": marketplace, **options},
        skip_invalid=skip,
    )
    try:
        imports.run_batch(batch, commit=commit)
    except ImportFileError:
        pass  # the batch says what failed
    batch.refresh_from_db()
    return batch


@pytest.fixture
def usd_rates():
    ExchangeRate.objects.create(currency="USD", rate_date=date(2024, 3, 20), eur_per_unit=D("0.92"))
    ExchangeRate.objects.create(currency="USD", rate_date=date(2024, 3, 15), eur_per_unit=D("0.90"))


def test_an_alias_export_in_usd_cents(tmp_path, usd_rates):
    product = make_product(sku="DH6927-111", name="Jordan 4 Retro Military Black")
    resolver = SizeResolver()
    size_id = resolver.id_for(parse_size("9.5", product.name))
    resolver.create_missing()
    size_id = size_id or resolver.id_for(parse_size("9.5", product.name))
    pair = make_stock(
        product=product, size_id=size_id, status="in_stock", purchase_date=date(2024, 3, 1)
    )
    path = alias_file(
        tmp_path,
        "A-1,Jordan 4 Retro Military Black,24500,20/03/24,15/03/24,me,DH6927-111,9.5",
        "A-2,Nike Dunk Low Panda,12000,20/03/24,16/03/24,me,DD1391-100,10",
    )
    batch = run(path)
    assert batch.status == ImportBatch.Status.COMPLETED, batch.error_message
    first = Order.objects.get(external_id="A-1")
    # 245.00 USD at the payout date's 0.92 = 225.40 EUR; Alias: 9.5 % + 5.00, 2.9 % cash-out.
    assert first.marketplace.slug == "alias" and first.gross_sale == D("225.40")
    assert first.platform_fee == D("32.18")  # 26.41 (21.41 + 5.00) + 2.9 % of 198.99 (5.77)
    assert first.net_proceeds == first.gross_sale - first.platform_fee
    data = first.platform_specific_data
    assert (
        data["currency"] == "USD"
        and data["rate"] == "0.92"
        and data["original"]["sale_price"] == "245.00"
    )
    assert data["fees"]["platform_fee"] == "quoted"
    # The second sale found no pair: a sold pair with its cost missing.
    assert Order.objects.get(external_id="A-2").inventory_item.purchase_price is None
    pair.refresh_from_db()
    assert pair.status == "completed" and first.inventory_item_id == pair.pk  # follows its order
    # Again: nothing changes.
    again = run(path)
    assert again.status == ImportBatch.Status.COMPLETED
    assert again.unchanged_records == 2 and Order.objects.count() == 2


def test_without_a_rate_the_row_is_refused_not_counted_as_euro(tmp_path):
    batch = run(alias_file(tmp_path, "A-1,Dunk Low,12000,20/03/24,15/03/24,me,DD1391-100,10"))
    assert batch.status == ImportBatch.Status.FAILED
    error = batch.records.get().validation_errors[0]
    assert (
        error["line"] == 2
        and error["column"] == "PRODUCT_PRICE_CENTS_SALE_PRICE"
        and error["value"] == "USD"
    )
    assert "20.03.2024" in error["reason"]
    assert not Order.objects.exists()


def test_all_or_nothing_and_skipping_invalid_rows(tmp_path, usd_rates):
    path = alias_file(
        tmp_path,
        "A-1,Dunk Low,12000,20/03/24,15/03/24,me,DD1391-100,10",
        "A-2,Dunk Low,12x00,20/03/24,31/02/24,me,DD1391-100,10",
        "A-1,Dunk Low,13000,20/03/24,15/03/24,me,DD1391-100,10",
    )
    batch = run(path)
    assert batch.status == ImportBatch.Status.FAILED and not Order.objects.exists()
    errors = {(e["line"], e["column"]) for r in batch.records.all() for e in r.validation_errors}
    assert errors == {
        (3, "PRODUCT_PRICE_CENTS_SALE_PRICE"),
        (3, "PURCHASED_DATE"),
        (4, "ORDER_NUMBER"),
    }
    batch = run(path, skip_invalid=True)
    assert batch.status == ImportBatch.Status.COMPLETED and Order.objects.count() == 1


def test_an_ebay_report_in_euro_with_its_fees_and_a_saved_mapping(tmp_path):
    path = tmp_path / "ebay.csv"
    path.write_text(
        "Bestellnr.;Datum;Artikel;Art.-Nr.;Preis;Gebühren;Versand\n"
        "11-111;05.03.2024;Adidas Samba OG;B75806;120,00 €;14,20 €;4,99 €\n",
        encoding="utf-8",
    )
    overrides = {"order_number": "Bestellnr.", "sold_at": "Datum", "item": "Artikel",
                 "style_code": "Art.-Nr.", "sale_price": "Preis", "platform_fee": "Gebühren",
                 "shipping_cost": "Versand"}  # fmt: skip
    batch = run(path, marketplace="ebay", overrides=overrides, save_as="Mein eBay-Export")
    assert batch.status == ImportBatch.Status.COMPLETED, batch.error_message
    order = Order.objects.get()
    assert (order.gross_sale, order.platform_fee, order.shipping_cost) == (
        D("120.00"),
        D("14.20"),
        D("4.99"),
    )
    assert order.payment_fee == D("0.00") and order.net_proceeds == D("100.81")
    assert order.platform_specific_data["fees"] == {
        "platform_fee": "reported",
        "payment_fee": "quoted",
        "shipping_cost": "reported",
    }
    saved = SalesMapping.objects.get(marketplace__slug="ebay", name="Mein eBay-Export")
    assert saved.mapping["columns"]["sale_price"] == "Preis"
    # Next time the saved mapping alone reads the same file.
    order.delete()
    batch = run(path, marketplace="ebay", saved_mapping=saved.pk)
    assert batch.status == ImportBatch.Status.COMPLETED and Order.objects.count() == 1


def test_a_mapping_that_does_not_fit_names_the_files_columns(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Foo,Bar\n1,2\n", encoding="utf-8")
    batch = run(path, marketplace="restocks")
    assert batch.status == ImportBatch.Status.FAILED
    assert "Foo, Bar" in batch.error_message and "Bestellnummer" in batch.error_message


def test_the_upload_page_shows_the_mapped_rows_before_anything_is_written(
    client, staff, tmp_path, usd_rates, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = alias_file(tmp_path, "A-9,Yeezy Slide Onyx,9000,20/03/24,15/03/24,me,HQ6448,9")
    client.force_login(staff)
    assert client.get(reverse("sales:marketplace-upload")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("sales:marketplace-upload"),
            {
                "marketplace": "alias",
                "mapping": "shipped",
                "file": SimpleUploadedFile("alias.csv", path.read_bytes()),
            },
        )
    page = client.get(answer["Location"]).content.decode()
    assert "A-9" in page and "82,80 €" in page and "USD" in page  # 90.00 USD × 0.92
    assert "Bestellnummer ← ORDER_NUMBER" in page
    assert not Order.objects.exists()
    assert StockItem.objects.count() == 0


def test_the_command_and_its_exit_codes(tmp_path, usd_rates, capsys):
    from django.core.management import call_command

    good = alias_file(tmp_path, "A-1,Dunk Low,12000,20/03/24,15/03/24,me,DD1391-100,10")
    call_command("import_marketplace_sales", str(good), marketplace="alias")
    assert "1 Zeilen: 1 angelegt" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(ALIAS_HEADER + "\nA-2,Dunk Low,abc,20/03/24,15/03/24,me,DD1391-100,10\n")
    with pytest.raises(SystemExit) as rejected:
        call_command("import_marketplace_sales", str(bad), marketplace="alias")
    assert rejected.value.code == 1 and "PRODUCT_PRICE_CENTS_SALE_PRICE" in capsys.readouterr().err
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SystemExit) as unusable:
        call_command("import_marketplace_sales", str(empty), marketplace="alias")
    assert unusable.value.code == 2
    assert Order.objects.count() == 1


def test_the_column_names_fold_away_on_the_upload_page(client, staff):
    client.force_login(staff)
    page = client.get(reverse("sales:marketplace-upload")).content.decode()
    folded = page.split("<details", 1)[1].split("</details>", 1)[0]
    assert "Spalten, die in dieser Datei anders heißen" in folded
    assert 'name="col_order_number"' in folded and 'name="marketplace"' not in folded
    # An error in a folded field opens it.
    answer = client.post(
        reverse("sales:marketplace-upload"), {"marketplace": "alias", "col_order_number": "x" * 201}
    )
    assert '<details class="mb-3" open>' in answer.content.decode()
