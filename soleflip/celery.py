import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soleflip.settings")

app = Celery("soleflip")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Periodic schedules are declared here, in one place, as features add them.
app.conf.beat_schedule = {
    "refresh-analytics": {"task": "analytics.refresh", "schedule": 10 * 60},
}
