from django.urls import path

from . import ask_views

app_name = "stockx-asks"
urlpatterns = [
    path("pairs/<int:pk>/list/", ask_views.create, name="create"),
    path("<int:pk>/price/", ask_views.change_price, name="price"),
    path("<int:pk>/delete/", ask_views.take_down, name="delete"),
]
