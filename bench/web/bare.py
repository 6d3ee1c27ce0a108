"""The bare Django app for bench/web: settings, URLs and WSGI in one module, no database, no middleware.

`GET /<size>/` answers `size` bytes of text/html, so that each page of the project is compared with a Django
response of the same size: the ratio shows what the project's own work (queries, templates, middleware, cache)
costs on top of Django's request handling under the same gunicorn settings (the project's gunicorn.conf.py).

    DJANGO_SETTINGS_MODULE=bench.web.bare gunicorn bench.web.bare:application
"""

from functools import cache

from django.http import HttpResponse
from django.urls import path

DEBUG = False
SECRET_KEY = "bench-bare-app-only"  # noqa: S105 - loopback benchmark only
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True


@cache
def _body(size: int) -> bytes:
    unit = "营销观察".encode()  # multi-byte text, like the real pages
    return (unit * (size // len(unit) + 1))[:size]


def sized(request, size: int) -> HttpResponse:
    body = _body(min(size, 5_000_000))
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    # As the project's pages have it (CommonMiddleware): without it gunicorn sends the body chunked, an extra
    # write per response that would make the baseline slower than a real Django app.
    response["Content-Length"] = str(len(body))
    return response


urlpatterns = [path("<int:size>/", sized)]

from django.core.wsgi import get_wsgi_application  # noqa: E402 - settings above must exist first

application = get_wsgi_application()
