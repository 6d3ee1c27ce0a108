"""Feedback (建议反馈): suggestions, and copyright complaints about an article that editors handle."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import AuditAction
from core.services import audit_record, notify

from ..errors import ModerationError
from ..models import Feedback
from .targets import target_resolve


@transaction.atomic
def feedback_submit(*, author: User, kind: str, text: str, contact: str = "", article_id=None) -> Feedback:
    """A suggestion, or a copyright complaint about an article (it goes to the editors with the article linked)."""
    text = (text or "").strip()
    if kind not in Feedback.Kind.values:
        raise ModerationError(_("请选择反馈类型。"))
    if not text:
        raise ModerationError(_("请填写反馈内容。"))
    feedback = Feedback(kind=kind, author=author, text=text, contact=(contact or "").strip()[:200])
    if kind == Feedback.Kind.COPYRIGHT:
        if not article_id:
            raise ModerationError(_("版权投诉请注明涉及的文章。"))
        article = target_resolve(kind="article", target_id=article_id)
        feedback.target_type = ContentType.objects.get_for_model(article)
        feedback.target_id = article.pk
        feedback.target_repr = str(article)[:300]
        feedback.target_url = article.get_absolute_url()
    feedback.save()
    return feedback


@transaction.atomic
def feedback_handle(*, feedback: Feedback, editor: User, response: str) -> Feedback:
    """An editor closes a copyright complaint with a response, sent to the complainant."""
    if not editor.has_perm("moderation.handle_copyright"):
        raise ModerationError(_("您没有处理版权投诉的权限。"), status=403)
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.status != Feedback.Status.OPEN:
        raise ModerationError(_("该反馈已经处理。"))
    response = (response or "").strip()
    if not response:
        raise ModerationError(_("请填写处理意见。"))
    feedback.status = Feedback.Status.HANDLED
    feedback.response = response
    feedback.handled_by = editor
    feedback.handled_at = timezone.now()
    feedback.save(update_fields=["status", "response", "handled_by", "handled_at"])
    audit_record(
        actor=editor,
        action=AuditAction.FEEDBACK_HANDLE,
        target=feedback,
        before={"status": "open"},
        after={"status": "handled", "response": response},
    )
    notify(
        recipient=feedback.author,
        subject=str(_("您的反馈已处理")),
        body=str(
            _("您提交的「%(kind)s」已处理：%(response)s") % {"kind": feedback.get_kind_display(), "response": response}
        ),
    )
    return feedback
