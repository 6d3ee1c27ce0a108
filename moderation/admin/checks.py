"""Admin for the automatic checks' policy and the site's classifier, and the replay page of a lexicon or policy draft.
Every write goes through a service, validated and audited."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.admin import column

from ..engine import EVIDENCE_KINDS, Policy
from ..errors import ModerationError
from ..models import CheckClassifier, CheckPolicy
from ..selectors.checks import check_policy_current
from ..services.classifier import classifier_activate, classifier_deactivate, classifier_train
from ..services.policy import check_policy_update, check_policy_validate
from ..services.replay import DEFAULT_DAYS, check_replay

KIND_LABELS = {
    "term": _("词库词条"),
    "contact": _("联系方式"),
    "link": _("链接"),
    "cta": _("招揽用语"),
    "money": _("金钱与价格"),
    "repetition": _("重复内容"),
    "near_duplicate": _("近似重复"),
    "account": _("账号情况"),
    "classifier": _("本站分类器"),
    "clickbait": _("标题党"),
    "context": _("报道或提醒的语境"),
    "obfuscation": _("遮掩写法"),
}


class _PolicyFields(forms.Form):
    """The policy's values as form fields (thresholds, the severe-term weight, account evidence, and one multiplier
    per kind of evidence, added below), validated by the engine's own rules through the service."""

    flag = forms.FloatField(label=_("标记阈值"), min_value=0)
    hold = forms.FloatField(label=_("先审后发阈值"), min_value=0, help_text=_("还需意图证据或严重词条"))
    block = forms.FloatField(label=_("拦截阈值"), min_value=0, help_text=_("还需明确的拦截词条和意图证据"))
    severe = forms.FloatField(label=_("严重词条权重"), min_value=0, help_text=_("词条自身权重达到此值即可先审后发"))
    new_account_days = forms.IntegerField(label=_("新账号天数"), min_value=0)
    new_account_weight = forms.FloatField(label=_("新账号权重"))
    sanction_weight = forms.FloatField(label=_("每次既往处罚的权重"))
    max_sanction_count = forms.IntegerField(label=_("最多计入的处罚次数"), min_value=0)
    trusted_weight = forms.FloatField(label=_("每级信任的权重"), max_value=0, help_text=_("负数：降低分数"))

    def __init__(self, *args, policy: Policy | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if policy is not None and not self.is_bound:
            self.initial = {**policy_initial(policy), **self.initial}

    def clean(self) -> dict:
        data = super().clean()
        flag, hold, block = data.get("flag"), data.get("hold"), data.get("block")
        if None not in (flag, hold, block) and not 0 < flag <= hold <= block:
            self.add_error("hold", _("须满足 0 < 标记阈值 ≤ 先审后发阈值 ≤ 拦截阈值。"))
        if not self.errors:
            try:
                check_policy_validate(data=self.policy_data())
            except ModerationError as exc:
                self.add_error(None, exc.message)
        return data

    def policy_data(self) -> dict:
        """The cleaned values in `Policy.to_dict()` shape."""
        d = self.cleaned_data
        return {
            "weights": {kind: d[f"weight_{kind}"] for kind in EVIDENCE_KINDS},
            "thresholds": {"flag": d["flag"], "hold": d["hold"], "block": d["block"]},
            "severe": d["severe"],
            "account": {
                name: d[name]
                for name in (
                    "new_account_days",
                    "new_account_weight",
                    "sanction_weight",
                    "max_sanction_count",
                    "trusted_weight",
                )
            },
        }


# One declared field per kind of evidence the engine knows (declared, so that the admin can list them).
PolicyFields = type(_PolicyFields)(
    "PolicyFields",
    (_PolicyFields,),
    {
        "__module__": __name__,
        **{
            f"weight_{kind}": forms.FloatField(
                label=format_lazy("{}{}", _("权重倍数："), KIND_LABELS.get(kind, kind)), min_value=0
            )
            for kind in EVIDENCE_KINDS
        },
    },
)


def policy_initial(policy: Policy) -> dict:
    data = policy.to_dict()
    return {
        **data["thresholds"],
        "severe": data["severe"],
        **data["account"],
        **{f"weight_{kind}": policy.weight(kind) for kind in EVIDENCE_KINDS},
    }


class CheckPolicyForm(PolicyFields, forms.ModelForm):
    class Meta:
        model = CheckPolicy
        fields = ("classifier_enabled",)

    def __init__(self, *args, **kwargs) -> None:
        instance = kwargs.get("instance")
        policy = Policy.from_dict(instance.data) if instance is not None and instance.pk else check_policy_current()[1]
        super().__init__(*args, policy=policy, **kwargs)


@admin.register(CheckPolicy)
class CheckPolicyAdmin(admin.ModelAdmin):
    """Each save writes a new version (the newest applies), through the audited service; versions are never deleted,
    so a check's stored policy still explains its verdict."""

    form = CheckPolicyForm
    list_display = ("__str__", "thresholds", "classifier_enabled", column("created_by", _("修改人")), "created_at")
    list_select_related = ("created_by",)

    @admin.display(description=_("阈值（标记 / 先审后发 / 拦截）"))
    def thresholds(self, obj: CheckPolicy) -> str:
        t = (obj.data or {}).get("thresholds") or {}
        return f"{t.get('flag', '-')} / {t.get('hold', '-')} / {t.get('block', '-')}"

    def get_fields(self, request, obj=None):
        return ["classifier_enabled", *PolicyFields.base_fields]

    def save_model(self, request, obj, form, change) -> None:
        row = check_policy_update(
            actor=request.user, data=form.policy_data(), classifier_enabled=form.cleaned_data["classifier_enabled"]
        )
        obj.pk = row.pk
        obj.refresh_from_db()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CheckClassifier)
class CheckClassifierAdmin(admin.ModelAdmin):
    """Versions of the site's classifier with their hold-out figures. Activation is refused below the bar; training
    now is the periodic task's job run by hand."""

    list_display = ("__str__", "is_active", "decisions", "precision", "recall", "refusal", "created_at", "activated_at")
    list_filter = ("is_active",)
    exclude = ("params",)
    readonly_fields = (
        "decisions",
        "last_decision_id",
        "precision",
        "recall",
        "metrics",
        "refusal",
        "is_active",
        "activated_at",
        "created_at",
    )
    actions = ["activate", "deactivate"]
    change_list_template = "admin/moderation/checkclassifier/change_list.html"

    def get_urls(self):
        train = self.admin_site.admin_view(self.train_view)
        return [path("train/", train, name="moderation_checkclassifier_train"), *super().get_urls()]

    def train_view(self, request):
        """POST: train a version now (the periodic task's work, run by hand), then back to the list."""
        if request.method != "POST" or not self.has_change_permission(request):
            raise PermissionDenied
        self.train_now(request)
        return redirect("admin:moderation_checkclassifier_changelist")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("params")

    @admin.action(description=_("启用所选版本"), permissions=["change"])
    def activate(self, request, queryset) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("请只选择一个版本。"), messages.ERROR)
            return
        try:
            model = classifier_activate(classifier_id=queryset.get().pk, actor=request.user)
        except ModerationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
        else:
            self.message_user(request, _("%(model)s 已启用。") % {"model": model}, messages.SUCCESS)

    @admin.action(description=_("停用分类器"), permissions=["change"])
    def deactivate(self, request, queryset) -> None:
        classifier_deactivate(actor=request.user)
        self.message_user(
            request, _("分类器已停用。若要长期不用，请在检查策略中关闭“使用本站分类器”。"), messages.SUCCESS
        )

    def train_now(self, request) -> None:
        model = classifier_train(actor=request.user, force=True)
        if model is None:
            self.message_user(request, _("没有训练：分类器已关闭，或已处理的删除和驳回决定太少。"), messages.WARNING)
        elif model.is_active:
            self.message_user(request, _("%(model)s 已训练并启用。") % {"model": model}, messages.SUCCESS)
        else:
            self.message_user(
                request,
                _("%(model)s 已训练，未启用：%(why)s") % {"model": model, "why": model.refusal},
                messages.WARNING,
            )


class ReplayForm(PolicyFields):
    """A lexicon draft (CSV, as `lexicon import` reads) and/or the policy's values as a draft, and the window."""

    draft = forms.FileField(label=_("词库草稿（CSV）"), required=False)
    whole = forms.BooleanField(label=_("草稿即完整词库（未列出的词条视为删除）"), required=False)
    classifier_enabled = forms.BooleanField(label=_("使用本站分类器"), required=False)
    days = forms.IntegerField(label=_("最近天数"), min_value=1, max_value=365, initial=DEFAULT_DAYS)

    field_order = ["draft", "whole", "days"]


def replay_view(model_admin: admin.ModelAdmin, request):
    """GET: the form, with the current policy's values; POST: the replay of the draft, beside the form."""
    if not request.user.has_perm("moderation.change_lexiconterm"):
        raise PermissionDenied
    current_row, current = check_policy_current()
    classifier_now = current_row is None or current_row.classifier_enabled
    report = None
    if request.method == "POST":
        form = ReplayForm(request.POST, request.FILES, policy=current)
        if form.is_valid():
            policy_data = form.policy_data()
            unchanged = Policy.from_dict(policy_data).to_dict() == current.to_dict()
            upload = form.cleaned_data["draft"]
            with tempfile.TemporaryDirectory() as tmp:
                path = None
                if upload is not None:
                    path = Path(tmp) / (Path(upload.name).name or "draft.csv")
                    path.write_bytes(upload.read())
                try:
                    report = check_replay(
                        lexicon_path=path,
                        whole_lexicon=form.cleaned_data["whole"],
                        policy_data=None if unchanged else policy_data,
                        classifier_enabled=form.cleaned_data["classifier_enabled"],
                        days=form.cleaned_data["days"],
                    )
                except ModerationError as exc:
                    # The message names the file as it was uploaded, not where it was put for the replay.
                    message = exc.message.replace(f"{tmp}/", "")
                    form.add_error("draft" if upload is not None and exc.field != "data" else None, message)
    else:
        form = ReplayForm(policy=current, initial={"classifier_enabled": classifier_now, "days": DEFAULT_DAYS})
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("试运行词库或策略草稿"),
        "form": form,
        "report": report,
        "opts": model_admin.model._meta,
    }
    return TemplateResponse(request, "admin/moderation/lexiconterm/replay.html", context)
