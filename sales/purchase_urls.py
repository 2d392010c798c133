from django.urls import path

from . import purchase_views

app_name = "purchases"
urlpatterns = [path("add/", purchase_views.purchase_add, name="add")]
