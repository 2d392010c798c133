"""Ask for the dashboard's views to be refreshed once the current transaction commits
(once per transaction, however often it is asked). The task is sent by name so the
domain apps need not import the analytics app."""

from celery import current_app
from django.db import connection, transaction


def _send() -> None:
    current_app.signature("analytics.refresh").delay()


def refresh_after_commit() -> None:
    if any(callback is _send for _, callback, _ in connection.run_on_commit):
        return
    # robust: a broker that is down must not fail the work that just committed (beat
    # refreshes the views within minutes anyway); Django logs the error.
    transaction.on_commit(_send, robust=True)
