"""Log-in audit and throttling: every log-in and failed log-in is recorded (never the
password), and after FAILURE_LIMIT failures for a username or an address within
WINDOW, log-ins are refused until the window has passed.

Counting the failures, checking the password and recording a failure are one step per
username and per address: an attempt holds PostgreSQL advisory locks on both until its
failure is committed, so parallel attempts queue instead of all reading the same count
(40 wrong passwords sent at once used to get 40 password checks). django-axes was
weighed and not taken: it checks its count before the password and stores the failure
after it, the same race (jazzband/django-axes#592, closed as "known issue, won't fix").
"""

import logging
from datetime import timedelta

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LoginEvent

logger = logging.getLogger(__name__)

FAILURE_LIMIT = 5
WINDOW = timedelta(minutes=15)

# The two advisory-lock key spaces (pg_advisory_xact_lock(class, key)): usernames, addresses.
_USERNAME_LOCK, _ADDRESS_LOCK = 7301, 7302


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


def take_turn(*, username: str, ip: str | None) -> None:
    """Wait for other log-in attempts with this username or from this address to finish,
    and hold them off until the current transaction ends. Always the username first, then
    the address, so two attempts can never wait for each other."""
    with connection.cursor() as cursor:
        # upper(): the same folding as username__iexact in too_many_failures.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, hashtext(upper(%s)))", [_USERNAME_LOCK, username]
        )
        if ip:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [_ADDRESS_LOCK, ip])


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
        ip = client_ip(self.request)
        with transaction.atomic():
            take_turn(username=username, ip=ip)
            if too_many_failures(username=username, ip=ip):
                # Not recorded as a LoginEvent (that would extend the lock), only logged.
                logger.warning(
                    "Log-in refused for username %r from %s: too many failures",
                    username[:150],
                    ip,
                )
                refusal = forms.ValidationError(
                    _("Too many failed log-ins. Please wait %(minutes)s minutes and try again.")
                    % {"minutes": int(WINDOW.total_seconds() // 60)},
                    code="throttled",
                )
            else:
                try:
                    return super().clean()
                except forms.ValidationError as error:
                    # Raised after the block, so the failure recorded meanwhile (by the
                    # user_login_failed signal) is committed rather than rolled back.
                    refusal = error
        raise refusal
