"""What the automatic checks found in a case, in words a moderator reads, each piece once; and the copy they read.

A check stores its matches as the engine gives them (`wechat:abc12345`, rule `3.1`, action `hold`, a span). The case
page shows what was found, which rule it breaks and what the check did, once per finding however many times and in
however many revisions of the content it was found, and highlights the spans on the copy the check read.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Case, ContentCheck, Report, Rule
from ..registry import adapter_for
from .cases import Segment, text_highlight

CONTACT_KINDS = {"wechat": gettext_lazy("微信号"), "qq": gettext_lazy("QQ 号"), "phone": gettext_lazy("手机号")}
LINK_KINDS = {"affiliate": gettext_lazy("推广链接"), "shortener": gettext_lazy("短链接")}


@dataclass(frozen=True)
class Finding:
    what: str  # what was found, in words
    rule: str  # the rule code
    rule_title: str  # the rule in words ("" when the current rules do not have it)
    did: str  # what the check did because of it
    where: str  # title or body


@dataclass(frozen=True)
class CaseEvidence:
    findings: list[Finding]
    # The copy the checks read, when it is not the one the case was opened with (a report on the live copy joined
    # by a check of a later edit); None when the reported copy is the one they read.
    checked: dict | None
    title_segments: list[Segment]
    segments: list[Segment]


def _what(source: str, term: str) -> str:
    kind, _sep, value = term.partition(":")
    if source == "contact" and kind in CONTACT_KINDS:
        return _("联系方式：%(kind)s %(value)s") % {"kind": CONTACT_KINDS[kind], "value": value}
    if source == "link" and kind in LINK_KINDS:
        return _("链接：%(kind)s %(value)s") % {"kind": LINK_KINDS[kind], "value": value}
    if source == "duplicate":
        return _("与其他账号近期发布的内容几乎相同")
    if source == "clickbait":
        return _("标题党用语「%(term)s」") % {"term": term}
    return _("词库词条「%(term)s」") % {"term": term}


def term_words(term: str) -> str:
    """A matched term in words, its kind read from the detector's prefix (`wechat:abc12345`); a lexicon term as
    it is. For the highlights' titles, which carry the term without its source."""
    kind = term.partition(":")[0]
    if kind in CONTACT_KINDS:
        return _what("contact", term)
    if kind in LINK_KINDS:
        return _what("link", term)
    if kind == "near-duplicate":
        return _what("duplicate", term)
    return term


def _did(action: str) -> str:
    return {
        "block": _("拦截，不予发布"),
        "hold": _("转人工审核，暂不公开"),
        "flag": _("标记，照常公开"),
    }.get(action, action)


def case_checks(*, case: Case) -> list[ContentCheck]:
    """The case's checks, the one it shows first: every check that joined it (one per checked revision)."""
    ids = set(Report.objects.filter(case=case, content_check__isnull=False).values_list("content_check_id", flat=True))
    if case.content_check_id:
        ids.add(case.content_check_id)
    return sorted(ContentCheck.objects.filter(pk__in=ids), key=lambda c: (c.pk != case.content_check_id, -c.pk))


def case_findings(*, case: Case, checks: list[ContentCheck] | None = None) -> list[Finding]:
    """Each finding of the case's checks once, in words, the shown check's first."""
    checks = case_checks(case=case) if checks is None else checks
    matches = [m for check in checks for m in (check.matches or [])] or list(case.check_matches or [])
    codes = {str(m.get("rule", "")) for m in matches}
    titles = dict(Rule.objects.filter(ruleset__is_current=True, code__in=codes).values_list("code", "title"))
    seen, findings = set(), []
    for m in matches:
        source, term, rule = str(m.get("source", "lexicon")), str(m.get("term", "")), str(m.get("rule", ""))
        action, field = str(m.get("action", "")), str(m.get("field", "body"))
        key = (source, term, rule, action, field)
        if key in seen:
            continue
        seen.add(key)
        where = _("标题") if field == "title" else _("正文")
        findings.append(
            Finding(_what(source, term), rule, _(titles[rule]) if rule in titles else "", _did(action), where)
        )
    return findings


def _target(case: Case):
    model = case.target_type.model_class()
    return model._default_manager.filter(pk=case.target_id).first() if model is not None else None


def case_evidence(*, case: Case) -> CaseEvidence:
    """The findings, and the text to highlight them on: the copy the shown check read."""
    checks = case_checks(case=case)
    reported = case.snapshot_reported or {}
    checked = None
    check = checks[0] if checks else None
    if check is not None and "revision_id" in reported and check.revision_id != reported.get("revision_id"):
        target = _target(case)
        if target is not None:
            adapter = adapter_for(target)
            checked = {"kind": adapter.kind, **adapter.snapshot(target, revision_id=check.revision_id)}
    shown = checked or reported
    matches = (check.matches if check is not None else None) or case.check_matches
    return CaseEvidence(
        findings=case_findings(case=case, checks=checks),
        checked=checked,
        title_segments=text_highlight(shown.get("title", ""), matches, field="title"),
        segments=text_highlight(shown.get("text", ""), matches),
    )
