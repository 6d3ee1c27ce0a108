"""Edits to an account in the user admin (roles, staff flags, the registration-cheating mark) go through the
accounts services and each writes one audit row, in the same transaction as the change."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import services
from accounts.roles import AUTHOR, EDITOR
from core.models import AuditAction, AuditLog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _change(client, user, **changes):
    """POST the user's admin change form as it stands, with `changes` applied (False: an unticked checkbox)."""
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "display_name": user.display_name,
        "bio": user.bio,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "is_active": True,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "registration_cheating": user.registration_cheating,
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
        "user_permissions": [],
    }
    data.update(changes)
    form = {}
    for name, value in data.items():
        if value is True:
            form[name] = "on"
        elif value is not False:
            form[name] = value
    return client.post(reverse("admin:accounts_user_change", args=[user.pk]), form)


def _group_pks(*names):
    return [str(pk) for pk in Group.objects.filter(name__in=names).values_list("pk", flat=True)]


def test_giving_a_role_in_the_admin_writes_one_audit_row(client, admin_user):
    # given a reader, and an admin in the user admin
    reader = UserFactory(username="reader-r")
    client.force_login(admin_user)
    # when the admin makes the reader an editor
    response = _change(client, reader, groups=_group_pks(EDITOR))
    # then the role is given and one audit row says who did it, with the roles before and after
    assert response.status_code == 302
    assert list(reader.groups.values_list("name", flat=True)) == [EDITOR]
    log = AuditLog.objects.get(action=AuditAction.ACCOUNT_ROLES)
    assert (log.actor, log.target_id) == (admin_user, str(reader.pk))
    assert (log.before, log.after) == ({"roles": []}, {"roles": [EDITOR]})


def test_taking_a_role_away_in_the_admin_writes_one_audit_row(client, admin_user):
    author = UserFactory(username="author-r", roles=[AUTHOR])
    client.force_login(admin_user)
    assert _change(client, author, groups=[]).status_code == 302
    assert not author.groups.exists()
    log = AuditLog.objects.get(action=AuditAction.ACCOUNT_ROLES)
    assert (log.before, log.after) == ({"roles": [AUTHOR]}, {"roles": []})


def test_marking_registration_cheating_in_the_admin_writes_one_audit_row(client, admin_user):
    reader = UserFactory(username="reader-c")
    client.force_login(admin_user)
    assert _change(client, reader, registration_cheating=True).status_code == 302
    reader.refresh_from_db()
    assert reader.registration_cheating
    log = AuditLog.objects.get(action=AuditAction.ACCOUNT_CHEATING_FLAG)
    assert (log.actor, log.target_id) == (admin_user, str(reader.pk))
    assert (log.before, log.after) == ({"registration_cheating": False}, {"registration_cheating": True})


def test_making_an_account_staff_in_the_admin_writes_one_audit_row(client, admin_user):
    reader = UserFactory(username="reader-s")
    client.force_login(admin_user)
    assert _change(client, reader, is_staff=True, is_superuser=True).status_code == 302
    reader.refresh_from_db()
    assert (reader.is_staff, reader.is_superuser) == (True, True)
    log = AuditLog.objects.get(action=AuditAction.ACCOUNT_STAFF)
    assert log.before == {"is_staff": False, "is_superuser": False}
    assert log.after == {"is_staff": True, "is_superuser": True}


def test_saving_an_account_unchanged_in_the_admin_writes_no_audit_row(client, admin_user):
    reader = UserFactory(username="reader-u", roles=[AUTHOR])
    client.force_login(admin_user)
    assert _change(client, reader, display_name="新昵称").status_code == 302
    reader.refresh_from_db()
    assert reader.display_name == "新昵称"
    assert not AuditLog.objects.exists()


def test_only_someone_who_may_change_accounts_sets_roles():
    reader, editor = UserFactory(username="reader-p"), UserFactory(username="editor-p", roles=[EDITOR])
    with pytest.raises(services.AccountError) as exc:
        services.user_roles_set(user=reader, roles=[EDITOR], actor=editor)
    assert exc.value.status == 403
    assert not reader.groups.exists()
    assert not AuditLog.objects.exists()
