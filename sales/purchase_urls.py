from django.urls import path

from . import purchase_views

app_name = "purchases"
urlpatterns = [
    path("add/", purchase_views.purchase_add, name="add"),
    path("add/suggest/", purchase_views.product_suggestion, name="suggest"),
    path("import/", purchase_views.purchase_import, name="import"),
    path("import/template.csv", purchase_views.purchase_template, name="template"),
    path("import/<int:pk>/", purchase_views.purchase_batch, name="batch"),
    path("import/<int:pk>/commit/", purchase_views.purchase_commit, name="commit"),
]
