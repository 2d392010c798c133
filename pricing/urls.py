from django.urls import path

from . import views

app_name = "pricing"
urlpatterns = [path("", views.market_price_list, name="market-price-list")]
