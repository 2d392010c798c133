"""The checked figures of every matched retailer offer (`OfferCheck`, table
`pricing.offer_checks`): what the pair would cost and earn, worked out by
pricing.opportunities.check_offers with the fee engine, so the opportunities page can
filter and sort 100,000 offers by profit without quoting each one per request.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from soleflip.core.fields import MoneyField

from .feed_models import SourcePrice


class OfferCheckQuerySet(models.QuerySet):
    def opportunities(self) -> "OfferCheckQuerySet":
        """Offers whose expected payout beats their cost: a profit, sold now or listed.
        Only offers in stock are checked (check_offers drops the others), so this needs
        no look at the offers themselves."""
        return self.filter(profit__gt=0)


class OfferCheck(models.Model):
    """One in-stock offer of a product in a size against StockX's market for that size, as
    of `checked_at`: sold now (at the highest bid) and listed (at the sell-faster price,
    else the lowest ask). `profit`, `roi` (profit ÷ cost basis) and `margin` (profit ÷
    sale price) are those of the better of the two, what the page sorts by. Refreshed by
    the task pricing.check_offers (after each feed import and StockX enrichment, and every
    hour); the page works out its rows afresh."""

    offer = models.OneToOneField(
        SourcePrice,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="offer_check",
        verbose_name=_("offer"),
    )
    delivery = MoneyField(verbose_name=_("delivery per pair"))
    cost = MoneyField(verbose_name=_("cost basis"))
    market_date = models.DateField(verbose_name=_("market data of"))
    highest_bid = MoneyField(null=True, blank=True, verbose_name=_("highest bid"))
    list_price = MoneyField(null=True, blank=True, verbose_name=_("list price"))
    payout_now = MoneyField(null=True, blank=True, verbose_name=_("payout sold now"))
    profit_now = MoneyField(null=True, blank=True, verbose_name=_("profit sold now"))
    payout_list = MoneyField(null=True, blank=True, verbose_name=_("payout listed"))
    profit_list = MoneyField(null=True, blank=True, verbose_name=_("profit listed"))
    profit = MoneyField(null=True, blank=True, verbose_name=_("profit"))
    roi = models.DecimalField(
        max_digits=10, decimal_places=4, null=True, blank=True, verbose_name=_("ROI")
    )
    margin = models.DecimalField(
        max_digits=10, decimal_places=4, null=True, blank=True, verbose_name=_("margin")
    )
    checked_at = models.DateTimeField(verbose_name=_("checked"))

    objects = OfferCheckQuerySet.as_manager()

    class Meta:
        db_table = 'pricing"."offer_checks'
        verbose_name = _("offer check")
        verbose_name_plural = _("offer checks")
        indexes = [
            # The page's order: the most profitable offers first, only those with a profit.
            models.Index(
                fields=["-profit", "-offer"], name="offer_check_profit", condition=Q(profit__gt=0)
            ),
            models.Index(fields=["checked_at"], name="offer_check_checked"),  # the last check
        ]

    def __str__(self) -> str:
        return str(self.offer)
