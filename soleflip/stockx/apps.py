from django.apps import AppConfig


class StockXConfig(AppConfig):
    name = "soleflip.stockx"
    label = "stockx"
    verbose_name = "StockX"
