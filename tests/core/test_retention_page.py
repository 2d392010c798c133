"""Settings → Retention: the Owner sees and changes both periods (who else may is in
tests/test_access_matrix.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from soleflip.core import retention
from soleflip.core.models import ImportBatch, SystemConfig
from tests.factories import make_import_batch, make_login_event

pytestmark = pytest.mark.django_db

URL = reverse("retention:settings")


def test_page_shows_the_defaults_and_what_is_due(client, owner):
    batch = make_import_batch(rows=4)
    ImportBatch.objects.filter(pk=batch.pk).update(completed_at=timezone.now() - timedelta(400))
    make_login_event()
    client.force_login(owner)

    response = client.get(URL)

    assert response.status_code == 200
    form = response.context["form"]
    assert form["import_records_days"].value() == 365
    assert form["login_events_days"].value() == 180
    assert (
        "Liefe sie jetzt: 4 Importzeilen aus 1 Import, 0 Anmeldeeinträge."
        in response.content.decode()
    )


def test_owner_changes_the_periods(client, owner):
    client.force_login(owner)

    response = client.post(URL, {"import_records_days": "90", "login_events_days": "30"})

    assert response.status_code == 302 and response["Location"] == URL
    assert retention.retention_days(retention.IMPORT_RECORDS) == 90
    assert retention.retention_days(retention.LOGIN_EVENTS) == 30
    page = client.get(URL)
    assert page.context["form"]["import_records_days"].value() == 90
    assert "Aufbewahrungsfristen gespeichert" in page.content.decode()


@pytest.mark.parametrize("days", ["0", "-1", "3651", "a year", ""])
def test_a_period_out_of_range_is_refused(client, owner, days):
    client.force_login(owner)

    response = client.post(URL, {"import_records_days": days, "login_events_days": "30"})

    assert response.status_code == 200
    assert response.context["form"].errors["import_records_days"]
    assert not SystemConfig.objects.filter(key__startswith="retention_").exists()


def test_settings_pages_link_to_each_other(client, owner):
    client.force_login(owner)
    assert reverse("retention:settings") in client.get(reverse("stockx:settings")).content.decode()
    assert reverse("stockx:settings") in client.get(URL).content.decode()
