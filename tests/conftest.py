import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from sales.models import Marketplace
from soleflip.core.roles import sync_roles
from tests.factories import make_user

SEEDS = (
    "catalog.migrations.0002_seed_reference_data",
    "sales.migrations.0002_seed_marketplaces",
    "sales.migrations.0009_seller_level",
    "sales.migrations.0012_fee_estimates_rates_mappings",
    "sales.migrations.0013_fee_rule_sources",
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the data migrations' reference data (brands, sizes,
    marketplaces, roles) committed once per run. A --reuse-db database whose tables an
    earlier transactional test emptied gets it back here (the seeds are idempotent).
    Transactional tests name their `available_apps`, so their flush leaves the reference
    data alone. Runs only when a test uses the database: a run of database-free tests
    alone neither needs nor touches one."""
    with django_db_blocker.unblock():
        seed_reference_data()


def seed_reference_data() -> None:
    """The data migrations' reference data and the roles, unless already there."""
    if not Marketplace.objects.exists() or not Group.objects.exists():
        for module in SEEDS:
            importlib.import_module(module).seed(apps, None)
        sync_roles()


@pytest.fixture
def superuser(db):
    return make_user(username="root", is_staff=True, is_superuser=True)


def _member(group_name: str, username: str):
    user = make_user(username=username)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def owner(db):
    return _member("Owner", "owner")


@pytest.fixture
def staff(db):
    return _member("Staff", "staff")


@pytest.fixture
def viewer(db):
    return _member("Viewer", "viewer")


@pytest.fixture
def cut_connection():
    """Terminates this thread's database connection from a second one, as a database
    restart or a network failure would: `cut_connection()` returns once it is gone."""
    import threading
    import time

    from django.db import connection

    def cut() -> None:
        pid = connection.connection.info.backend_pid

        def terminate() -> None:
            from django.db import connection as other

            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
                    for _ in range(100):
                        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
                        if cursor.fetchone() is None:
                            return
                        time.sleep(0.05)
                    raise AssertionError(f"backend {pid} still running")
            finally:
                other.close()

        thread = threading.Thread(target=terminate)
        thread.start()
        thread.join()

    return cut
