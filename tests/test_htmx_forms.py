"""Every HTMX form answers invalid input with its fragment and the errors in it, status 422
(htmx swaps 422 in place, see base.html), never a full page or an empty answer. A template
that gains an HTMX form must get a row in INVALID_INPUT."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from sales.models import Marketplace
from tests.factories import make_order, make_stock

pytestmark = pytest.mark.django_db

HTMX_FORM = re.compile(r"<form\b[^>]*\shx-(?:get|post|put|patch|delete)=", re.S)
HTMX_WRITE = re.compile(r"\shx-(?:post|put|patch|delete)=")


def htmx_form_templates() -> set[str]:
    root = Path(settings.BASE_DIR) / "templates"
    found = set()
    for path in root.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if HTMX_FORM.search(text) or HTMX_WRITE.search(text):
            found.add(str(path.relative_to(root)))
    return found


def sold_without_cost():
    item = make_stock(status="sold", purchase_price=None, gross_purchase_price=None,
                      vat_amount=None, vat_rate=None, purchase_date=None)  # fmt: skip
    return make_order(
        marketplace=Marketplace.objects.get(slug="stockx"),
        inventory_item=item,
        sold_at="2024-05-10T12:00:00Z",
    )


def enter_cost_after_the_sale(client):
    order = sold_without_cost()
    data = {"gross": "119.00", "tax_scheme": "standard", "vat_rate": "19"}
    url = reverse("sales:enter-cost", args=[order.pk])
    return client.post(url, {**data, "purchase_date": "2024-06-01"}, HTTP_HX_REQUEST="true")


def look_up_nothing(client):
    return client.get(reverse("purchases:add"), {"code": ""}, HTTP_HX_REQUEST="true")


def filter_by_an_impossible_date(client):
    url = reverse("sales:order-list")
    return client.get(url, {"sold_from": "31.02.2024"}, HTTP_HX_REQUEST="true")


def show_rows_of_an_unknown_status(client):
    from soleflip.core.models import ImportBatch

    batch = ImportBatch.objects.create(source_type=ImportBatch.Source.PURCHASES)
    url = reverse("imports:batch-detail", args=[batch.pk])
    return client.get(url, {"status": "bogus"}, HTTP_HX_REQUEST="true")


def refresh_with_an_off_site_next(client):
    url = reverse("dashboard-refresh")
    return client.post(url, {"next": "https://evil.example/"}, HTTP_HX_REQUEST="true")


def quote_a_sale_at_no_price(client):
    from tests.factories import make_stock

    pair = make_stock(status="in_stock")
    data = {
        "marketplace": Marketplace.objects.get(slug="stockx").pk,
        "sold_on": "2024-05-10",
        "line-TOTAL_FORMS": 1,
        "line-INITIAL_FORMS": 0,
        "line-0-pair": pair.pk,
        "line-0-price": "abc",
    }
    return client.post(reverse("sales:sell"), data, HTTP_HX_REQUEST="true")


def check_a_purchase_at_no_price(client):
    url = reverse("pricing:buy-check")
    return client.get(url, {"code": "DD1391-100", "price": "abc"}, HTTP_HX_REQUEST="true")


@dataclass(frozen=True)
class Invalid:
    send: Callable
    status: int
    # What the swapped fragment must contain: the errors and, for a form inside the
    # fragment, the form again so it can be corrected.
    shows: tuple[str, ...]


INVALID_INPUT = {
    "sales/missing_cost.html": Invalid(
        enter_cost_after_the_sale, 422, ("gekauft wurde es davor", "hx-post=", 'name="gross"')
    ),
    "inventory/purchase_add.html": Invalid(
        look_up_nothing,
        422,
        ('id="panel"', "Style-Code oder EAN: Dieses Feld ist zwingend erforderlich."),
    ),
    "includes/_filter_form.html": Invalid(
        filter_by_an_impossible_date, 422, ('id="results"', "Filter prüfen", "gültiges Datum")
    ),
    # "Refresh now" takes no input but where to go back: an unsafe one means the dashboard.
    "dashboard.html": Invalid(
        refresh_with_an_off_site_next, 200, ('class="card kpi', "Jetzt aktualisieren")
    ),
    # A select of fixed choices: an unknown one shows every row, there is nothing to correct.
    "core/batch_detail.html": Invalid(show_rows_of_an_unknown_status, 200, ('id="records"',)),
    "sales/sell.html": Invalid(quote_a_sale_at_no_price, 422, ('id="quote"', "Paar 1, Preis:")),
    "pricing/buy_check.html": Invalid(
        check_a_purchase_at_no_price, 422, ('id="answer"', 'name="price"', "is-invalid")
    ),
}


def test_every_htmx_form_template_has_an_invalid_input_case():
    assert htmx_form_templates() == set(INVALID_INPUT)


def test_the_template_scan_finds_htmx_forms():
    assert HTMX_FORM.search('<form method="get"\n  hx-get="/x/">')
    assert HTMX_WRITE.search('<button hx-post="/x/">')
    assert not HTMX_FORM.search('<form method="get" action="/x/">')


@pytest.mark.parametrize("template", sorted(INVALID_INPUT))
def test_htmx_form_answers_invalid_input_with_its_errors(client, owner, template):
    client.force_login(owner)
    case = INVALID_INPUT[template]
    response = case.send(client)
    body = response.content.decode()
    assert response.status_code == case.status, body[:500]
    assert "<html" not in body  # a fragment, never a full page into the target
    for text in case.shows:
        assert text in body, text


def test_without_htmx_the_missing_cost_form_shows_the_page_with_the_error(client, staff):
    client.force_login(staff)
    order = sold_without_cost()
    data = {"gross": "119.00", "tax_scheme": "standard", "vat_rate": "19"}
    url = reverse("sales:enter-cost", args=[order.pk])
    response = client.post(url, {**data, "purchase_date": "2024-06-01"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "<html" in body and "gekauft wurde es davor" in body
