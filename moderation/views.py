from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import selectors, services
from .models import RuleSet


def rules(request: HttpRequest, version: int | None = None) -> HttpResponse:
    if version is None:
        ruleset = selectors.ruleset_current()
    else:
        ruleset = get_object_or_404(RuleSet.objects.prefetch_related("categories__rules"), version=version)
    versions = RuleSet.objects.only("version", "name", "published_at", "is_current")
    return render(request, "moderation/rules.html", {"ruleset": ruleset, "versions": versions})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notices = list(selectors.notifications_for(user=request.user)[:100])
    services.notification_mark_read(user=request.user)
    return render(request, "moderation/inbox.html", {"notices": notices})


def feedback(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/feedback.html")


@login_required
def account_status(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/account_status.html")


def appeal_banned(request: HttpRequest, token: str) -> HttpResponse:
    return render(request, "moderation/feedback.html")
