from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils.translation import gettext_lazy as _

from .engine import Verdict


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
    # Which rule each automatic detector of the engine cites (moderation.engine.DETECTORS → rule code), per version.
    detectors = models.JSONField(
        _("自动检测规则"), default=dict, blank=True, help_text=_('检测器 → 规则编号，例如 {"contact": "3.1"}')
    )
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


VERDICT_LABELS = {
    Verdict.PASS: _("通过"),
    Verdict.FLAG: _("标记"),
    Verdict.HOLD: _("待人工审核"),
    Verdict.BLOCK: _("拦截"),
}
VERDICT_CHOICES = [(verdict.value, VERDICT_LABELS[verdict]) for verdict in Verdict]


class ContentCheck(models.Model):
    """One automatic check of one revision of one piece of content, with the verdict and what explains it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待检查")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    # The engine's Verdict is the one definition; the alias keeps `ContentCheck.Verdict.HOLD` readable at call sites.
    Verdict = Verdict

    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Simhash of the checked text (signed 64-bit), for near-duplicates posted by other accounts within 7 days.
    fingerprint = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING, db_index=True)
    verdict = models.CharField(max_length=8, choices=VERDICT_CHOICES, blank=True)
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


# --- Reports, cases, decisions, sanctions, appeals ------------------------------------------------------------------


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
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("处罚政策")
        verbose_name_plural = _("处罚政策")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{_('处罚政策')} #{self.pk or '-'}"


class Case(models.Model):
    """All open reports (and automatic-check findings) about one target, decided once."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        DECIDED = "decided", _("已处理")

    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("对象"), max_length=300, blank=True)
    target_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="moderation_cases",
        verbose_name=_("被举报账号"),
    )
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    # Priority inputs, kept on the row so that the queue orders in SQL.
    severity = models.PositiveSmallIntegerField(_("严重程度"), default=0)
    reporter_count = models.PositiveIntegerField(_("举报人数"), default=0)
    check_score = models.FloatField(_("自动检查分数"), default=0)
    category_code = models.CharField(_("类别"), max_length=4, blank=True, db_index=True)
    has_reports = models.BooleanField(_("来自用户举报"), default=False)
    has_check = models.BooleanField(_("来自自动检查"), default=False)
    content_check = models.ForeignKey(ContentCheck, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    check_matches = models.JSONField(default=list, blank=True)
    snapshot_reported = models.JSONField(_("举报时快照"), default=dict)
    snapshot_decided = models.JSONField(_("处理时快照"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_until = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-severity", "-reporter_count", "-check_score", "opened_at"]
        permissions = [
            ("decide_case", "Can claim and decide moderation cases"),
            ("review_appeal", "Can review appeals of other moderators' decisions"),
            ("handle_copyright", "Can handle copyright complaints"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id"], condition=models.Q(status="open"), name="one_open_case_per_target"
            )
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            # The open queue in its order: a page of it reads 50 index entries instead of sorting every open case.
            models.Index(
                models.F("severity").desc(),
                models.F("reporter_count").desc(),
                models.F("check_score").desc(),
                "opened_at",
                name="case_queue_idx",
                condition=models.Q(status="open"),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.target_repr}"

    def claim_active(self, now=None) -> bool:
        from django.utils import timezone

        return (
            self.claimed_by_id is not None
            and self.claimed_until is not None
            and self.claimed_until > (now or timezone.now())
        )


class Report(models.Model):
    """One report (举报) by one reader, or one automatic-check finding (reporter = the system: null)."""

    class Source(models.TextChoices):
        REPORT = "report", _("用户举报")
        AUTOMATIC = "automatic", _("自动检查")

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        CLOSED = "closed", _("已处理")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="moderation_reports"
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.REPORT)
    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    ruleset = models.ForeignKey(RuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    rule_code = models.CharField(_("规则"), max_length=8)
    category_code = models.CharField(_("类别"), max_length=4, blank=True)
    text = models.TextField(_("补充说明"), max_length=2000, blank=True)
    content_check = models.ForeignKey(ContentCheck, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=models.Q(status="open", reporter__isnull=False),
                name="one_open_report_per_reporter_target",
            ),
            models.UniqueConstraint(
                fields=["content_check"], condition=models.Q(content_check__isnull=False), name="one_report_per_check"
            ),
        ]
        indexes = [models.Index(fields=["reporter", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.rule_code} #{self.case_id}"


class Decision(models.Model):
    """The one decision of a case. Stores the rule codes and the rule-set version it applied."""

    class Action(models.TextChoices):
        DISMISS = "dismiss", _("驳回")
        REMOVE = "remove", _("删除内容")
        SANCTION = "sanction", _("删除并处罚")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="decision")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("处理"), max_length=10, choices=Action.choices)
    ruleset = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="decisions")
    rule_codes = models.JSONField(_("规则"), default=list)
    reason = models.TextField(_("理由"))
    proposed_rung = models.PositiveSmallIntegerField(_("建议档位"), choices=Rung.choices, null=True, blank=True)
    proposal_explanation = models.TextField(_("建议说明"), blank=True)
    rung = models.PositiveSmallIntegerField(_("处罚档位"), choices=Rung.choices, null=True, blank=True)
    rung_reason = models.TextField(_("调整档位理由"), blank=True)
    created_at = models.DateTimeField(_("处理时间"), auto_now_add=True, db_index=True)
    overturned_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("处理决定")
        verbose_name_plural = _("处理决定")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_action_display()} {','.join(self.rule_codes)}"

    @property
    def is_overturned(self) -> bool:
        return self.overturned_at is not None


class Sanction(models.Model):
    """A sanction on one account. Active while not lifted and not past `ends_at` (null: permanent or ban)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("生效")
        OVERTURNED = "overturned", _("已撤销")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="sanctions")
    account = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions")
    rung = models.PositiveSmallIntegerField(_("档位"), choices=Rung.choices)
    rule_codes = models.JSONField(_("规则"), default=list)
    via_link = models.BooleanField(_("因关联账号"), default=False)
    starts_at = models.DateTimeField(_("开始"))
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
        from django.utils import timezone

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
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("复核时间"), null=True, blank=True)

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
        OPEN = "open", _("待处理")
        HANDLED = "handled", _("已处理")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback")
    text = models.TextField(_("内容"), max_length=4000)
    contact = models.CharField(_("联系方式"), max_length=200, blank=True)
    target_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("文章"), max_length=300, blank=True)
    target_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True)
    response = models.TextField(_("处理意见"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("建议反馈")
        verbose_name_plural = _("建议反馈")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
