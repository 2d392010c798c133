"""What every GDPR erasure shares: the placeholders that replace personal values, and the
audit trace in the admin's log (django_admin_log), whose earlier entries named the
person in their object description."""

import logging

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy

logger = logging.getLogger("soleflip.erasure")

ERASED = "[erased]"
# The admin log's entry (shown in the object's history), in the language of the erasure.
AUDIT_MESSAGE = gettext_lazy("Anonymised (GDPR erasure)")


class ErasureRefused(Exception):
    """This erasure may not be done (e.g. one's own login); nothing was changed."""


def erased_email(pk: int) -> str:
    """A placeholder unique per row, valid as an email address, that never delivers
    (.invalid is reserved, RFC 2606)."""
    return f"erased-{pk}@erased.invalid"


def erased_value(value):
    """A raw value replaced by a marker (empty values stay empty, so the row keeps its
    shape and shows which columns had values)."""
    return value if value in ("", None) else ERASED


def record_erasure(*, obj: models.Model, by: models.Model) -> None:
    """The audit trace: the object's earlier admin log entries lose the old name, and one
    entry by `by` says it was erased (shown in the object's admin history). Plus a log line."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    LogEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).update(
        object_repr=str(obj)[:200]
    )
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=str(AUDIT_MESSAGE),
        single_object=True,
    )
    logger.info("Anonymised (GDPR erasure): %s #%s by %s", obj._meta.label, obj.pk, by)
