import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db


def test_roles_exist_with_expected_permissions():
    owner = Group.objects.get(name="Owner")
    staff = Group.objects.get(name="Staff")
    viewer = Group.objects.get(name="Viewer")
    assert owner.permissions.filter(codename="delete_stockitem").exists()
    assert owner.permissions.filter(codename="change_systemconfig").exists()
    assert staff.permissions.filter(codename="change_stockitem").exists()
    assert not staff.permissions.filter(codename__startswith="delete_").exists()
    assert not staff.permissions.filter(codename__endswith="systemconfig").exists()
    assert not staff.permissions.filter(codename__endswith="_user").exists()
    assert set(viewer.permissions.values_list("codename", flat=True)) == {
        p for p in viewer.permissions.values_list("codename", flat=True) if p.startswith("view_")
    }
    assert viewer.permissions.filter(codename="view_order").exists()


def test_marketplace_tax_and_fee_rules_are_owner_settings(owner, staff, viewer):
    for perm in ("sales.change_marketplace", "sales.add_feerule", "sales.change_feerule"):
        assert owner.has_perm(perm) and not staff.has_perm(perm) and not viewer.has_perm(perm)
    assert staff.has_perm("sales.view_marketplace") and staff.has_perm("sales.change_order")
