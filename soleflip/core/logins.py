"""Log-in audit and throttling: every log-in and failed log-in is recorded (never the
password), and after FAILURE_LIMIT failures for a username or an address within
WINDOW, log-ins are refused until the window has passed."""

import logging
from datetime import timedelta

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils import timezone

from .models import LoginEvent

logger = logging.getLogger(__name__)

FAILURE_LIMIT = 5
WINDOW = timedelta(minutes=15)


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is set by the TLS proxy's own config if needed.
    return request.META.get("REMOTE_ADDR") if request else None


def record(*, request, username: str, user=None, success: bool) -> None:
    LoginEvent.objects.create(
        username=(username or "")[:150],
        user=user,
        success=success,
        ip_address=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request else "")[:300],
    )


def too_many_failures(*, username: str, ip: str | None) -> bool:
    since = timezone.now() - WINDOW
    who = Q(username__iexact=username)
    if ip:
        who |= Q(ip_address=ip)
    return (
        LoginEvent.objects.filter(who, success=False, created_at__gte=since).count()
        >= FAILURE_LIMIT
    )


def on_logged_in(sender, request, user, **kwargs) -> None:
    record(request=request, username=user.get_username(), user=user, success=True)


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django already replaces the password in `credentials`; only the username is kept.
    username = credentials.get("username", "")
    record(request=request, username=username, success=False)
    logger.warning("Failed log-in for username %r from %s", username[:150], client_ip(request))


class ThrottledAuthenticationForm(AuthenticationForm):
    """The log-in form for the site and the admin, refusing while too many recent failures."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if too_many_failures(username=username, ip=client_ip(self.request)):
            # Not recorded as a LoginEvent (that would extend the lock), only logged.
            logger.warning(
                "Log-in refused for username %r from %s: too many failures",
                username[:150],
                client_ip(self.request),
            )
            raise forms.ValidationError(
                "Too many failed log-ins. Please wait 15 minutes and try again.", code="throttled"
            )
        return super().clean()
