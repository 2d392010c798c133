"""manage.py quote --marketplace stockx --price 150 [--date 2024-07-15] [--level 2]
prints every fee line and the payout; --payout 130 prints the price that payout needs."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from sales.fees import FeeSchedule
from sales.models import Marketplace
from soleflip.lib.formats import format_date, format_euro, format_percent


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise CommandError(_("%(value)s is not an amount") % {"value": text}) from None
    if not value.is_finite() or value < 0:
        raise CommandError(_("%(value)s is not an amount") % {"value": text})
    return value


class Command(BaseCommand):
    help = "The fee lines and payout of a sale, or the price a payout needs."

    def add_arguments(self, parser):
        parser.add_argument("--marketplace", required=True, help="slug, e.g. stockx")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--price", type=_amount)
        target.add_argument("--payout", type=_amount)
        parser.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (today)")
        parser.add_argument("--level", type=int, help="seller level (the marketplace's)")

    def handle(self, *args, **options):
        market = Marketplace.objects.filter(slug=options["marketplace"]).first()
        if market is None:
            slugs = ", ".join(Marketplace.objects.values_list("slug", flat=True))
            raise CommandError(
                _("No marketplace %(slug)s; there are: %(slugs)s")
                % {"slug": options["marketplace"], "slugs": slugs}
            )
        on = options["date"] or timezone.localdate()
        schedule = FeeSchedule.of(market)
        level = options["level"] if options["level"] is not None else schedule.level_on(on)
        price = options["price"]
        if price is None:
            price = schedule.price_for_payout(options["payout"], on, level)
        quote = schedule.quote(price, on, level)
        out = self.stdout.write
        out(
            _("%(market)s on %(date)s, seller level %(level)s")
            % {"market": market, "date": format_date(on), "level": level or "–"}
        )
        price_label, payout_label = _("Price"), _("Payout")
        out(f"  {price_label:<40}{format_euro(quote.price):>14}")
        for line in quote.lines:
            rule = line.rule
            places = max(0, -rule.percentage.normalize().as_tuple().exponent)
            how = format_percent(rule.percentage / 100, places)
            if rule.fixed_amount:
                how += f" + {format_euro(rule.fixed_amount)}"
            if line.minimum_applied:
                how = _("minimum %(amount)s") % {"amount": format_euro(rule.minimum_amount)}
            label = f"{line.label} ({how})"
            if line.estimate:
                label += " " + _("estimate")
            out(f"- {label:<40}{format_euro(line.amount):>14}   {rule.notes}")
        out(f"= {payout_label:<40}{format_euro(quote.payout):>14}")
        if options["payout"] is not None:
            out(
                _("A payout of %(payout)s needs a price of %(price)s.")
                % {"payout": format_euro(options["payout"]), "price": format_euro(quote.price)}
            )
