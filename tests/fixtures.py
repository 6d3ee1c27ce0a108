"""Fixtures for the people of the site, one per kind of visitor. Registered as a pytest plugin by conftest."""

import pytest

from accounts.roles import AUTHOR, EDITOR, MODERATOR
from tests.factories import UserFactory


@pytest.fixture
def reader(db):
    return UserFactory(username="reader1")


@pytest.fixture
def contributor(db):
    return UserFactory(username="contributor1")


@pytest.fixture
def author(db):
    return UserFactory(username="author1", roles=[AUTHOR])


@pytest.fixture
def editor(db):
    return UserFactory(username="editor1", roles=[EDITOR])


@pytest.fixture
def moderator(db):
    return UserFactory(username="moderator1", roles=[MODERATOR])


@pytest.fixture
def moderator2(db):
    return UserFactory(username="moderator2", roles=[MODERATOR])


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin1", is_superuser=True, is_staff=True)
