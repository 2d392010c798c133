"""Request type for views. django-htmx's middleware sets `request.htmx` at runtime but
ships no request class that declares it; its documentation has each project declare this
one so type checkers know the attribute (django-htmx 1.29 has no `django_htmx.http`
request type)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """The request every view that reads `request.htmx` takes (a type, never built)."""

    htmx: HtmxDetails
