from django.conf import settings
from django.http import HttpRequest

from core.selectors import notification_unread_count


def site(request: HttpRequest) -> dict:
    """Site-wide values every page needs: the name and, for a logged-in user, the unread notice count."""
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = notification_unread_count(user=user)
    return {"SITE_NAME": settings.SITE_NAME, "CONTACT_EMAIL": settings.CONTACT_EMAIL, "unread_notices": unread}
