from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from soleflip.core.fields import EncryptedTextField


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value with the newest FIELD_ENCRYPTION_KEY. Run after "
        "prepending a new key; afterwards the old key can be removed."
    )

    def handle(self, *args, **options) -> None:
        total = 0
        with transaction.atomic():
            for model in apps.get_models():
                fields = [
                    f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
                ]
                if not fields:
                    continue
                # Loading decrypts with any configured key; saving encrypts with the first.
                for obj in model._default_manager.select_for_update().iterator():
                    obj.save(update_fields=fields)
                    total += 1
        self.stdout.write(
            ngettext(
                "Re-encrypted %(n)s row with the newest key.",
                "Re-encrypted %(n)s rows with the newest key.",
                total,
            )
            % {"n": total}
        )
