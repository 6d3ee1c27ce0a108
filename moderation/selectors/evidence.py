"""What the automatic checks found in a case, in words a moderator reads, each piece once; and the copy they read.

A check stores the engine's evidence (`Evidence.to_dict()`: a kind, a reason key with its params, a weight, a span)
and the explanation of its verdict (`Result.explanation`). The case page shows each piece of evidence in words, with
the rule it cites and how much it weighed, once however many times and in however many revisions of the content it
was found, then how the verdict follows from the total; and highlights the spans on the copy the check read.
`result_words` gives the same words for a result outside a case (`manage.py scan --json`, the replay page).
Checks made before evidence existed have only matches (`wechat:abc12345`, rule, action, span): they are shown as
before, with what the check did instead of a weight.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.messages import joined

from ..engine.evidence import GUESSED_VARIANTS
from ..models import VERDICT_LABELS, Case, ContentCheck, Report, Rule
from ..registry import adapter_for
from .cases import Segment, text_highlight

CONTACT_KINDS = {
    "wechat": gettext_lazy("微信号"),
    "qq": gettext_lazy("QQ 号"),
    "phone": gettext_lazy("手机号"),
    "telegram": gettext_lazy("Telegram 账号"),
    "profile": gettext_lazy("让读者去个人资料里找的账号"),
}
LINK_KINDS = {"affiliate": gettext_lazy("推广链接"), "shortener": gettext_lazy("短链接")}


@dataclass(frozen=True)
class Finding:
    what: str  # what was found, in words
    rule: str  # the rule code
    rule_title: str  # the rule in words ("" when the current rules do not have it)
    did: str  # what the check did because of it (a check without evidence), or how much it weighed
    where: str  # title or body
    weight: str = ""  # "+2.0": the evidence's contribution to the score ("" for a check without evidence)


@dataclass(frozen=True)
class CaseEvidence:
    findings: list[Finding]
    # The copy the checks read, when it is not the one the case was opened with (a report on the live copy joined
    # by a check of a later edit); None when the reported copy is the one they read.
    checked: dict | None
    title_segments: list[Segment]
    segments: list[Segment]
    verdict_words: str = ""  # how the shown check's verdict follows from its evidence


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


VARIANT_WORDS = {
    "collapsed": gettext_lazy("叠字写法"),
    "homophone": gettext_lazy("同音字替换"),
    "annotated": gettext_lazy("字间夹注音"),
    "pinyin_abbr": gettext_lazy("拼音缩写"),
    "pattern": gettext_lazy("按招揽句式识别"),
}
CONTACT_REASONS = {f"contact.{kind}": kind for kind in CONTACT_KINDS}
LINK_REASONS = {
    "link.affiliate": gettext_lazy("推广链接"),
    "link.shortener": gettext_lazy("短链接"),
    "link.taokouling": gettext_lazy("淘口令"),
    "link.spelled": gettext_lazy("用文字拼写点号的网址"),
    "link.web": gettext_lazy("网址"),
}


def _term_words(reason: str, params: dict) -> str:
    term, text = str(params.get("term", "")), str(params.get("text", "") or params.get("term", ""))
    if reason == "term.intent":
        words = _("词库意图词「%(term)s」：表明招揽、交易等意图") % {"term": term}
    else:
        words = _("词库话题词「%(term)s」：只说明内容涉及这一话题") % {"term": term}
    variant = VARIANT_WORDS.get(str(params.get("variant", "")))
    if variant:
        words += _("（原文「%(text)s」，%(variant)s）") % {"text": text, "variant": variant}
    elif text and text != term:
        words += _("（原文「%(text)s」）") % {"text": text}
    if params.get("action") == "block" and params.get("variant") in GUESSED_VARIANTS:
        words += _("；属拦截词条，但读自生成的写法，只转人工审核、不直接拦截")
    elif params.get("action") == "block":
        words += _("；属明确的拦截词条")
    if params.get("reported"):
        words += _("；出现在报道或提醒中，只按话题计")
    return words


def automatic_report_words(*, verdict: str, score: float | None, new_account: bool = False) -> str:
    """What an automatic check's report says, in the active language: a new account's content held although the
    checks passed it (先审后发), or the check's verdict and score."""
    if new_account:
        return _("新账号先审后发：自动检查通过（分数 %(score).2f），等待人工确认后公开。") % {"score": score or 0}
    return _("自动检查：%(verdict)s，分数 %(score).2f") % {
        "verdict": VERDICT_LABELS.get(verdict, verdict),
        "score": score or 0,
    }


def report_words(report) -> str:  # type: ignore[no-untyped-def]
    """A report's details as the page shows them: an automatic one in the page's language (its stored text is in
    the language of the process that checked), a reader's as they wrote it."""
    check = report.content_check if report.content_check_id and report.reporter_id is None else None
    if check is None:
        return report.text
    return automatic_report_words(verdict=check.verdict, score=check.score, new_account=report.held_new_account)


def evidence_words(evidence: dict) -> str:
    """One piece of evidence (`Evidence.to_dict()`) in words, from its reason key and params."""
    reason, params = str(evidence.get("reason", "")), dict(evidence.get("params") or {})
    if reason in ("term.topic", "term.intent"):
        return _term_words(reason, params)
    if reason in CONTACT_REASONS:
        kind = CONTACT_KINDS[CONTACT_REASONS[reason]]
        return _("联系方式：%(kind)s %(value)s") % {"kind": kind, "value": params.get("value", "")}
    if reason in LINK_REASONS:
        return _("链接：%(kind)s %(value)s") % {"kind": LINK_REASONS[reason], "value": params.get("value", "")}
    if reason == "cta":
        return _("招揽用语「%(text)s」：请读者加好友、联系或私聊") % {"text": params.get("text", "")}
    if reason == "money":
        return _("金钱或价格「%(text)s」") % {"text": params.get("text", "")}
    if reason == "repetition":
        return _("重复内容「%(text)s」出现 %(count)s 次") % {
            "text": params.get("text", ""),
            "count": params.get("count", ""),
        }
    if reason == "near_duplicate":
        nearest = params.get("nearest") or []
        return _("与其他账号近期发布的 %(n)s 条内容几乎相同（最接近的只差 %(distance)s 位）") % {
            "n": len(nearest) or 1,
            "distance": params.get("distance", ""),
        }
    if reason == "account.new":
        return _("新账号：注册 %(days)s 天") % {"days": params.get("days", "")}
    if reason == "account.sanctions":
        return _("账号曾受处罚 %(count)s 次") % {"count": params.get("count", "")}
    if reason == "account.trusted":
        return _("受信任账号（等级 %(level)s），降低分数") % {"level": params.get("level", "")}
    if reason == "classifier":
        return _classifier_words(params)
    if reason == "obfuscation":
        return _("刻意遮掩的写法：「%(text)s」字间夹符号或表情（共 %(count)s 处），常用于躲避检查") % {
            "text": params.get("text", ""),
            "count": params.get("count", 1),
        }
    if reason == "obfuscation.abbreviation":
        return _("刻意遮掩的写法：用拼音首字母「%(text)s」代替「%(term)s」，常用于躲避检查") % {
            "text": params.get("text", ""),
            "term": params.get("term", ""),
        }
    if reason == "obfuscation.homophone":
        return _("刻意遮掩的写法：用同音字写成「%(text)s」代替「%(term)s」，原词读来通顺得多，常用于躲避检查") % {
            "text": params.get("text", ""),
            "term": params.get("term", ""),
        }
    if reason == "context.report":
        words = joined([str(w) for w in params.get("words") or []])
        return _("报道或提醒的语境（%(words)s）：所提到的内容不是招揽，降低分数") % {"words": words}
    if reason == "clickbait":
        return _("标题党用语「%(text)s」") % {"text": params.get("text", "")}
    return _("其他证据（%(reason)s）") % {"reason": reason}


def _classifier_words(params: dict) -> str:
    probability = float(params.get("probability") or 0)
    words = _(
        "本站分类器 v%(version)s（根据版主以往的处理决定训练，留出集精确率 %(precision).0f%%、召回率 %(recall).0f%%）："
        "类似内容被删除的概率约 %(percent).0f%%"
    ) % {
        "version": params.get("version", ""),
        "precision": 100 * float(params.get("precision") or 0),
        "recall": 100 * float(params.get("recall") or 0),
        "percent": 100 * probability,
    }
    if probability >= 0.5 and params.get("tokens"):
        words += _("；主要依据：%(tokens)s") % {"tokens": joined([str(t) for t in params["tokens"]])}
    if probability >= 0.5 and params.get("category"):
        category = " ".join(str(part) for part in (params["category"], params.get("category_title")) if part)
        words += _("；最可能的违规类别：%(category)s") % {"category": category}
    return words


def weight_words(weight: float) -> str:
    return f"{weight:+.1f}"


VERDICT_REASONS = {
    "pass.none": gettext_lazy("没有发现任何证据：通过。"),
    "pass.below_flag": gettext_lazy("证据总分 %(score)s 低于标记阈值 %(flag)s：通过。"),
    "pass.account_only": gettext_lazy("只有账号方面的证据，内容本身没有问题：通过。"),
    "flag.score": gettext_lazy("证据总分 %(score)s 达到标记阈值 %(flag)s，未达先审后发阈值 %(hold)s：标记，照常公开。"),
    "flag.support_only": gettext_lazy("证据总分 %(score)s，但只有招揽用语或金钱价格这类辅助证据：最多标记，照常公开。"),
    "flag.no_intent": gettext_lazy(
        "证据总分 %(score)s 达到先审后发阈值 %(hold)s，但既没有意图证据（联系方式、链接、招揽、金钱等）也没有严重词条，"
        "只是提到话题：标记，照常公开。"
    ),
    "flag.duplicate_only": gettext_lazy(
        "证据总分 %(score)s 达到先审后发阈值 %(hold)s，但除了与其他账号近期内容雷同之外，"
        "没有联系方式、链接、招揽或金钱等证据：标记，照常公开。"
    ),
    "flag.plain_contact": gettext_lazy(
        "证据总分 %(score)s 达到先审后发阈值 %(hold)s，但联系方式是照常书写的，旁边没有招揽、金钱、意图词条、链接或"
        "限制话题的词条：标记，照常公开。"
    ),
    "hold.intent": gettext_lazy("证据总分 %(score)s 达到先审后发阈值 %(hold)s，且有意图证据：转人工审核，暂不公开。"),
    "hold.severe": gettext_lazy("证据总分 %(score)s 达到先审后发阈值 %(hold)s，且含严重词条：转人工审核，暂不公开。"),
    "hold.no_block_term": gettext_lazy(
        "证据总分 %(score)s 达到拦截阈值 %(block)s，但缺少明确的拦截词条或意图证据：转人工审核，暂不公开，不直接拦截。"
    ),
    "block.term": gettext_lazy(
        "证据总分 %(score)s 达到拦截阈值 %(block)s，有明确的拦截词条和意图证据：拦截，不予发布。"
    ),
    "block.term_trusted": gettext_lazy(
        "不计账号信任时证据总分 %(score_without_trust)s 达到拦截阈值 %(block)s，有明确的拦截词条和意图证据："
        "拦截，不予发布（账号信任只降低标记和先审后发，不抵消明确的拦截词条）。"
    ),
}


def verdict_words(explanation: dict) -> str:
    """How a verdict follows from its evidence (`Result.explanation`), in words; "" for a check without one."""
    template = VERDICT_REASONS.get(str((explanation or {}).get("reason", "")))
    if template is None:
        return ""
    thresholds = explanation.get("thresholds") or {}
    return str(template) % {
        "score": f"{float(explanation.get('score') or 0):.1f}",
        "flag": f"{float(thresholds.get('flag') or 0):g}",
        "hold": f"{float(thresholds.get('hold') or 0):g}",
        "block": f"{float(thresholds.get('block') or 0):g}",
        "score_without_trust": f"{float(explanation.get('score_without_trust') or 0):.1f}",
    }


def result_words(result: dict) -> dict:
    """A result's evidence and verdict in words (`Result.to_dict()` in): {"evidence": [{"words", "weight", "rule"}],
    "explanation": str}, for `scan --json` and the replay page."""
    return {
        "evidence": [
            {"words": evidence_words(e), "weight": weight_words(float(e.get("weight") or 0)), "rule": e.get("rule", "")}
            for e in result.get("evidence") or []
        ],
        "explanation": verdict_words(result.get("explanation") or {}),
    }


def _where(field: str) -> str:
    if field == "title":
        return _("标题")
    if field == "body":
        return _("正文")
    return _("整体")


def case_checks(*, case: Case) -> list[ContentCheck]:
    """The case's checks, the one it shows first: every check that joined it (one per checked revision)."""
    ids = set(Report.objects.filter(case=case, content_check__isnull=False).values_list("content_check_id", flat=True))
    if case.content_check_id:
        ids.add(case.content_check_id)
    return sorted(ContentCheck.objects.filter(pk__in=ids), key=lambda c: (c.pk != case.content_check_id, -c.pk))


def case_findings(*, case: Case, checks: list[ContentCheck] | None = None) -> list[Finding]:
    """Each finding of the case's checks once, in words, the shown check's first: the evidence with its weight, or
    for checks made before evidence existed, their matches with what the check did."""
    checks = case_checks(case=case) if checks is None else checks
    evidence = [e for check in checks for e in (check.evidence or [])]
    matches = (
        [] if evidence else [m for check in checks for m in (check.matches or [])] or list(case.check_matches or [])
    )
    codes = {str(item.get("rule", "")) for item in [*evidence, *matches]}
    titles = dict(Rule.objects.filter(ruleset__is_current=True, code__in=codes).values_list("code", "title"))
    seen, findings = set(), []
    for e in evidence:
        rule, what, field = str(e.get("rule", "")), evidence_words(e), str(e.get("field", ""))
        weight = weight_words(float(e.get("weight") or 0))
        key = (what, rule, field, weight)
        if key in seen:
            continue
        seen.add(key)
        findings.append(Finding(what, rule, _(titles[rule]) if rule in titles else "", weight, _where(field), weight))
    for m in matches:
        source, term, rule = str(m.get("source", "lexicon")), str(m.get("term", "")), str(m.get("rule", ""))
        action, field = str(m.get("action", "")), str(m.get("field", "body"))
        key = (source, term, rule, action, field)
        if key in seen:
            continue
        seen.add(key)
        findings.append(
            Finding(_what(source, term), rule, _(titles[rule]) if rule in titles else "", _did(action), _where(field))
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
        verdict_words=verdict_words(check.explanation) if check is not None else "",
    )
