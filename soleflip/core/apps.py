from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "soleflip.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .roles import sync_roles

        # Runs after every app's permissions exist; sender=None: once per migrate run.
        post_migrate.connect(sync_roles, dispatch_uid="soleflip-sync-roles")
