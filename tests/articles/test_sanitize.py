import pytest

from articles import services
from articles.content import html_clean
from moderation.registry import adapter_for
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("dirty", "gone"),
    [
        ("<p>hi<script>alert(1)</script></p>", "alert(1)"),
        ("<style>body{display:none}</style><p>hi</p>", "display:none"),
        ('<iframe src="https://evil.example"></iframe><p>hi</p>', "evil.example"),
        ('<p onclick="steal()">hi</p>', "steal()"),
        ('<img src="/media/a.png" onerror="steal()">', "steal()"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<a href="data:text/html,<script>">x</a>', "data:"),
        ('<p style="position:fixed">hi</p>', "position:fixed"),
        ('<form action="/x"><input name="q"></form>', "<input"),
    ],
)
def test_html_clean_strips_the_dangerous(dirty, gone):
    assert gone not in html_clean(dirty)


def test_html_clean_keeps_the_editor_markup():
    body = (
        '<h2>标题</h2><p><strong>粗</strong><a href="https://example.com">链接</a></p>'
        '<figure class="image"><img src="/media/uploads/a.png" alt="图"></figure><ul><li>一</li></ul>'
    )
    clean = html_clean(body)
    for kept in (
        "<h2>",
        "<strong>",
        'href="https://example.com"',
        'class="image"',
        'src="/media/uploads/a.png"',
        "<li>",
    ):
        assert kept in clean


def test_every_save_sanitizes_whatever_the_client_sent(author):
    article = services.article_create(user=author, title="t", body="<p>ok</p><script>alert(1)</script>")
    assert "script" not in article.body
    services.article_update(article=article, user=author, title="t", body='<p onmouseover="x()">ok</p>')
    article.refresh_from_db()
    assert "onmouseover" not in article.body
    assert "onmouseover" not in article.revisions.order_by("-number").first().body


def test_slug_is_pinyin_with_the_id(author):
    article = services.article_create(user=author, title="直播电商：新玩法！", body="<p>b</p>")
    assert article.slug == f"zhi-bo-dian-shang-xin-wan-fa-{article.pk}"


def test_slug_is_never_empty(author):
    article = services.article_create(user=author, title="！？……", body="<p>b</p>")
    assert article.slug == f"article-{article.pk}"


def test_cached_page_is_invalidated_when_a_comment_becomes_visible(client, reader, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    client.get(article.get_absolute_url())  # fills the cache
    comment = services.comment_create(article=article, user=reader, body="新的评论")
    with django_capture_on_commit_callbacks(execute=True):
        adapter_for(comment).apply_verdict(comment, revision_id=None, verdict="pass", rule="")
    assert "新的评论" in client.get(article.get_absolute_url()).content.decode()


def test_cached_page_is_invalidated_when_the_article_is_removed(client, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        adapter_for(article).hide(article)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_cached_page_is_invalidated_when_featured(client, editor, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        services.article_feature_set(article=article, editor=editor, featured=True)
    assert 'class="featured-tag"' in client.get(article.get_absolute_url()).content.decode()
