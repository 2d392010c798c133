"""The "Add purchase" page and the purchase service."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Category, Product, ProductVariant, Size
from inventory.models import StockEvent, StockItem
from inventory.purchases import find_product, record_purchase
from sales.models import Marketplace
from suppliers.models import Supplier
from tests.factories import make_order, make_product, make_stock

pytestmark = pytest.mark.django_db


def men(value: str) -> Size:
    return Size.objects.get(kind="men", region="US", value=value)


def sneaker(**kw) -> Product:
    return make_product(category=Category.objects.get(slug="sneakers"), **kw)


def base_post(**extra) -> dict:
    today = timezone.localdate()
    return {
        "supplier": "Solebox",
        "purchase_date": str(today - timedelta(days=2)),
        "delivery_date": str(today),
        "order_number": "SB-1001",
        "invoice_number": "INV-77",
        "location": "Regal 1",
        "gross": "119.00",
        "vat": "standard",
        **extra,
    }


def test_lookup_by_style_code_shows_the_size_grid(staff, client):
    client.force_login(staff)
    product = sneaker(sku="DD1391-100", name="Nike Dunk Low Panda")
    page = client.get(
        reverse("purchases:add"), {"code": "dd1391-100"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in page and "Nike Dunk Low Panda" in page
    assert f'name="qty_{men("10").pk}"' in page and f'name="product" value="{product.pk}"' in page


def test_barcode_of_a_variant_preselects_its_size(staff, client):
    client.force_login(staff)
    product = sneaker()
    ProductVariant.objects.create(product=product, size=men("9.5"), gtins=["0196153424000"])
    assert find_product("0196153424000") == (product, men("9.5"))
    page = client.get(reverse("purchases:add"), {"code": "0196153424000"}).content.decode()
    assert f'id="qty_{men("9.5").pk}" value="1"' in page


def test_recording_a_purchase_creates_one_pair_per_pair(staff, client):
    client.force_login(staff)
    product = sneaker()
    post = base_post(
        product=product.pk,
        code=product.sku,
        **{f"qty_{men('10').pk}": "2", f"qty_{men('11').pk}": "1"},
    )
    response = client.post(reverse("purchases:add"), post, follow=True)
    # The confirmation carries the total the page showed while typing.
    assert f"3 Paare {product.name} erfasst: 3 × 119,00 € = 357,00 €." in (
        response.content.decode()
    )
    pairs = StockItem.objects.filter(product=product)
    assert pairs.count() == 3
    assert set(
        pairs.values_list("purchase_price", "vat_amount", "gross_purchase_price", "status")
    ) == {(D("100.00"), D("19.00"), D("119.00"), "in_stock")}
    pair = pairs.first()
    assert (pair.supplier.name, pair.purchase_order_number, pair.invoice_number, pair.location) == (
        "Solebox",
        "SB-1001",
        "INV-77",
        "Regal 1",
    )
    assert (
        StockEvent.objects.filter(stock__product=product, kind="created", user=staff).count() == 3
    )


def test_margin_scheme_and_unknown_product_created_inline(staff, client):
    client.force_login(staff)
    size_m = Size.objects.get(kind="apparel", value="M")
    post = base_post(
        code="FOG-ESS-1",
        vat="margin",
        gross="150.00",
        supplier="Private seller Anna",
        **{
            "new-sku": "FOG-ESS-1",
            "new-name": "Fear of God Essentials Hoodie Black",
            f"qty_{size_m.pk}": "1",
        },
    )
    client.post(reverse("purchases:add"), post)
    product = Product.objects.get(sku="FOG-ESS-1")
    assert product.brand.slug == "fear-of-god" and product.category.slug == "apparel-hoodies"
    pair = StockItem.objects.get(product=product)
    assert (pair.purchase_price, pair.vat_amount, pair.tax_scheme) == (
        D("150.00"),
        D("0.00"),
        "margin",
    )
    assert Supplier.objects.filter(name="Private seller Anna").exists()


def test_errors_are_shown_and_nothing_is_written(staff, client):
    client.force_login(staff)
    product = sneaker()
    response = client.post(reverse("purchases:add"), base_post(product=product.pk, gross="-5"))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Bitte angeben, wie viele Paare in welcher Größe." in body
    assert not StockItem.objects.filter(product=product).exists()


def test_purchase_after_its_sale_fills_the_waiting_pair():
    stockx = Marketplace.objects.get(slug="stockx")
    product, size = make_product(), men("10")
    waiting = make_stock(
        product=product,
        size=size,
        status="sold",
        purchase_price=None,
        gross_purchase_price=None,
        vat_amount=None,
        vat_rate=None,
        purchase_date=None,
    )
    make_order(
        marketplace=stockx,
        inventory_item=waiting,
        sold_at="2024-05-10T10:00:00Z",
        gross_sale=D("200.00"),
        net_proceeds=D("176.00"),
    )
    result = record_purchase(
        product=product,
        quantities={size.pk: 2},
        gross=D("119.00"),
        tax_scheme="standard",
        purchase_date=date(2024, 5, 1),
    )
    assert (len(result.filled), len(result.created)) == (1, 1)
    assert result.total == D("238.00")  # both pairs, the filled one too
    waiting.refresh_from_db()
    assert waiting.purchase_price == D("100.00") and waiting.status == "sold"
    assert StockItem.objects.filter(product=product).count() == 2  # no phantom third pair


def test_viewer_cannot_add(viewer, client):
    client.force_login(viewer)
    assert client.get(reverse("purchases:add")).status_code == 403


def test_brand_and_category_are_suggested_while_typing(staff, client):
    client.force_login(staff)
    body = client.get(
        reverse("purchases:suggest"),
        {"new-name": "Air Jordan 1 Retro High OG"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "<strong>Jordan</strong>" in body and "<strong>Sneakers</strong>" in body
    body = client.get(
        reverse("purchases:suggest"), {"new-name": "Zxqv Crewneck Black"}
    ).content.decode()
    assert "Zxqv (neue Marke, zu prüfen)" in body and "Hoodies" in body


def test_german_price_and_date_are_read_as_typed(staff, client):
    client.force_login(staff)
    product = sneaker()
    bought = timezone.localdate() - timedelta(days=2)
    post = base_post(
        product=product.pk,
        code=product.sku,
        gross="189,95",
        purchase_date=f"{bought:%d.%m.%Y}",
        **{f"qty_{men('10').pk}": "1"},
    )
    response = client.post(reverse("purchases:add"), post)
    assert response.status_code == 302
    pair = StockItem.objects.get(product=product)
    assert pair.gross_purchase_price == D("189.95")  # never 18995
    assert pair.purchase_date == bought


def test_ambiguous_price_is_refused_with_a_reason(staff, client):
    # The reason is soleflip.lib.formfields' sentence; checked for an English user.
    staff.language = "en"
    staff.save(update_fields=["language"])
    client.force_login(staff)
    product = sneaker()
    post = base_post(product=product.pk, code=product.sku, gross="1.234")
    post[f"qty_{men('10').pk}"] = "1"
    response = client.post(reverse("purchases:add"), post)
    assert response.status_code == 422
    assert "is ambiguous (thousands or decimals?)" in response.content.decode()
    assert not StockItem.objects.filter(product=product).exists()


def test_purchase_date_is_prefilled_with_today(staff, client):
    client.force_login(staff)
    page = client.get(reverse("purchases:add")).content.decode()
    assert f'type="date" name="purchase_date" value="{timezone.localdate().isoformat()}"' in page


def test_next_line_of_the_order_keeps_supplier_dates_and_numbers(staff, client):
    client.force_login(staff)
    product = sneaker()
    bought = timezone.localdate() - timedelta(days=2)
    post = base_post(
        product=product.pk,
        code=product.sku,
        purchase_date=f"{bought:%d.%m.%Y}",
        **{f"qty_{men('10').pk}": "1"},
    )
    response = client.post(reverse("purchases:add"), post, follow=True)
    page = response.content.decode()
    assert f"1 Paar {product.name} erfasst: 1 × 119,00 € = 119,00 €." in page
    form = response.context["form"]
    assert not form.is_bound
    for fragment in (
        'name="supplier" value="Solebox"',
        f'name="purchase_date" value="{bought.isoformat()}"',
        f'name="delivery_date" value="{timezone.localdate().isoformat()}"',
        'name="order_number" value="SB-1001"',
        'name="invoice_number" value="INV-77"',
    ):
        assert fragment in page
    assert 'name="location" value="Regal 1"' not in page  # per pair, not per order
    fresh = client.get(reverse("purchases:add"), {"new_order": "1"}).content.decode()
    assert 'value="SB-1001"' not in fresh and 'value="Solebox"' not in fresh
    assert f'name="purchase_date" value="{timezone.localdate().isoformat()}"' in fresh


def size(kind: str, value: str) -> Size:
    return Size.objects.get(kind=kind, region="US", value=value)


def grid_page(client, product: Product) -> str:
    return client.get(reverse("purchases:add"), {"code": product.sku}).content.decode()


def fitting_and_more(page: str, fits: Size, other: Size) -> tuple[int, int, int]:
    return (
        page.index(f'id="qty_{fits.pk}"'),
        page.index('<div class="collapse" id="more-sizes">'),
        page.index(f'id="qty_{other.pk}"'),
    )


@pytest.mark.parametrize(
    "name, fits, label, other",
    [
        ("Nike Dunk Low Panda", ("men", "9"), "US 9 · EU 42.5", ("women", "8W")),
        ("Nike Dunk Low Next Nature (W)", ("women", "8W"), "US 8W · EU 39", ("men", "9")),
        ("Jordan 1 Low Wolf Grey (GS)", ("gs", "5.5Y"), "US 5.5Y · EU 38", ("men", "5.5")),
        ("Nike Dunk Low Panda (TD)", ("td", "7C"), "US 7C · EU 23.5", ("gs", "5.5Y")),
    ],
)
def test_size_grid_shows_the_fitting_sizes_first_with_eu_beside_us(
    staff, client, name, fits, label, other
):
    client.force_login(staff)
    page = grid_page(client, sneaker(name=name))
    fits, other = size(*fits), size(*other)
    # Fitting sizes first, every other size behind the closed "Mehr Größen" toggle.
    position, more, hidden = fitting_and_more(page, fits, other)
    assert position < more < hidden
    assert (
        f'aria-label="Paare in {label}"' in page
    )  # the button's US and EU, as the chart writes them
    assert 'data-bs-toggle="collapse" data-bs-target="#more-sizes"' in page
    assert 'aria-expanded="false" aria-controls="more-sizes"' in page and "Mehr Größen" in page


def test_size_family_follows_the_products_pairs_and_variants_without_a_marker(staff, client):
    client.force_login(staff)
    kids = sneaker(name="Nike Air Force 1 Low White")
    ProductVariant.objects.create(product=kids, size=size("gs", "6Y"))
    make_stock(product=kids, size=size("gs", "5Y"))
    page = grid_page(client, kids)
    assert "Kinder: Grade School (GS)" in page
    position, more, hidden = fitting_and_more(page, size("gs", "4Y"), men("10"))
    assert position < more < hidden


def test_apparel_and_other_products_get_their_sizes(staff, client):
    client.force_login(staff)
    hoodie = make_product(category=Category.objects.get(slug="apparel-hoodies"), name="Hoodie")
    page = grid_page(client, hoodie)
    apparel_m = Size.objects.get(kind="apparel", value="M")
    assert fitting_and_more(page, apparel_m, men("10"))[0] < page.index('id="more-sizes"')
    assert 'aria-label="Paare in M"' in page  # no EU for letter sizes
    lego = make_product(category=Category.objects.get(slug="building-sets"), name="LEGO Titanic")
    page = grid_page(client, lego)
    one_size = Size.objects.get(kind="one_size")
    assert page.index(f'id="qty_{one_size.pk}"') < page.index('id="more-sizes"')
    assert 'aria-label="Paare in Einheitsgröße"' in page


def test_scanned_size_of_another_family_is_among_the_fitting_sizes(staff, client):
    client.force_login(staff)
    product = sneaker(name="Nike Dunk Low Panda")
    women_8 = size("women", "8W")
    ProductVariant.objects.create(product=product, size=women_8, gtins=["0196153424017"])
    page = client.get(reverse("purchases:add"), {"code": "0196153424017"}).content.decode()
    assert page.index(f'id="qty_{women_8.pk}" value="1"') < page.index('id="more-sizes"')
    assert "1 Paar" in page  # the total before anything is typed


def test_pairs_sent_back_in_a_hidden_size_open_more_sizes(staff, client):
    client.force_login(staff)
    product = sneaker(name="Nike Dunk Low Panda")
    post = base_post(product=product.pk, code=product.sku, supplier="")
    post[f"qty_{size('women', '8W').pk}"] = "2"
    page = client.post(reverse("purchases:add"), post).content.decode()
    assert '<div class="collapse show" id="more-sizes">' in page
    assert f'id="qty_{size("women", "8W").pk}" value="2"' in page


def test_running_total_from_the_server_and_the_script_that_keeps_it(staff, client):
    client.force_login(staff)
    product = sneaker()
    post = base_post(product=product.pk, code=product.sku, gross="1.189,95", supplier="")
    post[f"qty_{men('10').pk}"], post[f"qty_{men('11').pk}"] = "2", "1"
    response = client.post(reverse("purchases:add"), post)
    assert response.status_code == 422  # no supplier: nothing saved, the total stays
    page = response.content.decode()
    assert "3 Paare × 1.189,95 € = 3.569,85 €" in page
    # The live total: a script file (CSP: no inline script), its texts from the server.
    assert '<script src="/static/js/purchase.js" defer></script>' in page
    assert 'data-one="{pairs} Paar" data-other="{pairs} Paare"' in page
    assert "<script>" not in page and "style=" not in page
    assert not StockItem.objects.filter(product=product).exists()


def test_phone_first_scan_field_autofocused_numeric_keyboards_save_at_the_bottom(staff, client):
    client.force_login(staff)
    product = sneaker(name="Nike Dunk Low Panda")
    page = grid_page(client, product)
    main = page[page.index("<main") :]
    first_input = main[main.index("<input") :].split(">", 1)[0]
    assert 'name="code"' in first_input and "autofocus" in first_input
    assert 'name="gross"' in page and 'inputmode="decimal"' in page
    assert (
        f'inputmode="numeric" pattern="[0-9]*" maxlength="3" autocomplete="off" name="qty_{men("9").pk}"'
        in page
    )
    # The total and the full-width "save" button stay at the bottom of the screen.
    footer = page[page.index('<div class="sticky-bottom') :]
    assert 'id="purchase-total"' in footer and "Einkauf speichern" in footer
    assert 'class="col-12 col-md-auto d-grid"' in footer
    new = client.get(reverse("purchases:add"), {"code": "4006381333931"}).content.decode()
    assert 'name="new-ean" value="4006381333931"' in new and 'inputmode="numeric"' in new


def test_add_purchase_in_english(staff, client):
    staff.language = "en"
    staff.save(update_fields=["language"])
    client.force_login(staff)
    product = sneaker(name="Nike Dunk Low Panda")
    page = grid_page(client, product)
    assert "<h1" in page and "Add purchase</h1>" in page and "More sizes" in page
    assert 'aria-label="Pairs in US 9 · EU 42.5"' in page and "Men&#x27;s sizes" in page
    assert "19 % VAT, reclaimable" in page
    post = base_post(product=product.pk, code=product.sku, gross="1,189.95")
    post[f"qty_{men('10').pk}"] = "2"
    response = client.post(reverse("purchases:add"), post, follow=True)
    assert f"2 pairs of {product.name} recorded: 2 × €1,189.95 = €2,379.90." in (
        response.content.decode()
    )


def test_lookup_without_a_code_says_so_at_the_field(staff, client):
    client.force_login(staff)
    response = client.get(reverse("purchases:add"), {"code": ""})
    assert response.status_code == 422
    assert (
        '<div class="invalid-feedback d-block" id="id_code_error">'
        "Dieses Feld ist zwingend erforderlich.</div>"
    ) in response.content.decode()


def test_confirmation_says_how_many_pairs_filled_a_sold_pairs_cost(staff, client):
    client.force_login(staff)
    product = sneaker()
    waiting = make_stock(
        product=product,
        size=men("10"),
        status="sold",
        purchase_price=None,
        gross_purchase_price=None,
        vat_amount=None,
        vat_rate=None,
        purchase_date=None,
    )
    make_order(
        marketplace=Marketplace.objects.get(slug="stockx"),
        inventory_item=waiting,
        sold_at=timezone.now(),
        gross_sale=D("200.00"),
        net_proceeds=D("176.00"),
    )
    post = base_post(product=product.pk, code=product.sku, **{f"qty_{men('10').pk}": "2"})
    page = client.post(reverse("purchases:add"), post, follow=True).content.decode()
    assert (
        f"2 Paare {product.name} erfasst: 2 × 119,00 € = 238,00 €. 1 davon ergänzte die "
        "fehlenden Kosten eines bereits verkauften Paars."
    ) in page
