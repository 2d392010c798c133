"""Security checks across the site: the content security policy on every page and no inline
script or style in the templates, production cookie and TLS settings, CSRF on HTMX and
form posts, upload limits, no open redirects, no secret in any page, and log-in failures
recorded without the password."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inventory.models import StockItem
from soleflip.core.models import ImportBatch, ImportRecord, LoginEvent, SystemConfig
from soleflip.stockx.models import StockXState
from suppliers.models import SupplierAccount
from tests.factories import make_user
from tests.test_access_matrix import ADMIN_MODELS, CASES, World

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
GET_PAGES = [case for case in CASES if case.method == "GET"]


def admin_urls(model, obj=None) -> list[str]:
    opts = model._meta
    urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
    if obj is not None:
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    return urls


# --- content security policy ----------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    assert header, "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict_csp(response, url: str) -> None:
    directives = csp_directives(response)
    scripts = directives.get("script-src", directives.get("default-src"))
    styles = directives.get("style-src", directives.get("default-src"))
    assert scripts, f"{url}: no script-src"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, url
    assert "'unsafe-inline'" not in (styles or []), url
    assert directives.get("frame-ancestors") == ["'none'"], url
    assert response.get("X-Frame-Options") == "DENY", url
    assert response.get("X-Content-Type-Options") == "nosniff", url
    assert response.get("Referrer-Policy") == "same-origin", url


def test_every_html_page_has_a_strict_csp(client, owner):
    client.force_login(owner)
    world = World(client)
    seen = 0
    for case in GET_PAGES:
        url = case.url(world)
        response = client.get(url)
        if response.get("Content-Type", "").startswith("text/html"):
            assert_strict_csp(response, url)
            seen += 1
    assert seen > 20


def test_error_and_login_pages_have_the_csp_too(client, viewer):
    assert_strict_csp(client.get(reverse("login")), "login")
    assert_strict_csp(client.get(reverse("admin:login")), "admin login")
    client.force_login(viewer)
    refused = client.get(reverse("purchases:add"))
    assert refused.status_code == 403
    assert_strict_csp(refused, "403")


def test_every_admin_page_has_a_strict_csp(client, superuser):
    client.force_login(superuser)
    assert_strict_csp(client.get(reverse("admin:index")), "admin index")
    for model in ADMIN_MODELS:
        for url in admin_urls(model):
            response = client.get(url)
            assert response.status_code == 200, url
            assert_strict_csp(response, url)


# --- templates ------------------------------------------------------------------------------

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
STYLE_ATTR = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S)
EVENT_ATTR = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)


def project_templates() -> list[Path]:
    return sorted((BASE_DIR / "templates").rglob("*.html"))


def test_templates_have_no_inline_script_style_or_handlers():
    templates = project_templates()
    assert len(templates) > 20
    offences = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(BASE_DIR)
        for match in SCRIPT.finditer(text):
            if "src=" not in match["attrs"] or match["body"].strip():
                offences.append(f"{name}: inline <script{match['attrs']}>")
        if STYLE_ATTR.search(text):
            offences.append(f"{name}: style= attribute")
        if EVENT_ATTR.search(text):
            offences.append(f"{name}: on…= event handler attribute")
    assert not offences, offences


def test_the_template_scan_finds_what_it_looks_for():
    sample = '<div style="color:red"><script>alert(1)</script><a onclick="x()">'
    assert SCRIPT.search(sample) and STYLE_ATTR.search(sample) and EVENT_ATTR.search(sample)
    external = SCRIPT.search('<script src="/static/js/app.js" defer></script>')
    assert "src=" in external["attrs"] and not external["body"].strip()
    assert not STYLE_ATTR.search('<div class="d-none" data-style="x">')


def test_rendered_pages_have_no_inline_script_style_or_handlers(client, owner):
    """What the browser gets, third-party templates (tables, forms) included."""
    client.force_login(owner)
    world = World(client)
    seen = 0
    for case in GET_PAGES:
        url = case.url(world)
        response = client.get(url, follow=True)  # a redirect is judged by where it leads
        assert response.status_code == 200, url
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        seen += 1
        html = response.content.decode()
        for match in SCRIPT.finditer(html):
            data = 'type="application/json"' in match["attrs"]  # json_script: data, never run
            assert data or ("src=" in match["attrs"] and not match["body"].strip()), url
        assert not STYLE_ATTR.search(html), url
        assert not EVENT_ATTR.search(html), url
    assert seen > 20


# --- production settings ----------------------------------------------------------------------

PRODUCTION_ENV = {
    # README "Production": every security flag set, real services named (never contacted).
    "DEBUG": "false",
    "SECRET_KEY": "prod-like-secret-key-" + "k" * 50,
    "FIELD_ENCRYPTION_KEY": "iKlotpTSIRIcGSgKBPp2ckSe_F9cSEw903qBjAODMcM=",
    "DATABASE_URL": "postgres://soleflip:pw@db.internal:5432/soleflip",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "ALLOWED_HOSTS": "soleflip.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://soleflip.example.com",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "BEHIND_TLS_PROXY": "true",
}
SETTING_NAMES = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_AGE",
    "CSRF_TRUSTED_ORIGINS",
]


def production_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TEST_"))}
    return {**env, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "soleflip.settings"}


@pytest.fixture(scope="module")
def production_settings() -> dict:
    code = (
        "import json, soleflip.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {SETTING_NAMES!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_and_http_only(production_settings):
    s = production_settings
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True
    assert s["SESSION_COOKIE_HTTPONLY"] is True
    assert s["SESSION_COOKIE_SAMESITE"] == "Lax" and s["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert s["SESSION_COOKIE_AGE"] <= 24 * 60 * 60


def test_production_tls_and_headers(production_settings):
    s = production_settings
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert s["X_FRAME_OPTIONS"] == "DENY"
    assert s["SECURE_REFERRER_POLICY"] == "same-origin"
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://soleflip.example.com"]


def test_production_passes_django_deploy_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_debug_cookies_default_to_secure():
    env = {**production_env(), "DEBUG": "false", "SECURE_COOKIES": ""}
    env.pop("SECURE_COOKIES")
    code = "import soleflip.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert out.stdout.split()[-2:] == ["True", "True"]


def test_the_session_cookie_is_http_only_and_same_site(client):
    make_user(username="cookie-anna", password="right-pass-123")
    response = client.post(
        reverse("login"), {"username": "cookie-anna", "password": "right-pass-123"}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"
    assert 0 < int(cookie["max-age"]) <= 24 * 60 * 60


def test_logout_needs_a_post(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session


# --- CSRF -----------------------------------------------------------------------------------


@pytest.fixture
def csrf_client(staff) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    return client


def page_csrf_token(client: Client, url: str) -> str:
    body = client.get(url).content.decode()
    match = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", body)
    assert match, "no CSRF token in the page's hx-headers"
    return match[1]


def test_htmx_post_without_a_token_is_refused(csrf_client):
    world = World(csrf_client)
    url = reverse("sales:enter-cost", args=[world.order.pk])
    data = {"gross": "119.00", "tax_scheme": "standard", "vat_rate": "19"}
    response = csrf_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert StockItem.objects.get(pk=world.sold.pk).purchase_price is None

    token = page_csrf_token(csrf_client, reverse("sales:missing-cost"))
    response = csrf_client.post(url, data, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert StockItem.objects.get(pk=world.sold.pk).purchase_price is not None


def test_form_post_without_a_token_is_refused(csrf_client):
    world = World(csrf_client)
    url = reverse("inventory:stock-action", args=[world.pair.pk, "status"])
    response = csrf_client.post(url, {"status": "listed"})
    assert response.status_code == 403
    assert StockItem.objects.get(pk=world.pair.pk).status == "in_stock"

    token = page_csrf_token(csrf_client, reverse("inventory:stock-detail", args=[world.pair.pk]))
    response = csrf_client.post(url, {"status": "listed", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert StockItem.objects.get(pk=world.pair.pk).status == "listed"


def test_login_post_without_a_token_is_refused():
    make_user(username="csrf-anna", password="right-pass-123")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("login"), {"username": "csrf-anna", "password": "right-pass-123"}
    )
    assert response.status_code == 403 and "_auth_user_id" not in client.session


# --- uploads --------------------------------------------------------------------------------


def test_request_body_limits():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS is not None


def test_an_oversized_form_post_is_refused(client, staff):
    client.force_login(staff)
    world = World(client)
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    url = reverse("inventory:stock-action", args=[world.pair.pk, "status"])
    response = client.post(url, {"status": "listed", "reason": big})
    assert response.status_code == 400
    assert StockItem.objects.get(pk=world.pair.pk).status == "in_stock"


UPLOAD_FORMS = [
    ("sales:stockx-upload", "stockx.csv", {}),
    ("purchases:import", "purchases.csv", {}),
    ("suppliers:account-import", "accounts.csv", {}),
]


@pytest.mark.parametrize(
    "url_name, filename, extra", UPLOAD_FORMS, ids=[u[0] for u in UPLOAD_FORMS]
)
def test_import_forms_refuse_files_over_the_limit(
    client, owner, settings, url_name, filename, extra
):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    client.force_login(owner)
    text = "EMAIL,PASSWORD\n" + "big@example.com,pw\n" * 100
    upload = SimpleUploadedFile(filename, text.encode(), content_type="text/csv")
    assert upload.size > 1000
    response = client.post(reverse(url_name), {"file": upload, **extra})
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert "erlaubt sind 1 KB" in error and error in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert not SupplierAccount.objects.exists()


# --- redirects ------------------------------------------------------------------------------

EVIL = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "javascript:alert(1)",
]


@pytest.mark.parametrize("target", EVIL)
def test_bulk_actions_never_redirect_off_site(client, staff, target):
    client.force_login(staff)
    world = World(client)
    ok = {"action": "location", "selected": [world.pair.pk], "location": "Shelf 9", "next": target}
    bad = {"action": "location", "selected": [], "next": target}
    for data in (ok, bad):
        response = client.post(reverse("inventory:stock-bulk"), data)
        assert response.status_code == 302
        assert response["Location"] == reverse("inventory:stock-list"), response["Location"]


def test_bulk_actions_return_to_the_filtered_list(client, staff):
    client.force_login(staff)
    world = World(client)
    back = reverse("inventory:stock-list") + "?status=in_stock&page=2"
    data = {"action": "location", "selected": [world.pair.pk], "location": "Shelf 9", "next": back}
    response = client.post(reverse("inventory:stock-bulk"), data)
    assert response.status_code == 302 and response["Location"] == back


@pytest.mark.parametrize("target", EVIL)
def test_dashboard_refresh_never_redirects_off_site(client, staff, target):
    client.force_login(staff)
    response = client.post(reverse("dashboard-refresh"), {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


@pytest.mark.parametrize("target", EVIL)
def test_login_never_redirects_off_site(client, target):
    make_user(username="redirect-anna", password="right-pass-123")
    data = {"username": "redirect-anna", "password": "right-pass-123", "next": target}
    response = client.post(reverse("login"), data)
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")


# --- secrets --------------------------------------------------------------------------------

CONFIG_SECRET = "cfg-secret-7f3a9c"
API_KEY = "cfg-api-key-2b8d"
REFRESH_TOKEN = "cfg-refresh-token-93c1"
ACCESS_TOKEN = "stockx-access-token-5e6f"
ACCOUNT_PASSWORD = "acct-pass-51d2e8"
ACCOUNT_PROXY = "http://puser:proxy-pass-0b9e@proxy.example:8080"
IMPORTED_PASSWORD = "imported-pass-c41b"
IMPORTED_PROXY = "http://iu:imported-proxy-77aa@p.example:1"
SECRETS = (
    CONFIG_SECRET,
    API_KEY,
    REFRESH_TOKEN,
    ACCESS_TOKEN,
    ACCOUNT_PASSWORD,
    ACCOUNT_PROXY,
    "proxy-pass-0b9e",
    IMPORTED_PASSWORD,
    IMPORTED_PROXY,
    "imported-proxy-77aa",
)


@pytest.fixture
def secret_world(client, owner, django_capture_on_commit_callbacks):
    """A config secret, an account with password and proxy, and an account imported
    through the page (so its batch and rows exist; the preview is checked on the way)."""
    client.force_login(owner)
    world = World(client)
    SystemConfig.objects.create(key="stockx_client_secret", value=CONFIG_SECRET)
    SystemConfig.objects.create(key="stockx_api_key", value=API_KEY)
    SystemConfig.objects.create(key="stockx_refresh_token", value=REFRESH_TOKEN)
    StockXState.objects.update_or_create(pk=1, defaults={"access_token": ACCESS_TOKEN})
    SupplierAccount.objects.create(
        supplier=world.supplier,
        email="kept@example.com",
        password=ACCOUNT_PASSWORD,
        proxy_config=ACCOUNT_PROXY,
    )
    csv_text = f"EMAIL,PASSWORD,PROXY\nimported@example.com,{IMPORTED_PASSWORD},{IMPORTED_PROXY}\nbad,{IMPORTED_PASSWORD},\n"
    upload = SimpleUploadedFile("accounts.csv", csv_text.encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("suppliers:account-import"),
            {"file": upload, "supplier": world.supplier.pk, "skip_invalid": "on"},
        )
    world.account_batch = ImportBatch.objects.get(source_type="supplier_accounts")
    preview = reverse("imports:batch-detail", args=[world.account_batch.pk])
    assert_no_secret(client.get(preview).content.decode(), preview)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports:batch-commit", args=[world.account_batch.pk]), {"skip_invalid": "on"}
        )
    assert SupplierAccount.objects.get(email="imported@example.com").password == IMPORTED_PASSWORD
    return world


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{where} shows a secret ({secret[:8]}…)"


def content(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_no_page_shows_a_secret(client, secret_world):
    """Every page as the owner, who may open them all: it renders (a redirect is followed
    to the page it leads to) and shows the accounts, rows and settings that hold the
    secrets, never the secrets themselves."""
    world = secret_world
    batch = reverse("imports:batch-detail", args=[world.account_batch.pk])
    supplier = reverse("suppliers:supplier-detail", args=[world.supplier.pk])
    stockx = reverse("stockx:settings")
    urls = [case.url(world) for case in GET_PAGES]
    urls += [
        batch,
        batch + "?status=rejected",
        supplier,
        reverse("suppliers:supplier-edit", args=[world.supplier.pk]),
        stockx,
    ]
    pages = {}
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        pages[url] = content(response)
        assert_no_secret(pages[url], url)
    # The pages do show what carries the secrets, so their absence means something.
    assert "kept@example.com" in pages[supplier] and "imported@example.com" in pages[supplier]
    assert "imported@example.com" in pages[batch]
    assert "hinterlegt" in pages[stockx]  # "stored": the page says a secret is kept


def test_no_admin_page_shows_a_secret(client, superuser, secret_world):
    client.force_login(superuser)
    examples = {
        SystemConfig: SystemConfig.objects.first(),
        SupplierAccount: SupplierAccount.objects.first(),
        type(secret_world.supplier): secret_world.supplier,
        ImportBatch: secret_world.account_batch,
        ImportRecord: ImportRecord.objects.filter(batch=secret_world.account_batch).first(),
        StockXState: StockXState.objects.get(pk=1),
    }
    urls = [reverse("admin:index")]
    for model in ADMIN_MODELS:
        urls += admin_urls(model, examples.get(model))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_secret(content(response), url)
    # Nor can a secret be found by searching for it (the page echoes the query itself).
    for model, secret in ((SupplierAccount, ACCOUNT_PASSWORD), (SystemConfig, CONFIG_SECRET)):
        search = admin_urls(model)[0] + f"?q={secret}"
        assert client.get(search).context["cl"].result_count == 0, model


# --- log-ins --------------------------------------------------------------------------------


@pytest.mark.parametrize("login_url", ["login", "admin:login"])
def test_failed_logins_are_logged_without_the_password(client, caplog, login_url):
    make_user(username="dora", password="right-pass-123", is_staff=True)
    with caplog.at_level(logging.DEBUG):
        client.post(reverse(login_url), {"username": "dora", "password": "wrong-pass-4e5f"})
    event = LoginEvent.objects.get()
    assert (event.username, event.success, event.ip_address) == ("dora", False, "127.0.0.1")
    assert "wrong-pass-4e5f" not in str(list(LoginEvent.objects.values()))
    failures = [r for r in caplog.records if "dora" in r.getMessage()]
    assert failures and failures[0].levelno >= logging.WARNING
    for record in caplog.records:
        assert "wrong-pass-4e5f" not in record.getMessage()
        assert "wrong-pass-4e5f" not in str(getattr(record, "args", ""))


def test_refused_log_ins_are_logged_without_the_password(client, caplog):
    make_user(username="eve", password="right-pass-123")
    for _ in range(5):
        client.post(reverse("login"), {"username": "eve", "password": "wrong-pass-8a1b"})
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("login"), {"username": "eve", "password": "right-pass-123"})
    [refusal] = [r for r in caplog.records if "too many failures" in r.getMessage()]
    assert "'eve'" in refusal.getMessage() and refusal.levelno == logging.WARNING
    for record in caplog.records:
        assert "right-pass-123" not in record.getMessage()
    assert LoginEvent.objects.filter(success=False).count() == 5
