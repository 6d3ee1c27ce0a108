"""Writes for moderation. Views, admin, commands and tasks call these."""

import json
from pathlib import Path

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import Notification, Rule, RuleCategory, RuleSet

RULES_V1 = Path(__file__).resolve().parent / "data" / "rules-v1.json"


class ModerationError(Exception):
    """A refused moderation operation; the message is fit to show the user."""


@transaction.atomic
def ruleset_load(*, path: Path = RULES_V1, make_current: bool = True) -> tuple[RuleSet, bool]:
    """Load a rules file (JSON, the shape of data/rules-v1.json). Idempotent per version: returns (ruleset, created).

    A new version never touches earlier ones: decisions keep the version and codes they applied.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    existing = RuleSet.objects.filter(version=data["version"]).first()
    if existing is not None:
        return existing, False
    if make_current:
        RuleSet.objects.filter(is_current=True).update(is_current=False)
    ruleset = RuleSet.objects.create(
        version=data["version"],
        name=data["name"],
        preamble=data["preamble"],
        legal_basis=data.get("legal_basis", ""),
        penalties=data["penalties"],
        appeals=data["appeals"],
        is_current=make_current,
    )
    position = 0
    for cat in data["categories"]:
        category = RuleCategory.objects.create(
            ruleset=ruleset, code=cat["code"], title=cat["title"], gloss=cat["gloss"]
        )
        for rule in cat["rules"]:
            position += 1
            Rule.objects.create(
                ruleset=ruleset,
                category=category,
                code=rule["code"],
                title=rule["title"],
                gloss=rule["gloss"],
                aggravating=rule["aggravating"],
                position=position,
            )
    return ruleset, True


def notify(*, recipient: User, subject: str, body: str, url: str = "") -> Notification:
    """An inbox notice plus an email (sent after commit so that a rolled-back decision sends nothing)."""
    notice = Notification.objects.create(recipient=recipient, subject=subject, body=body, url=url)
    if recipient.email:
        transaction.on_commit(lambda: send_mail(subject, body, None, [recipient.email], fail_silently=True))
    return notice


def notification_mark_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def audit_record(
    *,
    actor: User | None,
    action: str,
    target=None,
    rule_codes: list[str] | tuple[str, ...] = (),
    before: dict | None = None,
    after: dict | None = None,
) -> "AuditLog":
    """Append an audit row. Call it inside the transaction that makes the change, so both commit or neither."""
    from django.contrib.contenttypes.models import ContentType

    from .models import AuditLog

    return AuditLog.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        rule_codes=list(rule_codes),
        before=before,
        after=after,
    )
