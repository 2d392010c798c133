"""Settings → StockX (Owner only), the OAuth connect flow, stockx_connect and sync records."""

import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core.management import CommandError, call_command
from django.db import connection as db
from django.urls import reverse

from soleflip.core.models import SystemConfig
from soleflip.stockx import connection
from soleflip.stockx.client import get_client

pytestmark = pytest.mark.django_db

PAGE = "/settings/stockx/"


def stored(name: str) -> str:
    return SystemConfig.objects.get_value(connection.CREDENTIAL_KEYS[name], "")


def store_app_credentials(fake) -> None:
    connection.store_credentials(
        client_id=fake.client_id, client_secret=fake.client_secret, api_key=fake.api_key
    )


# --- permissions ------------------------------------------------------------------------


def test_url_prefix():
    assert reverse("stockx:settings") == PAGE


@pytest.mark.parametrize("persona", ["staff", "viewer"])
@pytest.mark.parametrize("url", [PAGE, PAGE + "callback/?code=x&state=y"])
def test_page_and_callback_owner_only(client, request, persona, url):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("persona", ["staff", "viewer"])
def test_connect_and_store_owner_only(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(PAGE + "connect/").status_code == 403
    assert client.post(PAGE, {"client_id": "x"}).status_code == 403
    assert not SystemConfig.objects.exists()


def test_anonymous_goes_to_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_settings_link_in_navbar_for_owner_only(client, owner, staff):
    client.force_login(owner)
    assert f'href="{PAGE}">Einstellungen' in client.get("/").content.decode()
    client.force_login(staff)
    assert f'href="{PAGE}"' not in client.get("/").content.decode()


def test_connect_needs_post(client, owner):
    client.force_login(owner)
    assert client.get(PAGE + "connect/").status_code == 405


# --- the page ---------------------------------------------------------------------------


def test_page_not_configured(client, owner, stockx_fake):
    client.force_login(owner)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="stockx-status">Nicht eingerichtet' in page
    assert page.count("Nicht gesetzt. Nur schreibbar.") == 3
    assert "Refresh-Token: <strong>nicht gesetzt</strong>" in page
    assert "Zuerst Client-ID, Client-Secret und API-Key speichern." in page
    assert "http://testserver/settings/stockx/callback/" in page


def test_page_in_english(client, owner, stockx_connected, settings):
    """The same page for a user who chose English: English texts, English numbers."""
    settings.STOCKX_DAILY_REQUEST_BUDGET = 20000
    connection.record_sync("orders", items=1234)
    owner.language = "en"
    owner.save(update_fields=["language"])
    client.force_login(owner)
    page = client.get(PAGE).content.decode()
    assert 'id="stockx-status">Connected' in page and "App credentials" in page
    assert '<div class="value">20,000</div>' in page and "1,234 items" in page
    assert "Refresh token: <strong>stored</strong>" in page
    assert "Verbunden" not in page


def test_page_allows_the_redirect_to_stockx_sign_in(client, owner, stockx_fake, settings):
    settings.STOCKX_AUTH_BASE_URL = "https://accounts.stockx.com"
    client.force_login(owner)
    assert directives(client.get(PAGE))["form-action"] == "'self' https://accounts.stockx.com"
    assert directives(client.get("/"))["form-action"] == "'self'"  # only this page widens it


def directives(response) -> dict[str, str]:
    """The CSP header as directive -> sources (the order of directives varies)."""
    parts = [p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";")]
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts if p[0]}


def test_store_credentials_write_only(client, owner, stockx_fake):
    client.force_login(owner)
    response = client.post(
        PAGE, {"client_id": "cid-123", "client_secret": "sec-456", "api_key": ""}
    )
    assert response.status_code == 302
    assert stored("client_id") == "cid-123" and stored("client_secret") == "sec-456"
    assert stored("api_key") == ""
    page = client.get(PAGE).content.decode()
    assert "Für StockX gespeichert: Client-ID, Client-Secret." in page
    assert page.count("Hinterlegt. Nur schreibbar.") == 2
    assert page.count("Nicht gesetzt. Nur schreibbar.") == 1
    assert "cid-123" not in page and "sec-456" not in page
    # A blank field keeps what is stored.
    client.post(PAGE, {"api_key": "key-789"})
    assert stored("client_id") == "cid-123" and stored("api_key") == "key-789"


def test_store_nothing_is_an_error(client, owner, stockx_fake):
    client.force_login(owner)
    response = client.post(PAGE, {"client_id": "", "client_secret": "  "})
    assert response.status_code == 200
    assert "Mindestens einen Wert zum Speichern eingeben." in response.content.decode()


def test_page_connected_with_budget_syncs_and_no_secrets(client, owner, stockx_connected, settings):
    fake = stockx_connected
    settings.STOCKX_DAILY_REQUEST_BUDGET = 500
    api = get_client()
    api.get("/selling/orders/history")
    api.get("/selling/listings")
    connection.record_sync("orders", items=7)
    connection.record_sync("listings", succeeded=False, error="StockX 503: Internal server error")
    client.force_login(owner)
    page = client.get(PAGE).content.decode()
    assert 'id="stockx-status">Verbunden' in page
    assert '<div class="value">2</div>' in page and '<div class="value">500</div>' in page
    assert "7 Einträge" in page
    assert "fehlgeschlagen: StockX 503: Internal server error" in page
    assert "Refresh-Token: <strong>hinterlegt</strong>" in page
    token = next(iter(fake.access_tokens))
    for secret in (fake.client_id, fake.client_secret, fake.api_key, fake.refresh_token, token):
        assert secret not in page


def test_page_needs_reauth_with_last_error(client, owner, stockx_connected):
    stockx_connected.revoke_refresh_tokens()
    with pytest.raises(Exception, match="invalid_grant"):
        get_client().get("/selling/orders/history")
    client.force_login(owner)
    page = client.get(PAGE).content.decode()
    assert 'id="stockx-status">Neu-Autorisierung nötig' in page
    assert "Die Syncs ruhen" in page
    assert "Token-Anfrage abgelehnt: invalid_grant: Unknown or invalid refresh token." in page


# --- OAuth connect flow -------------------------------------------------------------------


def test_connect_flow_end_to_end(client, owner, stockx_fake):
    fake = stockx_fake
    store_app_credentials(fake)
    client.force_login(owner)

    response = client.post(PAGE + "connect/")
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == fake.auth_url + "/authorize"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    state = client.session["stockx_oauth_state"]
    assert query == {
        "response_type": "code",
        "client_id": fake.client_id,
        "redirect_uri": "http://testserver/settings/stockx/callback/",
        "scope": "offline_access openid",
        "audience": "gateway.stockx.com",
        "state": state,
    }
    assert "scope=offline_access%20openid" in url.query
    assert len(state) >= 40

    # The browser at StockX: the fake grants at once and sends it back to our callback.
    granted = requests.get(response["Location"], allow_redirects=False, timeout=5)
    assert granted.status_code == 302
    back = urlsplit(granted.headers["Location"])
    assert back.path == "/settings/stockx/callback/"
    response = client.get(back.path + "?" + back.query)
    assert response.status_code == 302 and response["Location"] == PAGE

    refresh = stored("refresh_token")
    assert refresh in fake.refresh_tokens and refresh != fake.refresh_token
    exchange = fake.token_requests[-1]
    assert exchange["grant_type"] == "authorization_code"
    assert exchange["redirect_uri"] == "http://testserver/settings/stockx/callback/"
    assert connection.status() == connection.Status.CONNECTED
    assert "stockx_oauth_state" not in client.session
    assert "Mit StockX verbunden." in client.get(PAGE).content.decode()
    # The access token from the exchange is cached: the first API call needs no refresh.
    get_client().get("/selling/orders/history")
    assert fake.refresh_count == 0


def test_connect_flow_clears_needs_reauth(client, owner, stockx_connected):
    fake = stockx_connected
    fake.revoke_refresh_tokens()
    with pytest.raises(Exception, match="invalid_grant"):
        get_client().get("/selling/orders/history")
    assert connection.status() == connection.Status.NEEDS_REAUTH
    client.force_login(owner)
    location = client.post(PAGE + "connect/")["Location"]
    back = urlsplit(requests.get(location, allow_redirects=False, timeout=5).headers["Location"])
    client.get(back.path + "?" + back.query)
    assert connection.status() == connection.Status.CONNECTED
    assert get_client().get("/selling/orders/history")["orders"] == []


def test_callback_with_wrong_state_stores_nothing(client, owner, stockx_fake):
    fake = stockx_fake
    store_app_credentials(fake)
    client.force_login(owner)
    location = client.post(PAGE + "connect/")["Location"]
    back = urlsplit(requests.get(location, allow_redirects=False, timeout=5).headers["Location"])
    code = parse_qs(back.query)["code"][0]
    response = client.get(PAGE + "callback/", {"code": code, "state": "forged"}, follow=True)
    assert "gehört zu keiner Verbindungsanfrage dieser Sitzung" in response.content.decode()
    assert stored("refresh_token") == ""
    assert not [f for f in fake.token_requests if f["grant_type"] == "authorization_code"]
    # The state is single-use: replaying the right one after the failed attempt fails too.
    response = client.get(back.path + "?" + back.query, follow=True)
    assert "gehört zu keiner Verbindungsanfrage" in response.content.decode()
    assert stored("refresh_token") == ""


def test_callback_without_a_started_flow(client, owner, stockx_fake):
    store_app_credentials(stockx_fake)
    client.force_login(owner)
    response = client.get(PAGE + "callback/", {"code": "c", "state": ""}, follow=True)
    assert "gehört zu keiner Verbindungsanfrage" in response.content.decode()
    assert stored("refresh_token") == ""


def test_callback_when_stockx_denied(client, owner, stockx_fake):
    store_app_credentials(stockx_fake)
    client.force_login(owner)
    client.post(PAGE + "connect/")
    response = client.get(
        PAGE + "callback/",
        {"error": "access_denied", "error_description": "User did not authorize the request"},
        follow=True,
    )
    assert (
        "StockX hat den Zugriff nicht gewährt: User did not authorize the request"
        in response.content.decode()
    )
    assert stored("refresh_token") == ""


def test_callback_with_a_refused_code(client, owner, stockx_fake):
    store_app_credentials(stockx_fake)
    client.force_login(owner)
    client.post(PAGE + "connect/")
    state = client.session["stockx_oauth_state"]
    response = client.get(PAGE + "callback/", {"code": "made-up", "state": state}, follow=True)
    page = response.content.decode()
    assert (
        "StockX hat die Autorisierung nicht angenommen: Token-Anfrage abgelehnt: invalid_grant: Invalid authorization code"
        in page
    )
    assert stored("refresh_token") == ""
    assert connection.status() == connection.Status.NOT_CONFIGURED


def test_connect_without_app_credentials(client, owner, stockx_fake):
    client.force_login(owner)
    response = client.post(PAGE + "connect/", follow=True)
    assert "Zuerst Client-ID, Client-Secret und API-Key speichern." in response.content.decode()
    assert stockx_fake.authorize_requests == []


# --- stockx_connect -----------------------------------------------------------------------


def test_stockx_connect_command(stockx_fake, capsys):
    fake = stockx_fake
    call_command(
        "stockx_connect",
        "--client-id", fake.client_id,
        "--client-secret", fake.client_secret,
        "--api-key", fake.api_key,
        "--refresh-token", fake.refresh_token,
    )  # fmt: skip
    out = capsys.readouterr()
    assert "StockX verbunden" in out.out and "Token-Refresh war erfolgreich" in out.out
    for secret in (fake.client_id, fake.client_secret, fake.api_key, fake.refresh_token):
        assert secret not in out.out + out.err
    assert fake.refresh_count == 1
    assert stored("refresh_token") == fake.refresh_token
    assert connection.status() == connection.Status.CONNECTED


def test_stockx_connect_from_environment(stockx_fake, monkeypatch, capsys):
    fake = stockx_fake
    monkeypatch.setenv("STOCKX_CLIENT_ID", fake.client_id)
    monkeypatch.setenv("STOCKX_CLIENT_SECRET", fake.client_secret)
    monkeypatch.setenv("STOCKX_API_KEY", fake.api_key)
    monkeypatch.setenv("STOCKX_REFRESH_TOKEN", fake.refresh_token)
    call_command("stockx_connect")
    assert "StockX verbunden" in capsys.readouterr().out
    assert stored("api_key") == fake.api_key


def test_stockx_connect_refused(stockx_fake, capsys):
    fake = stockx_fake
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "stockx_connect",
            "--client-id", fake.client_id,
            "--client-secret", fake.client_secret,
            "--api-key", fake.api_key,
            "--refresh-token", "expired-token-xyz",
        )  # fmt: skip
    message = str(excinfo.value)
    assert message == (
        "StockX hat die Zugangsdaten abgelehnt: Token-Anfrage abgelehnt: "
        "invalid_grant: Unknown or invalid refresh token."
    )
    assert "expired-token-xyz" not in message + capsys.readouterr().out
    assert connection.status() == connection.Status.NEEDS_REAUTH


def test_stockx_connect_missing_values_exits_1(stockx_fake):
    """Run as a real command: nothing given, nothing stored -> message and exit code 1."""
    script = (
        "import os, sys, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'soleflip.settings_test'\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "settings.DATABASES['default']['NAME'] = sys.argv[1]\n"
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(['manage.py', 'stockx_connect'])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCKX_")}
    result = subprocess.run(
        [sys.executable, "-c", script, db.settings_dict["NAME"]],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert (
        "StockX ist nicht verbunden: es fehlt Client-ID, Client-Secret, API-Key, Refresh-Token."
        in result.stderr
    )


# --- sync records -------------------------------------------------------------------------


def test_record_sync(stockx_fake):
    first = connection.record_sync("orders", items=3)
    assert first.succeeded and first.last_success_at and first.items == 3
    failed = connection.record_sync("orders", succeeded=False, error="StockX 503: down")
    assert not failed.succeeded and failed.error == "StockX 503: down"
    assert failed.last_success_at == first.last_success_at
    assert connection.last_success("orders") == first.last_success_at
    assert connection.last_success("catalog") is None
    assert [s.kind for s in connection.sync_records()] == ["orders", "listings", "catalog"]
    with pytest.raises(ValueError, match="Unknown StockX sync kind 'sales'"):
        connection.record_sync("sales")
