from django.urls import path

from . import stale_views, views

app_name = "pricing"
urlpatterns = [path("", views.market_price_list, name="market-price-list")]
urlpatterns += [path("stale/", stale_views.stale_stock, name="stale-stock")]
