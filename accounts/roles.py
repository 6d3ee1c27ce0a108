"""Roles are Django groups with permissions. Code asks `user.has_perm(...)`; it never compares role names.

Each app grants its own permissions to the roles in a data migration of its own (see `grant`), so that the
groups exist from `accounts` while permissions follow the apps that define them. Admin = superuser.
Users join a role only through `accounts.services.user_role_grant` (or `user_roles_set`, audited, from the admin).
"""

from collections.abc import Iterable

from django.contrib.auth.management import create_permissions

AUTHOR = "author"
EDITOR = "editor"
MODERATOR = "moderator"
ROLES = (AUTHOR, EDITOR, MODERATOR)


def grant(apps, app_label: str, mapping: dict[str, Iterable[str]]) -> None:
    """Give the roles in `mapping` the permissions (codenames of `app_label`) listed for each.

    For use inside a data migration (`apps` is the historical registry). Permissions are normally created
    after all migrations by a post_migrate signal; create this app's now so that the grant can see them.
    """
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, codenames in mapping.items():
        group, _ = group_model.objects.get_or_create(name=role)
        for codename in codenames:
            permission = permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            group.permissions.add(permission)
