from django.urls import path

from soleflip.core import views as import_views

from . import purchase_views, views

app_name = "inventory"
urlpatterns = [
    path("", views.stock_list, name="stock-list"),
    path("export.csv", views.stock_export, name="stock-export"),
    path("bulk/", views.stock_bulk, name="stock-bulk"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("<int:pk>/", views.stock_detail, name="stock-detail"),
    path("<int:pk>/<slug:action>/", views.stock_action, name="stock-action"),
]

# Buying lives here too (it creates pairs) under its own prefix, /purchases/.
purchase_patterns = (
    [
        path("add/", purchase_views.purchase_add, name="add"),
        path("add/suggest/", purchase_views.product_suggestion, name="suggest"),
        # The import frame's upload page; the batch then lives under /imports/.
        path("import/", import_views.upload, {"source": "purchases"}, name="import"),
        path("import/template.csv", purchase_views.purchase_template, name="template"),
    ],
    "purchases",
)
