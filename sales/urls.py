from django.urls import path

from soleflip.core import views as import_views

from . import export_views, fee_views, sell_views, views

app_name = "sales"
urlpatterns = [
    path("", views.order_list, name="order-list"),
    path("<int:pk>/", views.order_detail, name="order-detail"),
]
urlpatterns += [
    # The import frame's upload page; the batch then lives under /imports/.
    path(
        "stockx/upload/",
        import_views.upload,
        {"source": "stockx_sales_report"},
        name="stockx-upload",
    ),
    path(
        "marketplace/upload/",
        import_views.upload,
        {"source": "marketplace_sales"},
        name="marketplace-upload",
    ),
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
    path("export/workbook/", export_views.export_workbook, name="export-workbook"),
    path("export/workbook/<int:pk>/", export_views.export_job, name="export-job"),
    path("export/workbook/<int:pk>/file/", export_views.export_job_file, name="export-job-file"),
    path("export/<str:kind>/", export_views.export_download, name="export-download"),
]
urlpatterns += [
    # A sale on any marketplace, by hand (one pair or several).
    path("sell/", sell_views.sell, name="sell"),
    path("<int:pk>/change/", sell_views.change, name="sale-change"),
    path("<int:pk>/cancel/", sell_views.cancel, name="sale-cancel"),
    # The StockX fee rules against the imported orders.
    path("fee-check/", fee_views.fee_check, name="fee-check"),
]
