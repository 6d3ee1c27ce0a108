"""One error shape for every refused operation, and one helper that turns it into a form error or a 4xx page.

Each app subclasses `ApplicationError` (ArticleError, ModerationError, AccountError). A service raises it with a
message fit to show the user, the HTTP status a view should answer with, and optionally the form field it concerns.
Views never map errors by hand: they call `error_response`.
"""

from typing import TypeVar

from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

T = TypeVar("T")

# The page each status is answered with; 410 (gone) reads like a 404 to a reader, 409 (conflict) like a 400.
_PAGES = {400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html", 410: "errors/404.html"}


class ApplicationError(Exception):
    """A refused operation. `status` is 400 (bad input), 403, 404, 409, 410 or 429; `field` names the form field."""

    def __init__(self, message: str, *, status: int = 400, field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.status = status
        self.field = field

    def __str__(self) -> str:
        return self.message


def found_or_404(obj: T | None) -> T:
    """What a selector found, or the 404 page (views read through selectors, which answer None for nothing)."""
    if obj is None:
        raise Http404
    return obj


def error_page(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    """The 4xx page for `error`, with its message."""
    if error.status == 429:
        return render(request, "errors/429.html", {"message": error.message}, status=429)
    template = _PAGES.get(error.status, "errors/400.html")
    return render(request, template, {"message": error.message, "status": error.status}, status=error.status)


def error_response(request: HttpRequest, error: ApplicationError, *, form: Form | None = None) -> HttpResponse | None:
    """Bad input (400) with a form: the message goes beside its field (or on top) and None is returned, so that the
    view renders the form again with what was typed. Anything else: the 4xx page."""
    if form is not None and error.status == 400:
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return None
    return error_page(request, error)
