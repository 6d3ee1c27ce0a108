"""What moderators keep about an account for each other: notes (never shown to the account) and the queue's
escalation policy (how cases rise with age)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountNote(models.Model):
    """A moderator's note on an account, shown on the account's case pages and history, never to the account."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("账号")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("审核员")
    )
    text = models.TextField(_("备注"), max_length=2000)
    case = models.ForeignKey(
        "moderation.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("案件")
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("账号备注")
        verbose_name_plural = _("账号备注")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at"], name="accountnote_account_idx")]

    def __str__(self) -> str:
        return f"{self.account} · {self.text[:30]}"


class EscalationStep(models.Model):
    """One step of the queue's escalation policy: a case open for `after_hours` ranks `raise_by` severity levels
    higher. Steps add up; the queue orders by severity plus the raises its age has earned."""

    after_hours = models.PositiveIntegerField(_("等待超过（小时）"), unique=True)
    raise_by = models.PositiveSmallIntegerField(_("提升严重程度"), default=1)

    class Meta:
        verbose_name = _("队列升级规则")
        verbose_name_plural = _("队列升级规则")
        ordering = ["after_hours"]

    def __str__(self) -> str:
        return str(_("等待 %(h)s 小时后 +%(n)s") % {"h": self.after_hours, "n": self.raise_by})
