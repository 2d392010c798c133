from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        # A purchase recorded after its sale fills that sold pair's missing cost.
        from inventory.purchases import register_sold_pair_filler

        from .services import fill_cost_from_purchase

        register_sold_pair_filler(fill_cost_from_purchase)

        from soleflip.core import imports

        from .importers import MarketplaceSalesImporter, StockXReportImporter

        imports.register(StockXReportImporter())
        imports.register(MarketplaceSalesImporter())
