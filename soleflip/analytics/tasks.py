from celery import shared_task

from .refresh import refresh_analytics


@shared_task(name="analytics.refresh", ignore_result=True)
def refresh_analytics_task() -> None:
    refresh_analytics()
