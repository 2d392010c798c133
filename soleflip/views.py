from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .dashboard import dashboard_numbers


def dashboard(request: HttpRequest) -> HttpResponse:
    """Every logged-in role may see the dashboard (read-only numbers)."""
    return render(request, "dashboard.html", dashboard_numbers())
