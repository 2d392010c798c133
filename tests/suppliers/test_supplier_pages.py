from datetime import UTC, datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from soleflip.analytics.refresh import refresh_analytics
from suppliers.models import PurchaseHistory, Supplier, SupplierAccount
from tests.factories import make_order, make_stock, make_supplier

pytestmark = pytest.mark.django_db


def test_list_shows_performance(viewer, client):
    client.force_login(viewer)
    supplier = make_supplier(name="Solebox Perf")
    for roi, days in ((D("0.5000"), 10), (D("0.2500"), 30)):
        pair = make_stock(supplier=supplier, status="completed")
        make_order(inventory_item=pair, roi=roi, shelf_life_days=days)
    make_stock(supplier=supplier, status="in_stock")
    body = client.get(reverse("suppliers:supplier-list"), {"q": "perf"}).content.decode()
    assert "Solebox Perf" in body
    assert "357,00 €" in body  # 3 × 119.00 gross
    assert ">37,5 %<" in body  # average ROI 37.5 %
    assert ">20<" in body  # average days to sell


def test_detail_shows_accounts_without_secrets_and_pairs(viewer, client):
    client.force_login(viewer)
    supplier = make_supplier(name="Zalando Test")
    SupplierAccount.objects.create(
        supplier=supplier,
        email="buyer@example.com",
        password="hunter2-secret",
        payment_method_last4="4242",
    )
    pair = make_stock(supplier=supplier)
    body = client.get(reverse("suppliers:supplier-detail", args=[supplier.pk])).content.decode()
    assert (
        "buyer@example.com" in body and "Passwort hinterlegt" in body and "Karte •••• 4242" in body
    )
    assert "hunter2-secret" not in body
    assert reverse("inventory:stock-detail", args=[pair.pk]) in body


def test_staff_creates_and_edits_viewer_cannot(staff, viewer, client):
    client.force_login(staff)
    response = client.post(
        reverse("suppliers:supplier-create"),
        {
            "name": "43einhalb Test",
            "supplier_type": "retailer",
            "status": "active",
            "vat_rate": "19",
            "default_tax_scheme": "standard",
        },
    )
    supplier = Supplier.objects.get(name="43einhalb Test")
    assert response.status_code == 302 and supplier.slug == "43einhalb-test"
    client.post(
        reverse("suppliers:supplier-edit", args=[supplier.pk]),
        {
            "name": "43einhalb Test",
            "supplier_type": "retailer",
            "status": "inactive",
            "vat_rate": "5,5",
            "default_tax_scheme": "standard",
        },
    )
    supplier.refresh_from_db()
    assert supplier.status == "inactive" and supplier.vat_rate == D("5.50")
    client.force_login(viewer)
    assert client.get(reverse("suppliers:supplier-edit", args=[supplier.pk])).status_code == 403


def test_list_sorts_by_figures_with_empty_values(viewer, client):
    """Sorting by a figure orders the rows by it; a supplier without pairs (no figures)
    comes first ascending and last descending."""
    client.force_login(viewer)
    low = make_supplier(name="Alpha Low")
    sold = make_stock(supplier=low, status="completed")
    make_order(inventory_item=sold, roi=D("0.1000"), shelf_life_days=30)
    high = make_supplier(name="Bravo High")
    for _ in range(2):
        sold = make_stock(supplier=high, status="completed")
        make_order(inventory_item=sold, roi=D("0.5000"), shelf_life_days=5)
    make_stock(supplier=high, status="in_stock")
    make_supplier(name="Charlie Empty")
    refresh_analytics()  # the unfiltered list's figures are as of the last refresh
    names = ["Alpha Low", "Bravo High", "Charlie Empty"]
    expected = {
        "spend": ["Charlie Empty", "Alpha Low", "Bravo High"],  # -, 119, 357
        "-spend": ["Bravo High", "Alpha Low", "Charlie Empty"],
        "avg_roi": ["Charlie Empty", "Alpha Low", "Bravo High"],  # -, 10 %, 50 %
        "-pairs_sold": ["Bravo High", "Alpha Low", "Charlie Empty"],  # 2, 1, -
        "avg_days_to_sell": ["Charlie Empty", "Bravo High", "Alpha Low"],  # -, 5, 30
        "-name": ["Charlie Empty", "Bravo High", "Alpha Low"],
    }
    for column, order in expected.items():
        response = client.get(reverse("suppliers:supplier-list"), {"sort": column})
        body = response.content.decode()
        assert response.status_code == 200, column
        assert all(name in body for name in names), column
        assert sorted(names, key=body.index) == order, column


def test_the_form_has_plain_labels(staff, client):
    """Issue: plain labels ("VAT number", "Address line 1"), not Django's from the names."""
    client.force_login(staff)
    body = client.get(reverse("suppliers:supplier-create")).content.decode()
    for label in (
        "USt-IdNr.",
        "USt.-Satz (%)",
        "Adresszeile 1",
        "Adresszeile 2",
        "Rückgabefrist (Tage)",
        "Bevorzugter Lieferant",
    ):
        assert f">{label}</label>" in body, label
    for wrong in ("Vat number", "Address line1", "Address line2", "Return policy days"):
        assert wrong not in body


def test_a_supplier_with_empty_values_shows_no_stray_dashes(viewer, client):
    """Issue: an empty value shows "not set" (or nothing in a table), never a lone dash."""
    client.force_login(viewer)
    supplier = make_supplier(name="Bare Test")
    detail = client.get(reverse("suppliers:supplier-detail", args=[supplier.pk])).content.decode()
    for label in (
        "Ansprechpartner",
        "E-Mail",
        "Telefon",
        "Website",
        "Adresse",
        "USt-IdNr.",
        "Rückgabefrist",
        "Zahlungsbedingungen",
    ):
        assert f'<dt class="col-5">{label}</dt><dd class="col-7">nicht gesetzt</dd>' in detail, (
            label
        )
    assert "noch keine Verkäufe" in detail  # avg days to sell
    listing = client.get(reverse("suppliers:supplier-list"), {"q": "bare"}).content.decode()
    assert "Bare Test" in listing
    for page in (detail, listing):
        assert "—" not in page and "–" not in page


def test_a_supplier_with_values_shows_them(viewer, client):
    client.force_login(viewer)
    supplier = make_supplier(
        name="Full Test",
        contact_person="Jana Berg",
        address_line1="Torstraße 1",
        address_line2="Hinterhaus",
        postal_code="10119",
        city="Berlin",
        country="DE",
        vat_number="DE123456789",
        return_policy_days=14,
        payment_terms="14 Tage netto",
    )
    detail = client.get(reverse("suppliers:supplier-detail", args=[supplier.pk])).content.decode()
    assert "Jana Berg" in detail and "DE123456789" in detail
    assert (
        "Torstraße 1<br>" in detail and "Hinterhaus<br>" in detail and "10119 Berlin DE" in detail
    )
    assert ">14 Tage<" in detail and "14 Tage netto" in detail
    assert "19,0 %" in detail  # the VAT rate, German


def test_supplier_pages_in_english(viewer, client):
    """The list and the supplier page for a user who chose English: English texts,
    amounts, percentages and dates."""
    viewer.language = "en"
    viewer.save(update_fields=["language"])
    client.force_login(viewer)
    supplier = make_supplier(name="Solebox English", return_policy_days=1)
    for roi in (D("0.5000"), D("0.2500")):
        pair = make_stock(supplier=supplier, status="completed")
        make_order(inventory_item=pair, roi=roi, shelf_life_days=10)
    PurchaseHistory.objects.create(
        supplier=supplier,
        purchase_amount=D("1234.50"),
        purchase_date=datetime(2026, 3, 2, 12, 0, tzinfo=UTC),
        purchase_status=PurchaseHistory.Status.DELIVERED,
    )
    listing = client.get(reverse("suppliers:supplier-list"), {"q": "english"}).content.decode()
    assert "Spend (gross)" in listing and "€238.00" in listing and ">37.5%<" in listing
    detail = client.get(reverse("suppliers:supplier-detail", args=[supplier.pk])).content.decode()
    assert "Return period" in detail and ">1 day<" in detail and "19.0%" in detail
    assert "2 Mar 2026 €1,234.50 · delivered" in detail
    assert "Rückgabefrist" not in detail


def test_purchase_history_dates_are_german(viewer, client):
    client.force_login(viewer)
    supplier = make_supplier(name="Solebox Deutsch")
    PurchaseHistory.objects.create(
        supplier=supplier,
        purchase_amount=D("1234.50"),
        purchase_date=datetime(2026, 3, 2, 23, 30, tzinfo=UTC),  # 3 March in Berlin
        purchase_status=PurchaseHistory.Status.DELIVERED,
    )
    detail = client.get(reverse("suppliers:supplier-detail", args=[supplier.pk])).content.decode()
    assert "03.03.2026 1.234,50 € · zugestellt" in detail


def test_the_unfiltered_list_shows_the_figures_as_of_the_last_refresh(viewer, client):
    from suppliers.views import figures_as_of_refresh

    supplier = make_supplier(name="Refresh Shop")
    make_stock(supplier=supplier)
    refresh_analytics()
    assert figures_as_of_refresh()[supplier.pk]["pairs_bought"] == 1
    make_stock(supplier=supplier)  # bought since (a purchase asks for the next refresh)
    assert figures_as_of_refresh()[supplier.pk]["pairs_bought"] == 1
    client.force_login(viewer)
    rows = client.get(reverse("suppliers:supplier-list")).context["table"].data.data
    assert next(s for s in rows if s.pk == supplier.pk).pairs_bought == 1
    live = client.get(reverse("suppliers:supplier-list"), {"q": "refresh"})
    assert next(s for s in live.context["table"].data.data if s.pk == supplier.pk).pairs_bought == 2
