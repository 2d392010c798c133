from django.urls import path

from . import views

app_name = "inventory"
urlpatterns = [
    path("", views.stock_list, name="stock-list"),
    path("export.csv", views.stock_export, name="stock-export"),
    path("bulk/", views.stock_bulk, name="stock-bulk"),
    path("<int:pk>/", views.stock_detail, name="stock-detail"),
    path("<int:pk>/<slug:action>/", views.stock_action, name="stock-action"),
]
