"""Trends for moderators (charts and CSV) and the public transparency report."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from moderation import selectors, services
from tests.conftest import clear_cache
from tests.factories import UserFactory
from tests.moderation.conftest import decide, report_user


@pytest.fixture(autouse=True)
def _trends_uncached(settings):
    """These tests count what the trends cost: computed on every request (the cache has its own test)."""
    settings.MODERATION_TRENDS_CACHE_SECONDS = 0


def _decided(n: int, *, moderator, action="remove", start=0):
    for i in range(start, start + n):
        target = UserFactory(username=f"trend-target{i}")
        reporter = UserFactory(username=f"trend-reporter{i}")
        kind = "sanction" if action == "remove" else action  # an account is not content: remove means sanction
        decide(report_user(reporter=reporter, target=target).case, moderator=moderator, action=kind)


def _stats_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("moderation_staff:stats"), {"days": 90}).status_code == 200
    return len(ctx.captured_queries)


def test_the_stats_page_costs_the_same_queries_whatever_the_number_of_decisions(
    client, rules, moderator, moderator2, django_assert_max_num_queries
):
    client.force_login(moderator)
    _decided(2, moderator=moderator)
    few = _stats_queries(client)
    _decided(8, moderator=moderator2, action="warn", start=2)
    with django_assert_max_num_queries(few):
        client.get(reverse("moderation_staff:stats"), {"days": 90})
    assert few <= 16


def test_the_trends_are_cached_for_a_minute(client, rules, offender, reader, moderator, settings):
    settings.MODERATION_TRENDS_CACHE_SECONDS = 60
    clear_cache()
    client.force_login(moderator)
    first = _stats_queries(client)
    decide(report_user(reporter=reader, target=offender).case, moderator=moderator)
    # the figures of a minute ago, without their queries
    assert _stats_queries(client) < first - 5
    assert client.get(reverse("moderation_staff:stats"), {"days": 90}).context["trends"]["totals"]["decisions"] == 0


def test_trends_count_reports_checks_decisions_waits_appeals_and_workload(
    rules, offender, readers, moderator, moderator2
):
    decision = decide(report_user(reporter=readers[0], target=offender).case, moderator=moderator, action="warn")
    decide(report_user(reporter=readers[1], target=UserFactory(username="t2")).case, moderator=moderator2)
    appeal = services.appeal_file(decision=decision, appellant=offender, text="不服")
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="overturned", reason="误判")
    trends = selectors.moderation_trends(days=30)
    assert len(trends["labels"]) == 30
    assert sum(trends["reports"]) == 2
    actions = {s.key: sum(s.values) for s in trends["actions"]}
    assert actions == {"dismiss": 0, "warn": 1, "remove": 0, "sanction": 1}
    assert {s.key: sum(s.values) for s in trends["categories"]} == {"2": 2}
    assert trends["wait_median"][-1] is not None
    assert trends["appeals"] == [{"rule": "2.6", "upheld": 0, "reduced": 0, "overturned": 1, "total": 1}]
    workload = {r["moderator"]: r["total"] for r in trends["workload"]}
    assert workload == {"moderator1": 1, "moderator2": 1}


def test_the_numbers_are_also_csv(client, rules, offender, reader, moderator):
    decide(report_user(reporter=reader, target=offender).case, moderator=moderator)
    client.force_login(moderator)
    response = client.get(reverse("moderation_staff:stats_csv"), {"days": 30})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["series", "key", "date", "value"]
    by_series = [r for r in rows[1:] if r[0] == "decisions_by_action" and r[1] == "sanction"]
    assert len(by_series) == 30
    assert sum(int(r[3]) for r in by_series) == 1
    assert ["moderator_workload", "moderator1:sanction", "", "1"] in rows


def test_the_stats_page_draws_with_scripts_from_the_site_only(client, rules, moderator):
    client.force_login(moderator)
    body = client.get(reverse("moderation_staff:stats"), {"days": "90"}).content.decode()
    scripts = re.findall(r"<script[^>]*>", body)
    assert any("vendor/chartjs/chart.umd.min.js" in s for s in scripts)
    for tag in scripts:
        assert 'src="/static/' in tag or 'type="application/json"' in tag


def test_readers_get_no_trends(client, rules, reader):
    client.force_login(reader)
    assert client.get(reverse("moderation_staff:stats")).status_code == 403
    assert client.get(reverse("moderation_staff:stats_csv")).status_code == 403


# --- The transparency report ----------------------------------------------------------------------------------------


def test_the_transparency_report_counts_per_month_and_category_without_names(
    client, rules, offender, readers, moderator, moderator2
):
    decision = decide(report_user(reporter=readers[0], target=offender).case, moderator=moderator)
    report_user(reporter=readers[1], target=UserFactory(username="another"), rule_code="3.2")
    appeal = services.appeal_file(decision=decision, appellant=offender, text="不服")
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="overturned", reason="误判")
    report = selectors.transparency_report()
    month = report["months"][0]
    rows = {r["code"]: r for r in month["rows"]}
    assert rows["2"]["reports"] == 1
    assert rows["2"]["rungs"] == [1, 0, 0, 0, 0]
    assert (rows["2"]["appeals"], rows["2"]["overturned"]) == (1, 1)
    assert rows["3"]["reports"] == 1
    assert month["total"]["reports"] == 2
    body = client.get(reverse("moderation:transparency")).content.decode()
    for name in ("offender", "reporter0", "moderator1", "moderator2", "不服", "误判"):
        assert name not in body


@pytest.mark.usefixtures("rules")
def test_the_transparency_report_is_served_from_the_page_cache_to_anonymous_readers(client, django_assert_num_queries):
    clear_cache()
    assert client.get(reverse("moderation:transparency")).status_code == 200
    with django_assert_num_queries(0):
        again = client.get(reverse("moderation:transparency"))
    assert again.status_code == 200
    assert "透明度报告" in again.content.decode()


def test_time_to_first_decision_is_the_median_and_p90_in_hours(rules, readers, moderator):
    from datetime import timedelta

    from django.utils import timezone

    from moderation.models import Case, Decision

    now = timezone.now()
    for i, hours in enumerate((1, 3)):
        decision = decide(
            report_user(reporter=readers[i], target=UserFactory(username=f"w{i}")).case, moderator=moderator
        )
        Case.objects.filter(pk=decision.case_id).update(opened_at=now - timedelta(hours=hours))
        Decision.objects.filter(pk=decision.pk).update(created_at=now)
    trends = selectors.moderation_trends(days=30, now=now)
    # interpolated like PostgreSQL's percentile_cont, on SQLite too
    assert trends["wait_median"][-1] == pytest.approx(2.0, abs=0.01)
    assert trends["wait_p90"][-1] == pytest.approx(2.8, abs=0.01)
    assert (trends["totals"]["wait_median"], trends["totals"]["wait_p90"]) == (2.0, 2.8)
