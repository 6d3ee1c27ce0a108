"""The check policy as data: validated, versioned, audited, edited in the admin, and what check_run scans with
(with the author's context); the evidence and the verdict explained in words."""

import pytest
from django.urls import reverse

from core.models import AuditAction, AuditLog
from moderation.engine import Policy
from moderation.errors import ModerationError
from moderation.models import CheckPolicy, ContentCheck, Sanction
from moderation.selectors.checks import check_context, check_policy_current
from moderation.selectors.evidence import evidence_words, result_words, verdict_words
from moderation.services.policy import check_policy_update
from tests.checks.conftest import draft, publish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_without_a_row_the_engines_default_policy_applies(db):
    row, policy = check_policy_current()
    assert row is None
    assert policy == Policy.default()


def test_each_update_is_a_new_audited_version_and_the_newest_applies(admin):
    first = check_policy_update(actor=admin, data={"thresholds": {"flag": 1, "hold": 4, "block": 8}})
    second = check_policy_update(actor=admin, data={"thresholds": {"flag": 2, "hold": 4, "block": 8}})
    row, policy = check_policy_current()
    assert row.pk == second.pk != first.pk
    assert (policy.flag, policy.hold, policy.block) == (2, 4, 8)
    entries = AuditLog.objects.filter(action=AuditAction.CHECK_POLICY_UPDATE).order_by("pk")
    assert [e.after["policy"]["thresholds"]["flag"] for e in entries] == [1, 2]
    assert entries.last().before["policy"]["thresholds"]["flag"] == 1


@pytest.mark.parametrize(
    "data",
    [
        {"thresholds": {"flag": 5, "hold": 3, "block": 6}},  # out of order
        {"weights": {"telepathy": 1}},  # unknown kind
        {"weights": {"term": -1}},  # negative
        {"colour": "red"},  # unknown key
    ],
)
def test_a_policy_the_engine_would_refuse_is_not_stored(admin, data):
    with pytest.raises(ModerationError, match="检查策略无效"):
        check_policy_update(actor=admin, data=data)
    assert not CheckPolicy.objects.exists()


def test_check_run_scans_with_the_stored_policy(writer, rules, admin, django_capture_on_commit_callbacks):
    # given a policy whose hold threshold no single contact detail reaches
    check_policy_update(actor=admin, data={"thresholds": {"flag": 1, "hold": 50, "block": 60}})
    article = draft(writer, body="<p>想了解更多请加微信 abc12345 私聊</p>")
    with django_capture_on_commit_callbacks(execute=True):
        publish(writer, article)
    check = ContentCheck.objects.get(target_id=article.pk)
    assert check.verdict == "flag"
    assert check.policy_id == CheckPolicy.objects.get().pk
    assert check.explanation["thresholds"]["hold"] == 50


def test_check_run_stores_the_fingerprint_it_got_from_the_scan(writer, rules, django_capture_on_commit_callbacks):
    from moderation.engine import fingerprint

    body = "私域流量运营的三个误区：做私域要先想清楚用户价值，再谈触达的频率和内容的质量，最后才是转化的路径与工具。"
    article = draft(writer, body=f"<p>{body}</p>")
    with django_capture_on_commit_callbacks(execute=True):
        publish(writer, article)
    stored = ContentCheck.objects.get(target_id=article.pk).fingerprint
    assert stored % (1 << 64) == fingerprint(body) % (1 << 64)


def test_the_authors_age_and_sanctions_are_the_context(writer, admin):
    from datetime import timedelta

    from django.utils import timezone

    writer.date_joined = timezone.now() - timedelta(days=3)
    writer.save(update_fields=["date_joined"])
    context = check_context(owner=writer)
    assert round(context.account_age_days) == 3
    assert context.prior_sanctions == 0
    assert check_context(owner=None).account_age_days is None


def test_overturned_sanctions_do_not_count(writer, moderator):
    from tests.checks.conftest import decided_cases

    assert check_context(owner=writer).prior_sanctions == 0
    decided_cases(moderator, writer, removed=2, dismissed=0)
    from django.utils import timezone

    from moderation.models import Decision

    decisions = list(Decision.objects.all())
    for i, decision in enumerate(decisions):
        Sanction.objects.create(
            decision=decision,
            account=writer,
            rung=1,
            starts_at=timezone.now(),
            status=Sanction.Status.OVERTURNED if i == 0 else Sanction.Status.ACTIVE,
        )
    assert check_context(owner=writer).prior_sanctions == 1


def test_a_new_account_is_evidence_in_words(writer, rules, django_capture_on_commit_callbacks):
    article = draft(writer, body="<p>想了解更多请加微信 abc12345 私聊</p>")
    with django_capture_on_commit_callbacks(execute=True):
        publish(writer, article)
    evidence = ContentCheck.objects.get(target_id=article.pk).evidence
    assert "新账号：注册 0 天" in [evidence_words(e) for e in evidence]


@pytest.mark.parametrize(
    ("evidence", "words"),
    [
        (
            {"reason": "term.topic", "params": {"term": "赌博", "text": "赌博"}},
            "词库话题词「赌博」：只说明内容涉及这一话题",
        ),
        (
            {"reason": "term.intent", "params": {"term": "发票", "text": "發(fā)票", "variant": "annotated"}},
            "词库意图词「发票」：表明招揽、交易等意图（原文「發(fā)票」，字间夹注音）",
        ),
        ({"reason": "contact.wechat", "params": {"value": "abc12345"}}, "联系方式：微信号 abc12345"),
        ({"reason": "contact.telegram", "params": {"value": "@spam_bot"}}, "联系方式：Telegram 账号 @spam_bot"),
        (
            {"reason": "contact.profile", "params": {"value": "卫星号"}},
            "联系方式：让读者去个人资料里找的账号 卫星号",
        ),
        ({"reason": "link.spelled", "params": {"value": "abc.com"}}, "链接：用文字拼写点号的网址 abc.com"),
        ({"reason": "link.taokouling", "params": {"value": "￥AbCd1234￥"}}, "链接：淘口令 ￥AbCd1234￥"),
        ({"reason": "cta", "params": {"text": "私聊"}}, "招揽用语「私聊」：请读者加好友、联系或私聊"),
        ({"reason": "money", "params": {"text": "日结"}}, "金钱或价格「日结」"),
        ({"reason": "repetition", "params": {"text": "加我", "count": 5}}, "重复内容「加我」出现 5 次"),
        (
            {"reason": "near_duplicate", "params": {"nearest": [{"ref": 1, "distance": 2}], "distance": 2}},
            "与其他账号近期发布的 1 条内容几乎相同（最接近的只差 2 位）",
        ),
        ({"reason": "account.sanctions", "params": {"count": 2}}, "账号曾受处罚 2 次"),
        ({"reason": "account.trusted", "params": {"level": 1}}, "受信任账号（等级 1），降低分数"),
        ({"reason": "clickbait", "params": {"text": "震惊"}}, "标题党用语「震惊」"),
        (
            {"reason": "obfuscation", "params": {"text": "加★微★信", "count": 2}},
            "刻意遮掩的写法：「加★微★信」字间夹符号或表情（共 2 处），常用于躲避检查",
        ),
        (
            {"reason": "obfuscation.abbreviation", "params": {"text": "tx", "term": "套现", "count": 1}},
            "刻意遮掩的写法：用拼音首字母「tx」代替「套现」，常用于躲避检查",
        ),
        (
            {"reason": "obfuscation.homophone", "params": {"text": "代开发飘", "term": "代开发票", "count": 1}},
            "刻意遮掩的写法：用同音字写成「代开发飘」代替「代开发票」，原词读来通顺得多，常用于躲避检查",
        ),
        ({"reason": "link.web", "params": {"value": "am8866.net", "plain": True}}, "链接：网址 am8866.net"),
        (
            {
                "reason": "term.topic",
                "params": {"term": "套现", "text": "tx", "variant": "pinyin_abbr", "action": "block"},
            },
            "词库话题词「套现」：只说明内容涉及这一话题（原文「tx」，拼音缩写）；属拦截词条，但读自生成的写法，只转人工审核、不直接拦截",
        ),
        (
            {"reason": "context.report", "params": {"words": ["举报", "警方"]}},
            "报道或提醒的语境（举报、警方）：所提到的内容不是招揽，降低分数",
        ),
        (
            {"reason": "term.topic", "params": {"term": "招嫖", "text": "招嫖", "reported": True}},
            "词库话题词「招嫖」：只说明内容涉及这一话题；出现在报道或提醒中，只按话题计",
        ),
    ],
)
def test_each_reason_is_put_in_words(evidence, words):
    assert evidence_words(evidence) == words


def test_the_verdict_is_explained_with_the_score_and_the_threshold():
    explanation = {"reason": "flag.no_intent", "score": 3.5, "thresholds": {"flag": 1, "hold": 3, "block": 6}}
    words = verdict_words(explanation)
    assert "3.5" in words
    assert "先审后发阈值 3" in words
    assert "标记，照常公开" in words


def test_result_words_gives_each_evidence_its_weight():
    result = {
        "evidence": [{"reason": "cta", "params": {"text": "加我"}, "weight": 1.5, "rule": "3.1"}],
        "explanation": {"reason": "pass.none"},
    }
    assert result_words(result) == {
        "evidence": [{"words": "招揽用语「加我」：请读者加好友、联系或私聊", "weight": "+1.5", "rule": "3.1"}],
        "explanation": "没有发现任何证据：通过。",
    }


def test_the_case_page_lists_the_evidence_with_weights_and_the_conclusion(
    client, writer, rules, moderator, django_capture_on_commit_callbacks
):
    from moderation.models import Case

    article = draft(writer, body="<p>想了解更多请加微信 abc12345 私聊</p>")
    with django_capture_on_commit_callbacks(execute=True):
        publish(writer, article)
    case = Case.objects.get(target_id=article.pk)
    client.force_login(moderator)
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    assert "联系方式：微信号 abc12345" in page
    assert "权重" in page
    assert "检查结论" in page


def test_the_admin_form_refuses_thresholds_out_of_order_beside_the_field(client, admin):
    client.force_login(admin)
    url = reverse("admin:moderation_checkpolicy_add")
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False and v is not None}
    data.update({"flag": 5, "hold": 3, "block": 6})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "须满足" in str(response.context["adminform"].form.errors["hold"])
    assert not CheckPolicy.objects.exists()


def test_the_admin_form_saves_a_new_audited_version(client, admin):
    client.force_login(admin)
    url = reverse("admin:moderation_checkpolicy_add")
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {k: v for k, v in data.items() if v is not None and v is not False}
    data.update({"hold": 4, "weight_classifier": 0.5})
    data.pop("classifier_enabled", None)  # unchecked: the classifier off
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row, policy = check_policy_current()
    assert (policy.hold, policy.weight("classifier"), row.classifier_enabled) == (4, 0.5, False)
    assert row.created_by == admin
    assert AuditLog.objects.filter(action=AuditAction.CHECK_POLICY_UPDATE, actor=admin).count() == 1


def test_every_kind_of_evidence_the_engine_knows_has_a_label_in_the_policy_form():
    from moderation.admin.checks import KIND_LABELS
    from moderation.engine import EVIDENCE_KINDS

    assert set(EVIDENCE_KINDS) <= set(KIND_LABELS)


def test_a_reason_without_words_yet_is_still_shown_as_evidence():
    assert evidence_words({"reason": "telepathy", "params": {}}) == "其他证据（telepathy）"


def _case_of_check(owner, **check_fields):
    """A case opened for a finished check of article 1 with `check_fields` (matches or evidence)."""
    from django.contrib.contenttypes.models import ContentType

    from articles.models import Article
    from moderation.models import Case

    check = ContentCheck.objects.create(
        target_type=ContentType.objects.get_for_model(Article),
        target_id=1,
        status=ContentCheck.Status.DONE,
        verdict="hold",
        **check_fields,
    )
    return Case.objects.create(
        target_type=check.target_type, target_id=1, target_owner=owner, content_check=check, snapshot_reported={}
    )


def test_a_check_made_before_evidence_existed_still_shows_its_matches(writer, rules):
    from moderation.selectors.evidence import case_findings

    case = _case_of_check(
        writer,
        matches=[
            {"term": "wechat:abc12345", "rule": "3.1", "action": "hold", "start": 0, "end": 5, "source": "contact"}
        ],
    )
    [finding] = case_findings(case=case)
    assert (finding.what, finding.did, finding.weight) == ("联系方式：微信号 abc12345", "转人工审核，暂不公开", "")


def test_a_finding_names_its_rule_in_the_pages_language(writer, rules):
    from django.utils import translation

    from moderation.models import Rule
    from moderation.selectors.evidence import case_findings

    case = _case_of_check(
        writer, evidence=[{"kind": "cta", "rule": "3.1", "weight": 0.8, "reason": "cta", "params": {"text": "私我"}}]
    )
    title = Rule.objects.get(ruleset__is_current=True, code="3.1").title
    [zh] = case_findings(case=case)
    assert zh.rule_title == title
    with translation.override("en"):
        [en] = case_findings(case=case)
        english = translation.gettext(title)
    assert english != title  # the shipped rules have an English text
    assert en.rule_title == english
