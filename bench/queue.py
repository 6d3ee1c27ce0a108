"""The moderator queue (/moderation/) with 10,000 open cases: goal p95 < 100 ms and a constant query count; and the
statistics page (/moderation/stats/, 30 and 90 days) with 10,000 decisions, within the same budget.

    .venv/bin/python bench/queue.py [--cases 10000] [--decisions 10000] [--requests 100] [--no-rollup]

Seeds open cases (bulk) on published comments, each with 1-5 reports from distinct readers, rule categories and
priorities like the real ones (severity 0-3, reporter counts, automatic-check scores on ~30%), some claimed.
Measures GET /moderation/ through the Django test client logged in as a moderator, and the selector behind it
(`moderation.selectors.case_queue_page(number=1, per_page=200)`, the view's two-step page), at 10 and at --cases
open cases; counts the queries per request (must be equal at both sizes); baseline: a trivial `SELECT 1`-like query
(`User.objects.filter(pk=..)`).
Then the statistics: 10, then --decisions decided cases (each with its report and decision, spread over 90 days,
actions and rule categories like the real ones, ~15% sanctioned, ~3% appealed, five moderators; bulk insert), then
the daily rollup of every closed day (`moderation.services.stats_days_rollup`, timed), then GET
/moderation/stats/?days=30 and ?days=90 with the trends cache emptied before every request (cold: today computed
live, the other days read from the rollup) and from the cache, and GET /transparency/ (logged in, so no page cache),
queries per request at both sizes (must be equal); goal p95 < 100 ms, the queue page's; baseline the same one-row
PK query, measured again in that stage; and the selectors alone, rollup-based and the direct computation of before
the rollup (tests/moderation/trends_direct.py), interleaved call by call. `--no-rollup` measures the pages without
the rollup (every day live).
Cases, reports and rollup rows it made are removed at the end (they are all on bench comments).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # not bench/: this file's name would shadow the standard library's `queue`

from bench import common  # noqa: E402

GOAL_P95_MS = 100.0
REPORT_TEXTS = ["广告刷屏，影响阅读", "疑似诈骗链接", "人身攻击", "虚假宣传", "引流到站外", "低俗内容", ""]


def seed_cases(n: int, rng: random.Random) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from articles.models import Article, Comment
    from moderation.models import Case, Report, RuleSet

    ruleset = RuleSet.objects.get(is_current=True)
    rules = list(ruleset.rules.select_related("category").values_list("code", "category__code"))
    article = Article.objects.filter(status="published").order_by("-published_at").first()
    owners = list(User.objects.filter(username__startswith="bench-author-").values_list("pk", flat=True)[:100])
    existing = set(User.objects.filter(username__startswith="bench-reporter-").values_list("username", flat=True))
    User.objects.bulk_create(
        [User(username=f"bench-reporter-{i:02d}") for i in range(20) if f"bench-reporter-{i:02d}" not in existing]
    )
    reporters = list(User.objects.filter(username__startswith="bench-reporter-").values_list("pk", flat=True))
    now = timezone.now()
    with transaction.atomic():
        comments = Comment.objects.bulk_create(
            [
                Comment(
                    article=article,
                    author_id=rng.choice(owners),
                    body=f"加微信领取私域流量秘籍 {i}",
                    status="visible",
                    created_at=now - timedelta(minutes=rng.randint(1, 20000)),
                )
                for i in range(n)
            ],
            batch_size=2000,
        )
        ct = ContentType.objects.get_for_model(Comment)
        cases = []
        for c in comments:
            code, category = rng.choice(rules)
            reporter_count = rng.choices([1, 2, 3, 5, 8], weights=[60, 20, 10, 7, 3])[0]
            has_check = rng.random() < 0.3
            claimed = rng.random() < 0.05
            cases.append(
                Case(
                    target_type=ct,
                    target_id=c.pk,
                    target_repr=c.body[:300],
                    target_owner_id=c.author_id,
                    severity=rng.choices([0, 1, 2, 3], weights=[40, 30, 20, 10])[0],
                    reporter_count=min(reporter_count, len(reporters)),
                    check_score=round(rng.random(), 3) if has_check else 0,
                    category_code=category,
                    has_reports=True,
                    has_check=has_check,
                    snapshot_reported={"title": "", "text": c.body, "status": "visible"},
                    claimed_by_id=rng.choice(reporters) if claimed else None,
                    claimed_until=now + timedelta(minutes=30) if claimed else None,
                )
            )
        cases = Case.objects.bulk_create(cases, batch_size=2000)
        reports = []
        for case in cases:
            code, category = rng.choice(rules)
            for reporter in rng.sample(reporters, case.reporter_count):
                reports.append(
                    Report(
                        case=case,
                        reporter_id=reporter,
                        target_type=ct,
                        target_id=case.target_id,
                        ruleset=ruleset,
                        rule_code=code,
                        category_code=category,
                        text=rng.choice(REPORT_TEXTS),
                    )
                )
        Report.objects.bulk_create(reports, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE moderation_case")
        cursor.execute("ANALYZE moderation_report")
    print(f"  seeded {len(cases)} open cases with {len(reports)} reports")


def seed_decisions(n: int, rng: random.Random) -> None:
    """`n` decided cases over the last 90 days, each with one report and its decision (bulk; dates set after the
    insert, since the models stamp them on creation)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import MODERATOR
    from accounts.services import user_role_grant
    from articles.models import Article, Comment
    from moderation.models import Appeal, Case, Decision, Report, RuleSet, Sanction

    ruleset = RuleSet.objects.get(is_current=True)
    rules = list(ruleset.rules.select_related("category").values_list("code", "category__code"))
    article = Article.objects.filter(status="published").order_by("-published_at").first()
    owners = list(User.objects.filter(username__startswith="bench-author-").values_list("pk", flat=True)[:100])
    moderators = []
    for i in range(5):
        user, created = User.objects.get_or_create(username=f"bench-mod-{i}")
        if created:
            user_role_grant(user=user, role=MODERATOR)
        moderators.append(user.pk)
    reporter = User.objects.filter(username__startswith="bench-reporter-").values_list("pk", flat=True).first()
    now = timezone.now()
    actions = ["dismiss", "warn", "remove", "sanction"]
    with transaction.atomic():
        comments = Comment.objects.bulk_create(
            [
                Comment(
                    article=article, author_id=rng.choice(owners), body=f"加微信领取私域流量秘籍 d{i}", status="removed"
                )
                for i in range(n)
            ],
            batch_size=2000,
        )
        ct = ContentType.objects.get_for_model(Comment)
        plan = []
        for c in comments:
            code, category = rng.choice(rules)
            decided = now - timedelta(minutes=rng.randint(1, 90 * 24 * 60))
            opened = decided - timedelta(minutes=rng.choice([5, 30, 60, 180, 600, 1440, 4000]) * rng.random())
            plan.append((c, code, category, opened, decided))
        cases = Case.objects.bulk_create(
            [
                Case(
                    target_type=ct,
                    target_id=c.pk,
                    target_repr=c.body[:300],
                    target_owner_id=c.author_id,
                    status="decided",
                    severity=rng.choice([0, 1, 2, 3]),
                    reporter_count=1,
                    category_code=category,
                    has_reports=True,
                    has_check=rng.random() < 0.3,
                    snapshot_reported={"title": "", "text": c.body, "status": "visible"},
                    decided_at=decided,
                )
                for c, code, category, opened, decided in plan
            ],
            batch_size=2000,
        )
        for case, (_c, _code, _cat, opened, _d) in zip(cases, plan, strict=True):
            case.opened_at = opened
        Case.objects.bulk_update(cases, ["opened_at"], batch_size=2000)
        reports = Report.objects.bulk_create(
            [
                Report(
                    case=case,
                    reporter_id=reporter,
                    target_type=ct,
                    target_id=case.target_id,
                    ruleset=ruleset,
                    rule_code=code,
                    category_code=category,
                    status="closed",
                )
                for case, (_c, code, category, _o, _d) in zip(cases, plan, strict=True)
            ],
            batch_size=5000,
        )
        for report, (_c, _code, _cat, opened, _d) in zip(reports, plan, strict=True):
            report.created_at = opened
        Report.objects.bulk_update(reports, ["created_at"], batch_size=5000)
        decisions = Decision.objects.bulk_create(
            [
                Decision(
                    case=case,
                    moderator_id=rng.choice(moderators),
                    action=rng.choices(actions, weights=[40, 15, 30, 15])[0],
                    ruleset=ruleset,
                    rule_codes=[code],
                    category_code=category,
                    reason="压测",
                    content_hidden=True,
                )
                for case, (_c, code, category, _o, _d) in zip(cases, plan, strict=True)
            ],
            batch_size=2000,
        )
        for decision, (_c, _code, _cat, _o, decided) in zip(decisions, plan, strict=True):
            decision.created_at = decided
        Decision.objects.bulk_update(decisions, ["created_at"], batch_size=2000)
        sanctioned = [d for d in decisions if d.action == "sanction"]
        Sanction.objects.bulk_create(
            [
                Sanction(
                    decision=d,
                    account_id=d.case.target_owner_id,
                    rung=rng.choice([1, 1, 1, 2, 2, 3, 4, 5]),
                    rule_codes=d.rule_codes,
                    starts_at=d.created_at,
                    ends_at=d.created_at + timedelta(days=1),
                    status="active",
                )
                for d in sanctioned
            ],
            batch_size=2000,
        )
        appealed = [d for d in decisions if d.action != "dismiss" and rng.random() < 0.04]
        Appeal.objects.bulk_create(
            [
                Appeal(
                    decision=d,
                    appellant_id=d.case.target_owner_id,
                    text="压测申诉",
                    status=rng.choice(["upheld", "reduced", "overturned", "pending"]),
                    reviewer_id=moderators[0],
                    reviewed_at=d.created_at + timedelta(hours=5),
                )
                for d in appealed
            ],
            batch_size=2000,
        )
    with connection.cursor() as cursor:
        for table in (
            "moderation_case",
            "moderation_report",
            "moderation_decision",
            "moderation_sanction",
            "moderation_appeal",
        ):
            cursor.execute(f"ANALYZE {table}")
    print(f"  seeded {len(decisions)} decisions ({len(sanctioned)} sanctions, {len(appealed)} appeals)")


def rollup() -> float:
    """The daily rollup of every closed day the pages read (what the beat task and `manage.py stats rollup` do)."""
    from moderation.services import stats_days_rollup
    from moderation.services.stats import stats_horizon

    first, last = stats_horizon()
    start = time.perf_counter()
    stats_days_rollup(days=[first + timedelta(days=i) for i in range((last - first).days + 1)])
    return time.perf_counter() - start


def measure_stats(client, n: int) -> dict:
    """Cold: the trends cache emptied before every request (each computes every series: today live, the closed
    days from the rollup); warm: served from it. The transparency report (no trends cache; the page cache serves
    anonymous readers only, and the client is logged in). The baseline: the one-row PK query, in this stage."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from moderation.selectors.trends import TRENDS_CACHE_KEY

    out = {}
    for days in (30, 90):
        url = f"/moderation/stats/?days={days}"
        key = TRENDS_CACHE_KEY.format(days=days)
        client.get(url)  # warm-up
        cache.delete(key)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response.status_code

        def cold(url=url, key=key):
            cache.delete(key)
            client.get(url)

        out[f"{days}d"] = {
            "queries_per_request": len(ctx.captured_queries),
            "bytes": len(response.content),
            "view": common.summary([common.timed(cold) for _ in range(n)]),
            "view_cached": common.summary([common.timed(lambda url=url: client.get(url)) for _ in range(n)]),
        }
    client.get("/transparency/")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/transparency/")
    assert response.status_code == 200, response.status_code
    out["transparency"] = {
        "queries_per_request": len(ctx.captured_queries),
        "bytes": len(response.content),
        "view": common.summary([common.timed(lambda: client.get("/transparency/")) for _ in range(n)]),
    }
    pk = User.objects.values_list("pk", flat=True).first()
    out["trivial"] = common.summary(
        [common.timed(lambda: list(User.objects.filter(pk=pk).values_list("pk"))) for _ in range(n)]
    )
    out["selectors"] = measure_selectors(n)
    return out


def measure_selectors(n: int) -> dict:
    """The selectors alone, the rollup-based ones and the direct computation the pages did before the rollup
    (tests/moderation/trends_direct.py: every day from the source tables), interleaved call by call so that the
    machine's load weighs on both alike."""
    from moderation import selectors
    from tests.moderation import trends_direct

    pairs = {
        "trends_30d": (lambda: selectors.moderation_trends(days=30), lambda: trends_direct.moderation_trends(days=30)),
        "trends_90d": (lambda: selectors.moderation_trends(days=90), lambda: trends_direct.moderation_trends(days=90)),
        "transparency": (selectors.transparency_report, trends_direct.transparency_report),
    }
    out = {}
    for name, (rolled, direct) in pairs.items():
        rolled(), direct()  # warm-up
        a, b = [], []
        for _ in range(n):
            a.append(common.timed(rolled))
            b.append(common.timed(direct))
        out[name] = {"rollup": common.summary(a), "direct": common.summary(b)}
    return out


def wipe() -> None:
    from django.db import transaction

    from articles.models import Comment
    from moderation.models import Case, StatsCount, StatsDay, StatsDirtyDay

    with transaction.atomic():
        Case.objects.all().delete()  # reports cascade; the bench database holds only bench cases
        Comment.objects.filter(body__startswith="加微信领取私域流量秘籍").delete()
        for model in (StatsCount, StatsDay, StatsDirtyDay):  # the rollup of those cases
            model.objects.all().delete()


def measure(client, n: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from moderation import selectors

    client.get("/moderation/")  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/moderation/")
    assert response.status_code == 200, response.status_code
    queries = len(ctx.captured_queries)
    rows = response.content.count(b'name="case"')
    view = [common.timed(lambda: client.get("/moderation/")) for _ in range(n)]
    selector = [
        common.timed(lambda: list(selectors.case_queue_page(number=1, per_page=200).object_list)) for _ in range(n)
    ]
    pk = User.objects.values_list("pk", flat=True).first()
    trivial = [common.timed(lambda: list(User.objects.filter(pk=pk).values_list("pk"))) for _ in range(n)]
    reset_queries()
    return {
        "queries_per_request": queries,
        "rows_shown": rows,
        "bytes": len(response.content),
        "view": common.summary(view),
        "selector": common.summary(selector),
        "trivial": common.summary(trivial),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--no-rollup", action="store_true", help="measure the statistics without the daily rollup")
    args = parser.parse_args()
    common.django_setup()
    from django.test import Client

    from accounts.models import User
    from accounts.roles import MODERATOR
    from accounts.services import user_role_grant
    from moderation.models import Case
    from moderation.services import ruleset_load

    ruleset_load()
    moderator, _ = User.objects.get_or_create(username="bench-moderator", defaults={"display_name": "压测审核员"})
    user_role_grant(user=moderator, role=MODERATOR)
    client = Client()
    client.force_login(moderator)
    rng = random.Random(3)
    wipe()
    results = {}
    try:
        for size in (10, args.cases):
            t = time.perf_counter()
            seed_cases(size - Case.objects.filter(status="open").count(), rng)
            print(f"{size} open cases (seeded in {time.perf_counter() - t:.1f} s)")
            r = measure(client, args.requests)
            results[str(size)] = r
            print(
                f"  GET /moderation/     : {common.fmt(r['view'])}"
                f"  queries {r['queries_per_request']}, rows {r['rows_shown']}"
            )
            print(f"  queue page of 200    : {common.fmt(r['selector'])}")
            print(f"  trivial query        : {common.fmt(r['trivial'])}")
        stats = {}
        seeded = 0
        for size in (10, args.decisions):
            t = time.perf_counter()
            seed_decisions(size - seeded, rng)
            seeded = size
            print(f"{size} decisions (seeded in {time.perf_counter() - t:.1f} s)")
            rollup_s = None if args.no_rollup else rollup()
            if rollup_s is not None:
                print(f"  rollup of every closed day: {rollup_s:.2f} s")
            stats[str(size)] = measure_stats(client, args.requests)
            stats[str(size)]["rollup_s"] = rollup_s
            for window in ("30d", "90d"):
                r = stats[str(size)][window]
                line = f"  GET /moderation/stats/?days={window[:-1]:<3}: {common.fmt(r['view'])}"
                print(f"{line}  queries {r['queries_per_request']} (cold)")
                print(f"  GET /moderation/stats/?days={window[:-1]:<3}: {common.fmt(r['view_cached'])}  (cached)")
            r = stats[str(size)]["transparency"]
            print(f"  GET /transparency/          : {common.fmt(r['view'])}  queries {r['queries_per_request']}")
            print(f"  trivial query               : {common.fmt(stats[str(size)]['trivial'])}")
            for name, r in stats[str(size)]["selectors"].items():
                print(f"  selector {name:<13} rollup: {common.fmt(r['rollup'])}")
                print(f"  selector {name:<13} direct: {common.fmt(r['direct'])}")
        results["stats_by_decisions"] = stats
    finally:
        wipe()
    small, big = results["10"], results[str(args.cases)]
    constant = small["queries_per_request"] == big["queries_per_request"]
    met = big["view"]["p95_ms"] < GOAL_P95_MS
    print()
    print(
        f"at {args.cases} cases: p95 {big['view']['p95_ms']:.1f} ms "
        f"(goal < {GOAL_P95_MS} ms: {'met' if met else 'MISSED'}); "
        f"queries {small['queries_per_request']} at 10 vs {big['queries_per_request']} at {args.cases} "
        f"({'constant' if constant else 'NOT constant'}); p95 ratio to the trivial query "
        f"{big['view']['p95_ms'] / big['trivial']['p95_ms']:.0f}x; p95 ratio {args.cases} / 10 cases "
        f"{big['view']['p95_ms'] / small['view']['p95_ms']:.2f}x"
    )
    stats = results.pop("stats_by_decisions")
    trivial = stats[str(args.decisions)]["trivial"]["p95_ms"]
    for window in ("30d", "90d", "transparency"):
        s_small, s_big = stats["10"][window], stats[str(args.decisions)][window]
        p95 = s_big["view"]["p95_ms"]
        q_small, q_big = s_small["queries_per_request"], s_big["queries_per_request"]
        cached = f"; cached p95 {s_big['view_cached']['p95_ms']:.1f} ms" if "view_cached" in s_big else ""
        print(
            f"{'stats ' + window if window != 'transparency' else window} at {args.decisions} decisions "
            f"({'no rollup' if args.no_rollup else 'cold cache, after the rollup'}): p95 {p95:.1f} ms "
            f"(goal < {GOAL_P95_MS} ms: {'met' if p95 < GOAL_P95_MS else 'MISSED'}); queries "
            f"{q_small} at 10 vs {q_big} at {args.decisions} ({'constant' if q_small == q_big else 'NOT constant'}); "
            f"p95 ratio to the trivial query {p95 / trivial:.0f}x, to the queue page at {args.cases} cases "
            f"{p95 / big['view']['p95_ms']:.2f}x{cached}"
        )
    for name, r in stats[str(args.decisions)]["selectors"].items():
        print(
            f"selector {name} at {args.decisions} decisions: rollup p95 {r['rollup']['p95_ms']:.1f} ms vs direct "
            f"(before the rollup) p95 {r['direct']['p95_ms']:.1f} ms, interleaved: direct / rollup p50 "
            f"{r['direct']['p50_ms'] / r['rollup']['p50_ms']:.1f}x, "
            f"p95 {r['direct']['p95_ms'] / r['rollup']['p95_ms']:.1f}x"
        )
    common.write_results(
        "queue",
        {"args": vars(args), "by_open_cases": results, "stats_by_decisions": stats, "goal_p95_ms": GOAL_P95_MS},
    )


if __name__ == "__main__":
    main()
