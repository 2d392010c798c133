"""A feed import and the opportunities together: the import's follow-up checks the offers
it wrote, and an offer gone from the next feed takes its opportunity along."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.utils import timezone

from pricing.models import MarketPrice, OfferCheck, SourcePrice
from sales.models import Marketplace
from tests.factories import make_product, make_stock

from .feed_helpers import awin_row, import_feed, write_feed

pytestmark = pytest.mark.django_db
EAN = "4066749952451"


def test_an_imported_offer_is_checked_and_leaves_with_the_feed(
    tmp_path, django_capture_on_commit_callbacks
):
    product = make_product()
    make_stock(product=product, ean=EAN)  # a pair bought before: the EAN names its size
    feed = write_feed(tmp_path / "feed.csv", [awin_row(aw_product_id="77", ean=EAN)])
    import_feed(feed)
    offer = SourcePrice.objects.get(external_id="77")
    assert (offer.product, offer.match) == (product, "ean") and offer.size is not None
    MarketPrice.objects.create(
        product=product, size=offer.size, marketplace=Marketplace.objects.get(slug="stockx"),
        price_date=timezone.localdate(), currency="EUR", highest_bid=D("160.00"),
        sell_faster=D("175.00"), lowest_ask=D("180.00"),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        import_feed(feed)  # the follow-up after the commit checks the retailer's offers
    check = OfferCheck.objects.get(offer=offer)
    assert check is not None
    # The next feed no longer has the offer: offer and opportunity go, nothing left over.
    with django_capture_on_commit_callbacks(execute=True):
        import_feed(write_feed(tmp_path / "next.csv", [awin_row(aw_product_id="78")]))
    with connection.cursor() as cursor:  # the deferred foreign keys, checked as at commit
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert not SourcePrice.objects.filter(external_id="77").exists()
    assert not OfferCheck.objects.exists()
