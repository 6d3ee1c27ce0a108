"""Input no part of the site can store or look up: refused once, here, with the 400 page."""

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

NUL = "\x00"


class RejectNulMiddleware:
    """A NUL character in the query string or a form field is answered 400.

    PostgreSQL text cannot hold NUL (psycopg2 raises ValueError), so without this every view, admin filter and
    form that passes input to a query or a row would need its own guard; no person types one.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    fields = [request.GET] + ([request.POST] if request.method == "POST" else [])
    return any(NUL in key or any(NUL in value for value in values) for data in fields for key, values in data.lists())
