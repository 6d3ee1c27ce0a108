import pytest

from tests.articles.factories import ArticleFactory


@pytest.fixture
def published_article(db, author):
    return ArticleFactory(author=author, title="私域运营的三个误区", body="<p>私域不是拉群。</p>")
