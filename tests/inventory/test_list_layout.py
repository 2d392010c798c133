"""Every list page on a phone (templates/includes/_filter_form.html and _list_results.html):
the filters fold away behind a "Filter" button that counts the active filters (open from md
up), and the table scrolls inside its card instead of widening the page."""

import re
from datetime import date

import pytest
from django.urls import reverse

from pricing.models import MarketPrice
from tests.factories import (
    make_import_batch,
    make_order,
    make_stock,
    make_supplier,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "inventory:stock-list",
    "sales:order-list",
    "suppliers:supplier-list",
    "catalog:product-list",
    "pricing:market-price-list",
    "imports:batch-list",
]


def filter_button(body: str) -> str:
    [button] = re.findall(r'<button[^>]*data-bs-target="#filters".*?</button>', body, re.S)
    return button


@pytest.mark.parametrize("name", LISTS)
def test_every_list_folds_its_filters_on_a_phone_and_scrolls_its_table(owner, client, name):
    client.force_login(owner)
    item = make_stock(supplier=make_supplier())
    order = make_order(inventory_item=item)
    make_import_batch()
    MarketPrice.objects.create(
        product=item.product, size=item.size, marketplace=order.marketplace, price_date=date.today()
    )
    body = client.get(reverse(name)).content.decode()
    # The button shows only below md; the filters are a collapse that md and up show open.
    assert '<div class="d-md-none mb-2">' in body
    button = filter_button(body)
    assert 'data-bs-toggle="collapse"' in button and 'aria-controls="filters"' in button
    assert '<div class="collapse d-md-block" id="filters">' in body
    assert re.search(r'id="filters">\s*<form method="get"', body)
    # The table scrolls sideways inside its card.
    assert '<div class="card overflow-hidden"><div class="table-container table-responsive">' in (
        re.sub(r">\s+<", "><", body)
    )
    assert "style=" not in body.split("<main", 1)[1]  # CSP: no inline styles
    assert "<script>" not in body


def test_the_button_counts_the_active_filters_not_the_default(owner, client):
    client.force_login(owner)
    url = reverse("inventory:stock-list")
    assert "badge" not in filter_button(client.get(url).content.decode())  # the default view
    button = filter_button(client.get(url, {"q": "dunk", "location": "Regal"}).content.decode())
    assert re.search(
        r'<span class="badge text-bg-primary ms-1">2<span class="visually-hidden"> '
        r"aktive Filter</span></span>",
        button,
    )
    # Asking for the default status (the unsold pairs) is no filter; another status is one.
    assert "badge" not in filter_button(client.get(url, {"status": "unsold"}).content.decode())
    assert ">1<" in filter_button(client.get(url, {"status": "sold"}).content.decode())


def test_an_htmx_filter_change_updates_the_count_out_of_band(owner, client):
    client.force_login(owner)
    fragment = client.get(
        reverse("inventory:stock-list"), {"q": "dunk"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="results"')
    assert re.search(
        r'<span id="filter-count" hx-swap-oob="true"><span class="badge[^>]*>1<', fragment
    )


def test_a_filter_error_opens_the_filters_on_a_phone(owner, client):
    client.force_login(owner)
    body = client.get(reverse("inventory:stock-list"), {"bought_from": "31.02.2026"}).content
    assert '<div class="collapse d-md-block show" id="filters">' in body.decode()
    assert 'aria-expanded="true"' in filter_button(body.decode())


def test_the_filter_texts_in_english(owner, client):
    owner.language = "en"
    owner.save(update_fields=["language"])
    client.force_login(owner)
    body = client.get(reverse("inventory:stock-list"), {"q": "x"}).content.decode()
    button = filter_button(body)
    assert "Filters" in button
    assert '>1<span class="visually-hidden"> active filter</span>' in button
    assert "</i> Filter</button>" in body and ">Reset</a>" in body


def test_the_inventory_list_keeps_five_columns_on_a_phone(owner, client):
    """At 390 px the list shows the checkbox, product, size, status and net cost; the other
    columns (on the pair's page anyway) come back from md up, headers and cells alike."""
    client.force_login(owner)
    make_stock()
    body = client.get(reverse("inventory:stock-list")).content.decode()
    head = body.split("<thead", 1)[1].split("</thead>", 1)[0]
    row = body.split("<tbody", 1)[1].split("</tr>", 1)[0]
    for part in (head, row):
        cells = re.findall(r"<t[hd]\b([^>]*)>", part)
        shown = [c for c in cells if not ("d-none" in c and "d-md-table-cell" in c)]
        assert len(cells) == 11 and len(shown) == 5, cells  # + the recommended price
