from collections.abc import Callable

from django.http import HttpRequest

from .policy import email_verified


def email_verification(request: HttpRequest) -> dict[str, Callable[[], bool]]:
    """`email_unverified` for the banner in base.html: a callable, so a page that never shows it queries nothing
    (and the answer is remembered on request.user for the write checks of the same request)."""

    def unverified() -> bool:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and not email_verified(user))

    return {"email_unverified": unverified}
