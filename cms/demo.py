"""Demo data for `python manage.py demo`: accounts for every role, the rules and sample content. Idempotent."""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from accounts.models import User
from accounts.roles import AUTHOR, EDITOR, MODERATOR
from accounts.services import email_verified_set, user_roles_set, user_staff_set
from articles import demo as articles_demo
from moderation import demo as moderation_demo

DEMO_ACCOUNTS: list[tuple[str, str, tuple[str, ...], bool]] = [
    # username, display name, roles, superuser
    ("reader", "读者小王", (), False),
    ("contributor", "投稿人小李", (), False),
    ("author", "作者老张", (AUTHOR,), False),
    ("editor", "编辑小陈", (EDITOR,), False),
    ("moderator", "审核员小赵", (MODERATOR,), False),
    ("admin", "管理员", (), True),
]
PASSWORD_FILE = Path(settings.BASE_DIR) / ".demo_password"


@dataclass(frozen=True)
class DemoPassword:
    value: str
    generated: bool


def demo_password() -> DemoPassword:
    """DEMO_PASSWORD if set; otherwise one generated once and kept in .demo_password (git-ignored)."""
    from_env = os.environ.get("DEMO_PASSWORD", "")
    if from_env:
        return DemoPassword(from_env, generated=False)
    if PASSWORD_FILE.exists():
        kept = PASSWORD_FILE.read_text(encoding="utf-8").strip()
        if kept:
            return DemoPassword(kept, generated=True)
    value = secrets.token_urlsafe(12)
    PASSWORD_FILE.write_text(value + "\n", encoding="utf-8")
    PASSWORD_FILE.chmod(0o600)
    return DemoPassword(value, generated=True)


@transaction.atomic
def demo_accounts(*, password: str) -> dict[str, User]:
    accounts: dict[str, User] = {}
    for username, display_name, roles, superuser in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"display_name": display_name, "email": f"{username}@example.com"}
        )
        user.display_name = display_name
        user.set_password(password)
        user.save(update_fields=["display_name", "password"])
        user_staff_set(
            user=user, is_staff=superuser or bool(set(roles) & {EDITOR, MODERATOR}), is_superuser=superuser, actor=None
        )
        user_roles_set(user=user, roles=roles, actor=None)
        # The demo vouches for its own addresses, so that its accounts may comment and report at once.
        email_verified_set(user=user, email=user.email or f"{username}@example.com")
        accounts[username] = user
    return accounts


def content_hooks() -> list:
    """Each app that has demo content exposes `demo_seed(accounts) -> str` in its `demo` module."""
    return [moderation_demo.demo_seed, articles_demo.demo_seed]
