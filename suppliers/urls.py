from django.urls import path

from . import views

app_name = "suppliers"
urlpatterns = [
    path("", views.supplier_list, name="supplier-list"),
    path("new/", views.supplier_edit, name="supplier-create"),
    path("accounts/import/", views.account_import, name="account-import"),
    path("<int:pk>/", views.supplier_detail, name="supplier-detail"),
    path("<int:pk>/edit/", views.supplier_edit, name="supplier-edit"),
]
