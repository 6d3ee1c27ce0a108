"""The automatic checks: the lexicon they match and one ContentCheck per checked revision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..engine import Verdict


class LexiconTerm(models.Model):
    """A term of the automatic-check lexicon: what to look for, which rule it breaks, and what to do."""

    class Action(models.TextChoices):
        BLOCK = "block", _("拦截")
        HOLD = "hold", _("先审后发")
        FLAG = "flag", _("标记")
        ALLOW = "allow", _("白名单")

    class Kind(models.TextChoices):
        TOPIC = "topic", _("话题词")
        INTENT = "intent", _("意图词")

    term = models.CharField(_("词条"), max_length=100)
    rule = models.CharField(_("规则编号"), max_length=8)
    action = models.CharField(_("处置"), max_length=8, choices=Action.choices)
    # What kind of evidence the term is (a topic word alone is at most a flag; an intent word can hold), its weight
    # (null: the engine's default for its action) and its category: `moderation.engine.Term`.
    kind = models.CharField(_("词条类型"), max_length=8, choices=Kind.choices, default=Kind.TOPIC)
    weight = models.FloatField(_("权重"), null=True, blank=True, help_text=_("留空则按处置取默认权重"))
    category = models.CharField(_("类别"), max_length=40, blank=True)
    source = models.CharField(_("来源"), max_length=100, blank=True, help_text=_("导入文件名或“手工添加”"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("词库词条")
        verbose_name_plural = _("词库")
        ordering = ["term"]
        # One row per term: an import that names a term with another rule or action updates it (the operator's
        # file is the truth), and the engine never has to choose between two rows for one word.
        constraints = [models.UniqueConstraint(fields=["term"], name="lexicon_term_unique")]

    def __str__(self) -> str:
        return f"{self.term} ({self.rule}, {self.action})"


class LexiconVersion(models.Model):
    """The lexicon's version: one row whose token changes in the same transaction as every lexicon write.

    Every process (web, worker, a management command) reads it before a scan, with no cache in between: a change
    made by another process, or while Redis was unreachable, reaches it at its next scan.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("词库版本")
        verbose_name_plural = _("词库版本")

    def __str__(self) -> str:
        return self.token


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
    # The engine's evidence (`Evidence.to_dict()`, each with its weight and reason key) and how the verdict follows
    # from it (`Result.explanation`): what the case page puts in words.
    evidence = models.JSONField(default=list, blank=True)
    explanation = models.JSONField(default=dict, blank=True)
    score = models.FloatField(default=0)
    engine_version = models.CharField(max_length=32, blank=True)
    lexicon_version = models.CharField(max_length=64, blank=True)
    # The policy and classifier versions the verdict was reached with (null: the engine's defaults / none).
    policy = models.ForeignKey("CheckPolicy", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    classifier = models.ForeignKey(
        "CheckClassifier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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


class CheckPolicy(models.Model):
    """How the checks weigh their evidence into a verdict, as data: `moderation.engine.Policy.to_dict()` (a weight
    multiplier per kind of evidence, the flag, hold and block thresholds, the severe-term weight, the account
    evidence). Each admin edit writes a new row; the newest applies, so that a check's stored `policy` still explains
    its verdict after the policy changed. Without a row the engine's default policy applies."""

    data = models.JSONField(_("策略"), default=dict)
    classifier_enabled = models.BooleanField(
        _("使用本站分类器"), default=True, help_text=_("关闭后，自动检查不再参考根据审核决定训练的分类器")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("检查策略")
        verbose_name_plural = _("检查策略")
        ordering = ["-id"]

    def __str__(self) -> str:
        return _("检查策略 #%(id)s") % {"id": self.pk or "-"}


class CheckClassifier(models.Model):
    """One trained version of the site's classifier (`moderation.classifier`): the model as JSON, what it was trained
    on, and how it did on the decisions held out of its training. At most one is active."""

    params = models.JSONField(default=dict)
    decisions = models.PositiveIntegerField(_("决定数"))
    last_decision_id = models.PositiveBigIntegerField(default=0)
    precision = models.FloatField(_("精确率"))
    recall = models.FloatField(_("召回率"))
    metrics = models.JSONField(_("评估结果"), default=dict)
    # Why the model may not be activated ("" when it met the bar when it was trained).
    refusal = models.CharField(_("未启用原因"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用中"), default=False)
    activated_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("训练时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("分类器版本")
        verbose_name_plural = _("分类器版本")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_classifier"
            )
        ]

    def __str__(self) -> str:
        return _("分类器 v%(id)s") % {"id": self.pk or "-"}


# --- Reports, cases, decisions, sanctions, appeals ------------------------------------------------------------------
