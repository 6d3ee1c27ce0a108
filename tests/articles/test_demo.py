import pytest
from django.core.management import call_command

from articles.models import Article, ArticleRevision, Category, Comment

pytestmark = pytest.mark.django_db


def test_demo_seeds_articles_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Pass-123")
    call_command("demo")
    counts = [model.objects.count() for model in (Article, ArticleRevision, Category, Comment)]
    call_command("demo")
    assert [model.objects.count() for model in (Article, ArticleRevision, Category, Comment)] == counts
    assert Article.objects.filter(status=Article.Status.PUBLISHED, author__username="author").count() == 12
    contribution = Article.objects.get(contributor__username="contributor")
    assert contribution.status == Article.Status.PUBLISHED
    assert contribution.accepted_by.username == "editor"


def test_demo_articles_are_searchable(monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Pass-123")
    call_command("demo")
    hits = client.get("/search/", {"q": "私域"}).context["hits"]
    assert hits
