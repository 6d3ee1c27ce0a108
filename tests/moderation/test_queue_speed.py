"""The queue built for speed: one-click decisions, the next case, escalation with age, the wait authors see."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from moderation import selectors, services
from moderation.models import Case, Decision, EscalationStep
from tests.factories import UserFactory
from tests.moderation.conftest import report_user


def test_the_case_page_offers_one_click_decisions_citing_the_reported_rule(client, rules, offender, reader, moderator):
    case = report_user(reporter=reader, target=offender, rule_code="3.2").case
    client.force_login(moderator)
    response = client.get(reverse("moderation_staff:case", args=[case.pk]))
    quick = {q["action"]: q for q in response.context["quick"]}
    # an account is not content: there is nothing to remove, only to dismiss, warn or sanction
    assert set(quick) == {"dismiss", "warn", "sanction"}
    assert quick["warn"]["rules"] == ["3.2"]
    body = response.content.decode()
    assert 'data-key="w"' in body
    assert 'name="rule_codes" value="3.2"' in body


def test_a_one_click_warning_posts_the_prefilled_rule_and_reason(client, rules, offender, reader, moderator):
    case = report_user(reporter=reader, target=offender, rule_code="3.2").case
    client.force_login(moderator)
    quick = {q["action"]: q for q in client.get(reverse("moderation_staff:case", args=[case.pk])).context["quick"]}
    warn = quick["warn"]
    response = client.post(
        reverse("moderation_staff:decide", args=[case.pk]),
        {"action": "warn", "rule_codes": warn["rules"], "reason": warn["reason"]},
    )
    assert response.status_code == 302
    decision = Decision.objects.get(case=case)
    assert (decision.action, decision.rule_codes) == ("warn", ["3.2"])
    assert "3.2" in decision.reason


def test_next_case_skips_this_one_cases_about_me_and_cases_claimed_by_others(
    client, rules, readers, moderator, moderator2
):
    mine = report_user(reporter=readers[0], target=moderator).case  # about the moderator: never theirs
    claimed = report_user(reporter=readers[0], target=UserFactory(username="t1")).case
    services.case_claim(case=claimed, moderator=moderator2)
    current = report_user(reporter=readers[0], target=UserFactory(username="t2")).case
    other = report_user(reporter=readers[0], target=UserFactory(username="t3")).case
    assert selectors.case_next(after=current, moderator=moderator) == other
    assert selectors.case_next(after=other, moderator=moderator) == current
    assert mine.pk != claimed.pk
    client.force_login(moderator)
    response = client.get(reverse("moderation_staff:next"), {"after": current.pk})
    assert response.url == reverse("moderation_staff:case", args=[other.pk])
    Case.objects.filter(pk__in=[current.pk, other.pk]).update(status="decided")
    assert client.get(reverse("moderation_staff:next"), {"after": "x"}).url == reverse("moderation_staff:queue")


def test_cases_rise_with_age_under_the_escalation_policy(rules, readers):
    EscalationStep.objects.all().delete()
    EscalationStep.objects.create(after_hours=24, raise_by=1)
    EscalationStep.objects.create(after_hours=72, raise_by=1)
    old = report_user(reporter=readers[0], target=UserFactory(username="old")).case
    middle = report_user(reporter=readers[0], target=UserFactory(username="middle")).case
    new = report_user(reporter=readers[0], target=UserFactory(username="new")).case
    now = timezone.now()
    Case.objects.filter(pk=old.pk).update(severity=0, opened_at=now - timedelta(hours=80))
    Case.objects.filter(pk=middle.pk).update(severity=0, opened_at=now - timedelta(hours=30))
    Case.objects.filter(pk=new.pk).update(severity=1)
    assert services.case_escalation_sweep(now=now) == 2
    assert services.case_escalation_sweep(now=now) == 0  # only rows whose raise changes are written
    queue = list(selectors.case_queue())
    # equal priority: the older case first
    assert [c.pk for c in queue] == [old.pk, middle.pk, new.pk]
    assert [c.priority for c in queue] == [2, 1, 1]
    # the policy is data: without steps, age earns nothing
    EscalationStep.objects.all().delete()
    services.case_escalation_sweep(now=now)
    assert [c.pk for c in selectors.case_queue()] == [new.pk, old.pk, middle.pk]


def test_the_escalation_sweep_is_a_beat_task(rules):
    from django.conf import settings

    from moderation import tasks

    assert settings.CELERY_BEAT_SCHEDULE["cases-escalate"]["task"] == "moderation.tasks.cases_escalate"
    assert tasks.cases_escalate() == 0


def test_the_queue_shows_how_long_each_case_has_waited(client, rules, offender, reader, moderator):
    case = report_user(reporter=reader, target=offender).case
    Case.objects.filter(pk=case.pk).update(opened_at=timezone.now() - timedelta(hours=5))
    client.force_login(moderator)
    body = client.get(reverse("moderation_staff:queue")).content.decode()
    assert "5\xa0小时" in body  # timesince: "5 小时", a no-break space inside
    assert 'data-shortcuts="queue"' in body


@pytest.mark.parametrize(("waits", "shown"), [([1, 3, 30], "预计 4 小时内"), ([], None)])
def test_authors_of_held_content_see_roughly_how_long_it_waits(client, rules, author, moderator, waits, shown):
    from tests.articles.factories import ArticleFactory

    cache.delete(selectors.cases.WAIT_ESTIMATE_KEY)
    now = timezone.now()
    for i, hours in enumerate(waits):
        case = report_user(reporter=moderator, target=UserFactory(username=f"w{i}")).case
        Case.objects.filter(pk=case.pk).update(
            has_check=True, status="decided", opened_at=now - timedelta(hours=hours, minutes=10), decided_at=now
        )
    # the median of 1h10, 3h10 and 30h10 is 3h10: "within 4 hours", rounded up
    ArticleFactory(author=author, status="held", title="等待审核的文章")
    client.force_login(author)
    body = client.get(reverse("articles:dashboard")).content.decode()
    assert "等待审核的文章" in body
    if shown:
        assert shown in body
    else:
        assert "预计" not in body
