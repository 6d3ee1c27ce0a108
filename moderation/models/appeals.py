"""Appeals (申诉) of decisions and feedback (建议反馈)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils.translation import gettext_lazy as _

from .cases import Decision
from .sanctions import Rung


class Appeal(models.Model):
    """An appeal (申诉) of a decision: one per decision, reviewed by a moderator other than the decider."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待复核")
        UPHELD = "upheld", _("维持原处理")
        REDUCED = "reduced", _("减轻处罚")
        OVERTURNED = "overturned", _("撤销处理")

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="appeal")
    appellant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals")
    text = models.TextField(_("申诉理由"), max_length=4000)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reduced_to = models.PositiveSmallIntegerField(_("减轻至"), choices=Rung.choices, null=True, blank=True)
    outcome_reason = models.TextField(_("复核理由"), blank=True)
    # Indexed: the statistics read today's appeals (filed and reviewed) live.
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    reviewed_at = models.DateTimeField(_("复核时间"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"


class Feedback(models.Model):
    """建议反馈: a suggestion, or a copyright complaint about an article (handled by editors). Appeals are `Appeal`."""

    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("建议")
        COPYRIGHT = "copyright", _("版权投诉")

    class Status(models.TextChoices):
        NEW = "new", _("新反馈")
        IN_PROGRESS = "progress", _("处理中")
        ANSWERED = "answered", _("已答复")
        CLOSED = "closed", _("已关闭")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # None for a copyright complaint filed without an account (a rights holder need not sign up); its contact is
    # then required, since there is no inbox to answer.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback"
    )
    text = models.TextField(_("内容"), max_length=4000)
    contact = models.CharField(_("联系方式"), max_length=200, blank=True)
    target_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("文章"), max_length=300, blank=True)
    target_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.NEW, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("负责人"),
    )
    # The latest reply, kept for the complainant's view and the admin list; every reply is a FeedbackReply.
    response = models.TextField(_("处理意见"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    handled_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("建议反馈")
        verbose_name_plural = _("建议反馈")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class FeedbackReply(models.Model):
    """A staff reply to feedback: sent to the sender (inbox and e-mail), or an internal note for staff only."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("答复人")
    )
    text = models.TextField(_("答复"), max_length=4000)
    internal = models.BooleanField(_("仅内部可见"), default=False)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("反馈答复")
        verbose_name_plural = _("反馈答复")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.feedback_id} {self.text[:30]}"
