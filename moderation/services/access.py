"""Who may do what: the permission check every staff write starts with."""

from django.utils.translation import gettext as _

from accounts.models import User

from ..errors import ModerationError


def require_moderator(actor: User, perm: str = "moderation.decide_case") -> None:
    """Refuse (403) unless `actor` has `perm`; views check it too, but a service must not trust its caller."""
    if not actor.has_perm(perm):
        raise ModerationError(_("您没有处理举报的权限。"), status=403)
