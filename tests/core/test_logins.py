import pytest
from django.urls import reverse

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
    assert response.status_code == 200 and "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_is_throttled_too(client):
    make_user(username="carl", password="right-pass-123", is_staff=True)
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "carl", "password": "bad-bad-bad-1"})
    response = client.post(
        reverse("admin:login"), {"username": "carl", "password": "right-pass-123"}
    )
    assert "Too many failed log-ins" in response.content.decode()
