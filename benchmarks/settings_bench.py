"""Settings for the import benchmarks: the test settings, except that Celery tasks are
queued (to the in-memory broker) instead of run in the importing process, as in
production, where a worker does the follow-up work (the analytics refresh)."""

from soleflip.settings_test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
