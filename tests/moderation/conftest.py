"""Fixtures for moderation: the rules, people, and content.

Most tests report accounts (`type=user`): the target is the account itself and its snapshot is the public profile.
Content tests use `articles.models` (Article and Comment, moderated through the adapters in
`articles.moderation`), imported lazily:
they skip while the articles app has no tables yet.
"""

import pytest
from django.db import connection

from moderation import services
from tests.factories import UserFactory


@pytest.fixture
def rules(db):
    ruleset, _created = services.ruleset_load()
    return ruleset


@pytest.fixture
def offender(db):
    return UserFactory(username="offender")


@pytest.fixture
def readers(db):
    return [UserFactory(username=f"reporter{i}") for i in range(3)]


def _articles_models():
    models = pytest.importorskip("articles.models")
    if not hasattr(models, "Comment") or not hasattr(models, "Article"):
        pytest.skip("articles has no Article/Comment yet")
    if models.Comment._meta.db_table not in connection.introspection.table_names():
        pytest.skip("articles has no migrations yet")
    return models


@pytest.fixture
def article(db, author):
    models = _articles_models()
    return models.Article.objects.create(
        title="一篇文章",
        slug="an-article",
        body="<p>正文内容</p>",
        body_text="正文内容",
        author=author,
        status=models.Article.Status.PUBLISHED,
    )


@pytest.fixture
def comment(db, article, offender):
    models = _articles_models()
    return models.Comment.objects.create(
        article=article, author=offender, body="你这个傻瓜，写的什么东西", status=models.Comment.Status.VISIBLE
    )


def report_user(*, reporter, target, rule_code="2.6", text=""):
    return services.report_create(reporter=reporter, kind="user", target_id=target.pk, rule_code=rule_code, text=text)


def decide(case, *, moderator, action="sanction", rule_codes=("2.6",), reason="违反规则", **kwargs):
    return services.case_decide(
        case=case, moderator=moderator, action=action, rule_codes=list(rule_codes), reason=reason, **kwargs
    )
