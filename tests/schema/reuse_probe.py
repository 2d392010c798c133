"""Run twice by test_backend.test_reuse_db_runs_do_not_leak_rows with --reuse-db: a
transactional insert of a fixed row into a schema table must not survive into the next run."""

import pytest

from tests.schema_app.models import Parent


@pytest.mark.django_db(transaction=True, available_apps=["tests.schema_app"])
def test_insert_fixed_row():
    Parent.objects.create(code="reuse-probe", name="must not survive the run")
    assert Parent.objects.filter(code="reuse-probe").count() == 1
