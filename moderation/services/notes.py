"""Account notes: what moderators tell each other about an account. Never shown to the account itself."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record

from ..errors import ModerationError
from ..models import AccountNote, Case
from ..selectors import account_related_ids
from .access import require_moderator

NOTE_MAX = 2000


def note_conflict(*, account: User, moderator: User) -> str | None:
    """Why `moderator` may not note on `account` (None: they may): it is them or an account linked to them."""
    if account.pk in account_related_ids(account=moderator):
        return _("不能为自己（或关联账号）添加账号备注。")
    return None


@transaction.atomic
def account_note_add(*, account: User, moderator: User, text: str, case: Case | None = None) -> AccountNote:
    """A moderator's note on `account`, audited (the audit row names the note, not its text)."""
    require_moderator(moderator)
    if (conflict := note_conflict(account=account, moderator=moderator)) is not None:
        raise ModerationError(conflict, status=403)
    text = (text or "").strip()
    if not text:
        raise ModerationError(_("请填写备注内容。"), field="text")
    if len(text) > NOTE_MAX:
        raise ModerationError(_("备注不能超过 %(n)s 个字。") % {"n": NOTE_MAX}, field="text")
    note = AccountNote.objects.create(account=account, author=moderator, text=text, case=case)
    audit_record(
        actor=moderator,
        action=AuditAction.ACCOUNT_NOTE,
        target=account,
        after={"note": note.pk, "case": case.pk if case else None},
    )
    return note
