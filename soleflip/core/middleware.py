"""The language of a request: the one chosen in the profile menu (kept in the session),
else the user's saved choice, else German. The browser's Accept-Language is ignored."""

from django.conf import settings
from django.utils import translation

SESSION_KEY = "language"
CODES = {code for code, _name in settings.LANGUAGES}


def language_of(request) -> str:
    chosen = request.session.get(SESSION_KEY)
    if chosen in CODES:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in CODES:
        return user.language
    return settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
