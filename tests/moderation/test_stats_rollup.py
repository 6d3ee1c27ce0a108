"""The daily rollup behind /moderation/stats/, its CSV and /transparency/: the same figures as computing every day
from the source tables (the computation the pages did before the rollup, kept in trends_direct.py), closed days
computed once and replaced when rerun, dirty days read live, and a query count that does not grow with the data."""

import random
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from moderation import selectors, services, tasks
from moderation.models import Appeal, Case, Decision, Report, Sanction, StatsCount, StatsDay, StatsDirtyDay
from tests.moderation import trends_direct

ACTIONS = ["dismiss", "warn", "remove", "sanction"]


@pytest.fixture(autouse=True)
def _trends_uncached(settings):
    settings.MODERATION_TRENDS_CACHE_SECONDS = 0


def _local(day, hour=0, minute=0, second=0, microsecond=0) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time())).replace(
        hour=hour, minute=minute, second=second, microsecond=microsecond
    )


def _seed(ruleset, moderators, *, moments, rng) -> None:
    """One decided case per moment (report or automatic check, decision, sometimes a sanction and an appeal), with
    the timestamps set after the insert (the models stamp them on creation). Stands in for the services, which
    always stamp `now`."""
    rules = list(ruleset.rules.values_list("code", "category__code"))
    ct = ContentType.objects.get_for_model(User)
    start = User.objects.count()
    targets = User.objects.bulk_create([User(username=f"rollup-target-{start + i}") for i in range(len(moments))])
    reporter = User.objects.get_or_create(username="rollup-reporter")[0]
    for target, decided in zip(targets, moments, strict=True):
        code, category = rng.choice(rules)
        opened = decided - timedelta(seconds=rng.choice([40, 900, 3600 * 5, 86400 * 2]) * (0.5 + rng.random()))
        automatic = rng.random() < 0.3
        case = Case.objects.create(
            target_type=ct,
            target_id=target.pk,
            target_repr=target.username,
            target_owner=target,
            status="decided",
            category_code=category,
            has_reports=not automatic,
            has_check=automatic or rng.random() < 0.2,
            decided_at=decided,
        )
        report = Report.objects.create(
            case=case,
            reporter=None if automatic else reporter,
            source="automatic" if automatic else "report",
            target_type=ct,
            target_id=target.pk,
            ruleset=ruleset,
            rule_code=code,
            category_code=category,
            status="closed",
        )
        action = rng.choice(ACTIONS)
        decision = Decision.objects.create(
            case=case,
            moderator=rng.choice(moderators),
            action=action,
            ruleset=ruleset,
            rule_codes=[code] if rng.random() < 0.9 else [],
            category_code=category,
            reason="测试",
            content_hidden=action in ("remove", "sanction") and rng.random() < 0.8,
        )
        Case.objects.filter(pk=case.pk).update(opened_at=opened)
        Report.objects.filter(pk=report.pk).update(created_at=opened)
        Decision.objects.filter(pk=decision.pk).update(created_at=decided)
        if action == "sanction":
            Sanction.objects.create(
                decision=decision, account=target, rung=rng.choice([1, 2, 3, 4, 5]), starts_at=decided
            )
        if action != "dismiss" and rng.random() < 0.4:
            status = rng.choice(["pending", "upheld", "reduced", "overturned"])
            appeal = Appeal.objects.create(decision=decision, appellant=target, text="申诉", status=status)
            Appeal.objects.filter(pk=appeal.pk).update(
                created_at=decided + timedelta(minutes=1),
                reviewed_at=None if status == "pending" else decided + timedelta(minutes=2),
            )


def _moments(now, *, per_day: int, rng) -> list[datetime]:
    """Decisions over five weeks, none on the day three days ago, and two across a local midnight two days ago."""
    today = timezone.localdate(now)
    moments = []
    for back in (0, 1, 2, 4, 5, 9, 20, 35, 60):
        day = today - timedelta(days=back)
        latest = now - timedelta(minutes=5) if back == 0 else _local(day, 23, 59)
        for _i in range(per_day):
            moments.append(max(_local(day), latest - timedelta(seconds=rng.randint(0, 20 * 3600))))
    boundary = today - timedelta(days=1)
    moments += [_local(boundary) - timedelta(microseconds=1), _local(boundary)]  # 23:59:59.999999 and 00:00 local
    return moments


@pytest.fixture
def seeded(rules, moderator, moderator2):
    now = timezone.now()
    rng = random.Random(16)
    _seed(rules, [moderator, moderator2], moments=_moments(now, per_day=4, rng=rng), rng=rng)
    return now


def _closed_days(now):
    first, last = services.stats.stats_horizon(now=now)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _comparable(trends: dict) -> dict:
    out = dict(trends)
    out["actions"] = [(s.key, s.label, s.values) for s in trends["actions"]]
    out["categories"] = [(s.key, s.label, s.values) for s in trends["categories"]]
    out["workload"] = sorted(trends["workload"], key=lambda r: r["moderator"])
    totals = dict(trends["totals"])
    out["window_waits"] = (totals.pop("wait_median"), totals.pop("wait_p90"))
    out["totals"] = totals
    return out


def test_the_site_counts_days_in_shanghai_time():
    # the boundary rows of the seed sit at 16:00 UTC; this test would prove nothing in UTC
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_rollup_figures_equal_the_direct_computation(seeded):
    now = seeded
    # given every closed day rolled up (and today read live)
    assert services.stats_days_rollup(days=_closed_days(now), now=now) == len(_closed_days(now))
    today = timezone.localdate(now)
    assert StatsDay.objects.filter(day=today - timedelta(days=3), wait_count=0).exists()  # the day without rows
    assert not StatsDay.objects.filter(day__gte=today).exists()
    for days in selectors.TREND_WINDOWS:
        rolled = _comparable(selectors.moderation_trends(days=days, now=now))
        direct = _comparable(trends_direct.moderation_trends(days=days, now=now))
        # then every series, per day, is the same, and the window's percentiles agree to within the histogram's
        # buckets (0.05 %) plus the page's rounding to 0.1 h
        window_rolled, window_direct = rolled.pop("window_waits"), direct.pop("window_waits")
        assert rolled == direct
        for a, b in zip(window_rolled, window_direct, strict=True):
            assert a == pytest.approx(b, abs=0.1)
        assert sum(rolled["reports"]) > 0
        assert rolled["appeals"]
        assert len(rolled["workload"]) == 2
        # the CSV too, row for row (the order of moderators with equal totals aside)
        csv_rolled = [tuple(r) for r in selectors.trends_csv_rows(selectors.moderation_trends(days=days, now=now))]
        csv_direct = [tuple(r) for r in selectors.trends_csv_rows(trends_direct.moderation_trends(days=days, now=now))]
        assert len(csv_rolled) == len(csv_direct)
        assert set(csv_rolled) == set(csv_direct)
    rolled = selectors.transparency_report(now=now)
    direct = trends_direct.transparency_report(now=now)
    assert rolled == direct
    assert len(rolled["months"]) >= 2


def test_the_day_boundary_is_local_midnight(rules, moderator):
    # given one decision a microsecond before local midnight and one at midnight (16:00 UTC)
    boundary = timezone.localdate() - timedelta(days=1)
    before, after = _local(boundary) - timedelta(microseconds=1), _local(boundary)
    assert (before.astimezone(UTC).hour, after.astimezone(UTC).hour) == (15, 16)
    _seed(rules, [moderator], moments=[before, after], rng=random.Random(1))
    # when the two days are rolled up
    services.stats_days_rollup(days=[boundary - timedelta(days=1), boundary])
    # then each day holds one decision, in the rollup and on the page
    decided = dict(StatsCount.objects.filter(series="action").values_list("day").annotate(n=Sum("count")).order_by())
    assert decided == {boundary - timedelta(days=1): 1, boundary: 1}
    trends = selectors.moderation_trends(days=30)
    per_day = [sum(s.values[i] for s in trends["actions"]) for i in range(30)]
    assert per_day[-3:] == [1, 1, 0]


def test_without_any_rollup_every_day_is_computed_live_with_the_same_figures(seeded):
    now = seeded
    live = _comparable(selectors.moderation_trends(days=90, now=now))
    services.stats_days_rollup(days=_closed_days(now), now=now)
    rolled = _comparable(selectors.moderation_trends(days=90, now=now))
    assert live == rolled


def test_rerunning_a_day_replaces_it(seeded):
    now = seeded
    days = _closed_days(now)
    services.stats_days_rollup(days=days, now=now)
    before = sorted(StatsCount.objects.values_list("day", "series", "key", "count"))
    services.stats_days_rollup(days=days, now=now)
    assert sorted(StatsCount.objects.values_list("day", "series", "key", "count")) == before
    assert StatsDay.objects.count() == len(days)


def test_an_appeal_reviewed_after_its_day_was_computed_marks_the_day_and_is_counted(
    rules, offender, reader, moderator, moderator2
):
    from tests.moderation.conftest import decide, report_user

    decision = decide(report_user(reporter=reader, target=offender).case, moderator=moderator)
    appeal = services.appeal_file(decision=decision, appellant=offender, text="不服")
    filed = timezone.now() - timedelta(days=2)
    Appeal.objects.filter(pk=appeal.pk).update(created_at=filed)
    Sanction.objects.filter(decision=decision).update(starts_at=filed)
    services.stats_days_rollup(days=[timezone.localdate(filed)])
    assert sum(m["total"]["appeals"] for m in selectors.transparency_report()["months"]) == 1
    # when the appeal is overturned today
    services.appeal_review(appeal=appeal, reviewer=moderator2, outcome="overturned", reason="误判")
    # then the day it was filed is dirty, read live (the overturn counts at once), and the next rollup replaces it
    assert StatsDirtyDay.objects.filter(day=timezone.localdate(filed)).exists()
    assert sum(m["total"]["overturned"] for m in selectors.transparency_report()["months"]) == 1
    now = timezone.now()
    assert selectors.transparency_report(now=now) == trends_direct.transparency_report(now=now)
    assert services.stats_rollup_missing() >= 1
    assert not StatsDirtyDay.objects.exists()
    assert selectors.transparency_report(now=now) == trends_direct.transparency_report(now=now)


def test_the_beat_task_computes_the_missing_closed_days_once(seeded):
    assert "moderation.tasks.stats_rollup" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    first, last = services.stats.stats_horizon()
    assert tasks.stats_rollup() == (last - first).days + 1
    assert tasks.stats_rollup() == 0  # nothing missing: nothing computed again


def test_the_command_backfills_and_refuses_open_days(rules, capsys):
    today = timezone.localdate()
    call_command("stats", "rollup", "--since", (today - timedelta(days=2)).isoformat())
    assert "2 days computed" in capsys.readouterr().out
    assert StatsDay.objects.count() == 2
    with pytest.raises(CommandError, match="closed day"):
        call_command("stats", "rollup", "--until", today.isoformat())
    with pytest.raises(CommandError, match="not a date"):
        call_command("stats", "rollup", "--since", "yesterday")


# --- Query counts ---------------------------------------------------------------------------------------------------


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def _page_queries(client) -> dict:
    stats = reverse("moderation_staff:stats")
    return {
        "stats30": _queries(client, stats, {"days": 30}),
        "stats90": _queries(client, stats, {"days": 90}),
        "transparency": _queries(client, reverse("moderation:transparency")),
    }


def test_the_pages_cost_the_same_queries_as_decisions_grow(client, rules, moderator, moderator2):
    client.force_login(moderator)
    now = timezone.now()
    rng = random.Random(3)
    _seed(rules, [moderator, moderator2], moments=_moments(now, per_day=1, rng=rng), rng=rng)
    services.stats_days_rollup(days=_closed_days(now))
    client.get(reverse("moderation_staff:stats"))  # the session and the user's first reads
    few = _page_queries(client)
    # when decisions grow fivefold, on more days and on today
    _seed(rules, [moderator, moderator2], moments=_moments(now, per_day=5, rng=rng), rng=rng)
    services.stats_days_rollup(days=_closed_days(now))
    assert Decision.objects.count() >= 5 * 9
    # then each page runs exactly as many queries
    assert _page_queries(client) == few
    assert few["stats90"] <= 17
    assert few["transparency"] <= 14
