from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "suppliers"

    def ready(self) -> None:
        from soleflip.core import imports

        from .importers import SupplierAccountsImporter

        imports.register(SupplierAccountsImporter())
