import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from soleflip.analytics.refresh import refresh_analytics
from soleflip.lib.formats import format_number


class Command(BaseCommand):
    help = "Refresh the dashboard's materialized views in the analytics schema."

    def handle(self, *args, **options):
        started = time.monotonic()
        refresh_analytics()
        seconds = round(time.monotonic() - started, 1)
        self.stdout.write(
            _("Analytics refreshed in %(seconds)s s.") % {"seconds": format_number(seconds, 1)}
        )
