"""Request typing for views (django-htmx's documented pattern: the middleware adds
`request.htmx`, this type says so)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
