import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soleflip.settings")

app = Celery("soleflip")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["pricing"], related_name="opportunity_tasks")
# Periodic schedules are declared here, in one place, as features add them.
app.conf.beat_schedule = {
    "refresh-analytics": {"task": "analytics.refresh", "schedule": 10 * 60},
    "expire-stale-imports": {"task": "imports.expire_stale", "schedule": 5 * 60},
    "stockx-sync-orders": {"task": "stockx.sync_orders", "schedule": 15 * 60},
    "stockx-sync-listings": {"task": "stockx.sync_listings", "schedule": 30 * 60},
    "pricing-check-asks": {"task": "pricing.check_asks", "schedule": 30 * 60},
    "pricing-auto-reprice": {"task": "pricing.auto_reprice", "schedule": 15 * 60},
    "pricing-check-offers": {"task": "pricing.check_offers", "schedule": 60 * 60},
    "nightly-backup": {"task": "backups.nightly", "schedule": crontab(hour=2, minute=15)},
    "stockx-enrich-missing": {
        "task": "stockx.enrich_missing",
        "schedule": crontab(hour=3, minute=30),
    },
    "purge-expired": {"task": "retention.purge_expired", "schedule": crontab(hour=2, minute=30)},
    "delete-expired-exports": {"task": "exports.delete_expired", "schedule": 60 * 60},
    "retailer-feed": {"task": "pricing.import_feed_url", "schedule": crontab(hour=4, minute=15)},
}
