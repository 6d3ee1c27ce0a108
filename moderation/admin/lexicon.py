"""The lexicon: terms edited through services, imports, and the replay of a draft (moderation.admin.checks)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.admin import column

from .. import services
from ..errors import ModerationError
from ..models import (
    LexiconTerm,
)
from ..selectors.checks import rescan_progress
from . import checks as admin_checks
from .common import add_service_error


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
                add_service_error(self, exc)
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
        """What a lexicon or policy draft would change (moderation.admin.checks)."""
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
