"""The sanction ladder, its policy as data, the sanctions on accounts and linked accounts."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Rung(models.IntegerChoices):
    """The sanction ladder. Durations live in `RUNG_DAYS`; R4 is a permanent mute, R5 a ban."""

    R1 = 1, _("R1 禁言 1 天")
    R2 = 2, _("R2 禁言 7 天")
    R3 = 3, _("R3 禁言 15 天")
    R4 = 4, _("R4 永久禁言")
    R5 = 5, _("R5 封停账号")


RUNG_DAYS = {Rung.R1: 1, Rung.R2: 7, Rung.R3: 15}


def _default_base_rungs() -> dict:
    return {"1": 3, "2": 1, "3": 1, "4": 2, "5": 1, "6": 1, "7": 1, "8": 1, "9": 2}


def _default_aggravating_rules() -> list:
    return ["1.11", "1.12", "8.1", "9.1", "3.3", "8.4"]


def _default_multi_account_rules() -> list:
    return ["3.3", "8.4"]


class SanctionPolicy(models.Model):
    """The sanction ladder's policy as data, editable by admins. The newest row applies."""

    base_rungs = models.JSONField(
        _("各类别基础档位"), default=_default_base_rungs, help_text=_('类别编号 → 档位（1–5），例如 {"2": 1}')
    )
    repeat_window_days = models.PositiveIntegerField(_("累计处罚统计天数"), default=180)
    repeat_step = models.PositiveIntegerField(_("每次既往处罚加档"), default=1)
    aggravating_rules = models.JSONField(_("加重情节规则"), default=_default_aggravating_rules)
    aggravating_step = models.PositiveIntegerField(_("加重情节加档"), default=2)
    multi_account_rules = models.JSONField(
        _("多账号规则"), default=_default_multi_account_rules, help_text=_("按这些规则处罚时，所有关联账号一并处罚")
    )
    max_rung = models.PositiveSmallIntegerField(_("最高档位"), choices=Rung.choices, default=Rung.R5)
    warnings_count = models.BooleanField(
        _("警告计入处罚阶梯"),
        default=False,
        help_text=_("勾选后，统计天数内未被撤销的警告与既往处罚一样加档"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("处罚政策")
        verbose_name_plural = _("处罚政策")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{_('处罚政策')} #{self.pk or '-'}"


class Sanction(models.Model):
    """A sanction on one account. Active while not lifted and not past `ends_at` (null: permanent or ban)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("生效")
        OVERTURNED = "overturned", _("已撤销")

    decision = models.ForeignKey("moderation.Decision", on_delete=models.CASCADE, related_name="sanctions")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions")
    rung = models.PositiveSmallIntegerField(_("档位"), choices=Rung.choices)
    rule_codes = models.JSONField(_("规则"), default=list)
    via_link = models.BooleanField(_("因关联账号"), default=False)
    starts_at = models.DateTimeField(_("开始"), db_index=True)  # the transparency report reads today's live
    ends_at = models.DateTimeField(_("结束"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    reduced_from = models.PositiveSmallIntegerField(_("原档位"), choices=Rung.choices, null=True, blank=True)
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("处罚")
        verbose_name_plural = _("处罚")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "account"], name="one_sanction_per_decision_account")
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.get_rung_display()}"

    @property
    def is_ban(self) -> bool:
        return self.rung == Rung.R5

    def is_active(self, now=None) -> bool:
        if self.status != self.Status.ACTIVE:
            return False
        return self.ends_at is None or self.ends_at > (now or timezone.now())


class AccountLink(models.Model):
    """Two accounts a moderator has linked as one person or one operation (stored once, low id first)."""

    account_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    account_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("关联账号")
        verbose_name_plural = _("关联账号")
        constraints = [
            models.UniqueConstraint(fields=["account_a", "account_b"], name="unique_account_link"),
            models.CheckConstraint(
                condition=models.Q(account_a__lt=models.F("account_b")), name="account_link_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_a} ↔ {self.account_b}"
