from django.urls import path

from . import views

app_name = "inventory"
urlpatterns = [
    path("", views.stock_list, name="stock-list"),
    path("<int:pk>/", views.stock_detail, name="stock-detail"),
    path("<int:pk>/<slug:action>/", views.stock_action, name="stock-action"),
]
