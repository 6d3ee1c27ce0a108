"""Admin for the records of the bottom layer: read, never added, changed or deleted; the site's own title; and
`column`, which gives a list column a translated label without touching the model (and its migrations)."""

import json
from collections.abc import Callable

from django.conf import settings
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .messages import joined
from .models import AuditLog, Notification

admin.site.site_header = format_lazy("{} · {}", settings.SITE_NAME, _("管理后台"))
admin.site.site_title = format_lazy("{} {}", settings.SITE_NAME, _("管理后台"))
admin.site.index_title = _("站点管理")


def column(field: str, label, *, boolean: bool = False) -> Callable:
    """A list_display entry showing `field` (a choice in words, a related object by its name) under `label`,
    sortable by the field. For columns whose model field has no Chinese verbose_name (or a third-party model's)."""

    @admin.display(description=label, ordering=None if field == "pk" else field, boolean=boolean)
    def show(obj):
        display = getattr(obj, f"get_{field}_display", None)
        return display() if callable(display) else getattr(obj, field)

    show.__name__ = f"col_{field}"
    return show


def pretty_json(value) -> str:
    """A JSON value as indented text with Chinese characters kept (not escapes)."""
    if value in (None, "", [], {}):
        return "-"
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records are written by services only; in the admin they are read, never added, changed or deleted."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    """Actions in words (their labels); moderation's admin shows the rules in words too (it knows the rules)."""

    list_display = (
        column("created_at", _("时间")),
        column("actor", _("操作人")),
        "action_words",
        "target_repr",
        "rules",
    )
    list_filter = ("action",)
    search_fields = ("target_repr", "actor__username", "action")
    list_select_related = ("actor",)
    fields = (
        "when",
        "who",
        "action_words",
        "target_repr",
        "rules",
        "before_words",
        "after_words",
    )
    readonly_fields = fields

    @admin.display(description=_("时间"))
    def when(self, obj: AuditLog):
        return obj.created_at

    @admin.display(description=_("操作人"))
    def who(self, obj: AuditLog):
        return obj.actor or _("系统")

    @admin.display(description=_("操作"), ordering="action")
    def action_words(self, obj: AuditLog) -> str:
        return obj.get_action_display()

    @admin.display(description=_("规则"))
    def rules(self, obj: AuditLog) -> str:
        return joined(obj.rule_codes or []) or "-"

    @admin.display(description=_("变更前"))
    def before_words(self, obj: AuditLog) -> str:
        return pretty_json(obj.before)

    @admin.display(description=_("变更后"))
    def after_words(self, obj: AuditLog) -> str:
        return pretty_json(obj.after)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = (
        column("recipient", _("收件人")),
        "subject",
        column("created_at", _("时间")),
        column("read_at", _("阅读时间")),
    )
    list_select_related = ("recipient",)
