"""Reports, the cases they merge into, and the one decision of each case."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .checks import ContentCheck
from .rules import RuleSet
from .sanctions import Rung


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
    # The raise the case's wait has earned under the escalation policy (EscalationStep), kept on the row by the
    # escalation sweep so that the queue orders by severity + escalation through an index.
    escalation = models.PositiveSmallIntegerField(_("等待提升"), default=0)
    reporter_count = models.PositiveIntegerField(_("举报人数"), default=0)
    check_score = models.FloatField(_("自动检查分数"), default=0)
    category_code = models.CharField(_("类别"), max_length=4, blank=True, db_index=True)
    has_reports = models.BooleanField(_("来自用户举报"), default=False)
    has_check = models.BooleanField(_("来自自动检查"), default=False)
    # 先审后发: opened because a new (or newly sanctioned) account's content waits for a moderator, not for a finding.
    held_new_account = models.BooleanField(_("新账号先审后发"), default=False)
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
            # The escalated queue order (`selectors.case_queue`): a page of it reads 50 index entries.
            models.Index(
                (models.F("severity") + models.F("escalation")).desc(),
                models.F("reporter_count").desc(),
                models.F("check_score").desc(),
                "opened_at",
                name="case_escalated_queue_idx",
                condition=models.Q(status="open"),
            ),
            # The statistics count today's automatic-check cases live on every page.
            models.Index(fields=["opened_at"], condition=models.Q(has_check=True), name="case_check_opened_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.target_repr}"

    def claim_active(self, now=None) -> bool:
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
    # An automatic report about a new account's content that the checks passed but 先审后发 held: its details are put
    # in words when shown (selectors.evidence.report_words), in the page's language.
    held_new_account = models.BooleanField(default=False)
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
        indexes = [
            models.Index(fields=["reporter", "created_at"]),
            # The statistics count today's readers' reports by category live on every page: an index-only scan.
            models.Index(
                fields=["created_at", "category_code"],
                condition=models.Q(source="report"),
                name="report_readers_day_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.rule_code} #{self.case_id}"


class Decision(models.Model):
    """The one decision of a case. Stores the rule codes and the rule-set version it applied."""

    class Action(models.TextChoices):
        DISMISS = "dismiss", _("驳回")
        WARN = "warn", _("警告")
        REMOVE = "remove", _("删除内容")
        SANCTION = "sanction", _("删除并处罚")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="decision")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("处理"), max_length=10, choices=Action.choices)
    ruleset = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="decisions")
    rule_codes = models.JSONField(_("规则"), default=list)
    # The category of the first rule cited, kept on the row so that statistics group by it in SQL.
    category_code = models.CharField(_("类别"), max_length=4, blank=True, db_index=True)
    reason = models.TextField(_("理由"))
    proposed_rung = models.PositiveSmallIntegerField(_("建议档位"), choices=Rung.choices, null=True, blank=True)
    proposal_explanation = models.TextField(_("建议说明"), blank=True)
    rung = models.PositiveSmallIntegerField(_("处罚档位"), choices=Rung.choices, null=True, blank=True)
    rung_reason = models.TextField(_("调整档位理由"), blank=True)
    # What the decision did to the content, so that an overturn undoes exactly that: the pending edit it rejected
    # (or released), and whether it hid the content itself (not when it was already hidden).
    revision_id = models.PositiveBigIntegerField(_("待审核的修改"), null=True, blank=True)
    content_hidden = models.BooleanField(_("隐藏了内容"), default=False)
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
