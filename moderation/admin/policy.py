"""The rules (new versions without touching old decisions; drafts edited before they are published), the sanction
policy and its escalation steps."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from core.messages import joined

from .. import selectors, services
from ..errors import ModerationError
from ..models import (
    EscalationStep,
    Rule,
    RuleCategory,
    RuleSet,
    Rung,
    SanctionPolicy,
)
from .common import add_service_error, rule_code_choices


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
                add_service_error(self, exc)
        return data


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    """Only a draft can be changed or deleted; its edits (texts, detector rules, the rules inline) are audited."""

    form = RuleSetForm
    list_display = ("version", "name_shown", "is_current", "is_draft", "published_at")
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

    @admin.display(description=_("名称"), ordering="name")
    def name_shown(self, obj: RuleSet) -> str:
        return obj.name_display  # the shipped name in the page's language; the form edits the name as stored

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
        choices = rule_code_choices()
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
                    _("第 %(codes)s 类的基础档位高于最高档位 R%(max)s。") % {"codes": joined(over), "max": max_rung}
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
