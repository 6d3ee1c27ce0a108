from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@permission_required("moderation.decide_case", raise_exception=True)
def queue(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/queue.html")
