"""Every page requires a login; list pages show real data, filter, and answer HTMX with a
fragment; the dashboard shows real counts."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import make_order, make_product, make_stock, make_supplier, make_user

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    ("inventory:stock-list", "inventory.view_stockitem"),
    ("sales:order-list", "sales.view_order"),
    ("suppliers:supplier-list", "suppliers.view_supplier"),
    ("catalog:product-list", "catalog.view_product"),
    ("pricing:market-price-list", "pricing.view_marketprice"),
    ("imports:batch-list", "core.view_importbatch"),
]


def all_paths(resolver=None, prefix=""):
    """Every URL of the project with integer arguments filled in as 1."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from all_paths(pattern, route)
        elif isinstance(pattern, URLPattern):
            path = re.sub(r"<int:\w+>", "1", route)
            path = re.sub(r"<(?:slug|str|path):\w+>", "x", path)
            if "<" in path or "(?P" in path or path.startswith("^"):
                continue
            yield "/" + path.lstrip("^").rstrip("$")


def test_anonymous_users_are_sent_to_login_from_every_page(client):
    # The login pages, the icon and the language choice (offered on the login page).
    public = ("/accounts/login/", "/admin/login/", "/favicon.ico", "/language/")
    paths = [p for p in all_paths() if p not in public]
    assert len(paths) > 15
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "login" in response["Location"], path


@pytest.mark.parametrize("role", ["owner", "staff", "viewer"])
@pytest.mark.parametrize("url_name, perm", LIST_PAGES)
def test_list_pages_for_every_role(client, request, role, url_name, perm):
    client.force_login(request.getfixturevalue(role))
    item = make_stock(
        product=make_product(name="Air Jordan 1 Chicago"), supplier=make_supplier(name="Solebox")
    )
    make_order(inventory_item=item, external_id="11112222-33334444")
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert b"<html" in response.content


def test_lists_show_their_data(owner, client):
    client.force_login(owner)
    item = make_stock(
        product=make_product(name="Air Jordan 1 Chicago", sku="DZ5485-612"),
        supplier=make_supplier(name="Solebox"),
    )
    make_order(inventory_item=item, external_id="11112222-33334444")
    assert b"Air Jordan 1 Chicago" in client.get(reverse("inventory:stock-list")).content
    assert b"11112222-33334444" in client.get(reverse("sales:order-list")).content
    assert b"Solebox" in client.get(reverse("suppliers:supplier-list")).content
    assert b"DZ5485-612" in client.get(reverse("catalog:product-list")).content


def test_filters_narrow_the_list(owner, client):
    client.force_login(owner)
    make_stock(product=make_product(name="Nike Dunk Low Panda"))
    make_stock(product=make_product(name="Zephyr Trail Runner Black"))
    response = client.get(reverse("inventory:stock-list"), {"q": "dunk"})
    assert b"Nike Dunk Low Panda" in response.content and b"Zephyr Trail" not in response.content
    assert 'Paare: <strong class="text-body">1</strong>' in response.content.decode()


def test_htmx_requests_get_the_results_fragment(owner, client):
    client.force_login(owner)
    make_stock(product=make_product(name="Nike Dunk Low Panda"))
    response = client.get(reverse("inventory:stock-list"), {"q": "dunk"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="results"' in body and "Nike Dunk Low Panda" in body


def test_user_without_a_role_is_refused(client):
    client.force_login(make_user(username="nobody"))
    for url_name, _ in LIST_PAGES:
        assert client.get(reverse(url_name)).status_code == 403, url_name


def test_login_page_and_login(client):
    make_user(username="anna", password="s3cure-pass-123").groups.add(
        Group.objects.get(name="Viewer")
    )
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "anna", "password": "s3cure-pass-123"})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_inventory_list_queries_are_bounded(owner, client, django_assert_max_num_queries):
    client.force_login(owner)
    for _ in range(30):
        make_stock(supplier=make_supplier())
    # 12 for the list, 4 for the page's price recommendations (rules and multipliers, the
    # fee schedule, the market data): a fixed number, not one per row.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("inventory:stock-list"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "name, active_filter",
    [
        ("inventory:stock-list", {"status": "in_stock"}),
        ("sales:order-list", {"status": "completed"}),
    ],
)
def test_lists_with_totals_count_their_rows_once(name, active_filter, owner, client):
    """With a filter the totals count the filtered rows; the pager takes that number
    instead of running its own COUNT query (costly on 100k pairs or 200k orders). Without
    a filter nothing counts them (tests/inventory/test_stock_list.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(owner)
    for _ in range(3):
        make_order(inventory_item=make_stock())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), {"per_page": 2, **active_filter})
    assert response.status_code == 200
    assert response.context["table"].paginator.count == 3
    assert len(response.context["table"].page.object_list) == 2
    assert not [q["sql"] for q in queries if 'AS "__count"' in q["sql"]]


def test_pages_have_no_inline_scripts_or_styles(owner, client):
    client.force_login(owner)
    make_stock()
    for url in [
        reverse("dashboard"),
        reverse("inventory:stock-list"),
        reverse("sales:stockx-upload"),
    ]:
        body = client.get(url).content.decode()
        assert "<script>" not in body and " style=" not in body, url
        assert 'script src="/static/vendor/htmx/htmx.min.js"' in body
