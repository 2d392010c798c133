"""German first; English per user from the profile menu, kept in the session and on the
user; the browser's Accept-Language does not decide."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_german_by_default_whatever_the_browser_asks(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "de"
    assert '<html lang="de">' in page.content.decode()
    assert "Anmelden" in page.content.decode()


def test_the_profile_menu_switches_to_english_and_back(client, staff):
    client.force_login(staff)
    assert "Abmelden" in client.get(reverse("inventory:stock-list")).content.decode()
    back = reverse("inventory:stock-list") + "?status=sold"
    answer = client.post(reverse("language"), {"language": "en", "next": back})
    assert answer.status_code == 302 and answer["Location"] == back
    page = client.get(reverse("inventory:stock-list")).content.decode()
    assert '<html lang="en">' in page and "Log out" in page
    staff.refresh_from_db()
    assert staff.language == "en"
    client.post(reverse("language"), {"language": "de", "next": "/"})
    assert "Abmelden" in client.get(reverse("dashboard")).content.decode()


def test_the_choice_is_the_users_at_the_next_log_in(client, staff):
    staff.language = "en"
    staff.save()
    client.force_login(staff)
    assert client.session["language"] == "en"
    assert "Log out" in client.get(reverse("dashboard")).content.decode()


def test_a_choice_on_the_login_page_becomes_the_users(client, staff):
    client.post(reverse("language"), {"language": "en", "next": reverse("login")})
    assert "Log in" in client.get(reverse("login")).content.decode()
    client.force_login(staff)
    staff.refresh_from_db()
    assert staff.language == "en"


def test_an_unknown_language_or_a_foreign_next_is_refused(client, staff):
    client.force_login(staff)
    assert client.post(reverse("language"), {"language": "fr"}).status_code == 400
    answer = client.post(reverse("language"), {"language": "en", "next": "https://evil.example/"})
    assert answer["Location"] == "/"


def test_the_admin_speaks_german(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Passwort ändern" in page  # Django's own German
