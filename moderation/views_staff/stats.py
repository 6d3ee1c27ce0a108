"""The statistics page and its CSV of daily trends."""

import csv

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import selectors
from .access import moderator_required


def _trend_days(request: HttpRequest) -> int:
    days = request.GET.get("days", "")
    return int(days) if days in {str(d) for d in selectors.TREND_WINDOWS} else selectors.TREND_WINDOWS[0]


@moderator_required()
def stats(request: HttpRequest) -> HttpResponse:
    days = _trend_days(request)
    trends = selectors.moderation_trends_cached(days=days)
    chart_data = {
        "labels": trends["labels"],
        "reports": trends["reports"],
        "check_cases": trends["check_cases"],
        "actions": [{"label": s.label, "key": s.key, "values": s.values} for s in trends["actions"]],
        "categories": [{"label": s.label, "key": s.key, "values": s.values} for s in trends["categories"]],
        "wait_median": trends["wait_median"],
        "wait_p90": trends["wait_p90"],
        "text": {
            "reports": _("用户举报"),
            "check_cases": _("自动检查案件"),
            "median": _("中位数（小时）"),
            "p90": _("P90（小时）"),
        },
    }
    return render(
        request,
        "moderation/stats.html",
        {"trends": trends, "chart_data": chart_data, "windows": selectors.TREND_WINDOWS, "days": days},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
@moderator_required()
def stats_csv(request: HttpRequest) -> HttpResponse:
    """The numbers behind the charts, as CSV (one row per series, key and day)."""
    days = _trend_days(request)
    writer = csv.writer(_Echo())
    rows = selectors.trends_csv_rows(selectors.moderation_trends_cached(days=days))
    response = StreamingHttpResponse((writer.writerow(r) for r in rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="moderation-trends-{days}d.csv"'
    return response
