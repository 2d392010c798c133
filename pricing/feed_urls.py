"""The retailer-feed pages under /pricing/feeds/ (added to pricing/urls.py's namespace)."""

from django.urls import path

from soleflip.core import views as import_views

from . import feed_views

urlpatterns = [
    path("feeds/", feed_views.offer_list, name="feed-list"),
    # The import frame's upload page; the batch then lives under /imports/.
    path(
        "feeds/upload/",
        import_views.upload,
        {"source": "retailer_feed"},
        name="feed-upload",
    ),
    path("feeds/<int:pk>/look-up/", feed_views.look_up, name="feed-look-up"),
    path("feeds/settings/", feed_views.feed_settings, name="feed-settings"),
    path("feeds/download/", feed_views.download_now, name="feed-download"),
]
