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
from .access import staff_refusal
from .targets import target_resolve_public


@transaction.atomic
def feedback_submit(*, author: User | None, kind: str, text: str, contact: str = "", article_id=None) -> Feedback:
    """A suggestion, or a copyright complaint about a public article (it goes to the editors with the article
    linked). A rights holder may complain without an account (`author` None): their contact details are then
    required, since there is no inbox to answer. Callers rate-limit anonymous complaints by IP."""
    text = (text or "").strip()
    contact = (contact or "").strip()[:200]
    if kind not in Feedback.Kind.values:
        raise ModerationError(_("请选择反馈类型。"), field="kind")
    if author is None and kind != Feedback.Kind.COPYRIGHT:
        raise ModerationError(_("请先登录后再提交建议。"), status=403)
    if not text:
        raise ModerationError(_("请填写反馈内容。"), field="text")
    if author is None and not contact:
        raise ModerationError(_("未登录提交版权投诉时，请留下联系方式，以便告知处理结果。"), field="contact")
    feedback = Feedback(kind=kind, author=author, text=text, contact=contact)
    if kind == Feedback.Kind.COPYRIGHT:
        if not article_id:
            raise ModerationError(_("版权投诉请注明涉及的文章。"))
        try:
            article = target_resolve_public(kind="article", target_id=article_id)
        except ModerationError:
            raise ModerationError(_("涉及的文章不存在。"), status=404) from None
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
    if (refusal := staff_refusal(editor)) is not None:
        raise ModerationError(refusal, status=403)
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
    if feedback.author is not None:  # an anonymous complainant is answered through their contact details
        notify(
            recipient=feedback.author,
            subject=str(_("您的反馈已处理")),
            body=str(
                _("您提交的「%(kind)s」已处理：%(response)s")
                % {"kind": feedback.get_kind_display(), "response": response}
            ),
        )
    return feedback
