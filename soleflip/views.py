from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from .analytics.tasks import refresh_analytics_task
from .dashboard import dashboard_numbers
from .lib.periods import PeriodForm, named_period


class DashboardPeriodForm(PeriodForm):
    NAMES = ("this_month", "last_30", "ytd", "last_month", "last_year")


@permission_required("sales.view_order", raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every role may see the dashboard (read-only numbers); a user without a role may not."""
    today = timezone.localdate()
    form = DashboardPeriodForm(request.GET or None, today=today)
    period = form.chosen if form.is_valid() else named_period("this_month", today)
    context = dashboard_numbers(period.until(today))
    return render(request, "dashboard.html", {**context, "form": form})


@require_POST
@permission_required("sales.change_order", raise_exception=True)
def refresh_dashboard(request: HttpRequest) -> HttpResponse:
    refresh_analytics_task.delay()
    messages.info(request, "The figures are being refreshed; reload the page in a moment.")
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return redirect(back if safe else "dashboard")


@login_not_required
@require_GET
@cache_control(max_age=24 * 60 * 60, public=True)
def favicon(request: HttpRequest) -> FileResponse:
    """The icon at /favicon.ico, for browsers and tools that ask there without reading the
    page's <link rel="icon">; public, like the login page."""
    return FileResponse(open(finders.find("img/favicon.svg"), "rb"), content_type="image/svg+xml")
