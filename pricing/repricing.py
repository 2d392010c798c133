"""Repricing: which live asks need a new price, and changing them in bulk.

An ask is a candidate (`candidates()`) when, as of its last check (`AskCheck`, written by
`check_asks`), it is
- above the current lowest ask of its product and size (someone sells it cheaper),
- below its pair's floor (it would sell at less than the pair must earn), or
- unchanged for REPRICE_UNCHANGED_DAYS days (settings.PRICING_REPRICE_UNCHANGED_DAYS).

The page shows the candidates with a fresh recommendation each (`rows_for`); choosing
some and applying makes a `RepricingRun` (`start_run`) that the Celery task
pricing.apply_repricing works off (`apply_run`): StockX asks through the batch listing
endpoints (soleflip/stockx/batches.py, 100 an update, within the item limits), asks on
other marketplaces here only (their prices are changed there by hand). Every change is a
row of pricing.price_history with who, old and new price and the reason (the rule, else
"recommendation"). A price below the pair's floor is never sent.

Automatic repricing (`auto_reprice`): a rule marked automatic is applied on schedule to
the StockX asks it covers, at most every `auto_interval_hours`, while the switch
(`auto_enabled`) is on; switching it off stops a running automatic run before its next
batch.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from inventory.choices import UNSOLD_STATUSES
from inventory.models import StockItem
from sales.models import Listing, ListingStatus
from soleflip.core.models import SystemConfig

from .models import AskCheck, PriceRule, RepricingItem, RepricingRun
from .recommend import Recommendation, Recommender, market_data

AUTO_SWITCH = "pricing.auto_repricing"
Outcome = RepricingItem.Outcome


# --- which asks --------------------------------------------------------------------------


def live_asks() -> QuerySet:
    """Active asks of unsold pairs, with the day their price was last set."""
    return Listing.objects.filter(
        status=ListingStatus.ACTIVE, inventory_item__status__in=UNSOLD_STATUSES
    ).annotate(price_since=Coalesce("price_set_at", "listed_at", "created_at"))


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def candidates(unchanged_days: int | None = None) -> QuerySet:
    """The live asks that need a look, each flagged with why (above_market, below_floor,
    unchanged), as of their last check."""
    days = settings.PRICING_REPRICE_UNCHANGED_DAYS if unchanged_days is None else unchanged_days
    since = timezone.now() - timedelta(days=days)
    above = Q(ask_check__lowest_ask__isnull=False, amount__gt=F("ask_check__lowest_ask"))
    below = Q(ask_check__floor__isnull=False, amount__lt=F("ask_check__floor"))
    unchanged = Q(price_since__lt=since)
    return (
        live_asks()
        .annotate(above_market=_flag(above), below_floor=_flag(below), unchanged=_flag(unchanged))
        .filter(above | below | unchanged)
    )


def candidates_count() -> int:
    """The dashboard's number of asks to look at: counted once per check of the asks
    (every 30 minutes) and kept in the cache for at most ten minutes, as the dashboard's
    other figures are as of the last analytics refresh."""
    checked = AskCheck.objects.aggregate(at=Max("checked_at"))["at"]
    key = f"repricing:candidates:{checked.isoformat() if checked else '-'}"
    found = cache.get(key)
    if found is None:
        found = candidates().count()
        cache.set(key, found, timeout=600)
    return found


def check_asks(listings: Iterable[Listing] | None = None) -> int:
    """Work out floor, market and recommendation of the live asks (all, or `listings`)
    and keep them in pricing.ask_checks; checks of asks no longer live go. Returns the
    number checked."""
    asks = live_asks().select_related(
        "marketplace", "inventory_item__product__brand", "inventory_item__size"
    )
    if listings is not None:
        asks = asks.filter(pk__in=[x.pk for x in listings])
    else:
        AskCheck.objects.exclude(listing__in=live_asks()).delete()
    asks = list(asks)
    now, checked = timezone.now(), 0
    recommender = Recommender(timezone.localdate())
    for start in range(0, len(asks), 1000):
        chunk = asks[start : start + 1000]
        pairs = [ask.inventory_item for ask in chunk]
        markets = market_data(pairs)
        rows = []
        for ask in chunk:
            rec = recommender.recommend(ask.inventory_item, markets, marketplace=ask.marketplace)
            rows.append(
                AskCheck(
                    listing=ask,
                    floor=rec.floor,
                    lowest_ask=rec.market.lowest_ask if rec.market else None,
                    recommended=rec.price,
                    checked_at=now,
                )
            )
        AskCheck.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["listing"],
            update_fields=["floor", "lowest_ask", "recommended", "checked_at"],
        )
        checked += len(rows)
    return checked


# --- the page's rows ---------------------------------------------------------------------


@dataclass
class Row:
    """A candidate ask with its fresh recommendation and what the change does."""

    ask: Listing
    rec: Recommendation
    payout_change: Decimal | None
    profit_change: Decimal | None

    @property
    def pair(self) -> StockItem:
        return self.ask.inventory_item

    @property
    def new_price(self) -> Decimal | None:
        price = self.rec.price
        return price if price is not None and price != self.ask.amount else None


def rows_for(asks: list[Listing]) -> list[Row]:
    """Fresh recommendations for the asks of one page, with the change in payout and in
    profit if the ask moved to the recommended price."""
    today = timezone.localdate()
    recommender = Recommender(today)
    markets = market_data([ask.inventory_item for ask in asks])
    rows = []
    for ask in asks:
        rec = recommender.recommend(ask.inventory_item, markets, marketplace=ask.marketplace)
        payout_change = profit_change = None
        if rec.price is not None:
            schedule = recommender.schedule(ask.marketplace)
            old, new = schedule.quote(ask.amount, today), schedule.quote(rec.price, today)
            payout_change = new.payout - old.payout
            before = recommender.profit(ask.inventory_item, ask.marketplace, ask.amount)
            after = recommender.profit(ask.inventory_item, ask.marketplace, rec.price)
            if before is not None and after is not None:
                profit_change = after - before
        rows.append(Row(ask, rec, payout_change, profit_change))
    return rows


# --- runs ---------------------------------------------------------------------------------


class RepricingError(Exception):
    """Why a run could not be started, in words for the page."""


def reason_for(rec: Recommendation) -> str:
    return rec.rule.name if rec.rule else _("recommendation")


def start_run(listing_ids: Iterable[int], *, user=None, rule: PriceRule | None = None):
    """A run that moves the chosen live asks to their recommended price (worked out
    now). Asks already at it, or without a recommendation, are left out; none left: an
    error."""
    asks = list(
        live_asks()
        .filter(pk__in=list(listing_ids))
        .select_related("marketplace", "inventory_item__product__brand", "inventory_item__size")
    )
    rows = [row for row in rows_for(asks) if row.new_price is not None]
    if not rows:
        raise RepricingError(_("None of the chosen asks has a new recommended price."))
    with transaction.atomic():
        run = RepricingRun.objects.create(
            created_by=user,
            rule=rule,
            total=len(rows),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        RepricingItem.objects.bulk_create(
            RepricingItem(
                run=run,
                listing=row.ask,
                inventory_item=row.pair,
                marketplace=row.ask.marketplace,
                old_amount=row.ask.amount,
                new_amount=row.new_price,
                floor=row.rec.floor,
                reason=reason_for(row.rec)[:255],
            )
            for row in rows
        )
    return run


def apply_run(run: RepricingRun, *, client_factory=None) -> RepricingRun:
    """Work off the run's waiting items (again after a crash: done items stay done, and
    sending an ask its new price twice changes nothing)."""
    from soleflip.stockx.client import StockXNotConnected, get_client

    run.refresh_from_db()
    if not run.running:
        return run
    run.start()
    with translation.override(run.language):
        items = list(
            run.items.filter(outcome=Outcome.PENDING).select_related(
                "listing", "marketplace", "inventory_item"
            )
        )
        for item in items:
            if item.floor is not None and item.new_amount < item.floor:
                _settle(item, Outcome.NOT_SENT, _("below the floor: not sent"))
        items = [i for i in items if i.outcome == Outcome.PENDING]
        local = [i for i in items if i.marketplace.slug != "stockx"]
        stockx = [i for i in items if i.marketplace.slug == "stockx"]
        for item in local:
            _change_here(run, item)
        run.count_done()
        if stockx:
            try:
                client = (client_factory or get_client)()
            except StockXNotConnected as exc:
                for item in stockx:
                    _settle(item, Outcome.NOT_SENT, exc.message)
                stockx = []
                run.count_done()
            for start in range(0, len(stockx), settings.STOCKX_BATCH_SIZE):
                if _stopped(run):
                    for item in stockx[start:]:
                        _settle(item, Outcome.NOT_SENT, _("stopped before it was sent"))
                    run.finish(RepricingRun.Status.STOPPED)
                    return run
                _send(run, client, stockx[start : start + settings.STOCKX_BATCH_SIZE])
        run.finish(RepricingRun.Status.DONE)
    check_asks([item.listing for item in run.items.select_related("listing")])
    return run


def _stopped(run: RepricingRun) -> bool:
    """Stopped from its page, or (an automatic run) the switch is off."""
    status = RepricingRun.objects.filter(pk=run.pk).values_list("status", flat=True).first()
    return status == RepricingRun.Status.STOPPED or (run.rule_id and not auto_enabled())


def _send(run: RepricingRun, client, items: list[RepricingItem]) -> None:
    from soleflip.stockx import batches

    changes = [(item.listing.external_id, item.new_amount) for item in items]
    results = batches.update_prices(client, changes)
    with transaction.atomic():
        for item in items:
            result = results.get(item.listing.external_id)
            if result is None:
                _settle(item, Outcome.UNKNOWN, _("StockX said nothing about this ask."))
                continue
            item.stockx_batch_id = result.batch_id or ""
            if result.outcome == "changed":
                _record_change(run, item, source="stockx_batch")
                _settle(item, Outcome.CHANGED, "")
            else:
                _settle(item, result.outcome, result.message)
        run.count_done()


def settle_unknown(run: RepricingRun, *, client_factory=None) -> int:
    """Ask StockX again about the run's items it took but did not report on ("unknown",
    with their batch): the ones it now reports are settled. Only reads at StockX; returns
    the number settled."""
    from soleflip.stockx import batches
    from soleflip.stockx.client import get_client

    unknown = list(
        run.items.filter(outcome=Outcome.UNKNOWN)
        .exclude(stockx_batch_id="")
        .select_related("listing")
    )
    if not unknown:
        return 0
    client = (client_factory or get_client)()
    settled = 0
    with translation.override(run.language):
        by_batch: dict[str, list[RepricingItem]] = {}
        for item in unknown:
            by_batch.setdefault(item.stockx_batch_id, []).append(item)
        for batch_id, items in by_batch.items():
            results = batches.settle(client, batch_id, [i.listing.external_id for i in items])
            with transaction.atomic():
                for item in items:
                    result = results.get(item.listing.external_id)
                    if result is None or result.outcome == Outcome.UNKNOWN:
                        continue
                    if result.outcome == Outcome.CHANGED:
                        _record_change(run, item, source="stockx_batch")
                    _settle(item, result.outcome, result.message)
                    settled += 1
    return settled


def _change_here(run: RepricingRun, item: RepricingItem) -> None:
    with transaction.atomic():
        _record_change(run, item, source="repricing")
        _settle(
            item,
            Outcome.CHANGED,
            _("changed here; change the ask on %(marketplace)s too")
            % {"marketplace": item.marketplace},
        )


def _record_change(run: RepricingRun, item: RepricingItem, *, source: str) -> None:
    from soleflip.stockx.asks import record_ask_price

    listing = item.listing
    listing.amount = item.new_amount
    listing.save(update_fields=["amount", "updated_at"])
    record_ask_price(
        listing,
        source=source,
        previous=item.old_amount,
        user=run.created_by,
        reason=item.reason,
    )


def _settle(item: RepricingItem, outcome: str, message: str) -> None:
    item.outcome, item.message = outcome, message
    item.save(update_fields=["outcome", "message", "stockx_batch_id", "updated_at"])


# --- automatic repricing -----------------------------------------------------------------


def auto_enabled() -> bool:
    return SystemConfig.objects.get_value(AUTO_SWITCH, "on") == "on"


def set_auto_enabled(on: bool) -> None:
    SystemConfig.objects.set_value(
        AUTO_SWITCH, "on" if on else "off", "Automatic repricing by rules (on/off)"
    )


def due_rules(now=None) -> list[PriceRule]:
    now = now or timezone.now()
    recommender = Recommender(timezone.localdate())
    return [
        rule
        for rule in recommender.rules
        if rule.automatic
        and (
            rule.auto_last_run_at is None
            or rule.auto_last_run_at <= now - timedelta(hours=rule.auto_interval_hours)
        )
    ]


def auto_reprice() -> list[RepricingRun]:
    """Apply each due automatic rule to the StockX asks it covers (the runs it made)."""
    if not auto_enabled():
        return []
    runs = []
    for rule in due_rules():
        covered = _covered_by(rule)
        rule.auto_last_run_at = timezone.now()
        rule.save(update_fields=["auto_last_run_at"])
        if not covered:
            continue
        try:
            run = start_run(covered, rule=rule)
        except RepricingError:
            continue  # every ask already at its price
        runs.append(apply_run(run))
    return runs


def _covered_by(rule: PriceRule) -> list[int]:
    """The live StockX asks whose pair this rule prices (the first rule that covers it)."""
    asks = live_asks().filter(marketplace__slug="stockx")
    if rule.brand_id:
        asks = asks.filter(inventory_item__product__brand_id=rule.brand_id)
    if rule.category_id:
        asks = asks.filter(inventory_item__product__category_id=rule.category_id)
    asks = asks.select_related("inventory_item__product")
    recommender = Recommender(timezone.localdate())
    return [ask.pk for ask in asks if recommender.rule_for(ask.inventory_item) == rule]
