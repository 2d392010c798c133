from django.urls import path

from catalog import views as catalog_views

from . import views

app_name = "catalog"
urlpatterns = [
    path("", catalog_views.product_list, name="product-list"),
    path("<int:pk>/", views.product_detail, name="product-detail"),
]
