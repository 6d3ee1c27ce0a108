import re

import pytest
from django.urls import reverse

from core.models import AuditLog
from moderation import services
from moderation.models import Appeal, Case, Decision, Feedback
from moderation.services import ModerationError
from tests.factories import UserFactory
from tests.moderation.conftest import decide, report_user
from tests.moderation.factories import ContentCheckFactory

pytestmark = pytest.mark.django_db

STAFF_URLS = [
    ("moderation_staff:queue", []),
    ("moderation_staff:case", [1]),
    ("moderation_staff:claim", [1]),
    ("moderation_staff:decide", [1]),
    ("moderation_staff:release", [1]),
    ("moderation_staff:bulk_dismiss", []),
    ("moderation_staff:link", [1]),
    ("moderation_staff:appeals", []),
    ("moderation_staff:appeal", [1]),
    ("moderation_staff:stats", []),
]


@pytest.mark.parametrize(("name", "args"), STAFF_URLS)
@pytest.mark.parametrize("who", ["reader", "author", "editor"])
def test_everything_under_moderation_answers_403_to_non_moderators(client, request, name, args, who):
    client.force_login(request.getfixturevalue(who))
    url = reverse(name, args=args)
    assert url.startswith("/moderation/")
    assert client.get(url).status_code in (403, 405)
    assert client.post(url).status_code == 403


def test_moderation_pages_send_anonymous_visitors_to_login(client):
    assert client.get(reverse("moderation_staff:queue")).status_code == 302


def test_queue_orders_by_severity_then_reporters_then_score_then_age(client, rules, moderator, readers):
    low = UserFactory(username="low")
    many = UserFactory(username="many")
    severe = UserFactory(username="severe")
    scored = UserFactory(username="scored")
    report_user(reporter=readers[0], target=low, rule_code="2.6")
    for r in readers:
        report_user(reporter=r, target=many, rule_code="2.6")
    report_user(reporter=readers[0], target=severe, rule_code="1.11")
    report_user(reporter=readers[1], target=scored, rule_code="2.6")
    services.case_open_for_check(check=ContentCheckFactory(target=scored, score=0.99), target=scored)
    report_user(reporter=readers[2], target=UserFactory(username="newer"), rule_code="2.6")
    client.force_login(moderator)
    with_cases = client.get(reverse("moderation_staff:queue")).context["cases"]
    assert [c.target_owner.username for c in with_cases] == ["severe", "many", "scored", "low", "newer"]


def test_queue_filters_by_category_source_and_status(client, rules, moderator, readers):
    a, b = UserFactory(username="a"), UserFactory(username="b")
    report_user(reporter=readers[0], target=a, rule_code="2.6")
    services.case_open_for_check(
        check=ContentCheckFactory(target=b, matches=[{"rule": "3.2", "start": 0, "end": 1}]), target=b
    )
    client.force_login(moderator)
    queue = reverse("moderation_staff:queue")
    assert [c.target_owner.username for c in client.get(queue, {"category": "3"}).context["cases"]] == ["b"]
    assert [c.target_owner.username for c in client.get(queue, {"source": "report"}).context["cases"]] == ["a"]
    assert [c.target_owner.username for c in client.get(queue, {"source": "automatic"}).context["cases"]] == ["b"]
    assert list(client.get(queue, {"status": "decided"}).context["cases"]) == []


def test_queue_query_count_does_not_grow_with_cases(client, rules, moderator, readers, django_assert_max_num_queries):
    for i in range(10):
        report_user(reporter=readers[0], target=UserFactory(username=f"u{i}"))
    client.force_login(moderator)
    with django_assert_max_num_queries(15):
        client.get(reverse("moderation_staff:queue"))


def test_claim_locks_the_case_for_15_minutes_and_others_see_it(client, rules, offender, reader, moderator, moderator2):
    case = report_user(reporter=reader, target=offender).case
    client.force_login(moderator)
    client.post(reverse("moderation_staff:claim", args=[case.pk]))
    client.force_login(moderator2)
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    assert "moderator1" in page
    assert "锁定至" in page
    with pytest.raises(ModerationError, match="已由"):
        services.case_claim(case=case, moderator=moderator2)
    with pytest.raises(ModerationError, match="已由"):
        decide(case, moderator=moderator2)


def test_claim_or_decision_on_a_decided_case_gets_a_clear_message(client, rules, offender, reader, moderator):
    case = report_user(reporter=reader, target=offender).case
    decide(case, moderator=moderator, action="dismiss")
    client.force_login(moderator)
    response = client.post(reverse("moderation_staff:claim", args=[case.pk]), follow=True)
    assert "已经处理完毕" in response.content.decode()
    response = client.post(
        reverse("moderation_staff:decide", args=[case.pk]),
        {"action": "sanction", "rule_codes": ["2.6"], "reason": "再来"},
        follow=True,
    )
    assert "已经处理完毕" in response.content.decode()
    assert Decision.objects.count() == 1


def test_a_decision_without_a_rule_is_refused_and_nothing_is_written(rules, offender, reader, moderator):
    case = report_user(reporter=reader, target=offender).case
    with pytest.raises(ModerationError, match="至少一条规则"):
        decide(case, moderator=moderator, rule_codes=[])
    with pytest.raises(ModerationError, match="规则编号不存在"):
        decide(case, moderator=moderator, rule_codes=["12.3"])
    case.refresh_from_db()
    offender.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert not Decision.objects.exists()
    assert offender.muted_until is None


def test_nobody_decides_a_case_about_their_own_account(rules, moderator, reader):
    case = report_user(reporter=reader, target=moderator).case
    with pytest.raises(ModerationError, match="自己"):
        decide(case, moderator=moderator)
    with pytest.raises(ModerationError, match="自己"):
        services.case_claim(case=case, moderator=moderator)


def test_decision_via_the_page_writes_the_audit_row_in_the_same_transaction(client, rules, offender, reader, moderator):
    case = report_user(reporter=reader, target=offender).case
    client.force_login(moderator)
    response = client.post(
        reverse("moderation_staff:decide", args=[case.pk]),
        {"action": "sanction", "rule_codes": ["2.6"], "reason": "辱骂", "rung": ""},
    )
    assert response.status_code == 302
    log = AuditLog.objects.get(action="case.sanction")
    assert log.actor == moderator
    assert log.rule_codes == ["2.6"]
    assert log.before["case"] == "open"
    assert log.after["rung"] == 1


def test_case_page_shows_proposal_reporters_and_highlighted_matches(client, rules, moderator, reader):
    target = UserFactory(username="spammer", bio="加我微信 abc123 领福利")
    report_user(reporter=reader, target=target, rule_code="3.2", text="广告")
    case = services.case_open_for_check(
        check=ContentCheckFactory(
            target=target, matches=[{"term": "微信", "rule": "3.2", "action": "hold", "start": 2, "end": 4}]
        ),
        target=target,
    )
    client.force_login(moderator)
    page = client.get(reverse("moderation_staff:case", args=[case.pk])).content.decode()
    assert '<mark title="3.2 微信">微信</mark>' in page
    assert "reporter" not in page or "reader1" in page
    assert "reader1" in page
    assert "建议处罚" in page
    assert "R1" in page


def test_reporters_are_never_shown_to_the_reported_user(client, rules, offender, readers, moderator):
    for r in readers:
        report_user(reporter=r, target=offender)
    decide(Case.objects.get(), moderator=moderator)
    client.force_login(offender)
    pages = [client.get(reverse("moderation:account_status")), client.get(reverse("moderation:inbox"))]
    for page in pages:
        body = page.content.decode()
        for r in readers:
            assert r.username not in body
            assert r.display_name not in body


def test_bulk_dismiss_closes_the_selected_cases(client, rules, moderator, readers):
    cases = [report_user(reporter=readers[0], target=UserFactory(username=f"n{i}")).case for i in range(3)]
    client.force_login(moderator)
    response = client.post(
        reverse("moderation_staff:bulk_dismiss"), {"case": [c.pk for c in cases[:2]], "reason": "恶意举报"}
    )
    assert response.status_code == 302
    assert Decision.objects.filter(action="dismiss").count() == 2
    assert Case.objects.filter(status="open").count() == 1


def test_appeal_page_refuses_the_deciding_moderator(client, rules, offender, reader, moderator, moderator2):
    decision = decide(report_user(reporter=reader, target=offender).case, moderator=moderator)
    appeal = services.appeal_file(decision=decision, appellant=offender, text="不服")
    client.force_login(moderator)
    response = client.post(
        reverse("moderation_staff:appeal", args=[appeal.pk]), {"outcome": "overturned", "reason": "自己撤销"}
    )
    assert response.status_code == 400
    assert "不能复核对自己" in response.content.decode()
    client.force_login(moderator2)
    response = client.post(
        reverse("moderation_staff:appeal", args=[appeal.pk]), {"outcome": "upheld", "reason": "维持"}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.UPHELD


def test_stats_page_shows_the_last_30_days(client, rules, offender, reader, moderator, moderator2):
    decision = decide(report_user(reporter=reader, target=offender).case, moderator=moderator)
    appeal = services.appeal_file(decision=decision, appellant=offender, text="不服")
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="overturned", reason="误判")
    client.force_login(moderator)
    response = client.get(reverse("moderation_staff:stats"))
    stats = response.context["stats"]
    assert stats["reports_total"] == 1
    assert stats["decisions_total"] == 1
    assert stats["overturn_rate"] == 100.0
    assert stats["median_hours"] is not None
    body = response.content.decode()
    assert 'class="bar reports"' in body
    # the charts are drawn in CSS: the only script is the site's own menu script, on every page
    assert re.findall(r"<script[^>]*>", body) == ['<script src="/static/js/site.js">']


def test_audit_log_is_read_only_in_the_admin(client, rules, admin_user, offender, reader, moderator):
    decide(report_user(reporter=reader, target=offender).case, moderator=moderator)
    log = AuditLog.objects.filter(action="case.sanction").get()
    client.force_login(admin_user)
    assert client.get(reverse("admin:core_auditlog_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditlog_add")).status_code == 403
    assert client.post(reverse("admin:core_auditlog_delete", args=[log.pk]), {"post": "yes"}).status_code == 403
    assert AuditLog.objects.filter(pk=log.pk).exists()


def test_feedback_suggestion_and_copyright_complaint_reach_editors(client, rules, reader, editor, moderator, article):
    client.force_login(reader)
    client.post(reverse("moderation:feedback"), {"kind": "suggestion", "text": "希望增加夜间模式"})
    client.post(reverse("moderation:feedback"), {"kind": "copyright", "article": article.pk, "text": "盗用我的图片"})
    complaint = Feedback.objects.get(kind="copyright")
    assert complaint.target_url == article.get_absolute_url()
    assert client.get(reverse("moderation:copyright_queue")).status_code == 403
    client.force_login(moderator)
    assert client.get(reverse("moderation:copyright_queue")).status_code == 403
    client.force_login(editor)
    page = client.get(reverse("moderation:copyright_queue")).content.decode()
    assert article.get_absolute_url() in page
    client.post(reverse("moderation:copyright_handle", args=[complaint.pk]), {"response": "已联系作者替换图片"})
    complaint.refresh_from_db()
    assert complaint.status == Feedback.Status.HANDLED
    assert AuditLog.objects.filter(action="feedback.handle", actor=editor).exists()


def test_queue_is_paginated_fifty_a_page(client, moderator, rules):
    from tests.factories import UserFactory
    from tests.moderation.conftest import report_user

    reporters = [UserFactory(username=f"many-reporter{n}") for n in range(3)]  # 20 reports an hour each
    for n in range(51):
        report_user(reporter=reporters[n % 3], target=UserFactory(username=f"target{n}"))
    client.force_login(moderator)
    first = client.get("/moderation/")
    second = client.get("/moderation/", {"page": 2})
    assert len(first.context["cases"]) == 50
    assert len(second.context["cases"]) == 1
    assert "第 1 / 2 页" in first.content.decode()
