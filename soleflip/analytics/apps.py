from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "soleflip.analytics"
    label = "analytics"
    verbose_name = "Analytics"
