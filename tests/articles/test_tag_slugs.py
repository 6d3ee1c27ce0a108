"""Issue 11 item 2: a tag of symbols only (`">`, `!!!`, `😀`) gets a slug that is never empty, and a tag row left
with an empty slug takes no page down."""

import importlib

import pytest
from django.apps import apps as django_apps
from taggit.models import Tag

from articles import services
from articles.models import Article
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SYMBOLS = ['">', "!!!", "😀", "——", "…"]


def _publish(author, tags: str, django_capture_on_commit_callbacks) -> Article:
    names = services.tags_parse(tags)
    article = services.article_create(user=author, title="标签测试", body="<p>正文。</p>", tags=names)
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=article, user=author)
    article.refresh_from_db()
    return article


def test_tags_of_symbols_only_get_slugs_and_every_page_answers(client, author, django_capture_on_commit_callbacks):
    article = _publish(author, " ".join(SYMBOLS), django_capture_on_commit_callbacks)
    assert article.status == Article.Status.PUBLISHED
    tags = list(Tag.objects.filter(name__in=SYMBOLS))
    assert len(tags) == len(SYMBOLS)
    assert all(tag.slug for tag in tags)
    assert len({tag.slug for tag in tags}) == len(tags)
    for url in ["/", f"/category/{article.category.slug}/" if article.category else "/", article.get_absolute_url(),
                f"/authors/{author.username}/", "/feed/"]:  # fmt: skip
        assert client.get(url).status_code == 200, url
    for tag in tags:
        page = client.get(f"/tag/{tag.slug}/")
        assert page.status_code == 200
        assert article.title in page.content.decode()


def test_a_symbol_tag_keeps_its_slug_when_used_again(author, django_capture_on_commit_callbacks):
    _publish(author, "😀", django_capture_on_commit_callbacks)
    slug = Tag.objects.get(name="😀").slug
    _publish(author, "😀 直播", django_capture_on_commit_callbacks)
    assert Tag.objects.filter(name="😀").count() == 1
    assert Tag.objects.get(name="😀").slug == slug


def test_ordinary_tags_keep_taggit_slugs(author, django_capture_on_commit_callbacks):
    _publish(author, "直播 Growth-Hacking", django_capture_on_commit_callbacks)
    assert Tag.objects.get(name="直播").slug == "直播"
    assert Tag.objects.get(name="Growth-Hacking").slug == "growth-hacking"


def test_a_tag_row_with_an_empty_slug_takes_no_page_down(client, author):
    # Given a tag left with an empty slug (created before the fix, or by hand)
    article = ArticleFactory(author=author, tags=["直播"])
    empty = Tag.objects.create(name="!!!", slug="")
    article.tags.add(empty)
    for url in ["/", f"/category/{article.category.slug}/", article.get_absolute_url(), f"/authors/{author.username}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "!!!" in response.content.decode()


def test_the_data_migration_gives_empty_slugs_a_slug(db):
    empty = Tag.objects.create(name='">', slug="")
    taken = Tag.objects.create(name="!!!", slug="_1")
    migration = importlib.import_module("articles.migrations.0006_tag_slugs_never_empty")
    migration.tag_slugs_fill(django_apps, None)
    empty.refresh_from_db()
    taken.refresh_from_db()
    assert empty.slug
    assert taken.slug == "_1"  # a slug that works is left alone
