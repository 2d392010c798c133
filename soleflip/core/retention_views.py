"""Settings → Retention: how long import rows and log-in records are kept. Owner only
(core.change_systemconfig: only the Owner group holds settings permissions)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from soleflip.lib.http import HtmxHttpRequest

from . import retention
from .forms import RetentionForm
from .models import ImportBatch


@permission_required("core.change_systemconfig", raise_exception=True)
def settings_page(request: HtmxHttpRequest) -> HttpResponse:
    initial = {
        "import_records_days": retention.retention_days(retention.IMPORT_RECORDS),
        "login_events_days": retention.retention_days(retention.LOGIN_EVENTS),
    }
    form = RetentionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        retention.set_retention_days(**form.cleaned_data, by=request.user)
        messages.success(request, _("Retention periods saved; the next nightly purge uses them."))
        return redirect("retention:settings")
    context = {
        "form": form,
        # What the nightly purge would remove now (counts only).
        "due": retention.purge_expired(dry_run=True),
        "last_purge": ImportBatch.objects.aggregate(last=Max("rows_purged_at"))["last"],
    }
    return render(request, "core/retention_settings.html", context)
