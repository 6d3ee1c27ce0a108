import pytest
from django.core.management import call_command

from accounts.roles import AUTHOR
from tests.factories import UserFactory


@pytest.fixture
def rules(db):
    from moderation.services import ruleset_load

    ruleset_load()


@pytest.fixture
def lexicon(rules):
    """The default lexicon shipped in the repo, imported the way an operator would."""
    call_command("lexicon", "import", "moderation/data/lexicon.csv")


@pytest.fixture
def writer(db):
    return UserFactory(username="writer", roles=[AUTHOR])


def draft(user, *, title="私域流量运营的三个误区", body="<p>做私域要先想清楚用户价值。</p>"):
    from articles import services

    return services.article_create(user=user, title=title, body=body, summary="", source="原创")


def publish(user, article):
    from articles import services

    return services.article_publish(article=article, user=user)
