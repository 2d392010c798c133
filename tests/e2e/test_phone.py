"""The daily pages at phone width (390 px): they fit the screen, tables scroll inside
their card, filters wait behind a button, Add purchase works with one hand."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_order, make_product, make_stock, make_supplier

from .conftest import PHONE, fits_the_screen, log_in


@pytest.fixture
def phone(app):
    app.set_viewport_size(PHONE)
    return app


def test_dashboard_fits_a_phone(phone, owner):
    make_order(inventory_item=make_stock(status="sold"))
    log_in(phone, owner, "/")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert fits_the_screen(phone)
    # The menu is behind the toggler.
    expect(phone.locator(".navbar-toggler")).to_be_visible()


def test_inventory_fits_a_phone_with_filters_behind_a_button(phone, owner):
    supplier = make_supplier(name="Overkill Berlin")
    for _ in range(3):
        make_stock(
            supplier=supplier, product=make_product(name="Adidas Samba OG Cloud White Core Black")
        )
    log_in(phone, owner, "/inventory/")
    assert fits_the_screen(phone)
    filters = phone.locator("#filters")
    expect(filters).to_be_hidden()
    phone.locator("[data-bs-target='#filters']").click()
    expect(filters).to_be_visible()
    assert fits_the_screen(phone)


def test_add_purchase_one_handed_on_a_phone(phone, owner):
    product = make_product(name="New Balance 550 White Green", ean="0196307524931")
    log_in(phone, owner, "/purchases/add/")
    code = phone.locator("input[name=code]").first
    expect(code).to_be_focused()
    code.fill(product.ean)
    code.press("Enter")
    expect(phone.locator("#panel")).to_contain_text(product.name)
    assert fits_the_screen(phone)
