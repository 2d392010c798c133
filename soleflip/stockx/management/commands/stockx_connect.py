import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from soleflip.stockx import connection
from soleflip.stockx.client import StockXError, refresh_access_token

ENV = {
    "client_id": "STOCKX_CLIENT_ID",
    "client_secret": "STOCKX_CLIENT_SECRET",
    "api_key": "STOCKX_API_KEY",
    "refresh_token": "STOCKX_REFRESH_TOKEN",
}


class Command(BaseCommand):
    help = (
        "Store StockX credentials (encrypted) and check them with one token refresh. Use it "
        "once at setup or after StockX asked for re-authorisation. Each value comes from its "
        "option, else the environment variable (STOCKX_CLIENT_ID, STOCKX_CLIENT_SECRET, "
        "STOCKX_API_KEY, STOCKX_REFRESH_TOKEN; preferred: options show up in the process "
        "list), else what is already stored. Values are never printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--client-id")
        parser.add_argument("--client-secret")
        parser.add_argument("--api-key")
        parser.add_argument("--refresh-token")

    def handle(self, *args, **options):
        given = {name: options.get(name) or os.environ.get(var, "") for name, var in ENV.items()}
        stored = connection.store_credentials(**given)
        credentials = connection.load_credentials()
        if credentials is None:
            missing = ", ".join(connection.missing_credentials())
            raise CommandError(
                _("StockX is not connected: missing %(missing)s.") % {"missing": missing}
            )
        # Force one real refresh so a bad value shows now, not in the next sync.
        connection.forget_access_token()
        try:
            refresh_access_token(credentials)
        except StockXError as exc:
            raise CommandError(
                _("StockX refused the credentials: %(reason)s") % {"reason": exc.message}
            ) from None
        names = ", ".join(str(connection.CREDENTIAL_LABELS[name]) for name in stored)
        self.stdout.write(
            self.style.SUCCESS(
                _("StockX connected (stored: %(names)s); a token refresh succeeded.")
                % {"names": names or _("nothing new")}
            )
        )
