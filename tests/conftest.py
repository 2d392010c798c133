import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from sales.models import Marketplace
from soleflip.core.roles import sync_roles
from tests.factories import make_user

SEEDS = ("catalog.migrations.0002_seed_reference_data", "sales.migrations.0002_seed_marketplaces")


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
