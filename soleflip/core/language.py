"""The profile menu's language choice: German or English, kept in the session and saved
on the user, so the next log-in starts in it too."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .middleware import SESSION_KEY


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


@login_not_required
@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """POST language=de|en (and the page to return to). The login page offers it too."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("language must be one of: de, en")
    language = form.cleaned_data["language"]
    request.session[SESSION_KEY] = language
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    back = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    return redirect(back)


def keep_language(sender, request, user, **kwargs) -> None:
    """A language chosen on the login page becomes the user's; otherwise the user's own
    choice is put into the new session."""
    chosen = request.session.get(SESSION_KEY)
    if chosen and chosen != user.language:
        user.language = chosen
        user.save(update_fields=["language"])
    request.session[SESSION_KEY] = user.language
