"""Fixtures for the people of the site, one per kind of visitor. Registered as a pytest plugin by conftest."""

import pytest
from django.contrib.auth.models import Group, Permission

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


@pytest.fixture
def roles_granted(db):
    """The moderation permissions of the roles, granted again for a test that cannot rely on the migrated rows.

    `committed_db` (serialized rollback) normally restores what the data migrations wrote; a test that depends on
    these grants says so with this fixture instead of repeating them.
    """
    grants = {
        MODERATOR: ["moderation.decide_case", "moderation.review_appeal", "moderation.view_case", "core.view_auditlog"],
        EDITOR: ["moderation.handle_copyright"],
    }
    for role, names in grants.items():
        group, _created = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
