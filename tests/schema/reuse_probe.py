"""Run twice by test_backend.test_reuse_db_runs_do_not_leak_rows with --reuse-db: a
transactional insert of a fixed unique brand must not survive into the next run."""

import pytest

from catalog.models import Brand


@pytest.mark.django_db(transaction=True)
def test_insert_fixed_brand():
    Brand.objects.create(name="Reuse Probe", slug="reuse-probe")
    assert Brand.objects.filter(slug="reuse-probe").count() == 1
