"""A weak StockX match on the product page: shown for review, accepted by staff (then
written like a strong match), or left for a corrected style code; a lookup from the page."""

import pytest
from django.urls import reverse

from catalog.models import ProductVariant
from soleflip.core.models import ImportRecord
from soleflip.stockx.client import get_client
from tests.factories import make_product

from .test_enrich import add_dunk, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def weak(stockx_connected):
    product = make_product(sku="DD1391-101", style_code="DD1391-101", name="Our Dunk")
    add_dunk(stockx_connected, title="Nike Dunk Low DD1391-101 Lookalike", styleId="DD1391-100")
    run(get_client(), sku="DD1391-101")
    product.refresh_from_db()
    return product


def test_page_shows_the_candidate_and_accepting_writes_it(weak, staff, client):
    client.force_login(staff)
    page = client.get(reverse("catalog:product-detail", args=[weak.pk])).content.decode()
    assert "Zu prüfen:" in page and "(Style DD1391-100)" in page
    assert "Dieses StockX-Produkt übernehmen" in page
    response = client.post(reverse("stockx-catalog:accept", args=[weak.pk]))
    assert response.status_code == 302
    weak.refresh_from_db()
    assert weak.stockx_product_id and "stockx_review" not in weak.enrichment_data
    assert weak.style_code == "DD1391-101"  # our style code stays ours
    assert ProductVariant.objects.filter(product=weak).exists()
    page = client.get(reverse("catalog:product-detail", args=[weak.pk])).content.decode()
    assert "Zu prüfen:" not in page and "Verknüpft mit StockX-Produkt" in page


def test_look_up_from_the_page(stockx_connected, staff, client):
    product = make_product(sku="DD1391-100", style_code="DD1391-100", name="Dunk")
    add_dunk(stockx_connected)
    client.force_login(staff)
    client.post(reverse("stockx-catalog:look-up", args=[product.pk]))
    product.refresh_from_db()
    assert product.stockx_product_id


def test_viewer_sees_the_review_but_cannot_act(weak, viewer, client):
    client.force_login(viewer)
    page = client.get(reverse("catalog:product-detail", args=[weak.pk])).content.decode()
    assert "Zu prüfen:" in page and "Dieses StockX-Produkt übernehmen" not in page
    assert client.post(reverse("stockx-catalog:accept", args=[weak.pk])).status_code == 403
    weak.refresh_from_db()
    assert weak.stockx_product_id is None


def test_a_look_up_from_an_english_page_notes_the_review_in_english(
    stockx_connected, staff, client
):
    """The task runs outside the request: it is given the user's language for the batch."""
    product = make_product(sku="DD1391-101", style_code="DD1391-101", name="Our Dunk")
    add_dunk(stockx_connected, title="Nike Dunk Low DD1391-101 Lookalike", styleId="DD1391-100")
    staff.language = "en"
    staff.save(update_fields=["language"])
    client.force_login(staff)
    client.post(reverse("stockx-catalog:look-up", args=[product.pk]))
    [error] = ImportRecord.objects.get(batch__source_type="stockx_catalog").validation_errors
    assert error["reason"].startswith("weak match: StockX's best result for DD1391-101")
    page = client.get(reverse("catalog:product-detail", args=[product.pk])).content.decode()
    assert "Needs review:" in page and "Use this StockX product" in page
