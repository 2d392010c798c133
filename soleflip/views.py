from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from .analytics.refresh import refresh_analytics
from .dashboard import dashboard_numbers
from .lib.http import HtmxHttpRequest
from .lib.periods import PeriodForm, named_period


class DashboardPeriodForm(PeriodForm):
    NAMES = ("this_month", "last_30", "ytd", "last_month", "last_year")


def _dashboard_context(query: QueryDict) -> dict:
    """The dashboard's numbers for the period the query names (this month when it names none
    or an invalid one), with the bound period form."""
    today = timezone.localdate()
    form = DashboardPeriodForm(query or None, today=today)
    period = form.chosen if form.is_valid() else named_period("this_month", today)
    return {**dashboard_numbers(period.until(today)), "form": form}


@permission_required("sales.view_order", raise_exception=True)
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    """Every role may see the dashboard (read-only numbers); a user without a role may not."""
    return render(request, "dashboard.html", _dashboard_context(request.GET))


@require_POST
@permission_required("sales.change_order", raise_exception=True)
def refresh_dashboard(request: HtmxHttpRequest) -> HttpResponse:
    """Refresh the figures now (concurrently: readers never wait). From HTMX the figures
    region comes back for the period of the page (`next`); a plain form goes back there."""
    refresh_analytics()
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    back = back if safe else reverse("dashboard")
    if request.htmx:
        context = _dashboard_context(QueryDict(urlsplit(back).query))
        return render(request, "dashboard.html#figures", {**context, "next": back})
    messages.success(request, _("The figures are refreshed."))
    return redirect(back)


@login_not_required
@require_GET
@cache_control(max_age=24 * 60 * 60, public=True)
def favicon(request: HttpRequest) -> FileResponse:
    """The icon at /favicon.ico, for browsers and tools that ask there without reading the
    page's <link rel="icon">; public, like the login page."""
    return FileResponse(open(finders.find("img/favicon.svg"), "rb"), content_type="image/svg+xml")
