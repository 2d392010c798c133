from django.contrib import admin

from soleflip.core.admin_utils import ViewOnlyAdminMixin

from .models import StockXState, StockXSync


@admin.register(StockXSync)
class StockXSyncAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("kind", "last_finished_at", "succeeded", "items", "last_success_at", "error")


@admin.register(StockXState)
class StockXStateAdmin(ViewOnlyAdminMixin, admin.ModelAdmin):
    # The cached access token is a secret: never shown.
    exclude = ("access_token",)
    list_display = ("__str__", "needs_reauth", "budget_day", "requests_today", "last_error_at")
