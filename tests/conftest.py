import pytest
from django.contrib.auth.models import Group

from tests.factories import make_user


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
