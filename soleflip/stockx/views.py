"""Settings → StockX: credentials, the OAuth connect flow and the connection's health.
Owner only (core.change_systemconfig: only the Owner group holds settings permissions)."""

import secrets
from urllib.parse import urlsplit

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import connection
from .client import StockXError, authorize_url, exchange_code
from .forms import CredentialsForm

PERMISSION = "core.change_systemconfig"
SESSION_STATE = "stockx_oauth_state"


def _callback_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("stockx:callback"))


@permission_required(PERMISSION, raise_exception=True)
def settings_page(request: HttpRequest) -> HttpResponse:
    stored = connection.stored_credentials()
    form = CredentialsForm(request.POST or None, stored=stored)
    if request.method == "POST" and form.is_valid():
        names = form.save()
        labels = ", ".join(str(connection.CREDENTIAL_LABELS[name]) for name in names)
        messages.success(request, _("Stored the StockX %(labels)s.") % {"labels": labels})
        return redirect("stockx:settings")
    state = connection.get_state()
    today = connection.utc_today()
    context = {
        "form": form,
        "status": connection.status(state),
        "state": state,
        "syncs": connection.sync_records(),
        "requests_today": state.requests_on(today),
        "budget": settings.STOCKX_DAILY_REQUEST_BUDGET,
        "refresh_token_stored": bool(stored["refresh_token"]),
        "can_connect": all(stored[name] for name in ("client_id", "client_secret", "api_key")),
        "callback_url": _callback_url(request),
    }
    # The Connect form posts here and is redirected to StockX: browsers apply this page's
    # CSP form-action to that redirect, so StockX's sign-in origin must be allowed. It is
    # django-csp's @csp_update, applied here because the origin is read from settings.
    allow_sign_in = csp_update({"form-action": [_origin(settings.STOCKX_AUTH_BASE_URL)]})
    return allow_sign_in(render)(request, "stockx/settings.html", context)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def connect(request: HttpRequest) -> HttpResponse:
    """Send the owner to StockX to grant access (authorization-code flow)."""
    stored = connection.stored_credentials()
    if not stored["client_id"] or not stored["client_secret"] or not stored["api_key"]:
        messages.error(request, _("Store the client ID, client secret and API key first."))
        return redirect("stockx:settings")
    state = secrets.token_urlsafe(32)
    request.session[SESSION_STATE] = state
    url = authorize_url(
        client_id=stored["client_id"], redirect_uri=_callback_url(request), state=state
    )
    return redirect(url)


@permission_required(PERMISSION, raise_exception=True)
def callback(request: HttpRequest) -> HttpResponse:
    """StockX sends the browser back here with ?code=…&state=…; the state must be the one
    this session started with, else nothing is stored."""
    expected = request.session.pop(SESSION_STATE, None)
    if request.GET.get("error"):
        reason = request.GET.get("error_description") or request.GET["error"]
        messages.error(
            request, _("StockX did not grant access: %(reason)s") % {"reason": reason[:200]}
        )
        return redirect("stockx:settings")
    state = request.GET.get("state", "")
    if not expected or not secrets.compare_digest(state, expected):
        messages.error(
            request,
            _(
                "This answer from StockX does not belong to a connect request of this "
                "session; nothing was stored. Press Connect again."
            ),
        )
        return redirect("stockx:settings")
    code = request.GET.get("code", "")
    if not code:
        messages.error(request, _("StockX sent no authorization code; nothing was stored."))
        return redirect("stockx:settings")
    try:
        exchange_code(code=code, redirect_uri=_callback_url(request))
    except StockXError as exc:
        messages.error(
            request,
            _("StockX did not accept the authorization: %(reason)s") % {"reason": exc.message},
        )
        return redirect("stockx:settings")
    messages.success(request, _("Connected to StockX."))
    return redirect("stockx:settings")
