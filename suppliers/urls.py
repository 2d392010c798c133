from django.urls import path

from soleflip.core import views as import_views

from . import views

app_name = "suppliers"
urlpatterns = [
    path("", views.supplier_list, name="supplier-list"),
    path("new/", views.supplier_edit, name="supplier-create"),
    # The import frame's upload page; the batch then lives under /imports/.
    path(
        "accounts/import/",
        import_views.upload,
        {"source": "supplier_accounts"},
        name="account-import",
    ),
    path("<int:pk>/", views.supplier_detail, name="supplier-detail"),
    path("<int:pk>/edit/", views.supplier_edit, name="supplier-edit"),
]
