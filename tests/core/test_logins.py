import threading
import time

import pytest
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test import Client
from django.urls import reverse

from soleflip.core.logins import FAILURE_LIMIT
from soleflip.core.models import LoginEvent
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_logins_and_failures_are_logged_without_passwords(client):
    user = make_user(username="anna", password="right-pass-123")
    client.post(reverse("login"), {"username": "anna", "password": "wrong-pass-999"})
    client.post(reverse("login"), {"username": "anna", "password": "right-pass-123"})
    events = list(
        LoginEvent.objects.order_by("id").values_list(
            "username", "success", "user_id", "ip_address"
        )
    )
    assert events == [("anna", False, None, "127.0.0.1"), ("anna", True, user.pk, "127.0.0.1")]
    stored = str(list(LoginEvent.objects.values()))
    assert "wrong-pass-999" not in stored and "right-pass-123" not in stored


def test_too_many_failures_refuse_even_the_right_password(client):
    make_user(username="ben", password="right-pass-123")
    for _ in range(5):
        client.post(reverse("login"), {"username": "ben", "password": "nope-nope-1"})
    response = client.post(reverse("login"), {"username": "ben", "password": "right-pass-123"})
    assert (
        response.status_code == 200
        and "Zu viele fehlgeschlagene Anmeldungen" in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_admin_login_is_throttled_too(client):
    make_user(username="carl", password="right-pass-123", is_staff=True)
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "carl", "password": "bad-bad-bad-1"})
    response = client.post(
        reverse("admin:login"), {"username": "carl", "password": "right-pass-123"}
    )
    assert "Zu viele fehlgeschlagene Anmeldungen" in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param(lambda n: ("flood", f"198.51.100.{n}"), id="one-username-many-addresses"),
        pytest.param(lambda n: (f"guess{n}", "198.51.100.7"), id="many-usernames-one-address"),
    ],
)
def test_parallel_wrong_passwords_get_no_more_password_checks_than_the_limit(monkeypatch, attempt):
    make_user(username="flood", password="right-pass-123")
    checks = []
    check_password = ModelBackend.authenticate

    def slow_check(self, request, username=None, password=None, **kwargs):
        checks.append(username)
        # A real hasher takes this long or longer; the old count-then-check let every
        # attempt that started meanwhile through.
        time.sleep(0.05)
        return check_password(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", slow_check)
    attempts, barrier, bodies = 40, threading.Barrier(40, timeout=60), []

    def post(n: int) -> None:
        username, address = attempt(n)
        try:
            client = Client(REMOTE_ADDR=address)
            barrier.wait()
            response = client.post(
                reverse("login"), {"username": username, "password": f"wrong-pass-{n}"}
            )
            bodies.append(response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=[n]) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(checks) == FAILURE_LIMIT
    assert LoginEvent.objects.filter(success=False).count() == FAILURE_LIMIT
    assert (
        sum("Zu viele fehlgeschlagene Anmeldungen" in body for body in bodies)
        == attempts - FAILURE_LIMIT
    )
