from django.urls import path

from . import export_views, views

app_name = "sales"
urlpatterns = [
    path("", views.order_list, name="order-list"),
    path("<int:pk>/", views.order_detail, name="order-detail"),
]
urlpatterns += [
    path("stockx/upload/", views.stockx_upload, name="stockx-upload"),
    path("stockx/<int:pk>/", views.stockx_batch, name="stockx-batch"),
    path("stockx/<int:pk>/import/", views.stockx_commit, name="stockx-commit"),
]
urlpatterns += [
    path("missing-cost/", views.missing_cost, name="missing-cost"),
    path("missing-cost/<int:pk>/", views.enter_cost, name="enter-cost"),
]
urlpatterns += [
    path("payouts/", views.payouts, name="payouts"),
    path("payouts/received/", views.payout_received, name="payout-received"),
]
urlpatterns += [
    path("export/", export_views.export, name="export"),
    path("export/<str:kind>/", export_views.export_download, name="export-download"),
]
