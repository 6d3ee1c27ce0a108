import pytest
from django.contrib.auth.models import Group

from accounts.roles import AUTHOR, EDITOR, MODERATOR
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_roles_exist_as_groups_from_the_migrations():
    assert set(Group.objects.values_list("name", flat=True)) >= {AUTHOR, EDITOR, MODERATOR}


def test_editor_may_review_author_applications(editor):
    assert editor.has_perm("accounts.review_authorapplication")


@pytest.mark.parametrize("fixture", ["reader", "author", "moderator"])
def test_other_roles_may_not_review_author_applications(request, fixture):
    user = request.getfixturevalue(fixture)
    assert not user.has_perm("accounts.review_authorapplication")


def test_superuser_has_every_permission(admin_user):
    assert admin_user.has_perm("accounts.review_authorapplication")


def test_removing_the_role_removes_the_permission():
    user = UserFactory(roles=[EDITOR])
    user.groups.clear()
    user = type(user).objects.get(pk=user.pk)  # fresh instance: permissions are cached per object
    assert not user.has_perm("accounts.review_authorapplication")
