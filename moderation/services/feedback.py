"""Feedback (建议反馈): suggestions, and copyright complaints about an article, as a staff inbox.

Statuses: new → in progress (assigned, or being worked on) → answered (a reply reached the sender) → closed; an
answered or closed item may be reopened (in progress). Suggestions are handled by moderators
(`moderation.decide_case`), copyright complaints by editors (`moderation.handle_copyright`). Nobody handles
feedback they (or a linked account) sent, nor a complaint about their own (or a linked account's) article.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from core.messages import term
from core.models import AuditAction
from core.services import audit_record, notify
from core.tasks import enqueue

from ..errors import ModerationError
from ..models import Feedback, FeedbackReply
from ..selectors import account_related_ids
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


PERMISSION_FOR_KIND = {
    Feedback.Kind.SUGGESTION: "moderation.decide_case",
    Feedback.Kind.COPYRIGHT: "moderation.handle_copyright",
}
REPLY_MAX = 4000


def feedback_kinds_for(staff: User) -> list[str]:
    """The kinds of feedback `staff` handles (empty: none)."""
    return [kind for kind, perm in PERMISSION_FOR_KIND.items() if staff.has_perm(perm)]


def feedback_conflict(*, feedback: Feedback, staff: User) -> str | None:
    """Why `staff` may not handle `feedback` (None: they may): they or a linked account sent it, or it is a
    complaint about their (or a linked account's) article."""
    mine = account_related_ids(account=staff)
    if feedback.author_id is not None and feedback.author_id in mine:
        return _("不能处理自己（或关联账号）提交的反馈。")
    target = feedback.target if feedback.target_id else None
    if target is not None and getattr(target, "author_id", None) in mine:
        return _("不能处理与自己（或关联账号）的文章有关的投诉。")
    return None


def _require_handler(*, feedback: Feedback, staff: User) -> None:
    if feedback.kind not in feedback_kinds_for(staff):
        if feedback.kind == Feedback.Kind.COPYRIGHT:
            raise ModerationError(_("您没有处理版权投诉的权限。"), status=403)
        raise ModerationError(_("您没有处理该反馈的权限。"), status=403)
    if (refusal := staff_refusal(staff)) is not None:
        raise ModerationError(refusal, status=403)
    if (conflict := feedback_conflict(feedback=feedback, staff=staff)) is not None:
        raise ModerationError(conflict, status=403)


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update(of=("self",)).select_related("author").get(pk=feedback.pk)


@transaction.atomic
def feedback_assign(*, feedback: Feedback, actor: User, assignee: User | None) -> Feedback:
    """Give `feedback` to `assignee` (None: nobody). New feedback that gets a handler is in progress."""
    _require_handler(feedback=feedback, staff=actor)
    feedback = _locked(feedback)
    if assignee is not None:
        if feedback.kind not in feedback_kinds_for(assignee):
            raise ModerationError(_("%(who)s 不能处理这类反馈。") % {"who": assignee}, field="assignee")
        if feedback_conflict(feedback=feedback, staff=assignee) is not None:
            raise ModerationError(_("%(who)s 与该反馈有关，不能负责处理。") % {"who": assignee}, field="assignee")
    before = {"assigned_to": feedback.assigned_to_id, "status": feedback.status}
    feedback.assigned_to = assignee
    if assignee is not None and feedback.status == Feedback.Status.NEW:
        feedback.status = Feedback.Status.IN_PROGRESS
    feedback.save(update_fields=["assigned_to", "status"])
    audit_record(
        actor=actor,
        action=AuditAction.FEEDBACK_ASSIGN,
        target=feedback,
        before=before,
        after={"assigned_to": feedback.assigned_to_id, "status": feedback.status},
    )
    return feedback


# Which status may follow which, by a staff member's explicit choice (a reply makes it answered).
STATUS_MOVES = {
    Feedback.Status.NEW: {Feedback.Status.IN_PROGRESS, Feedback.Status.CLOSED},
    Feedback.Status.IN_PROGRESS: {Feedback.Status.CLOSED},
    Feedback.Status.ANSWERED: {Feedback.Status.IN_PROGRESS, Feedback.Status.CLOSED},
    Feedback.Status.CLOSED: {Feedback.Status.IN_PROGRESS},
}


@transaction.atomic
def feedback_status_set(*, feedback: Feedback, actor: User, status: str) -> Feedback:
    _require_handler(feedback=feedback, staff=actor)
    feedback = _locked(feedback)
    if status not in STATUS_MOVES.get(feedback.status, set()):
        raise ModerationError(
            _("不能从「%(a)s」改为「%(b)s」。")
            % {"a": feedback.get_status_display(), "b": dict(Feedback.Status.choices).get(status, status)},
            field="status",
        )
    before = feedback.status
    feedback.status = status
    feedback.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditAction.FEEDBACK_STATUS,
        target=feedback,
        before={"status": before},
        after={"status": status},
    )
    return feedback


@transaction.atomic
def feedback_reply(*, feedback: Feedback, actor: User, text: str, internal: bool = False) -> FeedbackReply:
    """Reply to `feedback`. A reply to the sender reaches their inbox (and e-mail) — or, for a complaint filed
    without an account, the e-mail address they left — and makes the feedback answered; an internal note is for
    staff only and changes nothing else."""
    _require_handler(feedback=feedback, staff=actor)
    feedback = _locked(feedback)
    text = (text or "").strip()
    if not text:
        raise ModerationError(_("请填写答复内容。"), field="text")
    if len(text) > REPLY_MAX:
        raise ModerationError(_("答复不能超过 %(n)s 个字。") % {"n": REPLY_MAX}, field="text")
    reply = FeedbackReply.objects.create(feedback=feedback, author=actor, text=text, internal=internal)
    before = {"status": feedback.status}
    if not internal:
        feedback.status = Feedback.Status.ANSWERED
        feedback.response = text
        feedback.handled_by = actor
        feedback.handled_at = timezone.now()
        if feedback.assigned_to_id is None:
            feedback.assigned_to = actor
        feedback.save(update_fields=["status", "response", "handled_by", "handled_at", "assigned_to"])
        _reply_deliver(feedback=feedback, reply=reply)
    audit_record(
        actor=actor,
        action=AuditAction.FEEDBACK_REPLY,
        target=feedback,
        before=before,
        after={"status": feedback.status, "reply": reply.pk, "internal": internal},
    )
    return reply


def _reply_deliver(*, feedback: Feedback, reply: FeedbackReply) -> None:
    if feedback.author is not None:
        notify(
            recipient=feedback.author,
            subject=gettext_noop("您的反馈有了答复"),
            body=gettext_noop("您提交的「%(kind)s」（%(when)s）有了答复：%(reply)s"),
            params={
                "kind": term(Feedback.Kind(feedback.kind).label),
                "when": timezone.localtime(feedback.created_at).strftime("%Y-%m-%d"),
                "reply": reply.text,
            },
            url=reverse("moderation:inbox"),
        )
    elif _is_email(feedback.contact):
        # Filed without an account: the address they left is the only way to answer.
        transaction.on_commit(lambda: enqueue("moderation.tasks.feedback_reply_email", reply.pk))


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except Exception:  # noqa: BLE001 - ValidationError: a phone number or a name is not an address
        return False
    return True


@transaction.atomic
def feedback_handle(*, feedback: Feedback, editor: User, response: str) -> Feedback:
    """An editor answers a copyright complaint from the complaints list (a reply to the complainant)."""
    if feedback.status in (Feedback.Status.ANSWERED, Feedback.Status.CLOSED):
        raise ModerationError(_("该反馈已经处理。"))
    try:
        feedback_reply(feedback=feedback, actor=editor, text=response)
    except ModerationError as exc:
        if exc.field == "text":
            raise ModerationError(_("请填写处理意见。")) from exc
        raise
    feedback.refresh_from_db()
    return feedback


def feedback_reply_email_send(*, reply_id: int) -> bool:
    """Send one reply to the contact address of a complaint filed without an account. Idempotent enough: a reply
    that no longer exists, or an internal note, sends nothing."""
    reply = FeedbackReply.objects.select_related("feedback").filter(pk=reply_id, internal=False).first()
    if reply is None or reply.feedback.author_id is not None or not _is_email(reply.feedback.contact):
        return False
    send_mail(str(_("您的投诉有了答复")), reply.text, None, [reply.feedback.contact])
    return True
