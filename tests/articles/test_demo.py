import pytest
from django.core.management import call_command

from articles.models import Article, ArticleRevision, ArticleStats, Category, Comment

pytestmark = pytest.mark.django_db


def test_demo_seeds_articles_once(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Pass-123")
    call_command("demo")
    counts = [model.objects.count() for model in (Article, ArticleRevision, Category, Comment)]
    call_command("demo")
    assert [model.objects.count() for model in (Article, ArticleRevision, Category, Comment)] == counts
    assert Article.objects.filter(status=Article.Status.PUBLISHED).count() == 9
    contribution = Article.objects.get(contributor__username="contributor")
    assert contribution.status == Article.Status.PUBLISHED
    assert contribution.accepted_by.username == "editor"


def test_demo_articles_are_searchable(monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Pass-123")
    call_command("demo")
    hits = client.get("/search/", {"q": "私域"}).context["hits"]
    assert hits


def test_demo_articles_look_real(monkeypatch, settings, django_capture_on_commit_callbacks):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Pass-123")
    with django_capture_on_commit_callbacks(execute=True):  # the counts settle after commit
        call_command("demo")
    articles = list(Article.objects.filter(status=Article.Status.PUBLISHED))
    # long pieces with covers (and their thumbnails), not three sentences
    assert min(len(a.body_text) for a in articles) > 1300
    assert max(len(a.body_text) for a in articles) > 3000
    assert all(a.cover for a in articles)
    assert all((settings.MEDIA_ROOT / f"{a.cover.name}.w320.webp").exists() for a in articles)
    assert Article.objects.get(source="刘旷").featured
    # and a site that has been read: likes, comments and a hot list
    assert ArticleStats.objects.filter(likes__gt=0).count() >= 3
    assert ArticleStats.objects.filter(hot_score__gt=0).count() == len(articles)
    assert Comment.objects.filter(status=Comment.Status.VISIBLE).count() >= 5
