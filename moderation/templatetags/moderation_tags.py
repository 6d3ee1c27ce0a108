from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..registry import adapter_for
from ..selectors.evidence import report_words, term_words

register = template.Library()

# Snapshots store content states as codes; moderators read them in words. The codes are the content states of
# ARCHITECTURE.md, shared by articles and comments, so moderation can name them without importing the content apps.
STATUS_LABELS = {
    "draft": gettext_lazy("草稿"),
    "submitted": gettext_lazy("投稿待审"),
    "changes_requested": gettext_lazy("待修改"),
    "checking": gettext_lazy("检查中"),
    "published": gettext_lazy("已发布"),
    "visible": gettext_lazy("已显示"),
    "held": gettext_lazy("待人工审核"),
    "rejected": gettext_lazy("未通过"),
    "removed": gettext_lazy("已移除"),
    "active": gettext_lazy("正常"),
    "saved": gettext_lazy("已保存"),
    "passed": gettext_lazy("已通过"),
}


@register.filter
def status_label(code: str | None) -> str:
    if not code:
        return "-"
    return str(STATUS_LABELS.get(code, code))


def _is_edit(snapshot: dict) -> bool:
    """A snapshot of a revision readers do not see while another one is public: a pending edit."""
    return (
        bool(snapshot.get("revision_number"))
        and not snapshot.get("live")
        and bool(snapshot.get("live_revision_number"))
    )


@register.filter
def revision_label(snapshot) -> str:
    """Which revision a snapshot shows and whether readers see it ("" for content without revisions)."""
    if not isinstance(snapshot, dict) or not snapshot.get("revision_number"):
        return ""
    values = {"n": snapshot["revision_number"], "live": snapshot.get("live_revision_number")}
    if snapshot.get("live"):
        return _("第 %(n)s 版：当前公开的版本") % values
    if _is_edit(snapshot):
        return _("第 %(n)s 版：待审核的修改，未公开（公开的是第 %(live)s 版）") % values
    return _("第 %(n)s 版：未公开") % values


@register.filter
def snapshot_status(snapshot) -> str:
    """The state of what the snapshot shows: for a pending edit the edit's own, not the public copy's."""
    if not isinstance(snapshot, dict):
        return "-"
    if _is_edit(snapshot) and snapshot.get("revision_status"):
        return _("%(edit)s（修改）") % {"edit": status_label(snapshot["revision_status"])}
    return status_label(snapshot.get("status"))


@register.filter
def reportable_by(target, user) -> bool:
    """Offer `user` the 举报 link on `target`? Only on what readers see, and never on one's own content or account
    (the report page would refuse both)."""
    try:
        adapter = adapter_for(target)
    except LookupError:
        return False
    if not adapter.is_public(target):
        return False
    return not (getattr(user, "is_authenticated", False) and adapter.owner(target).pk == user.pk)


@register.filter(name="report_words")
def report_words_filter(report) -> str:  # type: ignore[no-untyped-def]
    return report_words(report)


@register.filter(name="term_words")
def term_words_filter(term: str) -> str:
    return term_words(str(term or ""))
