"""Admin for moderation: rules (new versions without touching old decisions; drafts edited before they are
published), the sanction policy, the lexicon, and read-only records. Every write goes through a service, so that each
is validated and audited."""

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.admin import AuditLogAdmin, ReadOnlyAdmin, column
from core.models import AuditLog

from . import admin_checks, selectors, services
from .errors import ModerationError
from .models import (
    AccountLink,
    AccountNote,
    Appeal,
    Case,
    ContentCheck,
    Decision,
    EscalationStep,
    Feedback,
    FeedbackReply,
    LexiconTerm,
    Report,
    Rule,
    RuleCategory,
    RuleSet,
    Rung,
    Sanction,
    SanctionPolicy,
)
from .selectors.checks import rescan_progress


def _add_service_error(form: forms.BaseForm, exc: ModerationError) -> None:
    """A refusal from a validating service, shown beside the field it names (or above the form)."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


class RuleInlineFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        """The rules as edited must still hold every rule the draft's detectors cite."""
        super().clean()
        if any(self.errors) or not self.instance.detectors:
            return
        kept = [f.cleaned_data["code"] for f in self.forms if f.cleaned_data and not self._should_delete_form(f)]
        try:
            services.ruleset_detectors_validate(detectors=self.instance.detectors, codes=kept)
        except ModerationError as exc:
            raise ValidationError(exc.message) from exc


class RuleInline(admin.TabularInline):
    model = Rule
    formset = RuleInlineFormSet
    fields = ("position", "code", "category", "title", "gloss", "aggravating")
    extra = 0

    def has_change_permission(self, request, obj=None) -> bool:
        # A published version is frozen: decisions cite it. Edit a draft copy instead.
        return obj is None or obj.is_draft

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            ruleset_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = RuleCategory.objects.filter(ruleset_id=ruleset_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class RuleSetForm(forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = ("name", "preamble", "legal_basis", "penalties", "appeals", "detectors")

    def clean(self) -> dict:
        data = super().clean()
        if "detectors" in self.changed_data and "detectors" in data:
            try:
                services.ruleset_detectors_validate(detectors=data["detectors"])
            except ModerationError as exc:
                _add_service_error(self, exc)
        return data


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    """Only a draft can be changed or deleted; its edits (texts, detector rules, the rules inline) are audited."""

    form = RuleSetForm
    list_display = ("version", "name", "is_current", "is_draft", "published_at")
    inlines = [RuleInline]
    actions = ["copy_as_draft", "publish"]
    readonly_fields = ("version", "is_current", "is_draft", "published_at")

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not obj.is_draft:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return obj is not None and obj.is_draft and super().has_delete_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False  # new versions start as a copy ("复制为新版本")

    def save_model(self, request, obj, form, change) -> None:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.ruleset_draft_update(ruleset=obj, actor=request.user, changes=changes)

    def save_formset(self, request, form, formset, change) -> None:
        # commit=False: the service saves and deletes, and audits what changed.
        rules = formset.save(commit=False)
        services.rule_draft_save(
            ruleset=form.instance, rules=rules, deleted=formset.deleted_objects, actor=request.user
        )

    def delete_model(self, request, obj) -> None:
        services.ruleset_draft_delete(ruleset=obj, actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for ruleset in queryset:
            services.ruleset_draft_delete(ruleset=ruleset, actor=request.user)

    @admin.action(description=_("复制为新版本（草稿）"))
    def copy_as_draft(self, request, queryset) -> None:
        for ruleset in queryset:
            draft = services.ruleset_copy(source=ruleset, actor=request.user)
            self.message_user(request, _("已创建草稿 v%(v)s，可编辑后发布。") % {"v": draft.version})

    @admin.action(description=_("发布为现行版本"))
    def publish(self, request, queryset) -> None:
        for ruleset in queryset:
            try:
                services.ruleset_publish(ruleset=ruleset, actor=request.user)
            except ModerationError as exc:
                self.message_user(request, str(exc), level=messages.ERROR)
            else:
                self.message_user(request, _("v%(v)s 已成为现行版本；既往处理决定不受影响。") % {"v": ruleset.version})


def rules_in_words(codes) -> str:
    """Rule codes with their titles in the current rules ("3.2 发布广告、3.3 …"), not `["3.2", "3.3"]`."""
    codes = [str(c) for c in (codes or [])]
    if not codes:
        return "-"
    titles = _rule_titles()
    return "、".join(f"{c} {titles[c][:24]}" if c in titles else c for c in codes)


def _rule_titles() -> dict[str, str]:
    # One query per list page, not per row: the titles of the current rules, kept for a minute.
    titles = cache.get("moderation:admin-rule-titles")
    if titles is None:
        titles = dict(Rule.objects.filter(ruleset__is_current=True).values_list("code", "title"))
        cache.set("moderation:admin-rule-titles", titles, 60)
    return titles


def _rule_code_choices() -> list[tuple[str, str]]:
    return [(r.code, f"{r.code} {r.title[:40]}") for c in selectors.rule_categories_current() for r in c.rules.all()]


class SanctionPolicyForm(forms.ModelForm):
    """The policy as a form: one rung per rule category, rules picked from the current rules, bounded steps. The
    JSON fields are built from these choices, so an admin never types JSON."""

    aggravating_rules = forms.MultipleChoiceField(
        label=_("加重情节规则"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    multi_account_rules = forms.MultipleChoiceField(
        label=_("多账号规则"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        help_text=_("按这些规则处罚时，所有关联账号一并处罚"),
    )

    class Meta:
        model = SanctionPolicy
        fields = (
            "repeat_window_days",
            "repeat_step",
            "aggravating_step",
            "max_rung",
            "warnings_count",
            "aggravating_rules",
            "multi_account_rules",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _rule_code_choices()
        self.fields["aggravating_rules"].choices = choices
        self.fields["multi_account_rules"].choices = choices
        base = (self.instance.base_rungs if self.instance else None) or {}
        self.category_fields = []
        for category in selectors.rule_categories_current():
            name = f"base_rung_{category.code}"
            self.fields[name] = forms.TypedChoiceField(
                label=_("第 %(code)s 类「%(title)s」基础档位") % {"code": category.code, "title": category.title},
                choices=list(Rung.choices),
                coerce=int,
                initial=int(base.get(str(category.code), 1)),
            )
            self.category_fields.append((str(category.code), name))
        for name in ("aggravating_rules", "multi_account_rules"):
            self.initial.setdefault(name, list(getattr(self.instance, name, None) or []))

    def clean_repeat_window_days(self) -> int:
        value = self.cleaned_data["repeat_window_days"]
        if not 1 <= value <= 3650:
            raise ValidationError(_("统计天数应在 1 到 3650 天之间。"))
        return value

    def _step(self, name: str) -> int:
        value = self.cleaned_data[name]
        if not 0 <= value <= 4:
            raise ValidationError(_("加档应在 0 到 4 档之间。"))
        return value

    def clean_repeat_step(self) -> int:
        return self._step("repeat_step")

    def clean_aggravating_step(self) -> int:
        return self._step("aggravating_step")

    def clean(self) -> dict:
        data = super().clean()
        data["base_rungs"] = {code: data[name] for code, name in self.category_fields if name in data}
        max_rung = data.get("max_rung")
        if max_rung is not None:
            over = [code for code, rung in data["base_rungs"].items() if rung > max_rung]
            if over:
                raise ValidationError(
                    _("第 %(codes)s 类的基础档位高于最高档位 R%(max)s。") % {"codes": "、".join(over), "max": max_rung}
                )
        return data

    def policy_fields(self) -> dict:
        """What the service writes: the model's fields, with the rungs per category as `base_rungs`."""
        names = (*self.Meta.fields, "base_rungs")
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


@admin.register(SanctionPolicy)
class SanctionPolicyAdmin(admin.ModelAdmin):
    form = SanctionPolicyForm
    list_display = ("__str__", "repeat_window_days", "aggravating_step", "max_rung", "warnings_count", "updated_at")

    def get_fieldsets(self, request, obj=None):
        form = self.get_form(request, obj)()
        return [
            (_("基础档位（按规则类别）"), {"fields": [name for _code, name in form.category_fields]}),
            (
                _("加档与上限"),
                {"fields": ["repeat_window_days", "repeat_step", "warnings_count", "aggravating_step", "max_rung"]},
            ),
            (_("规则"), {"fields": ["aggravating_rules", "multi_account_rules"]}),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = None  # the per-category fields are the form's own, not the model's
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        # Each edit is a new row (the newest applies), written and audited by the service.
        new = services.sanction_policy_update(actor=request.user, **form.policy_fields())
        obj.pk = new.pk

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


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


class LexiconTermForm(forms.ModelForm):
    class Meta:
        model = LexiconTerm
        fields = ("term", "rule", "action", "kind", "weight", "category", "source")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False  # left out: a topic word, as in a CSV without the column

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or LexiconTerm.Kind.TOPIC

    def clean(self) -> dict:
        data = super().clean()
        if "rule" in data and "action" in data:
            try:
                services.lexicon_term_validate(
                    rule=data["rule"], action=data["action"], term=data.get("term"), weight=data.get("weight")
                )
            except ModerationError as exc:
                _add_service_error(self, exc)
        return data


@admin.register(LexiconTerm)
class LexiconTermAdmin(admin.ModelAdmin):
    """Each change bumps the lexicon version, so every web process and worker rebuilds its engine on its next scan."""

    form = LexiconTermForm
    list_display = (
        "term",
        "rule",
        "action",
        column("kind", _("类型")),
        column("weight", _("权重")),
        column("category", _("类别")),
        "source",
        column("added_by", _("添加人")),
        column("created_at", _("时间")),
    )
    list_filter = ("action", "kind", "rule", "category", "source")
    search_fields = ("term",)
    list_select_related = ("added_by",)
    readonly_fields = ("added_by", "created_at")
    actions = ["rescan_published"]
    change_list_template = "admin/moderation/lexiconterm/change_list.html"

    def save_model(self, request, obj, form, change) -> None:
        services.lexicon_term_save(term=obj, actor=request.user, change=change)

    def delete_model(self, request, obj) -> None:
        services.lexicon_term_delete(terms=LexiconTerm.objects.filter(pk=obj.pk), actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        services.lexicon_term_delete(terms=queryset, actor=request.user)

    @admin.action(description=_("用当前词库重新检查全部已发布内容"))
    def rescan_published(self, request, queryset) -> None:
        job_id = services.rescan_start(actor=request.user)
        self.message_user(request, _("已开始重新检查（任务 %(job)s）。") % {"job": job_id}, messages.SUCCESS)

    def get_urls(self):
        return [
            path("rescan/", self.admin_site.admin_view(self.rescan_view), name="moderation_lexiconterm_rescan"),
            path("replay/", self.admin_site.admin_view(self.replay_view), name="moderation_lexiconterm_replay"),
            *super().get_urls(),
        ]

    def replay_view(self, request):
        """What a lexicon or policy draft would change (moderation.admin_checks)."""
        return admin_checks.replay_view(self, request)

    def rescan_view(self, request):
        """Start a re-scan (POST) or show the progress of one (GET ?job=)."""
        if not request.user.has_perm("moderation.change_lexiconterm"):
            raise PermissionDenied
        if request.method == "POST":
            return redirect(f"{request.path}?job={services.rescan_start(actor=request.user)}")
        job_id = request.GET.get("job", "")
        progress = rescan_progress(job_id=job_id) if job_id else None
        context = {
            **self.admin_site.each_context(request),
            "title": _("重新检查已发布内容"),
            "job_id": job_id,
            "progress": progress,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/moderation/lexiconterm/rescan.html", context)


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


@admin.register(EscalationStep)
class EscalationStepAdmin(admin.ModelAdmin):
    """The queue's escalation policy: how cases rise with age. Edits are audited through the service."""

    list_display = ("__str__", "after_hours", "raise_by")

    def save_model(self, request, obj, form, change) -> None:
        services.escalation_step_save(step=obj, actor=request.user)

    def delete_model(self, request, obj) -> None:
        services.escalation_step_delete(steps=EscalationStep.objects.filter(pk=obj.pk), actor=request.user)

    def delete_queryset(self, request, queryset) -> None:
        services.escalation_step_delete(steps=queryset, actor=request.user)


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
