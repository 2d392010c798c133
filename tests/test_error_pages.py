"""The 403, 404 and 500 pages (in the site's layout, with a way back), the favicon, and the
htmx set-up every page carries: 422 swapped in place, every other error shown."""

import json
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def htmx_config(html: str) -> dict:
    match = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html)
    assert match, "no htmx-config meta"
    return json.loads(match[1])


def swaps(config: dict, status: int) -> tuple[bool, bool]:
    """What htmx 2 does with a status: the first rule whose code matches wins."""
    for rule in config["responseHandling"]:
        if re.match(rule["code"], str(status)):
            return rule["swap"], rule.get("error", False)
    raise AssertionError(f"no rule for {status}")


def assert_htmx_set_up(html: str) -> None:
    config = htmx_config(html)
    assert swaps(config, 200) == (True, False)
    assert swaps(config, 422) == (True, False)  # a form with its errors, in place
    for status in (400, 403, 404, 410, 500, 502):
        assert swaps(config, status) == (False, True), status  # htmx:responseError → alert
    assert 'id="request-errors"' in html and "js/app.js" in html


def test_the_htmx_config_and_error_box_are_on_every_page(client, owner):
    from tests.test_access_matrix import CASES, World

    client.force_login(owner)
    world = World(client)
    seen = 0
    for case in CASES:
        if case.method != "GET":
            continue
        response = client.get(case.url(world))
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            if b"<html" in response.content:
                assert_htmx_set_up(response.content.decode())
                seen += 1
    assert seen > 20


def test_app_js_shows_failed_requests():
    from django.conf import settings

    js = (settings.BASE_DIR / "static/js/app.js").read_text()
    for event in ("htmx:responseError", "htmx:sendError", "htmx:timeout"):
        assert f'"{event}"' in js
    assert "The action failed" in js and "reload the page" in js


def test_404_uses_the_site_layout_with_a_way_back(client, viewer):
    client.force_login(viewer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    names = [t.name for t in response.templates]
    assert "404.html" in names and "base.html" in names
    body = response.content.decode()
    assert "Seite nicht gefunden" in body
    assert f'href="{reverse("dashboard")}"' in body and "data-history-back" in body
    assert 'rel="icon"' in body
    assert_htmx_set_up(body)


def test_a_missing_object_answers_the_same_404_page(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("inventory:stock-detail", args=[999999]))
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "Seite nicht gefunden" in response.content.decode()


def test_403_uses_the_site_layout_with_a_way_back(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("purchases:add"))
    assert response.status_code == 403
    names = [t.name for t in response.templates]
    assert "403.html" in names and "base.html" in names
    body = response.content.decode()
    assert "Das dürfen Sie nicht" in body and f'href="{reverse("dashboard")}"' in body
    assert 'class="navbar' in body  # the site's navigation: the way on from here


def test_500_page_needs_neither_request_context_nor_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Etwas ist schiefgelaufen" in body and 'href="/"' in body and 'rel="icon"' in body
    assert '<html lang="de">' in body


def test_favicon_is_served_to_everyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(response.streaming_content)
    assert "max-age" in response["Cache-Control"]


def test_pages_link_the_favicon(client):
    body = client.get(reverse("login")).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*img/favicon\.svg"', body)


def test_error_pages_in_english_for_an_english_user(client, owner):
    owner.language = "en"
    owner.save(update_fields=["language"])
    client.force_login(owner)
    body = client.get("/no-such-page/").content.decode()
    assert "Page not found" in body and "Seite nicht gefunden" not in body
    with translation.override("en"):
        body = server_error(RequestFactory().get("/")).content.decode()
    assert "Something went wrong" in body and '<html lang="en">' in body
