from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Snapshots store content states as codes; moderators read them in words. The codes are the content states of
# ARCHITECTURE.md, shared by articles and comments, so moderation can name them without importing the content apps.
STATUS_LABELS = {
    "draft": _("草稿"),
    "submitted": _("投稿待审"),
    "changes_requested": _("待修改"),
    "checking": _("检查中"),
    "published": _("已发布"),
    "visible": _("已显示"),
    "held": _("待人工审核"),
    "rejected": _("未通过"),
    "removed": _("已移除"),
    "active": _("正常"),
}


@register.filter
def status_label(code: str | None) -> str:
    if not code:
        return "-"
    return str(STATUS_LABELS.get(code, code))
