from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class SiteLanguageMiddleware:
    """Simplified Chinese unless the visitor picked another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so most visitors with an English browser
    would get the English interface on a Chinese site; here the switch is the only way to change it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
