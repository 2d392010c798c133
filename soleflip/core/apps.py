from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "soleflip.core"
    label = "core"
    verbose_name = "Core"
