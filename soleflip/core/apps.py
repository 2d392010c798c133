from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "soleflip.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import post_migrate

        from . import language, logins
        from .roles import sync_roles

        # Log-ins are audited wherever they happen (site and admin).
        user_logged_in.connect(logins.on_logged_in, dispatch_uid="soleflip-login-audit")
        user_login_failed.connect(
            logins.on_login_failed, dispatch_uid="soleflip-login-failed-audit"
        )

        user_logged_in.connect(language.keep_language, dispatch_uid="soleflip-login-language")

        # Runs after every app's permissions exist; sender=None: once per migrate run.
        post_migrate.connect(sync_roles, dispatch_uid="soleflip-sync-roles")
