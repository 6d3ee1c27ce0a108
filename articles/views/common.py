"""Helpers the article views share."""

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from core.errors import ApplicationError, error_response

PAGE_SIZE = 20


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
