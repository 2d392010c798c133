from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "inventory"

    def ready(self) -> None:
        from soleflip.core import imports

        from .importers import PurchasesImporter

        imports.register(PurchasesImporter())
