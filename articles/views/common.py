"""Helpers the article views share."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django_ratelimit.exceptions import Ratelimited

from core.errors import ApplicationError, error_response

PAGE_SIZE = 20
# Refusals of the writer rather than of the input (403: muted or not allowed; 409: the content's state; 429: too
# often): a form page shows them above the form, with what was typed, instead of a bare error page.
KEEP_TYPED = (403, 409, 429)


def page_of(request: HttpRequest, items, size: int = PAGE_SIZE) -> Page:
    return Paginator(items, size).get_page(request.GET.get("page"))


def refused_back(request: HttpRequest, exc: ApplicationError, *, form: Form, to: str) -> HttpResponse:
    """A refusal for a form that lives on another page (a cached article page, the review queue).

    Bad input goes back to that page as a message, since this view does not render it; anything else is the 4xx
    page `error_response` gives.
    """
    refused = error_response(request, exc, form=form)
    if refused is not None:
        return refused
    messages.error(request, exc.message)
    return redirect(to)


def limited_as_json(message: str) -> Callable:
    """Answer a rate limit's refusal (raised by `core.ratelimits.limit`, inside this decorator) as the JSON that
    CKEditor 5's upload adapter shows, {"error": {"message"}}, with status 429, instead of the HTML 429 page the
    editor could only report as a generic failure."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except Ratelimited:
                return JsonResponse({"error": {"message": str(message)}}, status=429)

        return wrapped

    return decorator
