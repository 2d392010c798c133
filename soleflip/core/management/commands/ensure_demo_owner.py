import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from soleflip.core.models import User
from soleflip.core.roles import OWNER


class Command(BaseCommand):
    help = (
        "Create the demo owner login (username 'owner') if it does not exist and print it. "
        "Used by `make run`; the password is generated once and kept in .data/demo-owner."
    )

    def handle(self, *args, **options) -> None:
        secret_file = settings.DATA_DIR / "demo-owner"
        user = User.objects.filter(username="owner").first()
        if user is None or not secret_file.exists():
            password = secrets.token_urlsafe(10)
            user = user or User(username="owner", email="owner@example.com")
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=OWNER))
            settings.DATA_DIR.mkdir(exist_ok=True)
            secret_file.write_text(password)
            secret_file.chmod(0o600)
        self.stdout.write(
            _("Demo login: %(username)s / %(password)s")
            % {"username": "owner", "password": secret_file.read_text().strip()}
        )
