from django.urls import path

from . import supplier_views

app_name = "suppliers"
urlpatterns = [
    path("", supplier_views.supplier_list, name="supplier-list"),
    path("new/", supplier_views.supplier_edit, name="supplier-create"),
    path("accounts/import/", supplier_views.account_import, name="account-import"),
    path("<int:pk>/", supplier_views.supplier_detail, name="supplier-detail"),
    path("<int:pk>/edit/", supplier_views.supplier_edit, name="supplier-edit"),
]
