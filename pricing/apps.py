from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PricingConfig(AppConfig):
    name = "pricing"
    verbose_name = _("Pricing")

    def ready(self) -> None:
        from soleflip.core import imports

        from . import opportunity_tasks  # noqa: F401 (the feed import's follow-up)
        from .feed_importer import RetailerFeedImporter

        imports.register(RetailerFeedImporter())
