"""The three roles, as Django groups with model permissions.

Owner: everything (settings, secrets, deletes, users). Staff: daily work on the domain
models, no deletes, no settings or secrets, no users. Viewer: read-only.
Permissions only exist after migrate, so this runs from the post_migrate signal."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

OWNER, STAFF, VIEWER = "Owner", "Staff", "Viewer"
DOMAIN_APPS = ("catalog", "suppliers", "inventory", "sales", "pricing")
# Core models staff may work with (imports); settings and users stay with the owner.
STAFF_CORE_MODELS = ("importbatch", "importrecord")
# Domain models that are settings (a marketplace's tax treatment and fee rules, the price
# rules and brand multipliers): staff and viewers may read them, only the owner changes them.
SETTINGS_MODELS = ("marketplace", "feerule", "pricerule", "brandmultiplier")


def sync_roles(**kwargs) -> None:
    if not (apps.is_installed("django.contrib.auth") and apps.is_installed("soleflip.core")):
        return  # a test restricted to a few apps (available_apps) has no roles to sync
    owner, _ = Group.objects.get_or_create(name=OWNER)
    staff, _ = Group.objects.get_or_create(name=STAFF)
    viewer, _ = Group.objects.get_or_create(name=VIEWER)

    perms = Permission.objects.select_related("content_type")
    domain = perms.filter(content_type__app_label__in=DOMAIN_APPS)
    core_work = perms.filter(
        content_type__app_label="core", content_type__model__in=STAFF_CORE_MODELS
    )
    owner.permissions.set(perms.all())
    settings_writes = domain.filter(content_type__model__in=SETTINGS_MODELS).exclude(
        codename__startswith="view_"
    )
    staff.permissions.set(
        list(domain.exclude(codename__startswith="delete_").exclude(pk__in=settings_writes))
        + list(core_work.exclude(codename__startswith="delete_"))
    )
    viewer.permissions.set(
        list(domain.filter(codename__startswith="view_"))
        + list(core_work.filter(codename__startswith="view_"))
    )
