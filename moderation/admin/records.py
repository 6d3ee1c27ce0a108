"""Read-only records: cases, reports, decisions, sanctions, appeals, links, feedback, checks, notes, and the audit log
with the rules cited in words."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import AuditLogAdmin, ReadOnlyAdmin, column
from core.models import AuditLog

from .. import selectors
from ..models import (
    AccountLink,
    AccountNote,
    Appeal,
    Case,
    ContentCheck,
    Decision,
    Feedback,
    FeedbackReply,
    Report,
    Sanction,
)
from .common import rules_in_words


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = (
        column("pk", _("编号")),
        "target_repr",
        "target_owner",
        "status",
        "severity",
        "reporter_count",
        "opened_at",
    )
    list_filter = ("status", "category_code", "has_reports", "has_check")
    list_select_related = ("target_owner",)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = (
        column("pk", _("编号")),
        column("case", _("案件")),
        column("reporter", _("举报人")),
        "source",
        "rule_code",
        column("status", _("状态")),
        column("created_at", _("举报时间")),
    )
    list_filter = ("source", "status")
    list_select_related = ("case", "reporter")

    def get_queryset(self, request):
        # Reporters are never shown to the account reported, whatever its role: not even an admin sees who
        # reported them (or an account linked to them).
        return (
            super()
            .get_queryset(request)
            .exclude(case__target_owner__in=selectors.account_related_ids(account=request.user))
        )


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = (
        column("pk", _("编号")),
        column("case", _("案件")),
        column("moderator", _("审核员")),
        "action",
        "rules",
        "rung",
        "created_at",
        "overturned_at",
    )
    list_filter = ("action",)
    list_select_related = ("case", "moderator")

    @admin.display(description=_("规则"))
    def rules(self, obj: Decision) -> str:
        return rules_in_words(obj.rule_codes)


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = (
        column("pk", _("编号")),
        column("account", _("账号")),
        "rung",
        "rules",
        "status",
        "starts_at",
        "ends_at",
        "via_link",
    )
    list_filter = ("status", "rung")
    list_select_related = ("account",)

    @admin.display(description=_("规则"))
    def rules(self, obj: Sanction) -> str:
        return rules_in_words(obj.rule_codes)


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = (
        column("pk", _("编号")),
        column("decision", _("处理决定")),
        column("appellant", _("申诉人")),
        "status",
        column("reviewer", _("复核人")),
        "created_at",
        "reviewed_at",
    )
    list_filter = ("status",)
    list_select_related = ("decision", "appellant", "reviewer")


@admin.register(AccountLink)
class AccountLinkAdmin(ReadOnlyAdmin):
    list_display = (
        column("account_a", _("账号")),
        column("account_b", _("关联账号")),
        "reason",
        column("created_by", _("关联人")),
        column("created_at", _("时间")),
    )
    list_select_related = ("account_a", "account_b", "created_by")


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = (
        column("pk", _("编号")),
        "kind",
        column("author", _("提交者")),
        "target_repr",
        "status",
        "assigned_to",
        "created_at",
    )
    list_filter = ("kind", "status")
    list_select_related = ("author", "assigned_to")


@admin.register(ContentCheck)
class ContentCheckAdmin(ReadOnlyAdmin):
    list_display = (
        column("pk", _("编号")),
        column("target_type", _("对象类型")),
        column("target_id", _("对象编号")),
        column("status", _("状态")),
        column("verdict", _("结论")),
        column("score", _("分数")),
        column("policy", _("检查策略")),
        column("classifier", _("分类器")),
        column("created_at", _("时间")),
    )
    list_filter = ("status", "verdict")


@admin.register(FeedbackReply)
class FeedbackReplyAdmin(ReadOnlyAdmin):
    list_display = (column("feedback", _("反馈")), column("author", _("答复人")), "internal", "created_at")
    list_select_related = ("feedback", "author")


@admin.register(AccountNote)
class AccountNoteAdmin(ReadOnlyAdmin):
    """Notes are never shown to the account they are about: not even an admin sees notes about themselves (or an
    account linked to them)."""

    list_display = ("account", "author", "text", "created_at")
    list_select_related = ("account", "author")

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(account__in=selectors.account_related_ids(account=request.user))


admin.site.unregister(AuditLog)


@admin.register(AuditLog)
class AuditLogRulesAdmin(AuditLogAdmin):
    """The audit log with the rules cited in words (moderation knows the rules; core does not)."""

    @admin.display(description=_("规则"))
    def rules(self, obj: AuditLog) -> str:
        return rules_in_words(obj.rule_codes)
