"""Forms whose POST takes effect once: comments, reports, contributions, decisions.

A form renders a random token (`{% form_token %}`, in `core.templatetags.forms_once`); the view is wrapped in
`once_per_form`. The first POST carrying a token claims it by inserting a `FormSubmission` row (a unique index, so
of five simultaneous identical POSTs exactly one claims it) and runs the view; when the view answers with a
redirect, the redirect's target is stored on the row. A later POST with the same token does not run the view: it
waits briefly for the first to finish and is sent where the first was sent, or, when the first is still running,
gets a 409 page saying the form was already sent. When the first answered with anything but a redirect (the form
again, with its errors) the claim is dropped, so the corrected form can be sent.

No library does this for Django views (django-idempotency-key and similar target JSON APIs with a header and a
response cache), and the rule is a dozen lines over one table. A POST without a token (a client that predates the
field, or a test) is handled as before.
"""

import functools
import secrets
import time
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ApplicationError, error_response
from .models import FormSubmission

FIELD = "form_token"
# How long a duplicate waits for the first POST's outcome before it is told the form is being sent.
WAIT_SECONDS = 3.0
KEEP = timedelta(days=2)


def token_new() -> str:
    return secrets.token_urlsafe(18)


def _claim(token: str, user_id: int | None) -> bool:
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user_id=user_id)
    except IntegrityError:
        return False
    return True


def _first_outcome(token: str) -> str | None:
    """The first POST's redirect target, waiting for it while the first is still running; None when it never came."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        row = FormSubmission.objects.filter(token=token).values_list("location", flat=True)
        location = row.first()
        if location is None or location:
            return location or None  # claim dropped (None) or outcome known
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.05)


def once_per_form(view: Callable) -> Callable:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not token or len(token) > 64:
            return view(request, *args, **kwargs)
        user_id = request.user.pk if request.user.is_authenticated else None
        if not _claim(token, user_id):
            location = _first_outcome(token)
            if location:
                return HttpResponseRedirect(location, status=303)
            return error_response(request, ApplicationError(_("该表单已经提交，请勿重复提交。"), status=409))
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            FormSubmission.objects.filter(token=token).delete()
            raise
        if 300 <= response.status_code < 400 and response.get("Location"):
            FormSubmission.objects.filter(token=token).update(location=response["Location"][:1000])
        else:
            FormSubmission.objects.filter(token=token).delete()
        return response

    return wrapped


def form_submissions_purge() -> int:
    """Forget tokens older than KEEP (a form left open longer is sent as new); returns how many."""
    deleted, _types = FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return deleted
