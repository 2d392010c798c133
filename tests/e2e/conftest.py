"""Browser tests: Playwright drives Debian's chromium (no browser download) against the app
served by pytest-django's live server, on the test database.

They run with `make test` when chromium is installed (`.ci/run` installs it) and are
skipped with a clear line in the summary when it is not. E2E_CHROMIUM may name another
chromium binary."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import seed_reference_data

# Playwright's sync API keeps an event loop in the test's thread; the ORM calls of a test
# (creating its data, reading the result) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("E2E_CHROMIUM") or shutil.which("chromium") or ""
HERE = Path(__file__).resolve().parent
SKIP_REASON = "browser tests skipped: Debian's chromium is not installed (apt-get install chromium)"
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM:
        terminalreporter.write_line(f"NOTE: {SKIP_REASON}", yellow=True, bold=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "en-US",
        "timezone_id": "Europe/Berlin",
        "accept_downloads": True,
    }


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """The live server needs committed data: a transactional test. Its flush at the end
    empties the seeded reference data (brands, sizes, marketplaces, roles): put it back."""
    seed_reference_data()


@pytest.fixture
def app(live_server, page):
    """The page, with a short timeout (a missing element fails fast) and a way to log in."""
    page.set_default_timeout(10_000)
    page.app_url = live_server.url
    return page


def log_in(page, user, url: str = "/") -> None:
    """Log the browser in as `user` through a session cookie (the login form itself is
    tested once, in test_login)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": page.app_url}]
    )
    page.goto(page.app_url + url)


def fits_the_screen(page) -> bool:
    """Nothing sticks out sideways: the page does not scroll horizontally."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
