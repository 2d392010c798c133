import csv
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from catalog.models import Product
from inventory.models import StockItem
from inventory.purchase_import import COLUMNS, PurchaseFileError, PurchasePlan, template_csv
from soleflip.core import imports
from soleflip.core.models import ImportBatch
from suppliers.models import Supplier
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def write(
    tmp_path: Path, rows: list[dict], name="purchases.csv", delimiter=",", header=COLUMNS
) -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=header, delimiter=delimiter, extrasaction="ignore"
        )
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(**kw) -> dict:
    base = {
        "sku": "DD1391-100",
        "name": "Nike Dunk Low Retro White Black Panda",
        "size": "10.5",
        "supplier": "Nike Store DE",
        "purchase_date": "2025-03-14",
        "delivery_date": "2025-03-18",
        "gross_price": "119,00",
        "vat_rate": "19",
        "tax_scheme": "standard",
        "quantity": "2",
        "order_number": "C01234567",
        "invoice_number": "RE-42",
        "location": "Regal 1",
    }
    return {**base, **kw}


def run(path: Path, commit=True, **flags):
    """Check and import through the import frame, as the command does."""
    batch = ImportBatch.from_path(path, source_type=ImportBatch.Source.PURCHASES, **flags)
    imports.run_batch(batch, commit=commit)
    batch.refresh_from_db()
    return PurchasePlan(**batch.summary), batch


def test_import_creates_pairs_products_suppliers_and_is_idempotent(tmp_path):
    path = write(
        tmp_path,
        [row(), row(sku="", ean="", name="x", size="M")][:1]
        + [
            row(
                sku="IE3437",
                name="adidas Samba OG White Black",
                size="42",
                supplier="Private seller",
                purchase_date="14.03.2025",
                gross_price="85.00",
                tax_scheme="margin",
                quantity="1",
                order_number="",
                vat_rate="",
            )
        ],
    )
    plan, batch = run(path)
    assert (plan.rows, plan.pairs, plan.created, plan.rejected) == (2, 3, 3, 0)
    assert batch.status == ImportBatch.Status.COMPLETED
    dunks = StockItem.objects.filter(product__sku="DD1391-100")
    assert dunks.count() == 2
    assert set(
        dunks.values_list("purchase_price", "vat_amount", "gross_purchase_price", "status")
    ) == {(D("100.00"), D("19.00"), D("119.00"), "in_stock")}
    samba = StockItem.objects.get(product__sku="IE3437")
    assert (samba.purchase_price, samba.tax_scheme, samba.size.value, str(samba.purchase_date)) == (
        D("85.00"),
        "margin",
        "42",
        "2025-03-14",
    )
    assert Product.objects.get(sku="IE3437").brand.slug == "adidas"
    assert Supplier.objects.filter(name="Private seller").exists()
    again, _ = run(path)
    assert (again.created, again.unchanged) == (0, 3)
    assert StockItem.objects.count() == 3


def test_invalid_rows_write_nothing_and_name_line_column_value(tmp_path):
    path = write(
        tmp_path,
        [row(), row(gross_price="abc"), row(purchase_date="31.02.2025"), row(size="", sku="")],
    )
    plan, batch = run(path)
    assert (
        plan.rejected == 3
        and StockItem.objects.count() == 0
        and batch.status == ImportBatch.Status.FAILED
    )
    errors = {
        (e["line"], e["column"], e["value"])
        for r in batch.records.all()
        for e in r.validation_errors
    }
    assert (3, "gross_price", "abc") in errors and (4, "purchase_date", "31.02.2025") in errors
    assert (5, "sku", "") in errors
    plan, _ = run(path, skip_invalid=True)
    assert plan.created == 2 and StockItem.objects.count() == 2


def test_semicolons_and_unknown_ean(tmp_path):
    product = make_product(sku="FZ5808-100", ean="0196153000000")
    path = write(
        tmp_path,
        [row(sku="", ean="0196153000000"), row(sku="", ean="4000000000000")],
        delimiter=";",
    )
    plan, batch = run(path, skip_invalid=True)
    assert plan.created == 2 and StockItem.objects.filter(product=product).count() == 2
    [rejected] = batch.records.filter(status="rejected")
    assert "ist nicht im Katalog" in rejected.validation_errors[0]["reason"]


def test_bad_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    # The reading of the file (soleflip.lib.rows) words these two; checked in English.
    with translation.override("en"), pytest.raises(PurchaseFileError, match="empty"):
        run(empty)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(template_csv().replace("Nike Store DE", "Händler").encode("latin-1"))
    with translation.override("en"), pytest.raises(PurchaseFileError, match="UTF-8"):
        run(latin)
    missing = write(tmp_path, [{"sku": "x"}], header=["sku", "name"])
    with pytest.raises(PurchaseFileError, match="Spalten fehlen in der Kopfzeile: size, supplier"):
        run(missing)
    with translation.override("en"), pytest.raises(PurchaseFileError, match="Columns missing"):
        run(missing)


def test_template_is_importable(tmp_path):
    path = tmp_path / "template.csv"
    path.write_text(template_csv())
    plan, _ = run(path)
    assert plan.rejected == 0 and plan.created == 3


def test_command_exit_codes(tmp_path, capsys):
    good = write(tmp_path, [row()])
    call_command("import_purchases", str(good))
    assert "Paare: 2 (angelegt: 2," in capsys.readouterr().out
    with translation.override("en"):
        call_command("import_purchases", str(good))
    assert "2 pairs: 0 created, 0 filled the cost of sold pairs, 2 unchanged" in (
        capsys.readouterr().out
    )
    with pytest.raises(SystemExit) as rejected:
        call_command(
            "import_purchases", str(write(tmp_path, [row(gross_price="x")], name="bad.csv"))
        )
    assert rejected.value.code == 1
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SystemExit) as unusable:
        call_command("import_purchases", str(empty))
    assert unusable.value.code == 2


def test_purchase_import_page_end_to_end(
    staff, client, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(staff)
    assert "sku,ean,name" in client.get(reverse("purchases:template")).content.decode()
    path = write(tmp_path, [row(), row(gross_price="oops")])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("purchases:import"),
            {"file": SimpleUploadedFile("p.csv", path.read_bytes(), "text/csv")},
        )
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.VALIDATED and batch.error_records == 1
    page = client.get(response["Location"]).content.decode()
    assert "gross_price" in page and "oops" in page and "Die 1 ungültige Zeile überspringen" in page
    # The preview lists what will be written: product, size, pairs, price, supplier, date,
    # under German headers, in German formats; the size is data and keeps its point.
    assert "Was der Import schreiben wird" in page
    assert "<th>Preis pro Paar</th>" in page and "<th>Gekauft am</th>" in page
    assert "DD1391-100 Nike Dunk Low Retro White Black Panda" in page
    row_de = "<td>10.5</td><td>2</td><td>119,00 €</td><td>Nike Store DE</td><td>14.03.2025</td>"
    assert row_de in page
    # The same page in English (the frame's own texts are checked here, in English).
    client.post(reverse("language"), {"language": "en"})
    page = client.get(response["Location"]).content.decode()
    assert "gross_price" in page and "oops" in page and "Skip the 1 invalid row" in page
    assert "What the import will write" in page and "<th>Price per pair</th>" in page
    assert (
        "<td>10.5</td><td>2</td><td>€119.00</td><td>Nike Store DE</td><td>14 Mar 2025</td>" in page
    )
    assert StockItem.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:batch-commit", args=[batch.pk]), {"skip_invalid": "on"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMPLETED and StockItem.objects.count() == 2
    assert (
        "Imported." in client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    )


@pytest.mark.parametrize(
    "column,value,reason",
    [
        ("purchase_date", "9999-12-31", "a purchase date cannot be that late"),
        ("purchase_date", "31.12.1999", "no purchase date is that old"),
        ("delivery_date", "9999-12-31", "a delivery date cannot be that late"),
        ("gross_price", "12345678901,00", "is too large for an amount"),
        ("vat_rate", "99999999999", "is too large for an amount"),
    ],
)
def test_values_no_purchase_holds_are_rejected_with_line_and_column(
    tmp_path, column, value, reason
):
    # The reasons' sentences are soleflip.lib.parsing's; checked in English.
    with translation.override("en"):
        plan, batch = run(write(tmp_path, [row(), row(**{column: value})]))
    assert plan.rejected == 1 and StockItem.objects.count() == 0
    [error] = batch.row_errors()
    assert (error.line, error.column, error.value) == (3, column, value)
    assert reason in error.reason


def test_row_errors_are_german_and_english_for_an_english_user(tmp_path):
    bad = [
        row(tax_scheme="mixed"),
        row(quantity="0"),
        row(purchase_date="2025-03-20", delivery_date="2025-03-18"),
    ]
    _plan, batch = run(write(tmp_path, bad))
    reasons = {(e.line, e.column): e.reason for e in batch.row_errors()}
    assert reasons == {
        (2, "tax_scheme"): "muss standard oder margin sein",
        (3, "quantity"): "muss eine ganze Zahl von Paaren sein (1 bis 500)",
        (4, "delivery_date"): "liegt vor dem Einkaufsdatum",
    }
    with translation.override("en"):
        _plan, batch = run(write(tmp_path, bad, name="again.csv"))
    assert {e.reason for e in batch.row_errors()} == {
        "must be standard or margin",
        "must be a whole number of pairs (1 to 500)",
        "is before the purchase date",
    }
