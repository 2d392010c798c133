"""Celery tasks of pricing: thin entry points to pricing/repricing.py."""

from celery import shared_task

from . import repricing
from .models import RepricingRun


@shared_task(name="pricing.apply_repricing")
def apply_repricing(run_id: int) -> dict:
    """Change the prices of a run's asks (the repricing page's "Apply")."""
    run = repricing.apply_run(RepricingRun.objects.get(pk=run_id))
    return run.counts()


@shared_task(name="pricing.check_asks", ignore_result=True)
def check_asks() -> int:
    """Every 30 minutes: each live ask against its floor and the market."""
    return repricing.check_asks()


@shared_task(name="pricing.auto_reprice", ignore_result=True)
def auto_reprice() -> int:
    """Every 15 minutes: the automatic rules that are due (while the switch is on)."""
    return len(repricing.auto_reprice())
