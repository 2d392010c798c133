"""The feed pages, the command, the URL download (a local HTTP server), the nightly task
and the StockX look-up of an unmatched offer (the local fake StockX)."""

import gzip
import http.server
import logging
import os
import threading
import time
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.models import Product
from pricing import feeds
from pricing.feed_models import SourcePrice
from pricing.feed_tasks import import_feed_url_task, look_up_offer_task
from soleflip.core.models import ImportBatch, SystemConfig
from tests.stockx.conftest import stockx_connected, stockx_fake  # noqa: F401 (fixtures)
from tests.stockx.fake_stockx import make_product as stockx_product
from tests.stockx.fake_stockx import make_variant

from .feed_helpers import SAMPLE, awin_row, import_feed, write_feed

pytestmark = pytest.mark.django_db
SECRET_URL_PART = "apikey/s3cr3t-key"


class FeedServer:
    """Serves one feed body (gzip) on a local port, or an HTTP error."""

    def __init__(self, body: bytes, status: int = 200):
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                owner.requests.append(self.path)
                self.send_response(owner.status)
                self.send_header("Content-Type", "application/gzip")
                self.send_header("Last-Modified", "Sun, 29 Nov 2026 05:00:00 GMT")
                self.end_headers()
                if owner.status == 200:
                    self.wfile.write(owner.body)

            def log_message(self, *args):
                pass

        self.body, self.status, self.requests = body, status, []
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/datafeed/{SECRET_URL_PART}/x.gz"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer(gzip.compress(SAMPLE.read_bytes()))
    yield server
    server.stop()


def test_the_command_imports_a_path_and_says_what_happened(tmp_path, capsys):
    feed = tmp_path / "awin.csv"
    feed.write_bytes(SAMPLE.read_bytes())
    os.utime(feed, (time.time(), time.mktime(date(2026, 11, 28).timetuple()) + 43200))
    call_command("import_feed", str(feed), "--source", "awin")
    out = capsys.readouterr().out
    assert "39 Zeilen: 39 neu, 0 geändert, 0 unverändert" in out
    assert "39 nicht zugeordnet" in out
    assert SourcePrice.objects.count() == 39
    assert SourcePrice.objects.first().feed_date == date(2026, 11, 28)  # the file's date
    bad = write_feed(tmp_path / "bad.csv", [awin_row(search_price="zwölf")])
    with pytest.raises(SystemExit) as exit_status:
        call_command("import_feed", str(bad))
    assert exit_status.value.code == 1
    assert "Zeile 2, search_price: „zwölf“ ist kein Betrag" in capsys.readouterr().err
    assert SourcePrice.objects.count() == 39


def test_the_command_downloads_the_stored_url(feed_server, capsys):
    feeds.save_url_settings(url=feed_server.url, preset="awin", retailer="", scheduled=False)
    call_command("import_feed", "--from-url")
    assert "39 Zeilen: 39 neu" in capsys.readouterr().out
    assert SourcePrice.objects.count() == 39


def test_a_hook_runs_after_the_import_is_committed(django_capture_on_commit_callbacks):
    seen = []
    hook = feeds.after_import(lambda *, batch, retailers: seen.append((batch.pk, retailers)))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            batch = import_feed(SAMPLE)
    finally:
        feeds._after_import.remove(hook)
    assert seen == [(batch.pk, ["Example Sneakers DE"])]


def test_the_stored_url_is_downloaded_and_imported_without_ever_showing_it(
    feed_server, caplog, capsys
):
    feeds.save_url_settings(url=feed_server.url, preset="awin", retailer="", scheduled=False)
    # The URL is stored encrypted.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT value_encrypted FROM core.system_config WHERE key = %s", [feeds.URL_KEY]
        )
        assert SECRET_URL_PART not in cursor.fetchone()[0]
    # Switched off: the nightly task does nothing.
    assert import_feed_url_task.apply().get().startswith("skipped")
    assert feed_server.requests == []
    feeds.save_url_settings(url=None, preset="awin", retailer="", scheduled=True)
    caplog.set_level(logging.DEBUG)
    import_feed_url_task.apply()
    batch = ImportBatch.objects.get(source_type=ImportBatch.Source.RETAILER_FEED)
    assert batch.status == ImportBatch.Status.COMPLETED, batch.error_message
    assert SourcePrice.objects.count() == 39
    assert SourcePrice.objects.first().feed_date == date(2026, 11, 29)  # Last-Modified
    assert SECRET_URL_PART not in batch.source_file + batch.error_message + str(batch.summary)
    assert SECRET_URL_PART not in caplog.text

    feed_server.status = 404
    import_feed_url_task.apply(kwargs={"force": True})
    failed = ImportBatch.objects.filter(source_type=ImportBatch.Source.RETAILER_FEED).first()
    assert failed.status == ImportBatch.Status.FAILED
    assert "HTTP 404" in failed.error_message
    assert SECRET_URL_PART not in failed.error_message + caplog.text
    assert SourcePrice.objects.count() == 39  # a failed download changes nothing


def test_a_refused_connection_names_no_url():
    feeds.save_url_settings(
        url=f"http://127.0.0.1:9/{SECRET_URL_PART}", preset="awin", retailer="", scheduled=True
    )
    batch = feeds.import_feed_from_url()
    assert batch.status == ImportBatch.Status.FAILED
    assert "ConnectionError" in batch.error_message
    assert SECRET_URL_PART not in batch.error_message


def test_the_offers_page_filters_and_counts(client, viewer):
    import_feed(SAMPLE)
    SourcePrice.objects.filter(external_id="41000000006").update(match="none")
    client.force_login(viewer)
    page = client.get(reverse("pricing:feed-list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Händler-Feeds" in body
    assert 'Angebote: <strong class="text-body">39</strong>' in body
    assert "95,99 €" in body
    assert "Auf StockX suchen" not in body  # a viewer may not look up
    out = client.get(reverse("pricing:feed-list"), {"stock": "no"}, headers={"HX-Request": "true"})
    assert 'Angebote: <strong class="text-body">2</strong>' in out.content.decode()
    adidas = client.get(reverse("pricing:feed-list"), {"brand": "adidas", "match": "unmatched"})
    assert 'Angebote: <strong class="text-body">7</strong>' in adidas.content.decode()


def test_the_offers_page_in_english(client, staff):
    staff.language = "en"
    staff.save()
    import_feed(SAMPLE)
    client.force_login(staff)
    body = client.get(reverse("pricing:feed-list")).content.decode()
    assert "Retailer feeds" in body and "€95.99" in body
    assert "Look up on StockX" in body


def test_the_upload_page_checks_and_imports(client, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with SAMPLE.open("rb") as handle, django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("pricing:feed-upload"), {"file": handle, "preset": "awin"})
    batch = ImportBatch.objects.get(source_type=ImportBatch.Source.RETAILER_FEED)
    assert response.status_code == 302 and batch.options["preset"] == "awin"


def test_feed_settings_are_for_the_owner_only(client, staff, owner):
    client.force_login(staff)
    assert client.get(reverse("pricing:feed-settings")).status_code == 403
    client.force_login(owner)
    response = client.post(
        reverse("pricing:feed-settings"),
        {"url": f"https://productdata.awin.com/{SECRET_URL_PART}", "preset": "awin",
         "scheduled": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert feeds.url_settings().scheduled
    page = client.get(reverse("pricing:feed-settings")).content.decode()
    assert SECRET_URL_PART not in page
    assert "hinterlegt" in page
    # Saving without a URL keeps the stored one; "remove" forgets it.
    client.post(reverse("pricing:feed-settings"), {"preset": "awin"})
    assert SECRET_URL_PART in feeds.url_settings().url and not feeds.url_settings().scheduled
    client.post(reverse("pricing:feed-settings"), {"preset": "awin", "forget_url": "on"})
    assert not SystemConfig.objects.filter(key=feeds.URL_KEY).exists()


def test_looking_an_unmatched_offer_up_on_stockx_matches_it(stockx_connected, client, staff):  # noqa: F811
    import_feed(SAMPLE)
    offer = SourcePrice.objects.get(external_id="41000000015")
    assert offer.match == "none" and offer.ean == "1977470229363"
    data = stockx_product(styleId="DD1391-100", title="Nike Dunk Low Retro White Black")
    stockx_connected.add_product(
        data,
        [make_variant(data, variantValue="8.5",
                      gtins=[{"identifier": "1977470229363", "type": "EAN-13"}])],
    )  # fmt: skip
    client.force_login(staff)
    # The task runs at once here (eager Celery in the tests), as a worker would.
    response = client.post(reverse("pricing:feed-look-up", args=[offer.pk]))
    assert response.status_code == 302
    product = Product.objects.get(style_code="DD1391-100")
    offer.refresh_from_db()
    assert (offer.match, offer.product) == ("ean", product)
    # The other offers of that style code are matched too (by style code and size).
    assert SourcePrice.objects.filter(style_code="DD1391-100").unmatched().count() == 0
    # 8 of the 9 Dunk rows: one has neither a known EAN nor a style code.
    assert SourcePrice.objects.filter(product=product).count() == 8
    again = look_up_offer_task.apply(args=[offer.pk]).get()
    assert again["updated"] == 1 and again["rematched"] == 0


def test_look_up_without_stockx_says_so(client, staff):
    import_feed(SAMPLE)
    offer = SourcePrice.objects.first()
    client.force_login(staff)
    response = client.post(reverse("pricing:feed-look-up", args=[offer.pk]), follow=True)
    assert "StockX ist nicht verbunden" in response.content.decode()


def test_the_importer_writes_offers_from_another_layout(tmp_path):
    feed = tmp_path / "google.csv"
    feed.write_text(
        "id,title,brand,price,link,gtin,mpn,size,availability\n"
        "g1,Samba,adidas,99.95 EUR,https://shop.example/g1,,B75807,42 2/3,in stock\n"
    )
    batch = import_feed(feed, preset="google", retailer="Shop Example")
    assert batch.status == ImportBatch.Status.COMPLETED, batch.error_message
    offer = SourcePrice.objects.get()
    assert (offer.supplier_name, offer.source, offer.style_code) == (
        "Shop Example",
        "google",
        "B75807",
    )
    assert offer.in_stock and str(offer.buy_price) == "99.95"
