"""Every page of the StockX integration: the connection settings (/settings/stockx/), asks
on a pair (/stockx/asks/) and catalog look-ups from a product (/stockx/catalog/)."""

from django.urls import path

from . import ask_views, catalog_views, views

app_name = "stockx"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("connect/", views.connect, name="connect"),
    path("callback/", views.callback, name="callback"),
]

ask_patterns = (
    [
        path("pairs/<int:pk>/list/", ask_views.create, name="create"),
        path("<int:pk>/price/", ask_views.change_price, name="price"),
        path("<int:pk>/delete/", ask_views.take_down, name="delete"),
    ],
    "stockx-asks",
)

catalog_patterns = (
    [
        path("products/<int:pk>/look-up/", catalog_views.look_up, name="look-up"),
        path("products/<int:pk>/accept/", catalog_views.accept_match, name="accept"),
    ],
    "stockx-catalog",
)
