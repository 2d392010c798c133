from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "soleflip.analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        # Register "analytics.refresh" in every process, not only in the worker (which
        # autodiscovers): the domain apps send it by name, and only a registered task runs
        # eagerly in tests (CELERY_TASK_ALWAYS_EAGER).
        from . import tasks  # noqa: F401
