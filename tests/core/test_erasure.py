"""GDPR erasure of a user: the login loses every personal field and can no longer be
used, its log-in records are anonymised, and what it did stays linked to the same row."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from inventory.models import StockEvent
from soleflip.core.erasure import AUDIT_MESSAGE, ErasureRefused
from soleflip.core.models import ImportBatch, LoginEvent, User
from soleflip.core.services import anonymise_user
from tests.factories import make_import_batch, make_login_event, make_stock, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver():
    user = make_user(
        username="jana.schmidt",
        password="jana-secret-55",
        first_name="Jana",
        last_name="Schmidt",
        email="jana@example.com",
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name="Staff"))
    return user


def test_every_personal_field_goes_and_the_login_is_dead(leaver, owner):
    anonymise_user(user=leaver, by=owner)

    user = User.objects.get(pk=leaver.pk)
    assert user.username == f"erased-{leaver.pk}"
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert not user.has_usable_password()
    assert not user.check_password("jana-secret-55")
    assert not (user.is_active or user.is_staff or user.is_superuser)
    assert not user.groups.exists() and not user.user_permissions.exists()


def test_the_old_credentials_no_longer_log_in_and_open_sessions_end(client, leaver, owner):
    client.force_login(leaver)
    assert client.get(reverse("dashboard")).status_code == 200

    anonymise_user(user=leaver, by=owner)

    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not client.login(username="jana.schmidt", password="jana-secret-55")


def test_login_events_are_anonymised_and_others_kept(leaver, owner):
    mine = make_login_event(username="jana.schmidt", user=leaver)
    typed = make_login_event(username="JANA.Schmidt", success=False)  # no user: a failure
    other = make_login_event(username="someone-else", ip_address="198.51.100.7")

    anonymise_user(user=leaver, by=owner)

    for event in (mine, typed):
        event.refresh_from_db()
        assert event.username == f"erased-{leaver.pk}"
        assert event.ip_address is None and event.user_agent == ""
    assert LoginEvent.objects.get(pk=mine.pk).user_id == leaver.pk
    other.refresh_from_db()
    assert (other.username, other.ip_address) == ("someone-else", "198.51.100.7")
    assert other.user_agent


def test_what_the_user_did_stays_linked(leaver, owner):
    batch = make_import_batch(rows=1, created_by=leaver)
    event = StockEvent.objects.create(
        stock=make_stock(), kind=StockEvent.Kind.CREATED, to_status="in_stock", user=leaver
    )

    anonymise_user(user=leaver, by=owner)

    assert ImportBatch.objects.get(pk=batch.pk).created_by_id == leaver.pk
    assert StockEvent.objects.get(pk=event.pk).user_id == leaver.pk


def test_the_erasure_is_in_the_admin_log(leaver, owner):
    content_type = ContentType.objects.get_for_model(User)
    earlier = LogEntry.objects.create(
        user=owner,
        content_type=content_type,
        object_id=str(leaver.pk),
        object_repr="jana.schmidt",
        action_flag=1,
    )

    anonymise_user(user=leaver, by=owner)

    earlier.refresh_from_db()
    assert earlier.object_repr == f"erased-{leaver.pk}"
    entry = LogEntry.objects.exclude(pk=earlier.pk).get(
        content_type=content_type, object_id=str(leaver.pk)
    )
    assert entry.user == owner and entry.change_message == AUDIT_MESSAGE


def test_nobody_erases_their_own_login(owner):
    with pytest.raises(ErasureRefused):
        anonymise_user(user=owner, by=owner)

    owner.refresh_from_db()
    assert owner.username == "owner" and owner.is_active and owner.has_usable_password()
    assert not LogEntry.objects.exists()
