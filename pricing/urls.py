from django.urls import path

from . import (
    buy_check_views,
    feed_urls,
    opportunity_views,
    repricing_views,
    stale_views,
    views,
)

app_name = "pricing"
urlpatterns = [
    path("", views.market_price_list, name="market-price-list"),
    path("stale/", stale_views.stale_stock, name="stale-stock"),
    path("repricing/", repricing_views.repricing_page, name="repricing"),
    path("repricing/apply/", repricing_views.apply, name="repricing-apply"),
    path("repricing/automatic/", repricing_views.auto_switch, name="repricing-auto"),
    path("repricing/runs/<int:pk>/", repricing_views.run_detail, name="repricing-run"),
    path("repricing/runs/<int:pk>/stop/", repricing_views.run_stop, name="repricing-run-stop"),
    path(
        "repricing/runs/<int:pk>/settle/", repricing_views.run_settle, name="repricing-run-settle"
    ),
    path(
        "repricing/runs/<int:pk>/resume/", repricing_views.run_resume, name="repricing-run-resume"
    ),
    path("accept/<int:pk>/", repricing_views.accept_view, name="accept"),
]

# Retailer feeds (pricing/feed_urls.py).
urlpatterns += feed_urls.urlpatterns
urlpatterns += [
    path("opportunities/", opportunity_views.opportunity_list, name="opportunities"),
    path("buy-check/", buy_check_views.buy_check_page, name="buy-check"),
    path("buy-check/stockx/", buy_check_views.look_up_on_stockx, name="buy-check-stockx"),
    path("buy-check/thresholds/", buy_check_views.set_thresholds, name="buy-thresholds"),
]
