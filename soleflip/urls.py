from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from inventory.urls import purchase_patterns

from . import views
from .core import language
from .core import urls as core_urls
from .core.logins import ThrottledAuthenticationForm
from .stockx import urls as stockx_urls

admin.site.login_form = ThrottledAuthenticationForm

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dashboard/refresh/", views.refresh_dashboard, name="dashboard-refresh"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("language/", language.choose_language, name="language"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=ThrottledAuthenticationForm
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("inventory/", include("inventory.urls")),
    path("sales/", include("sales.urls")),
    path("purchases/", include(purchase_patterns)),
    path("suppliers/", include("suppliers.urls")),
    path("catalog/", include("catalog.urls")),
    path("pricing/", include("pricing.urls")),
    path("imports/", include("soleflip.core.urls")),
    path("settings/stockx/", include("soleflip.stockx.urls")),
    path("settings/retention/", include(core_urls.retention_patterns)),
    path("stockx/asks/", include(stockx_urls.ask_patterns)),
    path("stockx/catalog/", include(stockx_urls.catalog_patterns)),
    path("admin/", admin.site.urls),
]
