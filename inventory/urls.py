from django.urls import path

from . import purchase_views, views

app_name = "inventory"
urlpatterns = [
    path("", views.stock_list, name="stock-list"),
    path("export.csv", views.stock_export, name="stock-export"),
    path("bulk/", views.stock_bulk, name="stock-bulk"),
    path("<int:pk>/", views.stock_detail, name="stock-detail"),
    path("<int:pk>/<slug:action>/", views.stock_action, name="stock-action"),
]

# Buying lives here too (it creates pairs) under its own prefix, /purchases/.
purchase_patterns = (
    [
        path("add/", purchase_views.purchase_add, name="add"),
        path("add/suggest/", purchase_views.product_suggestion, name="suggest"),
        path("import/", purchase_views.purchase_import, name="import"),
        path("import/template.csv", purchase_views.purchase_template, name="template"),
        path("import/<int:pk>/", purchase_views.purchase_batch, name="batch"),
        path("import/<int:pk>/commit/", purchase_views.purchase_commit, name="commit"),
    ],
    "purchases",
)
