"""Work on users that spans more than one model."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from .erasure import ErasureRefused, record_erasure
from .models import LoginEvent, User


def anonymise_user(*, user: User, by: User) -> None:
    """GDPR erasure of a login: username becomes `erased-<id>`, names and email are
    cleared, the password unusable, the login inactive with no roles; its log-in records
    lose the username, IP address and browser. The row itself stays, so the imports,
    pair history and admin log it made keep pointing at it."""
    if user.pk == by.pk:
        raise ErasureRefused(_("You cannot erase your own login."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        old_username = user.username
        user.username = f"erased-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.set_unusable_password()
        user.is_active = user.is_staff = user.is_superuser = False
        user.full_clean()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        # Failed log-ins carry only the typed username: match it as the log-in form does.
        LoginEvent.objects.filter(Q(user=user) | Q(username__iexact=old_username)).update(
            username=user.username, ip_address=None, user_agent=""
        )
        record_erasure(obj=user, by=by)
