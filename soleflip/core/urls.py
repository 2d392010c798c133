from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="batch-list"),
    path("<int:pk>/", views.batch_detail, name="batch-detail"),
]
