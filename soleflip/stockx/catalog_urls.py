from django.urls import path

from . import catalog_views

app_name = "stockx-catalog"
urlpatterns = [
    path("products/<int:pk>/look-up/", catalog_views.look_up, name="look-up"),
    path("products/<int:pk>/accept/", catalog_views.accept_match, name="accept"),
]
