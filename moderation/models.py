from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleSet(models.Model):
    """One version of the community rules (跟帖评论自律管理公约). Decisions store the version they applied."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    preamble = models.TextField(_("序言"))
    legal_basis = models.TextField(_("法律依据"), blank=True)
    penalties = models.TextField(_("违规处罚"))
    appeals = models.TextField(_("申诉"))
    is_current = models.BooleanField(_("现行版本"), default=False)
    # A draft is a new version being prepared by an admin: not public, its rules still editable.
    is_draft = models.BooleanField(_("草稿"), default=False)
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("规则版本")
        verbose_name_plural = _("规则版本")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_ruleset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class RuleCategory(models.Model):
    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("编号"), max_length=4)
    title = models.CharField(_("标题"), max_length=100)
    gloss = models.CharField(_("英文说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("规则类别")
        verbose_name_plural = _("规则类别")
        ordering = ["ruleset", "code"]
        constraints = [models.UniqueConstraint(fields=["ruleset", "code"], name="unique_category_per_ruleset")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Rule(models.Model):
    """A rule such as `1.11`. Codes are strings, never floats: `1.11` and `1.1` differ."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    category = models.ForeignKey(RuleCategory, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("编号"), max_length=8)
    title = models.TextField(_("条文"))
    gloss = models.TextField(_("英文说明"), blank=True)
    aggravating = models.BooleanField(_("加重情节"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("规则")
        verbose_name_plural = _("规则")
        ordering = ["ruleset", "position"]
        constraints = [models.UniqueConstraint(fields=["ruleset", "code"], name="unique_rule_per_ruleset")]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:30]}"


class Notification(models.Model):
    """An in-site notice (站内信); the same text is also sent by email."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    url = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class AuditLog(models.Model):
    """Append-only record of every editor, moderator and admin action, written in the same transaction as the change."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    target_type = models.ForeignKey("contenttypes.ContentType", null=True, on_delete=models.SET_NULL, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=300, blank=True)
    rule_codes = models.JSONField(_("规则"), default=list, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"


class LexiconTerm(models.Model):
    """A term of the automatic-check lexicon: what to look for, which rule it breaks, and what to do."""

    class Action(models.TextChoices):
        BLOCK = "block", _("拦截")
        HOLD = "hold", _("先审后发")
        FLAG = "flag", _("标记")
        ALLOW = "allow", _("白名单")

    term = models.CharField(_("词条"), max_length=100)
    rule = models.CharField(_("规则编号"), max_length=8)
    action = models.CharField(_("处置"), max_length=8, choices=Action.choices)
    source = models.CharField(_("来源"), max_length=100, blank=True, help_text=_("导入文件名或“手工添加”"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("词库词条")
        verbose_name_plural = _("词库")
        ordering = ["term"]
        constraints = [models.UniqueConstraint(fields=["term", "rule", "action"], name="unique_lexicon_term")]

    def __str__(self) -> str:
        return f"{self.term} ({self.rule}, {self.action})"


class ContentCheck(models.Model):
    """One automatic check of one revision of one piece of content, with the verdict and what explains it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待检查")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    class Verdict(models.TextChoices):
        PASS = "pass", _("通过")
        FLAG = "flag", _("标记")
        HOLD = "hold", _("待人工审核")
        BLOCK = "block", _("拦截")

    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True)
    verdict = models.CharField(max_length=8, choices=Verdict.choices, blank=True)
    matches = models.JSONField(default=list, blank=True)
    score = models.FloatField(default=0)
    engine_version = models.CharField(max_length=32, blank=True)
    lexicon_version = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("自动检查")
        verbose_name_plural = _("自动检查")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id"]), models.Index(fields=["status", "enqueued_at"])]

    def __str__(self) -> str:
        return f"check #{self.pk} {self.status} {self.verdict}"
