"""What every moderators' screen checks first: the moderator permission, and the page size of their lists."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .. import services

QUEUE_PAGE = 50


def moderator_required(perm: str = "moderation.decide_case") -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (request.user.has_perm("moderation.decide_case") and request.user.has_perm(perm)):
                raise PermissionDenied(_("只有审核员可以访问审核台。"))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def feedback_staff_required(view: Callable) -> Callable:
    """Moderators (suggestions) and editors (copyright complaints); anyone else 403, anonymous to the login."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        kinds = services.feedback_kinds_for(request.user)
        if not kinds:
            raise PermissionDenied(_("只有审核员和编辑可以处理反馈。"))
        return view(request, *args, kinds=kinds, **kwargs)

    return wrapped
