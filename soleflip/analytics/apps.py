from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "soleflip.analytics"
    label = "analytics"
    verbose_name = "Analytics"

    def ready(self) -> None:
        # Register "analytics.refresh" in every process, not only in the worker (which
        # autodiscovers): the domain apps send it by name, and only a registered task runs
        # eagerly in tests (CELERY_TASK_ALWAYS_EAGER).
        from . import tasks  # noqa: F401
