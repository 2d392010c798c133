from django.urls import path

from . import retention_views, views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="batch-list"),
    path("<int:pk>/", views.batch_detail, name="batch-detail"),
    path("<int:pk>/status/", views.batch_status, name="batch-status"),
    path("<int:pk>/import/", views.batch_commit, name="batch-commit"),
    path("<int:pk>/retry/", views.batch_retry, name="batch-retry"),
]

# Settings → Retention (/settings/retention/).
retention_patterns = (
    [path("", retention_views.settings_page, name="settings")],
    "retention",
)
