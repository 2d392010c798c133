import time

from django.core.management.base import BaseCommand

from soleflip.analytics.refresh import refresh_analytics


class Command(BaseCommand):
    help = "Refresh the dashboard's materialized views in the analytics schema."

    def handle(self, *args, **options):
        started = time.monotonic()
        refresh_analytics()
        self.stdout.write(f"Analytics refreshed in {time.monotonic() - started:.1f} s.")
