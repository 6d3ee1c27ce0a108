from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.models import User


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "articles/home.html")


@login_required
def write(request: HttpRequest) -> HttpResponse:
    return render(request, "articles/home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "articles/home.html")


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "articles/home.html")


def author(request: HttpRequest, username: str) -> HttpResponse:
    get_object_or_404(User, username=username)
    return render(request, "articles/home.html")
