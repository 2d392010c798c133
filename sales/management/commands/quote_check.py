"""manage.py quote_check PATH [--all]: the fee rules against a StockX sales report. Lists
every sale where the quote for its price, date and seller level does not give the
reported payout, with the explanation; --all lists the agreeing ones too. Exit status:
0 checked, 2 the file is unusable (rows that cannot be read are listed and skipped)."""

import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sales.fee_check import VERDICTS, check_sales, report_sales
from sales.fees import FeeSchedule
from sales.models import Marketplace
from sales.stockx_report import ReportFileError
from soleflip.lib.formats import format_date, format_euro


class Command(BaseCommand):
    help = "Check the StockX fee rules against a StockX sales report (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--all", action="store_true", help="list agreeing sales too")

    def handle(self, *args, path: Path, all: bool, **options):
        try:
            sales, errors = report_sales(path)
        except (ReportFileError, OSError) as error:
            self.stderr.write(str(error))
            sys.exit(2)
        for error in errors:
            self.stderr.write(error)
        checked = check_sales(FeeSchedule.of(Marketplace.objects.get(slug="stockx")), sales)
        for row in checked:
            if all or not row.agrees:
                sale = row.sale
                self.stdout.write(
                    _(
                        "%(order)s  %(date)s  price %(price)s  payout %(payout)s, rules %(quoted)s: %(why)s"
                    )
                    % {
                        "order": sale.reference,
                        "date": format_date(sale.sold_on),
                        "price": format_euro(sale.price),
                        "payout": format_euro(sale.payout),
                        "quoted": format_euro(row.quoted_payout),
                        "why": row.explanation,
                    }
                )
        counts = Counter(row.verdict for row in checked)
        agree = counts["match"] + counts["rounding"]
        self.stdout.write(
            _(
                "%(total)s sales checked: %(agree)s agree with the rules, %(other)s differ (%(by)s); %(errors)s rows unreadable."
            )
            % {
                "total": len(checked),
                "agree": agree,
                "other": len(checked) - agree,
                "by": ", ".join(f"{v} {counts[v]}" for v in VERDICTS if counts[v]),
                "errors": len(errors),
            }
        )
