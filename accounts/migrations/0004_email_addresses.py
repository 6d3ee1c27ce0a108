"""Existing accounts' e-mail addresses become allauth EmailAddress rows (unverified: nobody ever confirmed them).

Addresses are compared case-insensitively, as allauth does from now on. When several accounts share one address,
the account that registered first (earliest `date_joined`, then lowest id) keeps it; each later account has its
address cleared and gets no row, so no mail meant for one of them reaches the other's inbox (a shared address is
how one person received another account's ban notice). Those accounts can still log in by username, and are asked
to add and verify an address of their own before they write. Every kept address is stored lower-cased on both
the row and the user, so that allauth's look-ups and `user.email` agree.
"""

import logging

from django.db import migrations

logger = logging.getLogger("accounts")


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    owner: dict[str, int] = {}
    cleared = []
    for user in User.objects.exclude(email="").order_by("date_joined", "id").only("id", "email"):
        email = user.email.strip().lower()
        if "@" not in email:
            continue
        if email in owner or EmailAddress.objects.filter(email=email).exclude(user_id=user.id).exists():
            cleared.append(user.id)
            continue
        owner[email] = user.id
        EmailAddress.objects.get_or_create(user_id=user.id, email=email, defaults={"verified": False, "primary": True})
        if user.email != email:
            User.objects.filter(pk=user.id).update(email=email)
    if cleared:
        User.objects.filter(pk__in=cleared).update(email="")
        logger.warning("accounts.0003: %d account(s) shared an e-mail address with an older account; cleared", len(cleared))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_compliance_phone_region_deletion_trust"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
